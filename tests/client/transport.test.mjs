// Raw WebSocket behaviour: the close codes of spec §4.6, limits, slow readers, the idle
// timeout, origins and graceful shutdown. After every abuse the server must still serve.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, connect, join, RawClient, WebSocket, sleep, waitFor, upgradeStatus,
  rawTcpUpgrade, clientFrame, closeCodeIn,
} from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer("wick-conformance", [
    "--max-message-bytes", "4096", "--max-outbound-bytes", "65536", "--api-key", "k",
  ]);
});
after(async () => {
  await server.stop();
});

async function assertStillServes() {
  const raw = await RawClient.open(server);
  raw.send([null, "hb", "phoenix", "heartbeat", {}]);
  assert.equal((await raw.reply("hb"))[4].status, "ok");
  raw.close();
}

async function closeCodeAfter(send, query = "vsn=2.0.0") {
  const raw = await RawClient.open(server, query);
  send(raw);
  return (await raw.closed).code;
}

test("malformed messages close with 1007", async () => {
  assert.equal(await closeCodeAfter((r) => r.send("{not json")), 1007);
  assert.equal(await closeCodeAfter((r) => r.send(["1", "1", "conf:x", "phx_join"])), 1007);
  assert.equal(await closeCodeAfter((r) => r.send({ topic: "conf:x" })), 1007);
  assert.equal(await closeCodeAfter((r) => r.send([1, "1", "conf:x", "phx_join", {}])), 1007);
  assert.equal(await closeCodeAfter((r) => r.send('{"topic":"t","event":"e"}'), "vsn=1.0.0"), 1007);
  await assertStillServes();
});

test("text that is not UTF-8 closes with 1007", async () => {
  assert.equal(await closeCodeAfter((r) => r.ws.send(Buffer.from([0x5b, 0xff, 0x5d]), { binary: false })), 1007);
  await assertStillServes();
});

test("undecodable binary frames close with 1003", async () => {
  assert.equal(await closeCodeAfter((r) => r.ws.send(Buffer.from([9, 9, 9]))), 1003);
  assert.equal(await closeCodeAfter((r) => r.ws.send(Buffer.from([0, 50, 1, 1, 1, 65]))), 1003);
  assert.equal(await closeCodeAfter((r) => r.ws.send(Buffer.from([0, 0, 0, 0, 0])), "vsn=1.0.0"), 1003);
  await assertStillServes();
});

test("messages over the size limit close with 1009, fragmented or not", async () => {
  const big = JSON.stringify(["1", "1", "conf:x", "e", { pad: "x".repeat(5000) }]);
  assert.equal(await closeCodeAfter((r) => r.send(big)), 1009);
  assert.equal(await closeCodeAfter((r) => {
    r.ws.send("x".repeat(3000), { fin: false });
    r.ws.send("x".repeat(3000), { fin: true });
  }), 1009);
  await assertStillServes();
});

test("fragmented messages are reassembled; pings are answered with pongs", async () => {
  const raw = await RawClient.open(server);
  const text = JSON.stringify([null, "f1", "phoenix", "heartbeat", {}]);
  raw.ws.send(text.slice(0, 5), { fin: false });
  raw.ws.send(text.slice(5, 12), { fin: false });
  raw.ws.send(text.slice(12), { fin: true });
  assert.equal((await raw.reply("f1"))[4].status, "ok");
  const pong = new Promise((resolve) => raw.ws.once("pong", (data) => resolve(data.toString())));
  raw.ws.ping("are you there");
  assert.equal(await pong, "are you there");
  raw.close();
});

test("RFC 6455 violations close with 1002", async () => {
  for (const frame of [
    clientFrame(0x81, "[]", false),          // unmasked
    clientFrame(0xC1, "[]"),                 // RSV1 without an extension
    clientFrame(0x80, "orphan"),             // continuation without a start
    clientFrame(0x83, "x"),                  // reserved opcode
    clientFrame(0x09, "ping"),               // fragmented control frame
  ]) {
    const raw = await rawTcpUpgrade(server);
    raw.socket.write(frame);
    await waitFor(() => raw.ended, 2000, "the server to close");
    assert.equal(closeCodeIn(raw.bytes), 1002, `frame ${frame.subarray(0, 2).toString("hex")}`);
  }
  await assertStillServes();
});

test("the close handshake echoes the client's code", async () => {
  const raw = await RawClient.open(server);
  raw.ws.close(4321, "bye");
  assert.equal((await raw.closed).code, 4321);
});

