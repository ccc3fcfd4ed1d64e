// Long-poll in a cluster without sticky sessions (spec §13.9): a session lives on the node that
// created it, and a poll or POST that reaches another node is relayed to it through Redis. The
// official LongPoll client goes through a round-robin balancer, so that its requests land on
// every node in turn; raw requests pick the node of each request.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import XMLHttpRequest from "xhr2";
import { LongPoll, Presence, Socket } from "phoenix";
import {
  connect, join, push, waitFor, sleep, metrics, longPollRequest as request,
} from "./helpers.mjs";
import { startRedis, startNode, startBalancer, linked, httpBroadcast } from "./cluster-harness.mjs";

globalThis.XMLHttpRequest = XMLHttpRequest;

const windowMs = 1500;
let redis;
let nodes = [];
let balancer;
const sockets = [];
const extra = [];

before(async () => {
  redis = await startRedis();
  nodes = await Promise.all(["a", "b", "c"].map((name) =>
    startNode(redis.url, name, ["--longpoll-window-ms", String(windowMs)])));
  await linked(nodes);
  balancer = await startBalancer(nodes);
});

after(async () => {
  for (const socket of sockets) socket.disconnect();
  await balancer.close();
  for (const thing of extra) await thing.stop().catch(() => {});
  for (const node of nodes) await node.stop();
  await redis.stop();
});

const relayCounters = async (node) => {
  const m = await metrics(node);
  const count = (reason) => m[`wick_cluster_longpoll_total{reason="${reason}"}`];
  return { relayed: count("relayed"), served: count("served"), lost: count("lost") };
};

async function longPollClient(endpoint, params) {
  const socket = new Socket(endpoint.url, {
    transport: LongPoll, params, reconnectAfterMs: () => 50, rejoinAfterMs: () => 100,
  });
  sockets.push(socket);
  const opened = new Promise((resolve) => socket.onOpen(resolve));
  socket.connect();
  await opened;
  return socket;
}

/** A raw long-poll request to `node`; the JSON envelope, and how long it took. */
async function timed(node, method, options) {
  const started = Date.now();
  const answer = await request(node, method, options);
  return { ...answer.body, ms: Date.now() - started };
}

const post = (node, token, message) =>
  timed(node, "POST", { token, body: JSON.stringify(message), headers: { "content-type": "application/json" } });

test("the official long-poll client through a balancer without sticky sessions", async () => {
  const socket = await longPollClient(balancer, { user_id: "lp-ana" });
  const channel = socket.channel("room:lp");
  const presence = new Presence(channel);
  const received = [];
  channel.on("new_msg", (payload) => received.push(payload));
  await join(channel);

  const watchers = [];
  for (const [node, user] of [[nodes[1], "ws-bob"], [nodes[2], "ws-cy"]]) {
    const ws = await connect(node, { user_id: user });
    sockets.push(ws);
    const watcher = ws.channel("room:lp");
    const seen = [];
    watcher.on("new_msg", (payload) => seen.push(payload));
    await join(watcher);
    watchers.push({ channel: watcher, seen });
  }
  for (let n = 0; n < 5; ++n) {
    assert.equal((await push(channel, "new_msg", { from: "lp", n })).status, "ok");
  }
  assert.equal((await push(watchers[1].channel, "new_msg", { from: "ws" })).status, "ok");
  await waitFor(() => watchers.every((w) => w.seen.length === 6) && received.length === 6, 5000,
    "every message everywhere");
  const order = received.filter((p) => p.from === "lp").map((p) => p.n);
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
  for (const watcher of watchers) assert.deepEqual(watcher.seen.filter((p) => p.from === "lp").map((p) => p.n), order);
  await waitFor(() => JSON.stringify(presence.list((user) => user).sort()) ===
    JSON.stringify(["lp-ana", "ws-bob", "ws-cy"]), 5000, "the cluster's presence over long-poll");

  assert.ok(balancer.hits.every((hits) => hits >= 3), `hits per node ${balancer.hits}`);
  const counted = await Promise.all(nodes.map(relayCounters));
  const sum = (field) => counted.reduce((total, c) => total + c[field], 0);
  assert.ok(sum("relayed") >= 6, JSON.stringify(counted));
  assert.equal(sum("relayed"), sum("served"));
  assert.equal(sum("lost"), 0);
  socket.disconnect();
});

