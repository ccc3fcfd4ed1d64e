// Several wick-rooms nodes sharing one Redis (docs/cluster.md), checked with the official
// client and raw frames: broadcasts cross nodes once and in order, a join is answered only once
// its topic's traffic flows, a "disconnect" reaches a user's sockets on every node, and the
// failures of Redis and of the link to it leave every node serving its own clients.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Presence } from "phoenix";
import { connect, join, push, nextEvent, RawClient, metrics, sleep, waitFor } from "./helpers.mjs";
import { startRedis, startNode, startProxy, linked, httpBroadcast, freePort } from "./cluster-harness.mjs";

let redis;
let nodes = [];  // a, b, c: the cluster most tests use
const sockets = [];
const extra = [];  // nodes and proxies a test starts; stopped in after() when a test failed

before(async () => {
  redis = await startRedis();
  nodes = await Promise.all(["a", "b", "c"].map((name) => startNode(redis.url, name)));
  await linked(nodes);
});

after(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const thing of extra) await (thing.stop ?? thing.close).call(thing).catch(() => {});
  for (const node of nodes) await node.stop();
  await redis.stop();
});

async function client(node, params = {}) {
  const socket = await connect(node, params);
  sockets.push(socket);
  return socket;
}

/** One joined channel per node, with the payloads of `event` each one receives. */
async function joinEverywhere(topic, event, on = nodes) {
  const members = [];
  for (const node of on) {
    const channel = (await client(node)).channel(topic);
    const received = [];
    channel.on(event, (payload) => received.push(payload));
    await join(channel);
    members.push({ channel, received });
  }
  return members;
}

test("a broadcast reaches the subscribers of every node once, in order", async () => {
  const members = await joinEverywhere("room:order", "new_msg");
  const count = 300;
  const replies = [];
  for (let n = 0; n < count; ++n) replies.push(push(members[0].channel, "new_msg", { n }));
  for (const reply of await Promise.all(replies)) assert.equal(reply.status, "ok");
  await waitFor(() => members.every((m) => m.received.length >= count), 5000, "every delivery");
  await sleep(300);  // a duplicate would arrive meanwhile
  const expected = Array.from({ length: count }, (_, n) => n);
  for (const member of members) assert.deepEqual(member.received.map((p) => p.n), expected);
});

test("broadcast_from crosses nodes and leaves out only the sender", async () => {
  const members = await joinEverywhere("room:shout", "shout");
  const beside = await joinEverywhere("room:shout", "shout", [nodes[0]]);  // same node as sender
  members[0].channel.push("shout", { text: "hey" });
  const others = [members[1], members[2], beside[0]];
  await waitFor(() => others.every((m) => m.received.length === 1), 3000, "the shout");
  await sleep(200);
  assert.equal(members[0].received.length, 0);
  for (const member of others) assert.deepEqual(member.received, [{ text: "hey" }]);
});

test("POST /api/broadcast on any node reaches every node", async () => {
  const members = await joinEverywhere("room:http", "new_msg");
  for (const node of nodes) await httpBroadcast(node, "room:http", "new_msg", { via: node.port });
  await waitFor(() => members.every((m) => m.received.length === 3), 3000, "three broadcasts");
  await sleep(200);
  const sent = nodes.map((node) => node.port).sort();
  for (const member of members) assert.deepEqual(member.received.map((p) => p.via).sort(), sent);
});

test("binary and large payloads cross intact", async () => {
  const members = await joinEverywhere("room:bytes", "new_msg");
  const bytes = new Uint8Array(600_000).map((_, i) => (i * 7) % 256);
  const text = "x".repeat(700_000);
  assert.equal((await push(members[0].channel, "new_msg", bytes.buffer)).status, "ok");
  assert.equal((await push(members[0].channel, "new_msg", { text })).status, "ok");
  await waitFor(() => members.every((m) => m.received.length === 2), 5000, "both payloads");
  for (const member of members.slice(1)) {
    assert.ok(member.received[0] instanceof ArrayBuffer);
    assert.deepEqual(new Uint8Array(member.received[0]), bytes);
    assert.equal(member.received[1].text, text);
  }
});

