// The helper against a real wick-rooms (its "stream:*" topics keep history), with the official
// phoenix client over ws. Connections are killed with a TCP reset, not closed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Socket, connect, startServer, waitFor, join, sleep } from "../../../tests/client/helpers.mjs";
import { POSITION_KEY, positionOf, recoveringChannel } from "wick-recovery";

let server;
const sockets = [];
const burst = 1000;

before(async () => {
  server = await startServer("wick-rooms", ["--history-size", "2000", "--recovery-cap", "2000"]);
});
after(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.stop();
});

async function client(on = server) {
  const socket = await connect(on);
  sockets.push(socket);
  return socket;
}

/** Resets the socket's TCP connection under it: the server sees no close, only a dead peer. */
function killConnection(socket) {
  socket.conn._socket.resetAndDestroy();
}

/** A channel that records what it gets: every "new_msg" n and each join's outcome. */
function recorder(socket, topic, options = {}) {
  const seen = [];
  const joins = [];
  const channel = recoveringChannel(socket, topic, { presence: false }, {
    ...options,
    onJoin: (outcome) => joins.push(outcome),
  });
  channel.on("new_msg", (payload) => seen.push(payload));
  return { channel, seen, joins };
}

function send(channel, count, from = 1) {
  for (let n = from; n < from + count; n++) channel.push("new_msg", { n });
}

test("a fresh join learns the position; broadcasts carry consecutive offsets", async () => {
  const socket = await client();
  const { channel, seen, joins } = recorder(socket, "stream:fresh");
  const response = await join(channel);
  assert.deepEqual(Object.keys(response[POSITION_KEY]).sort(), ["epoch", "offset"]);
  assert.equal(response[POSITION_KEY].offset, 0);
  assert.equal(joins[0].recovered, undefined);
  send(channel, 5);
  await waitFor(() => seen.length === 5);
  assert.deepEqual(seen.map((p) => p.n), [1, 2, 3, 4, 5]);
  assert.deepEqual(seen.map((p) => p[POSITION_KEY].offset), [1, 2, 3, 4, 5]);
  assert.ok(seen.every((p) => p[POSITION_KEY].epoch === response[POSITION_KEY].epoch));
  assert.deepEqual(positionOf(channel), { offset: 5, epoch: response[POSITION_KEY].epoch });
});

test("a connection reset during a burst of 1,000 loses nothing and repeats nothing", async () => {
  const sender = await client();
  const out = recoveringChannel(sender, "stream:burst", { presence: false });
  await join(out);
  const socket = await client();
  const { channel, seen, joins } = recorder(socket, "stream:burst");
  await join(channel);
  // The reset comes on the 100th broadcast, while the sender still has most of the burst to go.
  let seenAtKill = 0;
  channel.on("new_msg", (payload) => {
    if (payload.n !== 100) return;
    killConnection(socket);
    seenAtKill = seen.length;
  });
  for (let n = 1; n <= burst; n++) {
    out.push("new_msg", { n });
    if (n % 10 === 0) await sleep(2);
  }
  await waitFor(() => joins.length === 2, 10000, "the rejoin");
  assert.equal(joins[1].recovered, true);
  assert.ok(joins[1].position.offset > seenAtKill, "broadcasts were made while it was away");
  await waitFor(() => seen.length >= burst, 10000, () => `${burst} broadcasts, got ${seen.length}`);
  await sleep(100);
  assert.deepEqual(seen.map((p) => p.n), Array.from({ length: burst }, (_, i) => i + 1));
  const offsets = seen.map((p) => p[POSITION_KEY].offset);
  assert.deepEqual(offsets, Array.from({ length: burst }, (_, i) => i + 1));
});

