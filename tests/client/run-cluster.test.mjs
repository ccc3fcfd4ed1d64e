// scripts/run-cluster.sh as a person runs it (setup skipped: the build is there): Redis,
// PostgreSQL, three wick-chat nodes and HAProxy come up; the official client chats through
// HAProxy across nodes; Ctrl-C (SIGINT to the script's process group) stops everything; a
// second run finds the same database and secret, so an old token still signs in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, chmodSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connect, join, push, waitFor, nextEvent } from "./helpers.mjs";
import { api, register, createRoom } from "./chat-helpers.mjs";

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../scripts/run-cluster.sh");

const accepts = (port) => new Promise((resolve) => {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("connect", () => { socket.destroy(); resolve(true); });
  socket.on("error", () => resolve(false));
});

/**
 * A base port whose offsets (0..3, 379, 432) are all free, below Linux's ephemeral range
 * (32768 and up), so that no outgoing connection takes one while the script sets up.
 */
async function freeBase() {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 10000 + Math.floor(Math.random() * 220) * 100;
    const taken = await Promise.all([0, 1, 2, 3, 379, 432].map((offset) => accepts(base + offset)));
    if (!taken.some(Boolean)) return base;
  }
  throw new Error("no free port range");
}

function runCluster(port, state) {
  const proc = spawn(script, [], {
    detached: true,  // its own process group, as a terminal gives it
    env: { ...process.env, PORT: String(port), WICK_CLUSTER_DIR: state, WICK_SKIP_SETUP: "1", WICK_LOG: "error" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = [];
  for (const stream of [proc.stdout, proc.stderr]) stream.on("data", (chunk) => output.push(chunk.toString()));
  const exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  let gone = false;
  exited.then(() => { gone = true; });
  const ready = waitFor(() => {
    if (output.join("").includes("the chat is on")) return true;
    if (gone) throw new Error(`run-cluster.sh exited before the chat came up:\n${output.join("")}`);
    return false;
  }, 60_000, () => `run-cluster.sh to come up:\n${output.join("")}`);
  return {
    proc, output, exited, ready,
    server: { url: `ws://127.0.0.1:${port}/socket`, http: `http://127.0.0.1:${port}` },
    /** Ctrl-C: SIGINT to the whole process group. */
    async interrupt() {
      process.kill(-proc.pid, "SIGINT");
      return exited;
    },
  };
}

test("run-cluster.sh: three nodes behind HAProxy, chat across them, Ctrl-C stops all, state kept", async () => {
  const port = await freeBase();
  const state = mkdtempSync(path.join(tmpdir(), "wick-run-cluster-"));
  chmodSync(state, 0o755);  // the postgres user reaches its data directory inside
  let run = runCluster(port, state);
  try {
    await run.ready;
    for (const offset of [1, 2, 3, 379, 432]) assert.ok(await accepts(port + offset), `port ${port + offset}`);
    const ana = await register(run.server, "ana");
    const bob = await register(run.server, "bob");
    const room = await createRoom(run.server, ana, "lobby");
    const sockets = [await connect(run.server, { token: ana.token }), await connect(run.server, { token: bob.token })];
    const [a, b] = sockets.map((socket) => socket.channel(`chat:${room.id}`));
    await join(a);
    await join(b);
    const seen = nextEvent(b, "message", 5000);
    assert.equal((await push(a, "message", { body: "through haproxy" })).status, "ok");
    assert.equal((await seen).body, "through haproxy");
    for (const socket of sockets) socket.disconnect();

    assert.deepEqual(await run.interrupt(), { code: 0, signal: null });
    assert.match(run.output.join(""), /run-cluster: stopped/);
    for (const offset of [0, 1, 2, 3, 379, 432]) {
      await waitFor(async () => !(await accepts(port + offset)), 5000, `port ${port + offset} closed`);
    }

    // Again on the same state: the same database and secret key base.
    run = runCluster(port, state);
    await run.ready;
    assert.equal((await api(run.server, "GET", "/api/me", undefined, ana.token)).status, 200);
    const socket = await connect(run.server, { token: bob.token });
    const { messages } = await join(socket.channel(`chat:${room.id}`));
    assert.deepEqual(messages.map((m) => m.body), ["through haproxy"]);
    socket.disconnect();
  } finally {
    if (run.proc.exitCode === null && run.proc.signalCode === null) await run.interrupt();
    rmSync(state, { recursive: true, force: true });
  }
});
