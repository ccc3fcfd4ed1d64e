// A smoke run of wick-bench against wick-rooms and against the Socket.IO peer of bench/compare.sh:
// every scenario, tiny, checking only that it works and nothing is lost. Benchmarks are not
// tests: no timing is asserted here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { startServer, binDir } from "./helpers.mjs";

const run = promisify(execFile);

async function bench(server, args) {
  const { stdout } = await run(path.join(binDir, "wick-bench"), [...args, "--port", String(server.port), "--server-pid", String(server.proc.pid)], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1));
}

test("wick-bench runs every scenario against wick-rooms without loss", async () => {
  // wick-rooms has no per-socket rate limit by default (a refused push would be an error).
  const server = await startServer("wick-rooms", ["--threads", "2"]);
  try {
    const connect = await bench(server, ["connect", "--conns", "300", "--workers", "2"]);
    assert.equal(connect.joined, 300);
    assert.ok(connect.rss_kb_joined > 0);

    const fanout = await bench(server, ["fanout", "--conns", "200", "--broadcasts", "20", "--workers", "2"]);
    assert.deepEqual([fanout.joined, fanout.received, fanout.lost, fanout.duplicated], [200, 4000, 0, 0]);

    const steady = await bench(server, ["fanout", "--conns", "50", "--broadcasts", "20", "--rate", "100"]);
    assert.deepEqual([steady.received, steady.lost], [1000, 0]);

    const echo = await bench(server, ["echo", "--conns", "50", "--in-flight", "2", "--duration", "0.5"]);
    assert.ok(echo.received > 0);
    assert.deepEqual([echo.lost, echo.errors], [0, 0]);

    const rooms = await bench(server, ["rooms", "--conns", "100", "--topics", "10", "--msg-rate", "5", "--duration", "0.5"]);
    assert.ok(rooms.received > 0);
    assert.deepEqual([rooms.lost, rooms.errors], [0, 0]);
    assert.ok(rooms.p99_ms >= rooms.p50_ms);

    const presence = await bench(server, ["presence", "--conns", "60", "--workers", "2"]);
    assert.deepEqual([presence.complete, presence.incomplete], [60, 0]);
    assert.ok(presence.frames_per_client >= 1);
  } finally {
    await server.stop();
  }
});

test("wick-bench --proto socketio runs every scenario but presence against the Socket.IO peer", async () => {
  const peer = fileURLToPath(new URL("../../bench/peers/socketio/server.js", import.meta.url));
  const server = await startServer("socketio", [], {}, peer);
  try {
    const proto = ["--proto", "socketio"];
    const connect = await bench(server, ["connect", "--conns", "300", "--workers", "2", ...proto]);
    assert.deepEqual([connect.joined, connect.closed], [300, 0]);

    const fanout = await bench(server, ["fanout", "--conns", "200", "--broadcasts", "20", "--workers", "2", ...proto]);
    assert.deepEqual([fanout.joined, fanout.received, fanout.lost, fanout.duplicated], [200, 4000, 0, 0]);

    const echo = await bench(server, ["echo", "--conns", "50", "--in-flight", "2", "--duration", "0.5", ...proto]);
    assert.ok(echo.received > 0);
    assert.deepEqual([echo.lost, echo.errors], [0, 0]);

    const rooms = await bench(server, ["rooms", "--conns", "100", "--topics", "10", "--msg-rate", "5", "--duration", "0.5", ...proto]);
    assert.ok(rooms.received > 0);
    assert.deepEqual([rooms.lost, rooms.errors], [0, 0]);
  } finally {
    await server.stop();
  }
});