test("a gap larger than the history is not recovered, and the reply says where the stream is", async () => {
  const small = await startServer("wick-rooms", ["--history-size", "10"]);
  try {
    const sender = await client(small);
    const out = recoveringChannel(sender, "stream:gap", { presence: false });
    let sent = 0;
    out.on("new_msg", () => { sent += 1; });
    await join(out);
    const socket = await client(small);
    const { channel, seen, joins } = recorder(socket, "stream:gap");
    await join(channel);
    send(out, 3);
    await waitFor(() => seen.length === 3);
    // Until the close handshake is done the client still takes what arrives: send after it.
    await new Promise((resolve) => socket.disconnect(resolve));
    send(out, 20, 4);
    // Back only once all 20 are in the stream: a rejoin among them would find a gap of 10 or
    // fewer, which the history still holds.
    await waitFor(() => sent === 23, 5000, "the sender's own 23 broadcasts");
    socket.connect();
    await waitFor(() => joins.length === 2, 5000, "the rejoin");
    assert.equal(joins[1].recovered, false);
    assert.equal(joins[1].position.offset, 23);
    assert.equal(seen.length, 3, "no partial recovery");
    send(out, 1, 24);
    await waitFor(() => seen.length === 4);
    assert.equal(seen[3][POSITION_KEY].offset, 24);
  } finally {
    await small.stop();
  }
});

test("a restarted node is another epoch: its client is told it did not recover", async () => {
  let node = await startServer("wick-rooms");
  const port = node.port;
  const socket = await connect(node, {}, { reconnectAfterMs: () => 100 });
  sockets.push(socket);
  const { channel, seen, joins } = recorder(socket, "stream:restart");
  await join(channel);
  channel.push("new_msg", { n: 1 });
  await waitFor(() => seen.length === 1);
  const before = positionOf(channel);
  await node.stop();
  node = await startServer("wick-rooms", ["--port", String(port)]);
  try {
    await waitFor(() => joins.length === 2, 10000, "the rejoin on the restarted node");
    assert.equal(joins[1].recovered, false);
    assert.notEqual(joins[1].position.epoch, before.epoch);
    assert.equal(joins[1].position.offset, 0);
  } finally {
    socket.disconnect();
    await node.stop();
  }
});

test("a join that saw everything recovers with nothing to push", async () => {
  const socket = await client();
  const { channel, seen, joins } = recorder(socket, "stream:caught-up");
  await join(channel);
  channel.push("new_msg", { n: 1 });
  await waitFor(() => seen.length === 1);
  killConnection(socket);
  await waitFor(() => joins.length === 2, 5000, "the rejoin");
  assert.equal(joins[1].recovered, true);
  await sleep(100);
  assert.equal(seen.length, 1);
});

test("a saved position resumes a new channel; the application's own params are untouched", async () => {
  const sender = await client();
  const out = recoveringChannel(sender, "stream:saved", { presence: false });
  await join(out);
  send(out, 3);
  await sleep(100);
  const epoch = positionOf(out).epoch;
  const socket = await client();
  const { channel, seen, joins } = recorder(socket, "stream:saved", { position: { offset: 1, epoch } });
  await join(channel);
  assert.equal(joins[0].recovered, true);
  await waitFor(() => seen.length === 2);
  assert.deepEqual(seen.map((p) => p.n), [2, 3]);
  // The join's own params reached the channel without the position: {"presence": false} kept
  // presence off, so no presence_state came.
  let presence = false;
  channel.on("presence_state", () => { presence = true; });
  await sleep(100);
  assert.equal(presence, false);
});

// A drop while the missed broadcasts are still arriving: the next rejoin must resume from the
// last one received, not from the position the recovered reply named (the stream's newest).
test("after a recovered reply the position moves only with the broadcasts that follow it", () => {
  const offline = new Socket("ws://127.0.0.1:9/socket");
  const channel = recoveringChannel(offline, "stream:second-drop", {}, { position: { offset: 10, epoch: "e" } });
  channel.joinPush.ref = "7";  // as if the join had been sent
  channel.onMessage("phx_reply", { status: "ok", response: { [POSITION_KEY]: { offset: 500, epoch: "e", recovered: true } } }, "7");
  assert.deepEqual(positionOf(channel), { offset: 10, epoch: "e" });
  channel.onMessage("new_msg", { n: 11, [POSITION_KEY]: { offset: 11, epoch: "e" } }, null);
  assert.deepEqual(positionOf(channel), { offset: 11, epoch: "e" });
  // A reply that did not recover names where to start over.
  channel.onMessage("phx_reply", { status: "ok", response: { [POSITION_KEY]: { offset: 600, epoch: "f", recovered: false } } }, "7");
  assert.deepEqual(positionOf(channel), { offset: 600, epoch: "f" });
});
