// Churn: clients that connect, join, push, leave and go away in every way a server meets, in
// waves, against a running server; then what the server has left over. Used by churn.test.mjs
// (a short run) and by tools/churn-soak.mjs (a long one).
import { readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { Socket } from "phoenix";
import { WebSocket, rawTcpUpgrade, clientFrame, waitFor, sleep } from "./helpers.mjs";

/** The server process's open descriptors and resident memory (bytes). */
export function processFootprint(pid) {
  const fds = readdirSync(`/proc/${pid}/fd`).length;
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024;
  return { fds, rss };
}

/** One HTTP request on its own connection, closed after it (no keep-alive pool left behind). */
function request(url, { method = "GET", body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (response) => {
      let text = "";
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve(text));
    });
    req.on("error", reject);
    req.end(body);
  });
}

export async function serverGauges(server) {
  const text = await request(`${server.http}/metrics`);
  const gauge = (name) => Number(new RegExp(`^${name} (\\d+)$`, "m").exec(text)[1]);
  return {
    connections: gauge("wick_connections"),
    channels: gauge("wick_channels"),
    subscriptions: gauge("wick_subscriptions"),
    presences: gauge("wick_presences"),
  };
}

const topic = (i) => `room:churn${i % 20}`;
const joinFrame = (i) => JSON.stringify([`${i}`, `${i}`, topic(i), "phx_join", {}]);

// Each behaviour resolves once its client is gone (from its own side).
const behaviours = [
  // The official client: join (presence is on in wick-rooms), push, leave, disconnect.
  async (server, i) => {
    const socket = new Socket(server.url, { transport: WebSocket, params: { user_id: `u${i}` }, reconnectAfterMs: () => 60_000 });
    socket.connect();
    const channel = socket.channel(topic(i));
    await new Promise((resolve) => channel.join().receive("ok", resolve).receive("error", resolve).receive("timeout", resolve));
    await new Promise((resolve) => channel.push("new_msg", { body: "hi" }).receive("ok", resolve).receive("error", resolve).receive("timeout", resolve));
    await new Promise((resolve) => channel.leave().receive("ok", resolve).receive("timeout", resolve));
    await new Promise((resolve) => socket.disconnect(resolve));
  },
  // The official client: two channels, then a disconnect without leaving them.
  async (server, i) => {
    const socket = new Socket(server.url, { transport: WebSocket, params: { user_id: `u${i}` }, reconnectAfterMs: () => 60_000 });
    socket.connect();
    const joined = [topic(i), topic(i + 1)].map((t) => new Promise((resolve) =>
      socket.channel(t).join().receive("ok", resolve).receive("error", resolve).receive("timeout", resolve)));
    await Promise.all(joined);
    await new Promise((resolve) => socket.disconnect(resolve));
  },
  // Raw WebSocket: join, then cut off in the middle of a frame.
  async (server, i) => {
    const raw = await rawTcpUpgrade(server);
    raw.socket.write(clientFrame(0x81, joinFrame(i)));
    await waitFor(() => raw.bytes.length > 0 || raw.ended, 3000, "the join reply").catch(() => {});
    const frame = clientFrame(0x81, JSON.stringify([null, "9", "phoenix", "heartbeat", { pad: "x".repeat(80) }]));
    raw.socket.write(frame.subarray(0, 20));
    raw.socket.destroy();
  },
  // Raw WebSocket: join, then gone without a close frame.
  async (server, i) => {
    const raw = await rawTcpUpgrade(server);
    raw.socket.write(clientFrame(0x81, joinFrame(i)));
    await waitFor(() => raw.bytes.length > 0 || raw.ended, 3000, "the join reply").catch(() => {});
    raw.socket.resetAndDestroy();
  },
  // Raw TCP: half an upgrade request, then gone.
  async (server) => {
    const socket = net.connect(server.port, "127.0.0.1");
    socket.on("error", () => {});
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write("GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr");
    await sleep(5);
    socket.destroy();
  },
  // Long-poll: a session joins a channel and is abandoned (it expires on the server).
  async (server, i) => {
    const opened = JSON.parse(await request(`${server.http}/socket/longpoll?vsn=2.0.0&user_id=lp${i}`));
    await request(`${server.http}/socket/longpoll?vsn=2.0.0&token=${encodeURIComponent(opened.token)}`, {
      method: "POST", headers: { "content-type": "application/json" }, body: joinFrame(i),
    });
  },
];

/** Runs `clients` clients, `concurrency` at a time, cycling through the behaviours. */
export async function churn(server, { clients, concurrency }) {
  for (let start = 0; start < clients; start += concurrency) {
    const wave = [];
    for (let i = start; i < Math.min(clients, start + concurrency); i += 1) {
      wave.push(behaviours[i % behaviours.length](server, i).catch(() => {}));
    }
    await Promise.all(wave);
  }
}

/** Waits until the server holds no sockets, channels, subscriptions or presences. */
export async function waitForNothingLeft(server, timeoutMs) {
  let gauges;
  await waitFor(async () => {
    gauges = await serverGauges(server);
    return gauges.connections === 0 && gauges.channels === 0 && gauges.subscriptions === 0 && gauges.presences === 0;
  }, timeoutMs, "no leftovers").catch(() => {});
  return gauges;
}
