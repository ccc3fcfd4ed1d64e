// 5,000 users join one topic at once: how long until every client's presence list is complete,
// and how many presence_diff frames (and bytes) each client received.
//
//   node tests/client/tools/presence-burst.mjs [users=5000] [window_ms=30]
//
// Starts build/bin/wick-rooms --presence-window-ms W, connects every client first (raw V2
// frames over `ws`), then sends all the joins at once and starts the clock. Each client keeps
// the set of keys its presence_state and presence_diffs showed; the clock stops when every set
// is complete. window 0 turns coalescing off (one diff per join).
import { readFileSync } from "node:fs";
import { startServer, WebSocket, sleep } from "../helpers.mjs";

// utime + stime of a process, in seconds (clock ticks of 10 ms).
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const users = Number(process.argv[2] ?? 5000);
const windowMs = process.argv[3] ?? "30";
const server = await startServer("wick-rooms", ["--presence-window-ms", windowMs]);
const clients = [];
let complete = 0;
let done;
const finished = new Promise((resolve) => (done = resolve));

function open(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url}/websocket?vsn=2.0.0&user_id=u${i}`);
    const client = { ws, keys: new Set(), diffs: 0, bytes: 0, complete: false };
    ws.on("open", () => resolve(client));
    ws.on("error", reject);
    ws.on("message", (data) => {
      client.bytes += data.length;
      const [, , , event, payload] = JSON.parse(data);
      if (event === "presence_state") for (const key in payload) client.keys.add(key);
      if (event === "presence_diff") {
        client.diffs++;
        for (const key in payload.joins) client.keys.add(key);
      }
      if (!client.complete && client.keys.size === users) {
        client.complete = true;
        if (++complete === users) done();
      }
    });
    clients.push(client);
  });
}

for (let i = 0; i < users; i += 500) {
  await Promise.all(Array.from({ length: Math.min(500, users - i) }, (_, k) => open(i + k)));
}
await sleep(500);
const serverCpuBefore = cpuSeconds(server.proc.pid);
const started = performance.now();
for (const client of clients) client.ws.send(JSON.stringify(["1", "1", "room:burst", "phx_join", {}]));
const timeout = setTimeout(() => done("timeout"), 300_000);
const outcome = await finished;
clearTimeout(timeout);
const elapsed = performance.now() - started;
const serverCpu = cpuSeconds(server.proc.pid) - serverCpuBefore;
const diffs = clients.map((c) => c.diffs).sort((a, b) => a - b);
const bytes = clients.map((c) => c.bytes).sort((a, b) => a - b);
console.log(JSON.stringify({
  users, window_ms: Number(windowMs), outcome: outcome ?? "complete", complete,
  seconds_until_every_list_complete: +(elapsed / 1000).toFixed(2),
  server_cpu_seconds: +serverCpu.toFixed(2),
  diffs_per_client: { min: diffs[0], median: diffs[diffs.length >> 1], max: diffs.at(-1) },
  bytes_per_client: { min: bytes[0], median: bytes[bytes.length >> 1], max: bytes.at(-1) },
}));
for (const client of clients) client.ws.terminate();
await server.stop();