test("a join is answered only once the node receives its topic from the others", async (t) => {
  // Node d reaches Redis through a proxy that delays every byte by 150 ms: its SUBSCRIBE
  // arrives that late, and a join answered before it would miss what is published meanwhile.
  const proxy = await startProxy(redis.port, { delayMs: 150 });
  extra.push(proxy);
  const d = await startNode(`redis://:${redis.password}@127.0.0.1:${proxy.port}`, "d");
  extra.push(d);
  await linked([d]);
  const socket = await client(d);
  for (let i = 0; i < 5; ++i) {
    const topic = `room:fresh${i}`;
    const channel = socket.channel(topic);
    const got = nextEvent(channel, "new_msg", 3000);
    const started = Date.now();
    await join(channel);
    t.diagnostic(`join through the slow link answered in ${Date.now() - started} ms`);
    await httpBroadcast(nodes[0], topic, "new_msg", { i });
    assert.deepEqual(await got, { i });
  }
  await d.stop();
  await proxy.close();
});

test('a "disconnect" to a socket id closes that user\'s sockets on every node', async () => {
  const first = await RawClient.open(nodes[0], "vsn=2.0.0&user_id=u42");
  const second = await RawClient.open(nodes[2], "vsn=2.0.0&user_id=u42");
  const other = await RawClient.open(nodes[1], "vsn=2.0.0&user_id=u43");
  // A socket's id is subscribed when it connects; wait until Redis has both.
  await waitFor(async () => /\b2\b/.test(await redis.cli("PUBSUB", "NUMSUB", "wick:t:user_socket:u42")),
    3000, "both id subscriptions");
  await httpBroadcast(nodes[1], "user_socket:u42", "disconnect");
  assert.equal((await first.closed).code, 1001);
  assert.equal((await second.closed).code, 1001);
  other.send([null, "1", "phoenix", "heartbeat", {}]);
  assert.equal((await other.reply("1"))[4].status, "ok");
  other.close();
});

test("a malformed or foreign message on a cluster channel is counted and dropped", async () => {
  const [member] = await joinEverywhere("room:junk", "new_msg", [nodes[0]]);
  const before = (await metrics(nodes[0]))['wick_cluster_messages_total{reason="malformed"}'];
  await redis.cli("PUBLISH", "wick:t:room:junk", "not an envelope");
  await redis.cli("PUBLISH", "wick:t:room:junk", "W\u0001\u0001garbage");
  await waitFor(async () =>
    (await metrics(nodes[0]))['wick_cluster_messages_total{reason="malformed"}'] === before + 2,
    3000, "two malformed messages counted");
  assert.equal(member.received.length, 0);
  assert.equal((await push(member.channel, "ping", { still: "here" })).response.still, "here");
});

test("the counters say what crossed", async () => {
  const [a] = await Promise.all(nodes.map(metrics));
  assert.equal(a.wick_cluster_link_up, 1);
  assert.ok(a['wick_cluster_messages_total{reason="published"}'] >= 300);
  assert.ok(a['wick_cluster_messages_total{reason="received"}'] >= 2);
  // Redis echoes a node's own broadcasts to it when it has subscribers of the topic.
  assert.ok(a['wick_cluster_messages_total{reason="discarded"}'] >= 300);
  assert.equal(a['wick_cluster_messages_total{reason="dropped"}'], 0);
});

