// The cluster behind HAProxy with the configuration of the docs (deploy/haproxy.cfg): official
// WebSocket and long-poll clients reach the nodes through it with no sticky sessions, talk to
// each other and see one presence; a node stopped for a deploy drains its WebSockets (1012),
// which come back through HAProxy to the other nodes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import XMLHttpRequest from "xhr2";
import { LongPoll, Presence, Socket } from "phoenix";
import { join, push, waitFor, metrics, WebSocket } from "./helpers.mjs";
import { startRedis, startNode, startHaproxy, linked } from "./cluster-harness.mjs";

globalThis.XMLHttpRequest = XMLHttpRequest;

let redis;
let nodes = [];
let haproxy;
const sockets = [];

before(async () => {
  redis = await startRedis();
  nodes = await Promise.all(["a", "b", "c"].map((name) =>
    startNode(redis.url, name, ["--longpoll-window-ms", "2000", "--node-down-ms", "3000"])));
  await linked(nodes);
  haproxy = await startHaproxy(nodes);
});

after(async () => {
  for (const socket of sockets) socket.disconnect();
  await haproxy.stop();
  for (const node of nodes) await node.stop();
  await redis.stop();
});

/** An official client through HAProxy, over WebSocket or long-poll, in room:deploy. */
async function member(user, transport) {
  const socket = new Socket(haproxy.url, {
    params: { user_id: user }, reconnectAfterMs: () => 100, rejoinAfterMs: () => 100,
    transport: transport === "longpoll" ? LongPoll : WebSocket,
  });
  sockets.push(socket);
  const closes = [];
  socket.onClose((event) => closes.push(event.code));
  const opened = new Promise((resolve) => socket.onOpen(resolve));
  socket.connect();
  await opened;
  const channel = socket.channel("room:deploy");
  const presence = new Presence(channel);
  const received = [];
  channel.on("new_msg", (payload) => received.push(payload));
  await join(channel);
  return { user, socket, channel, presence, received, closes };
}

const users = (m) => JSON.stringify(m.presence.list((user) => user).sort());
const connections = async () => Promise.all(nodes.map(async (node) => (await metrics(node)).wick_connections));

test("WebSocket and long-poll clients through HAProxy, spread over the nodes, as one server", async () => {
  const members = [];
  for (const user of ["ws1", "ws2", "ws3"]) members.push(await member(user, "websocket"));
  members.push(await member("lp1", "longpoll"));
  const everyone = JSON.stringify(["lp1", "ws1", "ws2", "ws3"]);
  // leastconn: the three WebSockets on three nodes.
  const open = await connections();
  assert.ok(open.every((count) => count >= 1), `connections per node ${open}`);
  await waitFor(() => members.every((m) => users(m) === everyone), 5000, "one presence everywhere");
  for (const m of members) assert.equal((await push(m.channel, "new_msg", { from: m.user })).status, "ok");
  await waitFor(() => members.every((m) => m.received.length === 4), 5000, "every message everywhere");
  for (const m of members) assert.deepEqual(m.received.map((p) => p.from).sort(), ["lp1", "ws1", "ws2", "ws3"]);
  const relayed = (await Promise.all(nodes.map(metrics)))
    .reduce((sum, m) => sum + m['wick_cluster_longpoll_total{reason="relayed"}'], 0);
  assert.ok(relayed > 0, "some long-poll requests landed on another node than their session's");
  for (const m of members) m.socket.disconnect();
});

test("a node stopped for a deploy: its clients get 1012 and come back through HAProxy", async (t) => {
  const members = [];
  for (const user of ["d1", "d2", "d3", "d4", "d5", "d6"]) members.push(await member(user, "websocket"));
  const everyone = JSON.stringify(["d1", "d2", "d3", "d4", "d5", "d6"]);
  await waitFor(() => members.every((m) => users(m) === everyone), 5000, "one presence");
  const victim = nodes[2];
  // The first test's long-poll session lingers until its inactivity timeout.
  await waitFor(async () => (await connections()).reduce((a, b) => a + b) === members.length, 8000,
    "only this test's sockets open");
  const [, , onVictim] = await connections();
  assert.ok(onVictim >= 1, "the stopped node had clients");
  const stopped = Date.now();
  assert.equal((await victim.stop()).code, 0);
  await waitFor(() => members.filter((m) => m.closes.includes(1012)).length === onVictim, 5000,
    () => `1012 closes: ${JSON.stringify(members.map((m) => m.closes))}, ${onVictim} on the node`);
  // They reconnect through HAProxy to the two others, rejoin, and presence is whole again.
  await waitFor(() => members.every((m) => users(m) === everyone) &&
    members.every((m) => m.channel.state === "joined"), 10000, "everyone back");
  t.diagnostic(`${onVictim} clients of the stopped node back and in presence after ${Date.now() - stopped} ms`);
  for (const m of members) assert.equal((await push(m.channel, "new_msg", { from: m.user })).status, "ok");
  await waitFor(() => members.every((m) => m.received.length === 6), 5000, "messages after the deploy");
  nodes.pop();  // stopped already
});
