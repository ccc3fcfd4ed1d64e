// TLS: wss:// and https:// with a certificate this test makes, checked by the official client
// over WebSocket and over long-poll (xhr2), against that certificate as the only trusted CA.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import XMLHttpRequest from "xhr2";
import { LongPoll, Socket } from "phoenix";
import { startServer, WebSocket, join, push } from "./helpers.mjs";

globalThis.XMLHttpRequest = XMLHttpRequest;

let server;
let ca;
before(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wick-tls-"));
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ], { stdio: "ignore" });
  ca = readFileSync(cert);
  server = await startServer("wick-conformance", ["--tls-cert", cert, "--tls-key", key]);
  XMLHttpRequest.nodejsSet({ httpsAgent: new https.Agent({ ca }) });
});
after(async () => {
  await server.stop();
});

/** The official client's WebSocket transport, trusting only the test's certificate. */
function trustingWebSocket(trusted) {
  return class extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols, trusted ? { ca: trusted } : { rejectUnauthorized: true });
    }
  };
}

async function openSocket(options) {
  const socket = new Socket(`wss://127.0.0.1:${server.port}/socket`, { reconnectAfterMs: () => 60_000, ...options });
  await new Promise((resolve, reject) => {
    socket.onOpen(resolve);
    socket.onError(() => {
      socket.disconnect();
      reject(new Error("socket error"));
    });
    socket.connect();
  });
  return socket;
}

test("the official client joins and pushes over wss://", async () => {
  const socket = await openSocket({ transport: trustingWebSocket(ca) });
  const channel = socket.channel("conf:tls");
  await join(channel);
  assert.deepEqual(await push(channel, "custom_status", {}, ["custom"]), { status: "custom", response: { s: 1 } });
  // A large message crosses several TLS records.
  const big = "x".repeat(200_000);
  const reply = await push(channel, "assigns", { big });
  assert.equal(reply.status, "ok");
  socket.disconnect();
});

test("the official client falls back to long-poll over https://", async () => {
  const socket = await openSocket({ transport: LongPoll });
  const channel = socket.channel("conf:tls-lp");
  await join(channel);
  assert.deepEqual(await push(channel, "custom_status", {}, ["custom"]), { status: "custom", response: { s: 1 } });
  socket.disconnect();
});

test("https:// serves the HTTP routes; a client that does not trust the certificate is refused", async () => {
  const health = await new Promise((resolve, reject) => {
    https.get({ host: "127.0.0.1", port: server.port, path: "/health", ca }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode, body }));
    }).on("error", reject);
  });
  assert.deepEqual(health, { status: 200, body: '{"status":"ok"}' });
  await assert.rejects(openSocket({ transport: trustingWebSocket(null) }));
});

test("plain HTTP on the TLS port is dropped, and the server goes on", async () => {
  const plain = net.connect(server.port, "127.0.0.1");
  plain.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  let answer = "";
  plain.on("data", (chunk) => (answer += chunk));
  await new Promise((resolve) => plain.on("close", resolve));
  assert.ok(!answer.includes("200"), "no plaintext answer");
  const socket = await openSocket({ transport: trustingWebSocket(ca) });
  await join(socket.channel("conf:after"));
  socket.disconnect();
});
