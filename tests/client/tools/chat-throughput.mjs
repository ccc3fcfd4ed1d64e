// Messages per second that wick-chat persists (group commit, fsync per commit) and broadcasts.
//
//   node tools/chat-throughput.mjs [SOCKETS=20] [IN_FLIGHT=20] [SECONDS=10]
//   WICK_CHAT_STORE=postgresql node tools/chat-throughput.mjs ...   one node on PostgreSQL
//   WICK_CHAT_NODES=3 node tools/chat-throughput.mjs ...            three nodes on PostgreSQL
//                                                                   and Redis
//
// Starts wick-chat on a fresh database (SQLite in a temp directory, or a database on a
// PostgreSQL server of its own), or a cluster of WICK_CHAT_NODES nodes, registers SOCKETS
// users, puts them all in one room (the sockets in turn on each node), and has each keep
// IN_FLIGHT "message" pushes in flight for SECONDS. Timed
// per message: from the push until its ok reply, which the server sends only after the commit.
// Reports acknowledged messages/s, broadcast deliveries/s (each message reaches every socket),
// ack latency percentiles, and the writes per commit that the server counted.
import { startChat, startChatCluster, register, createRoom, enterRoom, store } from "../chat-helpers.mjs";

const [sockets = 20, inFlight = 20, seconds = 10] = process.argv.slice(2).map(Number);
const nodeCount = Number(process.env.WICK_CHAT_NODES ?? 1);
// The chat's per-socket rate limit (25 messages/s) would cap each socket: lift it for the measurement.
const unlimited = ["--messages-per-second", "60000"];
const chat = nodeCount > 1 ? await startChatCluster(nodeCount, unlimited) : null;
const nodes = chat ? chat.nodes : [await startChat(undefined, unlimited)];
const server = nodes[0];
const owner = await register(server, "owner");
const room = await createRoom(server, owner, "load");
const clients = [];
for (let i = 0; i < sockets; i += 1) {
  const user = i === 0 ? owner : await register(server, "load");
  clients.push(await enterRoom(nodes[i % nodes.length], user, room.id));
}
let delivered = 0;
for (const { channel } of clients) channel.on("message", () => (delivered += 1));

const latencies = [];
let sending = true;
let outstanding = 0;
const start = performance.now();
function send(channel) {
  if (!sending) return;
  outstanding += 1;
  const sentAt = performance.now();
  channel.push("message", { body: "load test message of a typical length, about sixty bytes" }, 30_000)
    .receive("ok", () => {
      outstanding -= 1;
      latencies.push(performance.now() - sentAt);
      send(channel);
    });
}
for (const { channel } of clients) for (let k = 0; k < inFlight; k += 1) send(channel);
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
sending = false;
while (outstanding > 0) await new Promise((resolve) => setTimeout(resolve, 20));
const elapsed = (performance.now() - start) / 1000;
const expected = latencies.length * sockets;
while (delivered < expected && performance.now() - start < (seconds + 30) * 1000) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
for (const { socket } of clients) socket.disconnect();
let writes = 0;
let commits = 0;
for (const node of nodes) {
  await node.stop();
  const counted = /(\d+) writes in (\d+) commits/.exec(node.lines.join("\n"));
  if (counted) [writes, commits] = [writes + Number(counted[1]), commits + Number(counted[2])];
}
if (chat) await chat.stop();

latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.floor(q * (latencies.length - 1))].toFixed(1);
const result = {
  nodes: nodes.length, store: chat ? "postgresql" : store, sockets, in_flight: inFlight, seconds: Number(elapsed.toFixed(1)),
  acked_per_s: Math.round(latencies.length / elapsed),
  deliveries_per_s: Math.round(delivered / elapsed),
  lost: expected - delivered,
  ack_ms: { p50: Number(at(0.5)), p99: Number(at(0.99)), max: Number(at(1)) },
  writes_per_commit: commits ? Number((writes / commits).toFixed(1)) : null,
};
console.log(`${result.acked_per_s} messages/s persisted and acknowledged, ${result.deliveries_per_s} deliveries/s, ` +
  `ack p50 ${result.ack_ms.p50} ms p99 ${result.ack_ms.p99} ms, ${result.writes_per_commit} writes per commit, lost ${result.lost}`);
console.log(JSON.stringify(result));
