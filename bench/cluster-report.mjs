// Turns bench/cluster.sh's raw results into the cluster section of docs/benchmarks.md: fan-out
// across three nodes against one node, the Redis hop's latency, what Redis spends per
// broadcast, and 100,000 connections over six nodes. Wick beside a Socket.IO 4.8 cluster on
// the official @socket.io/redis-adapter. Then the history section: the same fan-out with
// history on, Redis's work per numbered broadcast, and memory per full topic.
//
//   node bench/cluster-report.mjs RESULTS.jsonl DOC.md MACHINE.txt
//
// Ratios and differences are taken within each round (neighbouring runs on the same machine
// state); the median of them is quoted, and each cell shows a median with its min–max.
import fs from "node:fs";
import path from "node:path";
import { median, format, spreadCell, writeSection } from "./stats.mjs";

const [resultsFile, docFile, machineFile] = process.argv.slice(2);
const runs = fs.readFileSync(resultsFile, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
const machine = fs.existsSync(machineFile) ? fs.readFileSync(machineFile, "utf8").trim() : "";
const rounds = [...new Set(runs.map((r) => r.round))];
const servers = [
  { key: "wick", label: "Wick" },
  { key: "socketio", label: "Socket.IO 4.8" },
];

const pick = (round, name, server) => runs.find((r) => r.round === round && r.name === name && r.server === server);
const listOf = (name, server, value) => runs.filter((r) => r.name === name && r.server === server).map(value).filter((v) => typeof v === "number" && Number.isFinite(v));
const cell = (name, server, value, unit) => spreadCell(listOf(name, server, value), unit);
// The median over rounds of combine(a, b), a and b the runs of two scenarios in one round.
const perRound = (first, second, server, value, combine) => {
  const list = rounds
    .map((round) => {
      const a = pick(round, first, server);
      const b = pick(round, second, server);
      return a && b ? combine(value(a), value(b)) : undefined;
    })
    .filter((v) => typeof v === "number" && Number.isFinite(v));
  return list.length ? median(list) : undefined;
};
const result = (field) => (run) => run.result[field];

// Redis's work for the run, less what it does when the nodes are idle (heartbeats, probes,
// name claims), scaled to the run's length; per broadcast.
const redisPerBroadcast = (counter) => (run) => {
  const { idle_start: idle, before, after, idle_seconds: idleSeconds, run_seconds: runSeconds } = run.redis;
  const background = ((before[counter] - idle[counter]) / idleSeconds) * runSeconds;
  const broadcasts = run.result.expected / run.result.joined;  // expected = joined × broadcasts
  return (after[counter] - before[counter] - background) / broadcasts;
};

const fanout = [
  ["burst of 100 at once: deliveries/s", "burst", result("per_second"), "/s"],
  ["burst of 100 at once: p50 latency", "burst", result("p50_ms"), "ms"],
  ["burst of 100 at once: p99 latency", "burst", result("p99_ms"), "ms"],
  ["10 broadcasts/s: p50 latency", "steady", result("p50_ms"), "ms"],
  ["10 broadcasts/s: p99 latency", "steady", result("p99_ms"), "ms"],
];
const fanoutTable = [
  `| 15,000 subscribers | ${servers.map((s) => `${s.label}, 1 node | ${s.label}, 3 nodes | 3 nodes ÷ 1 node`).join(" | ")} |`,
  `|---|${servers.map(() => "---:|---:|---:").join("|")}|`,
  ...fanout.map(([title, kind, value, unit]) => {
    const cells = servers.map(({ key }) => {
      const ratio = perRound(`cluster_${kind}`, `single_${kind}`, key, value, (a, b) => a / b);
      return `${cell(`single_${kind}`, key, value, unit)} | ${cell(`cluster_${kind}`, key, value, unit)} | ${ratio === undefined ? "—" : `${ratio.toFixed(2)}×`}`;
    });
    return `| ${title} | ${cells.join(" | ")} |`;
  }),
];

const hopTable = [
  "| 100 subscribers, 50 broadcasts/s | subscribers on the publisher's node: p50 | p99 | on another node: p50 | p99 | the hop adds, p50 | p99 |",
  "|---|---:|---:|---:|---:|---:|---:|",
  ...servers.map(({ key, label }) => {
    const added = (field) => {
      const d = perRound("hop_remote", "hop_local", key, result(field), (a, b) => a - b);
      return d === undefined ? "—" : format(d, "ms");
    };
    return `| ${label} | ${cell("hop_local", key, result("p50_ms"), "ms")} | ${cell("hop_local", key, result("p99_ms"), "ms")} | ${cell("hop_remote", key, result("p50_ms"), "ms")} | ${cell("hop_remote", key, result("p99_ms"), "ms")} | ${added("p50_ms")} | ${added("p99_ms")} |`;
  }),
];

const costRows = [
  ["PUBLISH commands per broadcast", redisPerBroadcast("publishes"), ""],
  ["Redis commands per broadcast (besides subscribes)", redisPerBroadcast("commands"), ""],
  ["Redis CPU per broadcast", redisPerBroadcast("cpu_us"), "µs"],
  ["bytes Redis sends per broadcast", redisPerBroadcast("bytes_out"), "B"],
  ["latency p99 at 400 broadcasts/s", result("p99_ms"), "ms"],
];
const costTable = [
  `| 3 nodes × 100 subscribers, 2,000 broadcasts at 400/s | ${servers.map((s) => s.label).join(" | ")} |`,
  `|---|${servers.map(() => "---:").join("|")}|`,
  ...costRows.map(([title, value, unit]) => `| ${title} | ${servers.map(({ key }) => cell("redis_cost", key, value, unit)).join(" | ")} |`),
];

const scaleRows = [
  ["connections joined", result("joined"), ""],
  ["connect+join rate", result("connect_join_per_s"), "/s"],
  ["one broadcast to all: until the last delivery", (run) => run.result.seconds * 1000, "ms"],
  ["latency p50", result("p50_ms"), "ms"],
  ["latency p99", result("p99_ms"), "ms"],
  ["nodes' RSS per joined connection (summed over the nodes)", result("rss_bytes_per_conn"), "B"],
  ["Redis memory per joined connection (its socket id's channel)", (run) => (run.redis.after.memory_peak - run.redis.before.memory) / run.result.joined, "B"],
];
const scaleTable = [
  "| 100,000 connections over 6 Wick nodes | Wick |",
  "|---|---:|",
  ...scaleRows.map(([title, value, unit]) => `| ${title} | ${cell("scale_100k", "wick", value, unit)} |`),
];

const totals = servers.map(({ key, label }) => {
  const mine = runs.filter((r) => r.server === key);
  const sum = (field) => mine.reduce((total, r) => total + (r.result[field] ?? 0), 0);
  return `${label}: ${sum("lost")} lost, ${sum("duplicated")} duplicated, ${sum("failed")} failed connections, ${sum("closed")} closed by the server`;
});

const section = [
  `Medians of ${rounds.length} round${rounds.length === 1 ? "" : "s"}, with min–max in parentheses; a ratio or a difference is the median of the per-round ones. Raw results: \`docs/benchmarks/cluster-results.jsonl\`.`,
  "",
  ...(machine ? ["```", machine, "```", ""] : []),
  "**Fan-out across nodes.** The same 15,000 subscribers on one node, or 5,000 on each of three nodes; the publisher is on the first node.",
  "",
  ...fanoutTable,
  "",
  "**The Redis hop.** A low rate, so that latency is the path and not a queue: 100 subscribers on the publisher's node, or on another node of the same cluster.",
  "",
  ...hopTable,
  "",
  "**What Redis does per broadcast** (its own counters, `INFO`, less what it does while the nodes are idle).",
  "",
  ...costTable,
  "",
  "**Scale on this machine.** Six nodes of about 16,700 connections each (the 20,000-file limit per process), each connection its own user (`--user-ids yes`: a socket id, which is a topic of its own across the cluster), one broadcast to all of them.",
  "",
  ...scaleTable,
  "",
  `Over all runs: ${totals.join("; ")}.`,
];
section.writer = "bench/cluster-report.mjs";
writeSection(docFile, "cluster", "The cluster", section);

// History (docs/recovery.md): the same fan-out on wick-rooms's stream:* topics, each broadcast
// numbered and kept, against room:*; and what Redis does per broadcast when one Lua script
// numbers, appends and publishes it.
const historyRows = [
  ["burst of 100 at once: deliveries/s", result("per_second"), "/s"],
  ["burst of 100 at once: p50 latency", result("p50_ms"), "ms"],
  ["burst of 100 at once: p99 latency", result("p99_ms"), "ms"],
];
const historyTable = [
  "| 15,000 subscribers, Wick | 1 node: without | with history | with ÷ without | 3 nodes: without | with history | with ÷ without |",
  "|---|---:|---:|---:|---:|---:|---:|",
  ...historyRows.map(([title, value, unit]) => {
    const side = (plain) => {
      const ratio = perRound(`${plain}_history`, plain, "wick", value, (a, b) => a / b);
      return `${cell(plain, "wick", value, unit)} | ${cell(`${plain}_history`, "wick", value, unit)} | ${ratio === undefined ? "—" : `${ratio.toFixed(2)}×`}`;
    };
    return `| ${title} | ${side("single_burst")} | ${side("cluster_burst")} |`;
  }),
];
const historyCostRows = [
  ["stream scripts (EVALSHA) per broadcast", redisPerBroadcast("scripts"), ""],
  ["PUBLISH commands per broadcast (a script's included)", redisPerBroadcast("publishes"), ""],
  ["Redis commands per broadcast (besides subscribes)", redisPerBroadcast("commands"), ""],
  ["time in the stream script per broadcast", redisPerBroadcast("script_us"), "µs"],
  ["Redis CPU per broadcast", redisPerBroadcast("cpu_us"), "µs"],
  ["bytes Redis sends per broadcast", redisPerBroadcast("bytes_out"), "B"],
  ["latency p99 at 400 broadcasts/s", result("p99_ms"), "ms"],
];
const historyCostTable = [
  "| 3 nodes × 100 subscribers, 2,000 broadcasts at 400/s, Wick | without history | with history |",
  "|---|---:|---:|",
  ...historyCostRows.map(([title, value, unit]) => `| ${title} | ${cell("redis_cost", "wick", value, unit)} | ${cell("redis_cost_history", "wick", value, unit)} |`),
];
const costFile = `${path.dirname(resultsFile)}/history-cost.jsonl`;
const memoryLines = fs.existsSync(costFile)
  ? fs.readFileSync(costFile, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line)).map((m) =>
    `- ${m.topics.toLocaleString("en")} topics × ${m.size.toLocaleString("en")} broadcasts of a ${m.body_bytes}-byte body: ${m.bytes_per_topic.toLocaleString("en")} B per full topic, ${m.bytes_per_broadcast} B per kept broadcast`)
  : [];
const history = [
  `Medians of ${rounds.length} round${rounds.length === 1 ? "" : "s"} of bench/cluster.sh's \`*_history\` scenarios beside their plain twins, run in the same rounds (\`wick-bench --topic-prefix stream\`: wick-rooms's \`stream:*\` topics keep the default history, 100 broadcasts for 2 minutes).`,
  "",
  ...historyTable,
  "",
  "**What Redis does per broadcast with history** (one Lua script assigns the offset, appends to the topic's stream and publishes; its own counters, as above).",
  "",
  ...historyCostTable,
  "",
  ...(memoryLines.length ? ["**Memory per topic with a full stream** on one node (`build/bin/wick-history-cost TOPICS SIZE BODY`: heap growth, each broadcast's payload and its encoded frame):", "", ...memoryLines] : []),
];
history.writer = "bench/cluster-report.mjs";
writeSection(docFile, "history", "History", history);
