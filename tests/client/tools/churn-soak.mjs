// The long churn run (the CI runs the short one in churn.test.mjs):
//
//   node tools/churn-soak.mjs [CLIENTS=20000] [CONCURRENCY=200]
//
// Starts wick-rooms (2 loops, long-poll window 300 ms), warms it up with 500 clients, then runs
// CLIENTS clients through every way of coming and going (see churn.mjs), and prints the
// server's descriptors, RSS and leftovers before and after, and the clients per second.
import { startServer } from "../helpers.mjs";
import { churn, processFootprint, waitForNothingLeft } from "../churn.mjs";

const [clients = 20000, concurrency = 200] = process.argv.slice(2).map(Number);
const server = await startServer("wick-rooms", ["--threads", "2", "--longpoll-window-ms", "300"]);
await churn(server, { clients: 500, concurrency });
await waitForNothingLeft(server, 30_000);
const before = processFootprint(server.proc.pid);
const started = performance.now();
await churn(server, { clients, concurrency });
const seconds = (performance.now() - started) / 1000;
const left = await waitForNothingLeft(server, 60_000);
const after = processFootprint(server.proc.pid);
await server.stop();
const mb = (bytes) => Number((bytes / 1e6).toFixed(1));
console.log(JSON.stringify({
  clients, concurrency, seconds: Number(seconds.toFixed(1)), clients_per_s: Math.round(clients / seconds),
  before: { fds: before.fds, rss_mb: mb(before.rss) }, after: { fds: after.fds, rss_mb: mb(after.rss) }, leftovers: left,
}));
