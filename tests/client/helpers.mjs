// Shared helpers for the client suites: start a Wick binary on a free port, connect the
// official phoenix client over `ws`, and speak raw frames when a test needs to.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { Socket } from "phoenix";
import WebSocket from "ws";

const here = path.dirname(fileURLToPath(import.meta.url));
export const binDir = process.env.WICK_BIN_DIR ?? path.resolve(here, "../../build/bin");

export { Socket, WebSocket };

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds, or fails after `timeoutMs`. */
export async function waitFor(condition, timeoutMs = 3000, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${typeof what === "function" ? what() : what}`);
}

/**
 * Starts build/bin/<name> on a kernel-chosen port (--port 0, and PORT=0 in its environment);
 * resolves once it prints its port.
 */
export async function startServer(name, args = [], env = {}, executable = path.join(binDir, name)) {
  const proc = spawn(executable, ["--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: "0", WICK_LOG: process.env.WICK_LOG ?? "error", ...env },
  });
  const lines = [];
  const stderr = [];
  const exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  let buffered = "";
  proc.stderr.on("data", (chunk) => stderr.push(chunk.toString()));
  const port = await new Promise((resolve, reject) => {
    proc.stdout.on("data", (chunk) => {
      buffered += chunk.toString();
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        lines.push(line);
        const match = /port=(\d+)/.exec(line);
        if (match && lines.length === 1) resolve(Number(match[1]));
      }
    });
    exited.then(({ code }) => reject(new Error(`${name} exited (${code}): ${stderr.join("")}`)));
  });
  return {
    port,
    proc,
    lines,
    stderr,
    exited,
    url: `ws://127.0.0.1:${port}/socket`,
    http: `http://127.0.0.1:${port}`,
    /** SIGTERM, then the exit; throws if the server reported a sanitizer error (ASan, UBSan, LSan). */
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      const exit = await exited;
      const report = stderr.join("");
      if (/(ERROR|WARNING): (Address|Leak|Thread)Sanitizer|runtime error:/.test(report)) {
        throw new Error(`${name} reported a sanitizer error:\n${report}`);
      }
      return exit;
    },
    /** True while the process runs and answers /health. */
    async healthy() {
      if (proc.exitCode !== null || proc.signalCode !== null) return false;
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      return response.status === 200;
    },
  };
}

/** GET /metrics as { "wick_metric" or 'wick_metric{reason="r"}': value }. */
export async function metrics(server) {
  const response = await fetch(`${server.http}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const type = response.headers.get("content-type");
  if (!/^text\/plain; version=0\.0\.4/.test(type)) throw new Error(`/metrics content type ${type}`);
  const values = {};
  for (const line of (await response.text()).split("\n")) {
    const match = /^(wick_[a-z_]+(?:\{reason="[a-z_]+"\})?) (\d+)$/.exec(line);
    if (match) values[match[1]] = Number(match[2]);
  }
  return values;
}

/** An official phoenix Socket, connected. */
export async function connect(server, params = {}, options = {}) {
  const socket = new Socket(server.url, {
    transport: WebSocket,
    params,
    reconnectAfterMs: () => 50,
    rejoinAfterMs: () => 100,
    ...options,
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("socket did not open")), 3000);
    socket.onOpen(() => {
      clearTimeout(timer);
      resolve();
    });
    socket.connect();
  });
  return socket;
}

/**
 * A server for a whole test file: started before the tests, stopped after them (the exit is
 * kept in `exit`), with official-client sockets that are disconnected at the end.
 */
export function useServer(name, args = []) {
  const fixture = { server: null, exit: null, sockets: [] };
  before(async () => {
    fixture.server = await startServer(name, args);
  });
  after(async () => {
    for (const socket of fixture.sockets) socket.disconnect();
    fixture.exit = await fixture.server.stop();
  });
  fixture.client = async (params = {}, options = {}) => {
    const socket = await connect(fixture.server, params, options);
    fixture.sockets.push(socket);
    return socket;
  };
  return fixture;
}

/** Joins; resolves with the ok response, rejects with the error response. */
export function join(channel) {
  return new Promise((resolve, reject) => {
    channel
      .join()
      .receive("ok", resolve)
      .receive("error", (response) => reject(Object.assign(new Error("join refused"), { response })))
      .receive("timeout", () => reject(new Error("join timed out")));
  });
}

/** Pushes; resolves with {status, response} for ok, error or any custom status given. */
export function push(channel, event, payload = {}, statuses = ["ok", "error"]) {
  return new Promise((resolve, reject) => {
    const sent = channel.push(event, payload, 2000);
    for (const status of statuses) sent.receive(status, (response) => resolve({ status, response }));
    sent.receive("timeout", () => reject(new Error(`no reply to ${event}`)));
  });
}

/** Resolves with the next `event` pushed on `channel`. */
export function nextEvent(channel, event, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event`)), timeoutMs);
    const ref = channel.on(event, (payload) => {
      clearTimeout(timer);
      channel.off(event, ref);
      resolve(payload);
    });
  });
}