test("the very first client of a fresh server receives broadcasts", async () => {
  // Regression: connection ids started at 0, the id that means "no sender", so the first
  // connection was skipped as if it had sent every broadcast.
  const fresh = await startServer("wick-conformance", ["--threads", "1", "--api-key", "k"]);
  try {
    const first = await RawClient.open(fresh);
    await first.join("conf:first", "1");
    const response = await fetch(`${fresh.http}/api/broadcast`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: JSON.stringify({ topic: "conf:first", event: "hello", payload: { n: 1 } }),
    });
    assert.equal(response.status, 202);
    assert.deepEqual(await first.expect((m) => m[3] === "hello"), [null, null, "conf:first", "hello", { n: 1 }]);
    first.close();
  } finally {
    await fresh.stop();
  }
});

test("a client that stops reading is disconnected; the others keep receiving", async () => {
  const bounded = await startServer("wick-conformance", ["--max-outbound-bytes", "1048576", "--api-key", "k"]);
  try {
    const slow = await RawClient.open(bounded);
    const healthy = await RawClient.open(bounded);
    await slow.join("conf:flood", "1");
    await healthy.join("conf:flood", "1");
    slow.ws._socket.pause();
    const pad = "y".repeat(50_000);
    const total = 300;  // 15 MB: more than the kernel's buffers plus the 1 MiB limit
    for (let i = 0; i < total; i++) {
      const response = await fetch(`${bounded.http}/api/broadcast`, {
        method: "POST",
        headers: { authorization: "Bearer k" },
        body: JSON.stringify({ topic: "conf:flood", event: "flood", payload: { i, pad } }),
      });
      assert.equal(response.status, 202);
    }
    await waitFor(() => healthy.messages.filter((m) => m[3] === "flood").length === total, 10000, "every flood message");
    slow.ws._socket.resume();
    await slow.closed;
    assert.ok(slow.messages.filter((m) => m[3] === "flood").length < total, "the slow reader was cut off");
    assert.ok(bounded.lines.includes("terminate conf:flood closed"));
    healthy.send(["1", "s", "conf:flood", "stats", {}]);
    const stats = (await healthy.reply("s"))[4].response;
    assert.deepEqual(stats, { connections: 1, channels: 1, slow_consumer_disconnects: 1 });
    healthy.close();
    assert.equal(await bounded.healthy(), true);
  } finally {
    await bounded.stop();
  }
});

test("the upgrade is refused like Phoenix refuses it", async () => {
  const base = `${server.url}/websocket`;
  assert.equal(await upgradeStatus(`${base}?vsn=3.0.0`), 403);
  assert.equal(await upgradeStatus(`${base}?vsn=2.0.0-rc`), 403);
  assert.equal(await upgradeStatus(`${base}?vsn[]=x`), 403);
  assert.equal(await upgradeStatus(`${base}?vsn=1.0.0`), 101);
  assert.equal(await upgradeStatus(`${base}`), 101);
  assert.equal((await fetch(`${server.http}/socket/websocket?vsn=2.0.0`)).status, 400, "a plain GET is no upgrade");
  assert.equal((await fetch(`${server.http}/health`)).status, 200);
  assert.equal((await fetch(`${server.http}/nothing`)).status, 404);
});

