// History and recovery across a cluster (docs/recovery.md): three wick-rooms nodes share one
// Redis, whose streams number each broadcast of a "stream:*" topic once for every node. The
// official client with the wick-recovery helper; connections are killed with a TCP reset.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect, join, sleep, waitFor } from "./helpers.mjs";
import { startRedis, startNode, linked } from "./cluster-harness.mjs";
import { POSITION_KEY, positionOf, recoveringChannel } from "../../packages/wick-recovery/index.js";

let redis;
let nodes = [];
const sockets = [];
const history = ["--history-size", "2000", "--recovery-cap", "2000"];

before(async () => {
  redis = await startRedis();
  nodes = await Promise.all(["a", "b", "c"].map((name) => startNode(redis.url, name, history)));
  await linked(nodes);
});

after(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const node of nodes) await node.stop();
  await redis.stop();
});

async function client(node) {
  const socket = await connect(node);
  sockets.push(socket);
  return socket;
}

function recorder(socket, topic) {
  const seen = [];
  const joins = [];
  const channel = recoveringChannel(socket, topic, { presence: false }, {
    onJoin: (outcome) => joins.push(outcome),
  });
  channel.on("new_msg", (payload) => seen.push(payload));
  return { channel, seen, joins };
}

const numbers = (count) => Array.from({ length: count }, (_, i) => i + 1);

/** Calls send(1..count), ten at a time, a couple of milliseconds apart: a burst that lasts. */
async function paced(count, send) {
  for (let n = 1; n <= count; n++) {
    send(n);
    if (n % 10 === 0) await sleep(2);
  }
}

test("offsets are gap-free per topic across nodes, in one order everywhere", async () => {
  const members = [];
  for (const node of nodes) {
    const member = recorder(await client(node), "stream:everywhere");
    await join(member.channel);
    members.push(member);
  }
  const each = 100;
  for (let n = 0; n < each; n++) {
    members.forEach((member, i) => member.channel.push("new_msg", { n: i * 1000 + n }));
  }
  await waitFor(() => members.every((m) => m.seen.length >= 3 * each), 10000, "every delivery");
  await sleep(200);
  const order = members[0].seen.map((p) => p.n);
  for (const member of members) {
    assert.deepEqual(member.seen.map((p) => p[POSITION_KEY].offset), numbers(3 * each));
    assert.deepEqual(member.seen.map((p) => p.n), order, "one order on every node");
    assert.equal(new Set(member.seen.map((p) => p[POSITION_KEY].epoch)).size, 1);
  }
});

// The client is reset during the burst and comes back `where` (its own node or another).
async function dropDuringBurst(topic, where) {
  const burst = 1000;
  const sender = recoveringChannel(await client(nodes[0]), topic, { presence: false });
  await join(sender);
  const socket = await client(nodes[1]);
  const { channel, seen, joins } = recorder(socket, topic);
  await join(channel);
  // The reset comes on the 100th broadcast, while the sender still has most of the burst to go.
  let seenAtKill = 0;
  channel.on("new_msg", (payload) => {
    if (payload.n !== 100) return;
    if (where !== nodes[1]) socket.endPoint = `${where.url}/websocket`;
    socket.conn._socket.resetAndDestroy();
    seenAtKill = seen.length;
  });
  await paced(burst, (n) => sender.push("new_msg", { n }));
  await waitFor(() => joins.length === 2, 10000, "the rejoin");
  assert.equal(joins[1].recovered, true);
  assert.ok(joins[1].position.offset > seenAtKill, "broadcasts were made while it was away");
  await waitFor(() => seen.length >= burst, 10000, () => `${burst} broadcasts, got ${seen.length}`);
  await sleep(200);
  assert.deepEqual(seen.map((p) => p.n), numbers(burst), "none lost, none twice, in order");
  assert.deepEqual(seen.map((p) => p[POSITION_KEY].offset), numbers(burst));
}

test("a reset during a burst of 1,000, back on the same node, loses and repeats nothing", async () => {
  await dropDuringBurst("stream:same-node", nodes[1]);
});

test("a reset during a burst of 1,000, back on another node, loses and repeats nothing", async () => {
  await dropDuringBurst("stream:other-node", nodes[2]);
});

test("a flushed Redis is a new epoch: the rejoin is told it did not recover", async () => {
  const socket = await client(nodes[0]);
  const { channel, seen, joins } = recorder(socket, "stream:flushed");
  await join(channel);
  channel.push("new_msg", { n: 1 });
  await waitFor(() => seen.length === 1);
  const before = positionOf(channel);
  socket.disconnect();
  await redis.cli("FLUSHALL");
  socket.connect();
  await waitFor(() => joins.length === 2, 10000, "the rejoin");
  assert.equal(joins[1].recovered, false);
  assert.notEqual(joins[1].position.epoch, before.epoch);
  assert.equal(joins[1].position.offset, 0);
});

test("a gap beyond the recovery cap is not recovered, and nothing of it is pushed", async () => {
  const small = await startNode(redis.url, "small", ["--recovery-cap", "5"]);
  try {
    await linked([small]);
    const sender = recoveringChannel(await client(nodes[0]), "stream:gap", { presence: false });
    await join(sender);
    const socket = await client(small);
    const { channel, seen, joins } = recorder(socket, "stream:gap");
    await join(channel);
    socket.disconnect();
    for (let n = 1; n <= 10; n++) sender.push("new_msg", { n });
    await waitFor(() => positionOf(sender)?.offset === 10, 5000, "the sender's own echo");
    socket.connect();
    await waitFor(() => joins.length === 2, 10000, "the rejoin");
    assert.equal(joins[1].recovered, false);
    assert.equal(joins[1].position.offset, 10);
    await sleep(200);
    assert.equal(seen.length, 0, "no partial recovery");
    sender.push("new_msg", { n: 11 });
    await waitFor(() => seen.length === 1);
    assert.equal(seen[0][POSITION_KEY].offset, 11);
  } finally {
    await small.stop();
  }
});

// The stream is read from Redis before the join is answered: what the channel sends itself in
// join (wick-rooms tracks presence on "after_join") waits for the answer instead of being lost.
test("a channel's message to itself from join reaches it once the join is answered", async () => {
  const socket = await client(nodes[1]);
  const channel = recoveringChannel(socket, "stream:presence", {});
  const states = [];
  channel.on("presence_state", (state) => states.push(state));
  const reply = await join(channel);
  assert.equal(typeof reply[POSITION_KEY].offset, "number");
  await waitFor(() => states.length === 1, 3000, "presence_state after the reply");
  assert.equal(Object.keys(states[0]).length, 1, "the joiner is present");
});