test("with Redis gone each node serves its own clients; when it is back, broadcasts cross again", async (t) => {
  const members = await joinEverywhere("room:outage", "new_msg", [nodes[0], nodes[0], nodes[1]]);
  const reconnects = (await metrics(nodes[0])).wick_cluster_reconnects_total;
  await redis.stop("SIGKILL");
  await waitFor(async () => (await metrics(nodes[0])).wick_cluster_link_up === 0, 6000, "the link down");
  assert.equal((await push(members[0].channel, "new_msg", { n: "during" })).status, "ok");
  await waitFor(() => members[1].received.length === 1, 2000, "local delivery");
  await redis.start();
  const restarted = Date.now();
  await linked(nodes, 15000);
  t.diagnostic(`relinked ${Date.now() - restarted} ms after Redis came back`);
  assert.equal((await push(members[0].channel, "new_msg", { n: "after" })).status, "ok");
  await waitFor(() => members[2].received.length === 1, 3000, "cross-node delivery again");
  await sleep(300);
  assert.deepEqual(members[1].received.map((p) => p.n), ["during", "after"]);
  assert.deepEqual(members[2].received.map((p) => p.n), ["after"]);  // nothing late, nothing twice
  assert.equal((await metrics(nodes[0])).wick_cluster_reconnects_total, reconnects + 1);
  assert.match(nodes[0].stderr.join(""), /cluster: link to Redis at 127\.0\.0\.1:\d+ lost/);
});

test("a link that stops answering is rebuilt, and a cut one comes back when healed", async () => {
  const proxy = await startProxy(redis.port);
  extra.push(proxy);
  const e = await startNode(`redis://:${redis.password}@127.0.0.1:${proxy.port}`, "e");
  extra.push(e);
  await linked([e]);
  const [atE, atA] = await joinEverywhere("room:wedge", "new_msg", [e, nodes[0]]);
  proxy.stall();  // the TCP connections stay open; nothing passes
  const stalled = Date.now();
  await waitFor(async () => (await metrics(e)).wick_cluster_link_up === 0, 8000, "the wedge noticed");
  const noticed = Date.now() - stalled;
  assert.ok(noticed <= 6000, `noticed after ${noticed} ms`);
  proxy.heal();
  await linked([e], 15000);
  await httpBroadcast(nodes[0], "room:wedge", "new_msg", { after: "stall" });
  await waitFor(() => atE.received.length === 1, 3000, "delivery after the stall");
  proxy.cut();
  await waitFor(async () => (await metrics(e)).wick_cluster_link_up === 0, 3000, "the cut noticed");
  assert.equal((await push(atE.channel, "new_msg", { local: true })).status, "ok");
  await waitFor(() => atE.received.length === 2, 2000, "local delivery while cut");
  proxy.heal();
  await linked([e], 15000);
  await httpBroadcast(nodes[0], "room:wedge", "new_msg", { after: "cut" });
  await waitFor(() => atE.received.length === 3, 3000, "delivery after the cut");
  await sleep(200);
  assert.deepEqual(atA.received, [{ after: "stall" }, { after: "cut" }]);  // not e's local one
  await e.stop();
  await proxy.close();
});

test("a wrong password or an unreachable Redis: one clear line, local service, retries", async () => {
  const wrong = await startNode(`redis://:not-the-password@127.0.0.1:${redis.port}`, "wrong");
  extra.push(wrong);
  const port = await freePort();
  const absent = await startNode(`redis://127.0.0.1:${port}`, "absent");
  extra.push(absent);
  await sleep(1500);  // several retries
  const refused = wrong.stderr.join("").split("\n").filter((line) => /cluster:/.test(line));
  assert.equal(refused.length, 1, refused.join("\n"));
  assert.match(refused[0], /Redis refused AUTH: WRONGPASS.*serving local clients only, retrying/);
  const unreachable = absent.stderr.join("").split("\n").filter((line) => /cluster:/.test(line));
  assert.equal(unreachable.length, 1, unreachable.join("\n"));
  assert.match(unreachable[0], new RegExp(`no link to Redis at 127\\.0\\.0\\.1:${port} \\(Connection refused\\)`));
  for (const node of [wrong, absent]) {
    const [member] = await joinEverywhere("room:alone", "new_msg", [node]);
    assert.equal((await push(member.channel, "new_msg", { ok: 1 })).status, "ok");
    await waitFor(() => member.received.length === 1, 2000, "local delivery");
    assert.equal((await metrics(node)).wick_cluster_link_up, 0);
  }
  // Redis appears where the node was looking: it joins that cluster without a restart.
  const late = await startRedis({ password: "", port });
  extra.push(late);
  await linked([absent], 10000);
  await wrong.stop();
  await absent.stop();
  await late.stop();
});