/** What every raw client has: the messages it received, in order, and ways to wait for one. */
class RecordingClient {
  constructor() {
    this.messages = [];
  }

  /**
   * Waits until a message satisfies `match` and returns it (removing it from the list). Fails
   * at once when the client recorded a `failure` (a transport answer it did not expect).
   */
  async expect(match, timeoutMs = 2000) {
    let found;
    await waitFor(
      () => {
        if (this.failure) throw new Error(this.failure);
        const index = this.messages.findIndex(match);
        if (index < 0) return false;
        [found] = this.messages.splice(index, 1);
        return true;
      },
      timeoutMs,
      "a matching message",
    );
    return found;
  }

  /** The reply to `ref`. */
  reply(ref, timeoutMs) {
    return this.expect((m) => Array.isArray(m) && m[1] === ref && m[3] === "phx_reply", timeoutMs);
  }

  async join(topic, ref, payload = {}) {
    this.send([ref, ref, topic, "phx_join", payload]);
    return this.reply(ref);
  }
}

/**
 * A raw WebSocket that records every message (V2 arrays parsed, binary kept as Buffer) and how
 * it closed, for tests that need exact frames.
 */
export class RawClient extends RecordingClient {
  static async open(server, query = "vsn=2.0.0", options = {}) {
    const client = new RawClient(new WebSocket(`${server.url}/websocket?${query}`, options));
    await new Promise((resolve, reject) => {
      client.ws.once("open", resolve);
      client.ws.once("error", reject);
    });
    return client;
  }

