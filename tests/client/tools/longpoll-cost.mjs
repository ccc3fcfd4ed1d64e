// Long-poll costs on wick-rooms: memory per idle session, and the round trip of a message.
//
//   node tests/client/tools/longpoll-cost.mjs [sessions=2000] [round_trips=300]
//
// Memory: opens the sessions (a GET each), joins each to room:idle with {"presence": false},
// then keeps one poll open per session, as phoenix.js does while idle; after 2 s the server's
// VmRSS growth divided by the sessions is the cost of one idle session with its waiting poll
// (the session, its channel and the HTTP connection holding the poll).
// Round trip: one more session with a poll open; POST a heartbeat and time until the poll
// answers with the reply; then poll again. Median and p99 over the round trips.
import http from "node:http";
import { readFileSync } from "node:fs";
import { startServer, sleep } from "../helpers.mjs";

const sessions = Number(process.argv[2] ?? 2000);
const roundTrips = Number(process.argv[3] ?? 300);
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024;
const server = await startServer("wick-rooms", ["--threads", "2"]);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function request(method, query, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.http}/socket/longpoll?${query}`, {
      method, agent, headers: body ? { "content-type": "application/x-ndjson" } : {},
    }, (res) => {
      let data = "";
      res.on("data", (chunk) => (data += chunk));
      res.on("end", () => resolve(JSON.parse(data)));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const open = async (i) => {
  const { token } = await request("GET", `vsn=2.0.0&user_id=u${i}`);
  const query = `vsn=2.0.0&user_id=u${i}&token=${encodeURIComponent(token)}`;
  await request("POST", query, JSON.stringify(["1", "1", "room:idle", "phx_join", { presence: false }]));
  await request("GET", query);  // takes the join reply
  return query;
};

await sleep(200);
const before = rss(server.proc.pid);
const queries = [];
for (let i = 0; i < sessions; i += 200) {
  queries.push(...(await Promise.all(Array.from({ length: Math.min(200, sessions - i) }, (_, k) => open(i + k)))));
}
for (const query of queries) request("GET", query).catch(() => {});  // idle polls, left open
await sleep(2000);
const after = rss(server.proc.pid);

const query = await open("rtt");
const times = [];
for (let i = 0; i < roundTrips; i++) {
  const polled = request("GET", query);
  await sleep(2);  // the poll is waiting before the message is sent
  const started = performance.now();
  await request("POST", query, JSON.stringify([null, `h${i}`, "phoenix", "heartbeat", {}]));
  const answer = await polled;
  if (!answer.messages.some((m) => m.includes(`"h${i}"`))) throw new Error("reply missing");
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({
  sessions, rss_before_bytes: before, rss_after_bytes: after,
  bytes_per_idle_session: Math.round((after - before) / sessions),
  round_trips: roundTrips,
  round_trip_ms: { median: +times[times.length >> 1].toFixed(3), p99: +times[Math.floor(times.length * 0.99)].toFixed(3), max: +times.at(-1).toFixed(3) },
}));
agent.destroy();
await server.stop();