test("one session's polls and POSTs served on three nodes", async () => {
  const created = await timed(nodes[0], "GET", {});
  assert.equal(created.status, 410);
  const token = created.token;
  assert.equal((await post(nodes[1], token, [null, "1", "room:raw", "phx_join", { presence: false }])).status, 200);
  const polled = await timed(nodes[2], "GET", { token });
  assert.equal(polled.status, 200);
  assert.equal(polled.token, token);
  const reply = JSON.parse(polled.messages[0]);
  assert.deepEqual(reply.slice(0, 4), [null, "1", "room:raw", "phx_reply"]);
  assert.equal(reply[4].status, "ok");
  // A POST the session cannot decode is refused through the relay as it is at home.
  const refused = await timed(nodes[2], "POST", { token, body: "[1,2", headers: { "content-type": "application/json" } });
  assert.equal(refused.status, 400);
  // A relayed poll with nothing to take waits out the window, then 204 with the same token.
  const idle = await timed(nodes[1], "GET", { token });
  assert.equal(idle.status, 204);
  assert.equal(idle.token, token);
  assert.ok(idle.ms >= windowMs - 100 && idle.ms < windowMs + 1500, `${idle.ms} ms`);
  // A broadcast made on a third node reaches the waiting poll on another.
  const waiting = timed(nodes[2], "GET", { token });
  await sleep(100);
  await httpBroadcast(nodes[1], "room:raw", "new_msg", { via: "http" });
  const delivered = await waiting;
  assert.equal(delivered.status, 200);
  assert.deepEqual(JSON.parse(delivered.messages[0]).slice(2), ["room:raw", "new_msg", { via: "http" }]);
  assert.ok(delivered.ms < windowMs, `${delivered.ms} ms`);
});

test("a relayed poll learns at once that its session ended", async () => {
  const created = await timed(nodes[0], "GET", { query: "vsn=2.0.0&user_id=lp-ended" });
  const token = created.token;
  await waitFor(async () => /\b1\b/.test(await redis.cli("PUBSUB", "NUMSUB", "wick:t:user_socket:lp-ended")),
    3000, "the session's id subscription");
  const waiting = timed(nodes[1], "GET", { token });
  await sleep(200);
  await httpBroadcast(nodes[2], "user_socket:lp-ended", "disconnect");
  const ended = await waiting;
  assert.equal(ended.status, 410);
  assert.ok(ended.ms < windowMs, `${ended.ms} ms`);
  // Afterwards: a POST is told the session is gone, a GET gets a new session.
  assert.equal((await post(nodes[2], token, [null, "2", "phoenix", "heartbeat", {}])).status, 410);
  const fresh = await timed(nodes[1], "GET", { token });
  assert.equal(fresh.status, 410);
  assert.notEqual(fresh.token, token);
});

test("a session whose node is gone is answered as gone at once", async (t) => {
  const d = await startNode(redis.url, "d", ["--longpoll-window-ms", String(windowMs)]);
  extra.push(d);
  await linked([d]);
  const token = (await timed(d, "GET", {})).token;
  assert.equal((await post(nodes[0], token, [null, "1", "phoenix", "heartbeat", {}])).status, 200);
  d.proc.kill("SIGKILL");
  await d.exited;
  const lost = (await relayCounters(nodes[0])).lost;
  const polled = await timed(nodes[0], "GET", { token });
  assert.equal(polled.status, 410);
  assert.ok(polled.token && polled.token !== token);
  const posted = await post(nodes[1], token, [null, "2", "phoenix", "heartbeat", {}]);
  assert.equal(posted.status, 410);
  t.diagnostic(`GET answered in ${polled.ms} ms, POST in ${posted.ms} ms after the node was killed`);
  assert.ok(polled.ms < 1000 && posted.ms < 1000, `${polled.ms} ms, ${posted.ms} ms`);
  assert.equal((await relayCounters(nodes[0])).lost, lost + 1);
  // A token naming a node that never was: the same.
  const forged = token.replace(/^(\d+\.\d+\.)[^.]*/, "$1" + Buffer.from("nowhere").toString("base64url"));
  assert.equal((await post(nodes[2], forged, [null, "3", "phoenix", "heartbeat", {}])).status, 410);
});