  constructor(ws) {
    super();
    this.ws = ws;
    this.closed = new Promise((resolve) =>
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on("error", () => {});
    ws.on("message", (data, isBinary) => {
      this.messages.push(isBinary ? data : JSON.parse(data.toString()));
    });
  }

  send(message) {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  close() {
    this.ws.terminate();
  }
}

/**
 * A raw long-poll request to /socket/longpoll; resolves with {http, body, text, headers}, body
 * being the parsed JSON envelope or null.
 */
export async function longPollRequest(server, method, { query = "vsn=2.0.0", token, body, headers = {}, signal } = {}) {
  const url = `${server.http}/socket/longpoll?${query}${token ? `&token=${encodeURIComponent(token)}` : ""}`;
  const response = await fetch(url, { method, body, headers, signal });
  const text = await response.text();
  let parsed = null;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { http: response.status, body: parsed, text, headers: response.headers };
}

/**
 * RawClient's counterpart over long-poll: a session of its own, polled without pause, each
 * message it receives parsed and recorded; send() POSTs one message. POSTs go out one at a
 * time, in order, as phoenix.js sends them; an answer other than 200 fails the next expect().
 */
export class RawLongPoll extends RecordingClient {
  static async open(server, query = "vsn=2.0.0") {
    const client = new RawLongPoll(server, query);
    const created = await client.request("GET");
    if (created.status !== 410 || !created.token) throw new Error(`no session: ${JSON.stringify(created)}`);
    client.token = created.token;
    client.poll();
    return client;
  }

  constructor(server, query) {
    super();
    this.server = server;
    this.query = query;
    this.aborter = new AbortController();
    this.posting = Promise.resolve();
  }

  /** The answer's JSON envelope ({status: "not JSON"} when it is none). */
  async request(method, body) {
    const answer = await longPollRequest(this.server, method, {
      query: this.query,
      token: this.token,
      body,
      headers: body ? { "content-type": "application/json" } : {},
      signal: this.aborter.signal,
    });
    return answer.body ?? { status: "not JSON", text: answer.text };
  }

  async poll() {
    try {
      for (;;) {
        const answer = await this.request("GET");
        if (answer.status !== 200 && answer.status !== 204) {
          this.failure = `poll answered ${JSON.stringify(answer)}`;
          return;
        }
        for (const message of answer.messages) this.messages.push(JSON.parse(message));
      }
    } catch (error) {
      if (!this.aborter.signal.aborted) this.failure = `poll failed: ${error}`;
    }
  }

  send(message) {
    const body = typeof message === "string" ? message : JSON.stringify(message);
    this.posting = this.posting
      .then(() => this.request("POST", body))
      .then((answer) => {
        if (answer.status !== 200) this.failure = `POST ${body} answered ${JSON.stringify(answer)}`;
      })
      .catch((error) => {
        if (!this.aborter.signal.aborted) this.failure = `POST failed: ${error}`;
      });
  }

  close() {
    this.aborter.abort();
  }
}

/** The HTTP status a WebSocket upgrade gets (101 when accepted). */
export function upgradeStatus(url, options = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.on("upgrade", () => {
      resolve(101);
      ws.terminate();
    });
    ws.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode);
      ws.terminate();
    });
    ws.on("error", () => {});
  });
}

/**
 * A WebSocket over a plain TCP socket, for frames the `ws` library refuses to send (unmasked,
 * reserved bits). Resolves once upgraded; `bytes` collects what the server sends after 101.
 */
export async function rawTcpUpgrade(server, query = "vsn=2.0.0") {
  const socket = net.connect(server.port, "127.0.0.1");
  const key = crypto.randomBytes(16).toString("base64");
  const state = { socket, bytes: Buffer.alloc(0), ended: false };
  socket.on("end", () => (state.ended = true));
  socket.on("close", () => (state.ended = true));
  socket.on("error", () => {});
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(
    `GET /socket/websocket?${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  let header = Buffer.alloc(0);
  await new Promise((resolve) => {
    const onData = (chunk) => {
      header = Buffer.concat([header, chunk]);
      const end = header.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      state.bytes = header.subarray(end + 4);
      socket.on("data", (more) => (state.bytes = Buffer.concat([state.bytes, more])));
      resolve();
    };
    socket.on("data", onData);
  });
  return state;
}

/** A client frame with the given first byte, optionally masked. */
export function clientFrame(firstByte, payload, masked = true) {
  const body = Buffer.from(payload);
  const mask = crypto.randomBytes(4);
  const head = Buffer.from([firstByte, (masked ? 0x80 : 0) | body.length]);
  if (!masked) return Buffer.concat([head, body]);
  const out = Buffer.from(body);
  for (let i = 0; i < out.length; i++) out[i] ^= mask[i % 4];
  return Buffer.concat([head, mask, out]);
}

/** The close code in a server close frame found in `bytes`, or null. */
export function closeCodeIn(bytes) {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 0x88 && bytes[i + 1] >= 2 && bytes[i + 1] < 126) return bytes.readUInt16BE(i + 2);
  }
  return null;
}