test("a Redis named by host name is found; a name that does not resolve gets one clear line", async () => {
  const named = await startNode(`redis://:${redis.password}@localhost:${redis.port}`, "named");
  extra.push(named);
  await linked([named]);
  const [atNamed, atA] = await joinEverywhere("room:named", "new_msg", [named, nodes[0]]);
  assert.equal((await push(atNamed.channel, "new_msg", { by: "name" })).status, "ok");
  await waitFor(() => atA.received.length === 1, 3000, "delivery from the node that resolved");
  const lost = await startNode("redis://no-such-host.invalid:6379", "lost");
  extra.push(lost);
  await sleep(1500);  // several retries
  const lines = lost.stderr.join("").split("\n").filter((line) => /cluster:/.test(line));
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(lines[0], /no link to Redis at no-such-host\.invalid:6379 \(cannot resolve no-such-host\.invalid: .*\); serving local clients only/);
  assert.ok(await lost.healthy());
  await named.stop();
  await lost.stop();
});

test("a second running node with a taken name stays out of the cluster", async () => {
  const twin = await startNode(redis.url, "a");
  extra.push(twin);
  await waitFor(() => /another running node is named "a"/.test(twin.stderr.join("")), 12000, "the refusal");
  assert.equal((await metrics(twin)).wick_cluster_link_up, 0);
  assert.equal((await metrics(nodes[0])).wick_cluster_link_up, 1);
  await twin.stop();
});

/** The official Presence of `topic` for `user` on `node`, joined. */
async function presenceView(node, topic, user) {
  const channel = (await client(node, { user_id: user })).channel(topic);
  const presence = new Presence(channel);
  await join(channel);
  return presence;
}

/** [user, number of metas] for everyone the view lists, sorted. */
const listed = (view) => view.list((user, { metas }) => [user, metas.length]).sort();

test("presence converges across nodes: one key per user, one meta per connection", async () => {
  const views = [
    await presenceView(nodes[0], "room:presence", "ana"),
    await presenceView(nodes[1], "room:presence", "bob"),
    await presenceView(nodes[2], "room:presence", "ana"),  // ana's second tab, on another node
  ];
  const everyone = JSON.stringify([["ana", 2], ["bob", 1]]);
  await waitFor(() => views.every((view) => JSON.stringify(listed(view)) === everyone), 5000,
    "every node's view of the whole cluster");
  // A late joiner on any node gets the whole cluster in its presence_state.
  const late = await presenceView(nodes[1], "room:presence", "cy");
  await waitFor(() => JSON.stringify(listed(late)) === JSON.stringify([["ana", 2], ["bob", 1], ["cy", 1]]),
    3000, "the late joiner's state");
});

test("a node killed with SIGKILL: its presences leave everywhere within the node-down time", async (t) => {
  // f watches with a short node-down time; g is killed.
  const f = await startNode(redis.url, "f", ["--node-down-ms", "2000"]);
  const g = await startNode(redis.url, "g");
  extra.push(f, g);
  await linked([f, g]);
  const watcher = await presenceView(f, "room:down", "fay");
  await presenceView(g, "room:down", "gus");
  await waitFor(() => JSON.stringify(listed(watcher)) === JSON.stringify([["fay", 1], ["gus", 1]]), 5000,
    "gus seen from f");
  const left = new Promise((resolve) => watcher.onLeave((user) => user === "gus" && resolve(Date.now())));
  const killed = Date.now();
  g.proc.kill("SIGKILL");
  const after = (await left) - killed;
  t.diagnostic(`gus left f's view ${after} ms after g was killed (node-down time 2000 ms)`);
  assert.ok(after >= 1500 && after <= 4500, `${after} ms`);
  await f.stop();
});