test("garbage instead of HTTP gets 400 and a closed connection", async () => {
  const net = await import("node:net");
  const socket = net.connect(server.port, "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk));
  await new Promise((resolve) => socket.on("close", resolve).write("\x00\x01garbage\r\n\r\n"));
  assert.match(answer, /^HTTP\/1\.1 400/);
  await assertStillServes();
});

test("HEAD answers carry no body, so keep-alive requests after them stay in step", async () => {
  // Regression: HEAD /health answered with a body, which a keep-alive client reads as the
  // start of the next response.
  const net = await import("node:net");
  const socket = net.connect(server.port, "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk));
  socket.write("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  await waitFor(() => answer.split("HTTP/1.1 200").length === 3, 2000, "two answers");
  const [head, get] = answer.split(/(?=HTTP\/1\.1 200)/);
  assert.ok(head.endsWith("\r\n\r\n"), "the HEAD answer ends with its headers");
  assert.ok(get.endsWith('{"status":"ok"}'));
  socket.destroy();
});

test("application HTTP routes answer from other threads, in order, with 405 and 500", async () => {
  const base = `http://127.0.0.1:${server.port}`;
  const later = await fetch(`${base}/api/echo/hello?x=1`);
  assert.equal(later.status, 200);
  assert.deepEqual(await later.json(), { word: "hello", query: "x=1" });
  const posted = await fetch(`${base}/api/echo/w`, { method: "POST", body: "data" });
  assert.equal(posted.status, 201);
  assert.equal(await posted.text(), "w:data");
  assert.equal((await fetch(`${base}/api/echo/w`, { method: "DELETE" })).status, 405);
  assert.equal((await fetch(`${base}/api/echo/a/b`)).status, 404);
  assert.equal((await fetch(`${base}/api/throws`)).status, 500);
  assert.equal((await fetch(`${base}/api/forgets`)).status, 500);

  // A request pipelined behind one that waits for another thread is answered after it.
  const net = await import("node:net");
  const socket = net.connect(server.port, "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk));
  socket.write("GET /api/echo/first HTTP/1.1\r\nHost: x\r\n\r\n" +
               "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  await waitFor(() => answer.split("HTTP/1.1 200").length === 3, 2000, "two answers");
  assert.ok(answer.indexOf("first") < answer.indexOf('"status":"ok"'));
  socket.destroy();
  await assertStillServes();
});

test("a silent client is closed after the idle timeout; a heartbeating one is not", async () => {
  const quick = await startServer("wick-conformance", ["--idle-timeout-ms", "300"]);
  try {
    const silent = await RawClient.open(quick);
    const alive = await RawClient.open(quick);
    const beat = setInterval(() => alive.send([null, "b", "phoenix", "heartbeat", {}]), 100);
    const started = Date.now();
    const { code } = await silent.closed;
    const waited = Date.now() - started;
    assert.equal(code, 1001);
    assert.ok(waited >= 250 && waited < 1500, `closed after ${waited} ms`);
    await sleep(400);
    clearInterval(beat);
    assert.equal(alive.ws.readyState, WebSocket.OPEN);
    alive.close();
  } finally {
    await quick.stop();
  }
});

test("the origin check refuses unlisted browser origins with 403", async () => {
  const guarded = await startServer("wick-conformance", ["--origins", "https://good.example,//*.trusted.example"]);
  try {
    const url = `${guarded.url}/websocket?vsn=2.0.0`;
    assert.equal(await upgradeStatus(url, { origin: "https://good.example" }), 101);
    assert.equal(await upgradeStatus(url, { origin: "https://app.trusted.example" }), 101);
    assert.equal(await upgradeStatus(url, { origin: "https://evil.example" }), 403);
    assert.equal(await upgradeStatus(url), 101, "no Origin header: not a browser");
  } finally {
    await guarded.stop();
  }
});

test("SIGTERM closes every socket with 1012 (Phoenix's drain), runs terminate, exits 0", async () => {
  const doomed = await startServer("wick-conformance");
  const raw = await RawClient.open(doomed);
  await raw.join("conf:shutdown", "1");
  const socket = await connect(doomed);
  let officialClosed = null;
  socket.onClose((event) => (officialClosed = event.code));
  await join(socket.channel("conf:shutdown2"));
  doomed.proc.kill("SIGTERM");
  assert.equal((await raw.closed).code, 1012);
  await waitFor(() => officialClosed !== null, 3000, "the official client's close");
  assert.equal(officialClosed, 1012);
  socket.disconnect();
  const { code } = await doomed.exited;
  assert.equal(code, 0);
  assert.ok(doomed.lines.includes("terminate conf:shutdown shutdown"));
  assert.ok(doomed.lines.includes("terminate conf:shutdown2 shutdown"));
  assert.ok(doomed.lines.includes("exited cleanly"));
});

test("the drain closes sockets in batches, one batch an interval", async () => {
  const doomed = await startServer("wick-conformance", ["--threads", "1", "--drain-batch", "2", "--drain-interval-ms", "400"]);
  const clients = [];
  for (let i = 0; i < 5; ++i) {
    const raw = await RawClient.open(doomed);
    await raw.join(`conf:drain${i}`, "1");
    clients.push(raw);
  }
  const killed = Date.now();
  doomed.proc.kill("SIGTERM");
  const closedAt = await Promise.all(clients.map(async (raw) => {
    assert.equal((await raw.closed).code, 1012);
    return Date.now() - killed;
  }));
  closedAt.sort((x, y) => x - y);
  // Batches of 2, 2 and 1, 400 ms apart.
  assert.ok(closedAt[1] < 300, `first batch at ${closedAt}`);
  assert.ok(closedAt[2] >= 350 && closedAt[3] < 700, `second batch at ${closedAt}`);
  assert.ok(closedAt[4] >= 750, `third batch at ${closedAt}`);
  assert.equal((await doomed.exited).code, 0);
  for (let i = 0; i < 5; ++i) assert.ok(doomed.lines.includes(`terminate conf:drain${i} shutdown`));
});
