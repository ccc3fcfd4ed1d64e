// Measures what each node of a cluster receives from Redis and what it discards.
//
//   node tests/client/tools/cluster-traffic.mjs [nodes=3] [topics=30] [messages=20]
//
// Starts its own redis-server and the wick-rooms nodes. Topic t has one subscriber on node
// t % nodes, and topics below a third of the count have one on every node. Every subscriber
// pushes `messages` new_msg broadcasts to its topic, so a broadcast starts on a node that has a
// subscriber, as it does when it comes from a channel. Prints, per node, the broadcasts it
// published, received and delivered, and discarded (Redis's echo of its own), from /metrics.
import { connect, join, push, metrics, sleep } from "../helpers.mjs";
import { startRedis, startNode, linked } from "../cluster-harness.mjs";

const nodeCount = Number(process.argv[2] ?? 3);
const topicCount = Number(process.argv[3] ?? 30);
const messages = Number(process.argv[4] ?? 20);

const redis = await startRedis();
const nodes = [];
for (let i = 0; i < nodeCount; ++i) nodes.push(await startNode(redis.url, `n${i}`));
await linked(nodes);
const sockets = [];
const channels = [];
for (let t = 0; t < topicCount; ++t) {
  const on = t < topicCount / 3 ? nodes : [nodes[t % nodeCount]];
  for (const node of on) {
    const socket = await connect(node);
    sockets.push(socket);
    const channel = socket.channel(`room:traffic${t}`, { presence: false });
    await join(channel);
    channels.push(channel);
  }
}
for (let n = 0; n < messages; ++n) await Promise.all(channels.map((c) => push(c, "new_msg", { n })));
await sleep(500);
console.log("node  published  received  discarded  discarded share of what arrived");
for (const [i, node] of nodes.entries()) {
  const m = await metrics(node);
  const published = m['wick_cluster_messages_total{reason="published"}'];
  const received = m['wick_cluster_messages_total{reason="received"}'];
  const discarded = m['wick_cluster_messages_total{reason="discarded"}'];
  const share = ((100 * discarded) / (received + discarded)).toFixed(1);
  console.log(`n${i}    ${published}       ${received}      ${discarded}       ${share}%`);
}
for (const socket of sockets) socket.disconnect();
for (const node of nodes) await node.stop();
await redis.stop();