test("a node stopped with SIGTERM: its presences leave everywhere at once, and it exits 0", async (t) => {
  const h = await startNode(redis.url, "h");
  extra.push(h);
  await linked([h]);
  const watcher = await presenceView(nodes[0], "room:term", "ann");
  await presenceView(h, "room:term", "hal");
  await waitFor(() => JSON.stringify(listed(watcher)) === JSON.stringify([["ann", 1], ["hal", 1]]), 5000,
    "hal seen from a");
  const left = new Promise((resolve) => watcher.onLeave((user) => user === "hal" && resolve(Date.now())));
  const stopped = Date.now();
  const exit = await h.stop();
  assert.equal(exit.code, 0);
  const after = (await left) - stopped;
  t.diagnostic(`hal left a's view ${after} ms after SIGTERM (a's node-down time: 10 s)`);
  assert.ok(after < 3000, `${after} ms`);
});

test("a partition: each side drops the other's presences, and they merge again when it heals", async (t) => {
  const proxy = await startProxy(redis.port);
  const p = await startNode(`redis://:${redis.password}@127.0.0.1:${proxy.port}`, "p", ["--node-down-ms", "2000"]);
  const q = await startNode(redis.url, "q", ["--node-down-ms", "2000"]);
  extra.push(proxy, p, q);
  await linked([p, q]);
  const atP = await presenceView(p, "room:split", "pia");
  const atQ = await presenceView(q, "room:split", "quin");
  const both = JSON.stringify([["pia", 1], ["quin", 1]]);
  await waitFor(() => [atP, atQ].every((view) => JSON.stringify(listed(view)) === both), 5000, "both sides");
  const cut = Date.now();
  proxy.cut();
  await waitFor(() => JSON.stringify(listed(atQ)) === JSON.stringify([["quin", 1]]) &&
    JSON.stringify(listed(atP)) === JSON.stringify([["pia", 1]]), 6000, "each side alone");
  t.diagnostic(`each side dropped the other's presences ${Date.now() - cut} ms after the cut (node-down 2000 ms)`);
  await presenceView(q, "room:split", "quo");  // joins while p is cut off
  proxy.heal();
  await linked([p], 15000);
  const relinked = Date.now();
  const everyone = JSON.stringify([["pia", 1], ["quin", 1], ["quo", 1]]);
  await waitFor(() => [atP, atQ].every((view) => JSON.stringify(listed(view)) === everyone), 5000,
    "one view again");
  t.diagnostic(`merged ${Date.now() - relinked} ms after p relinked`);
  await sleep(300);  // a duplicate meta would show meanwhile
  for (const view of [atP, atQ]) assert.equal(JSON.stringify(listed(view)), everyone);
  for (const node of [p, q]) await node.stop();
  await proxy.close();
});

test("a node killed and restarted under its name rejoins the cluster, with no ghosts", async (t) => {
  const watcher = await presenceView(nodes[0], "room:back", "al");
  await presenceView(nodes[2], "room:back", "cat");
  await waitFor(() => JSON.stringify(listed(watcher)) === JSON.stringify([["al", 1], ["cat", 1]]), 5000,
    "cat seen from a");
  const victim = nodes[2];
  victim.proc.kill("SIGKILL");
  await victim.exited;
  const killed = Date.now();
  nodes[2] = await startNode(redis.url, "c");
  await linked([nodes[2]], 15000);
  t.diagnostic(`rejoined ${Date.now() - killed} ms after the kill`);
  // The new instance replaces the old replica at once: before a's node-down time (10 s).
  await waitFor(() => JSON.stringify(listed(watcher)) === JSON.stringify([["al", 1]]), 3000, "cat gone");
  const gone = Date.now() - killed;
  t.diagnostic(`cat left a's view ${gone} ms after the kill`);
  assert.ok(gone < 9000, `${gone} ms`);
  await presenceView(nodes[2], "room:back", "cat");  // cat reconnects to the new c
  await waitFor(() => JSON.stringify(listed(watcher)) === JSON.stringify([["al", 1], ["cat", 1]]), 3000,
    "cat back, once");
  const [atA, atC] = await joinEverywhere("room:back2", "new_msg", [nodes[0], nodes[2]]);
  assert.equal((await push(atA.channel, "new_msg", { hello: "again" })).status, "ok");
  await waitFor(() => atC.received.length === 1, 3000, "delivery to the restarted node");
});
