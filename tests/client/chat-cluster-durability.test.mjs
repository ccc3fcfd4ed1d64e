// Durability on a cluster: three wick-chat nodes on one PostgreSQL database behind HAProxy
// (deploy/haproxy.cfg). Writers on every node keep messages in flight; one node is killed with
// SIGKILL; its writers come back through HAProxy on the others and go on. Every message any
// node acknowledged is in the shared history, once, with the id it was acknowledged with.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, join, waitFor, metrics } from "./helpers.mjs";
import { startChatCluster, register, createRoom, fullHistory } from "./chat-helpers.mjs";
import { startHaproxy } from "./cluster-harness.mjs";

const channelsPerNode = async (nodes) =>
  Promise.all(nodes.map(async (node) => (await metrics(node)).wick_channels));

test("a node killed under load: its writers move through HAProxy, every acknowledged message is kept once", async () => {
  // The writers push as fast as acknowledgements come back: lift the per-socket rate limit.
  const chat = await startChatCluster(3, ["--messages-per-second", "0"]);
  const haproxy = await startHaproxy(chat.nodes);
  const writers = [];
  try {
    const ana = await register(haproxy, "ana");
    const room = await createRoom(haproxy, ana, "durable");
    for (let w = 0; w < 3; w += 1) {
      const socket = await connect(haproxy, { token: ana.token }, { reconnectAfterMs: () => 100 });
      const channel = socket.channel(`chat:${room.id}`);
      await join(channel);
      const writer = { socket, channel, sent: 0, acked: 0, rejoinedAt: 0 };
      channel.on("presence_state", () => { writer.rejoinedAt = Date.now(); });  // after each join
      writers.push(writer);
    }
    // leastconn: one writer on each node.
    assert.deepEqual(await channelsPerNode(chat.nodes), [1, 1, 1]);

    const acked = new Map();  // body → id
    let stopping = false;
    const send = (writer) => {
      if (stopping) return;
      const body = `w${writers.indexOf(writer)}-${writer.sent++}`;
      writer.channel.push("message", { body }, 5_000)
        .receive("ok", ({ id }) => {
          assert.ok(!acked.has(body), `${body} acknowledged twice`);
          acked.set(body, id);
          writer.acked += 1;
          send(writer);
        })
        // Lost with the node (no answer) or refused while it went: the next one goes on.
        .receive("timeout", () => send(writer))
        .receive("error", () => send(writer));
    };
    for (const writer of writers) for (let i = 0; i < 10; i += 1) send(writer);
    await waitFor(() => acked.size >= 300, 30_000, "300 acknowledged messages");

    const victim = chat.nodes[1];
    const before = writers.map((w) => w.acked);
    victim.proc.kill("SIGKILL");
    await victim.exited;
    const killedAt = Date.now();
    // Every writer, the victim's included, is acknowledged again: through HAProxy, on the others.
    await waitFor(() => writers.every((w, i) => w.acked >= before[i] + 50), 30_000,
      "every writer acknowledged again after the kill");
    // The victim's writer: its socket dropped, came back through HAProxy and rejoined. Its
    // pushes that were in flight on the victim time out (5 s), and only then go on.
    const moved = writers.filter((w) => w.rejoinedAt > killedAt);
    assert.equal(moved.length, 1, "one writer rejoined");
    const movedMs = moved[0].rejoinedAt - killedAt;
    assert.deepEqual((await channelsPerNode([chat.nodes[0], chat.nodes[2]])).reduce((a, b) => a + b), 3,
      "the three writers are on the two nodes left");
    stopping = true;
    // Let the last pushes in flight be answered (or time out).
    await waitFor(async () => writers.every((w) => w.channel.pushBuffer.length === 0), 10_000, "pushes sent");
    await new Promise((resolve) => setTimeout(resolve, 500));

    const history = await fullHistory(chat.nodes[2], ana, room.id);
    const ids = history.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, "no message twice");
    assert.equal(new Set(history.map((m) => m.body)).size, history.length, "no body twice");
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), "history in id order");
    const byBody = new Map(history.map((m) => [m.body, m.id]));
    for (const [body, id] of acked) assert.equal(byBody.get(body), id, `acknowledged ${body} is kept`);
    console.log(`# ${acked.size} acknowledged, ${history.length} in history, the victim's writer rejoined elsewhere ${movedMs} ms after the kill`);
  } finally {
    for (const { socket } of writers) socket.disconnect();
    await haproxy.stop();
    await chat.stop();
  }
});
