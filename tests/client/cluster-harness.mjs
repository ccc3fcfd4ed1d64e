// A cluster for a test file: its own redis-server (Debian's) on a free loopback port, with a
// password, and wick-rooms nodes that share it. Everything started here is stopped by stop().
import { spawn, execFile } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { promisify } from "node:util";
import { startServer, metrics, waitFor } from "./helpers.mjs";

const run = promisify(execFile);

export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** A redis-server with nothing on disk; restart() brings it back on the same port, empty. */
export async function startRedis({ password = "cluster-secret", port } = {}) {
  const redis = { port: port ?? (await freePort()), password, proc: null };
  redis.url = `redis://:${password}@127.0.0.1:${redis.port}`;
  redis.start = async () => {
    redis.proc = spawn("redis-server", [
      "--port", String(redis.port), "--bind", "127.0.0.1", "--requirepass", password,
      "--save", "", "--appendonly", "no", "--loglevel", "warning",
    ], { stdio: "ignore" });
    redis.exited = new Promise((resolve) => redis.proc.on("exit", resolve));
    await waitFor(() => accepts(redis.port), 5000, "redis-server to listen");
  };
  redis.stop = async (signal = "SIGTERM") => {
    if (!redis.proc || redis.proc.exitCode !== null || redis.proc.signalCode !== null) return;
    redis.proc.kill(signal);
    await redis.exited;
  };
  /** redis-cli with the password; resolves with its output. */
  redis.cli = async (...args) =>
    (await run("redis-cli", ["-p", String(redis.port), "-a", password, "--no-auth-warning", ...args]))
      .stdout;
  await redis.start();
  return redis;
}

/** A wick-rooms node of the cluster of `url`. */
export function startNode(url, name, args = []) {
  return startServer("wick-rooms", ["--redis", url, "--node-name", name, "--api-key", "k", ...args]);
}

/** Resolves once every node's link to Redis is up (the wick_cluster_link_up gauge). */
export async function linked(nodes, timeoutMs = 10000) {
  await waitFor(
    async () => (await Promise.all(nodes.map(metrics))).every((m) => m.wick_cluster_link_up === 1),
    timeoutMs,
    "every node's cluster link",
  );
}

/** POST /api/broadcast on `node`. */
export async function httpBroadcast(node, topic, event, payload = {}) {
  const response = await fetch(`${node.http}/api/broadcast`, {
    method: "POST",
    headers: { authorization: "Bearer k" },
    body: JSON.stringify({ topic, event, payload }),
  });
  if (response.status !== 202) throw new Error(`/api/broadcast answered ${response.status}`);
}

/**
 * A TCP proxy to 127.0.0.1:targetPort that the test can slow down (`delayMs`, each way), stall
 * (connections stay open, nothing passes: a wedged link), cut (connections drop, new ones are
 * refused: a partition) and heal.
 */
export async function startProxy(targetPort, { delayMs = 0 } = {}) {
  const open = new Set();
  let state = "flowing";
  const stalled = [];
  const forward = (from, to) => {
    let last = 0;
    from.on("data", (chunk) => {
      if (state === "stalled") return stalled.push(() => to.write(chunk));
      if (!delayMs) return to.write(chunk);
      // Ordered: no chunk is due before the one ahead of it.
      const due = Math.max(Date.now() + delayMs, last);
      last = due;
      setTimeout(() => to.write(chunk), due - Date.now());
    });
  };
  const server = net.createServer((client) => {
    if (state === "cut") return client.destroy();
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxy = { port: server.address().port };
  proxy.stall = () => { state = "stalled"; };
  proxy.cut = () => {
    state = "cut";
    for (const socket of open) socket.destroy();
  };
  /** Discards what a stall held back (a wedged link loses it) and lets traffic pass again. */
  proxy.heal = () => {
    state = "flowing";
    stalled.length = 0;
  };
  proxy.close = async () => {
    proxy.cut();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}

/**
 * A load balancer without sticky sessions: each HTTP request goes to the next of `nodes` in
 * turn (`hits` counts them per node), so a long-poll session's requests land on every node.
 * `url` is its socket endpoint, as a node's is.
 */
export async function startBalancer(nodes) {
  const hits = nodes.map(() => 0);
  let next = 0;
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((request, response) => {
    const index = next++ % nodes.length;
    hits[index] += 1;
    const upstream = http.request({
      host: "127.0.0.1", port: nodes[index].port, path: request.url, method: request.method,
      headers: request.headers, agent,
    }, (answer) => {
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", () => response.headersSent ? response.destroy() : response.writeHead(502).end());
    response.on("close", () => response.writableFinished || upstream.destroy());  // client gone
    request.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    port, hits,
    url: `ws://127.0.0.1:${port}/socket`,
    http: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * HAProxy (Debian's) with the configuration the docs give (deploy/haproxy.cfg) in front of
 * three nodes, on a free port; resolves once it sends requests to every node.
 */
export async function startHaproxy(nodes) {
  const port = await freePort();
  const config = new URL("../../deploy/haproxy.cfg", import.meta.url).pathname;
  const env = { ...process.env, WICK_LISTEN: `127.0.0.1:${port}` };
  nodes.forEach((node, i) => { env[`WICK_NODE${i + 1}`] = `127.0.0.1:${node.port}`; });
  const proc = spawn("haproxy", ["-f", config, "-db"], { env, stdio: ["ignore", "ignore", "pipe"] });
  const stderr = [];
  proc.stderr.on("data", (chunk) => stderr.push(chunk.toString()));
  const exited = new Promise((resolve) => proc.on("exit", resolve));
  await waitFor(() => accepts(port), 5000, `haproxy to listen (${stderr.join("")})`);
  const balancer = {
    port, proc,
    url: `ws://127.0.0.1:${port}/socket`,
    http: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      await exited;
    },
  };
  return balancer;
}
