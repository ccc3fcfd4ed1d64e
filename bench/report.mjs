// Turns bench/compare.sh's raw results into the results section of docs/benchmarks.md (medians,
// min–max, ratios to rawsrv and Socket.IO, the issue 5 targets) and the data files of
// bench/charts.gp.
//
//   node bench/report.mjs RESULTS.jsonl DOC.md OUT_DIR
//
// A ratio is taken within each round (neighbouring runs on the same machine state), and the
// median of those ratios is quoted; the cells show each server's median and min–max.
import fs from "node:fs";
import path from "node:path";
import { median, spreadCell, writeSection } from "./stats.mjs";

const [resultsFile, docFile, outDir] = process.argv.slice(2);
const runs = fs.readFileSync(resultsFile, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
const machine = fs.existsSync(path.join(outDir, "machine.txt")) ? fs.readFileSync(path.join(outDir, "machine.txt"), "utf8").trim() : "";

const servers = [
  { key: "wick", label: "Wick", short: "Wick" },
  { key: "socketio", label: "Socket.IO 4.8", short: "Socket.IO" },
  { key: "rawsrv", label: "rawsrv (limit)", short: "rawsrv" },
];

// One row per target; `better` says which way is good, `target` how Wick is judged.
const metrics = [
  { id: "rss", chart: true, title: "server RSS per idle joined connection, 15,000 conns", scenario: "connect", field: "rss_bytes_per_conn", unit: "B", better: "lower", target: { absolute: 1024, text: "≤ 1 KiB" } },
  { id: "connect", chart: true, title: "connect+join rate, 15,000 conns", scenario: "connect", field: "connect_join_per_s", unit: "/s", better: "higher", target: { ratio: 0.8, text: "≥ 0.8× rawsrv" } },
  { id: "fanout_burst", chart: true, title: "fan-out burst, 5,000 × 100 at once: deliveries/s", scenario: "fanout_burst", field: "per_second", unit: "/s", better: "higher", target: { ratio: 0.8, text: "≥ 0.8× rawsrv" } },
  { id: "fanout_steady", chart: true, title: "fan-out steady, 5,000 × 10 broadcasts/s: p99 latency", scenario: "fanout_steady", field: "p99_ms", unit: "ms", better: "lower", target: { ratio: 1.2, text: "≤ 1.2× rawsrv" } },
  { id: "echo", chart: true, title: "echo, 10,000 conns, 1 in flight: replies/s", scenario: "echo", field: "per_second", unit: "/s", better: "higher", target: { ratio: 0.8, text: "≥ 0.8× rawsrv" } },
  { id: "rooms", chart: true, title: "rooms, 10,000 conns / 1,000 topics, 0.5 msg/s each: p99 latency", scenario: "rooms", field: "p99_ms", unit: "ms", better: "lower", target: { ratio: 1.5, text: "≤ 1.5× rawsrv" } },
  { id: "presence", title: "presence, 5,000 joins into one topic: until every list is complete", scenario: "presence", field: "seconds_until_all_complete", unit: "s", better: "lower", target: { absolute: 2, text: "< 2 s" } },
  { id: "sends", title: "write syscalls per subscriber for a burst of 100 broadcasts to 5,000 (strace -c)", scenario: "syscalls", field: "sends_per_subscriber", unit: "", better: "lower", target: { absolute: 100, text: "≤ 100 (at most one per broadcast)" } },
  { id: "presence_frames", title: "presence, 5,000 joins: presence frames per client", scenario: "presence", field: "frames_per_client", unit: "", better: "lower" },
];

const values = (metric, server) => runs.filter((r) => r.name === metric.scenario && r.server === server).map((r) => r.result[metric.field]).filter((v) => typeof v === "number");
const cell = (metric, server) => spreadCell(values(metric, server), metric.unit);
// The median over rounds of Wick's value divided by `other`'s value in the same round.
const ratio = (metric, other) => {
  const rounds = [...new Set(runs.map((r) => r.round))];
  const ratios = rounds
    .map((round) => {
      const pick = (server) => runs.find((r) => r.round === round && r.name === metric.scenario && r.server === server)?.result[metric.field];
      const wick = pick("wick");
      const theirs = pick(other);
      return wick !== undefined && theirs ? wick / theirs : undefined;
    })
    .filter((v) => v !== undefined);
  return ratios.length ? median(ratios) : undefined;
};
const verdict = (metric) => {
  if (!metric.target) return "";
  const wick = values(metric, "wick");
  if (!wick.length) return "not measured";
  let met;
  if (metric.target.absolute !== undefined) {
    met = metric.better === "lower" ? median(wick) <= metric.target.absolute : median(wick) >= metric.target.absolute;
  } else {
    const r = ratio(metric, "rawsrv");
    if (r === undefined) return "no rawsrv run";
    met = metric.better === "lower" ? r <= metric.target.ratio : r >= metric.target.ratio;
  }
  return met ? "met" : "**not met**";
};
const ratioText = (metric, other) => {
  const r = ratio(metric, other);
  return r === undefined ? "—" : `${r.toFixed(2)}×`;
};

const rounds = new Set(runs.map((r) => r.round)).size;
const lost = servers
  .map(({ key, label }) => {
    const mine = runs.filter((r) => r.server === key);
    if (!mine.length) return undefined;
    const sum = (field) => mine.reduce((total, r) => total + (r.result[field] ?? 0), 0);
    return `${label}: ${sum("lost")} lost, ${sum("duplicated")} duplicated, ${sum("failed")} failed connections, ${sum("closed")} closed by the server, ${sum("errors")} error replies`;
  })
  .filter(Boolean);

const table = [
  `| scenario | ${servers.map((s) => s.label).join(" | ")} | Wick ÷ rawsrv | Wick ÷ Socket.IO | Wick target | |`,
  `|---|${servers.map(() => "---:").join("|")}|---:|---:|---|---|`,
  ...metrics.map((m) => `| ${m.title} | ${servers.map((s) => cell(m, s.key)).join(" | ")} | ${ratioText(m, "rawsrv")} | ${ratioText(m, "socketio")} | ${m.target?.text ?? ""} | ${verdict(m)} |`),
];

const section = [
  `Medians of ${rounds} round${rounds === 1 ? "" : "s"}, with min–max in parentheses; a ratio is the median of the per-round ratios. Raw results: \`docs/benchmarks/results.jsonl\`.`,
  "",
  ...(machine ? ["```", machine, "```", ""] : []),
  ...table,
  "",
  `Over all runs: ${lost.join("; ")}.`,
  "",
  "![throughput](benchmarks/throughput.png)",
  "",
  "![latency](benchmarks/latency.png)",
  "",
  "![memory](benchmarks/memory.png)",
];
section.writer = "bench/report.mjs";
writeSection(docFile, "results", "Results", section);

// One data file per chart panel (bench/charts.gp): label, median, min, max.
for (const metric of metrics.filter((m) => m.chart)) {
  const rows = servers
    .map(({ key, short }) => {
      const list = values(metric, key);
      return list.length ? `"${short}" ${median(list)} ${Math.min(...list)} ${Math.max(...list)}` : undefined;
    })
    .filter(Boolean);
  fs.writeFileSync(path.join(outDir, `${metric.id}.dat`), `${rows.join("\n")}\n`);
}
