// Measures wick-rooms' resident memory per idle joined WebSocket.
//
//   node tests/client/tools/idle-rss.mjs [connections=10000] [threads=2]
//
// Starts build/bin/wick-rooms, reads its VmRSS, opens the connections (raw V2 frames, 500 at a
// time), joins each to room:idle, waits 2 s, reads VmRSS again and prints both and the
// difference per connection. The client is this Node.js process; only the server is measured.
import { readFileSync } from "node:fs";
import { startServer, WebSocket, sleep } from "../helpers.mjs";

const total = Number(process.argv[2] ?? 10000);
const threads = process.argv[3] ?? "2";
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024;

const server = await startServer("wick-rooms", ["--threads", threads]);
await sleep(200);
const before = rss(server.proc.pid);
const sockets = [];
let joined = 0;
function open(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url}/websocket?vsn=2.0.0&user_id=${i}`);
    ws.on("open", () => ws.send(JSON.stringify(["1", "1", "room:idle", "phx_join", { presence: false }])));
    ws.on("message", () => {
      joined++;
      resolve();
    });
    ws.on("error", reject);
    sockets.push(ws);
  });
}
for (let i = 0; i < total; i += 500) {
  await Promise.all(Array.from({ length: Math.min(500, total - i) }, (_, k) => open(i + k)));
}
await sleep(2000);
const after = rss(server.proc.pid);
console.log(JSON.stringify({
  connections: total, joined, threads: Number(threads),
  rss_before_bytes: before, rss_after_bytes: after,
  bytes_per_connection: Math.round((after - before) / total),
}));
for (const ws of sockets) ws.terminate();
await server.stop();
