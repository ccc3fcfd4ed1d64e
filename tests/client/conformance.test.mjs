// The channel API beyond wick-rooms (deferred replies, handle_info, intercepts, stop, connect
// and its auth token, socket ids), through the official client and raw frames.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useServer, startServer, connect, join, push, nextEvent, RawClient, RawLongPoll, Socket, WebSocket,
  sleep, waitFor, upgradeStatus,
} from "./helpers.mjs";

const fixture = useServer("wick-conformance", ["--api-key", "k"]);
const client = fixture.client;

test("connect can refuse (403) and a throwing connect refuses too", async () => {
  assert.equal(await upgradeStatus(`${fixture.server.url}/websocket?vsn=2.0.0&reject=1`), 403);
  assert.equal(await upgradeStatus(`${fixture.server.url}/websocket?vsn=2.0.0&connect_crash=1`), 403);
  assert.equal(await upgradeStatus(`${fixture.server.url}/websocket?vsn=2.0.0`), 101);

  // The official client sees a refused socket as an error and keeps retrying.
  const socket = new Socket(fixture.server.url, { transport: WebSocket, params: { reject: "1" }, reconnectAfterMs: () => 20 });
  let errors = 0;
  socket.onError(() => errors++);
  socket.connect();
  await waitFor(() => errors >= 2, 3000, "two refused attempts");
  socket.disconnect();
  assert.equal(await fixture.server.healthy(), true);
});

test("authToken travels in Sec-WebSocket-Protocol and reaches connect", async () => {
  const socket = await client({}, { authToken: "secret-token" });
  const response = await join(socket.channel("conf:auth"));
  assert.deepEqual(response, { joined: "conf:auth", auth: "secret-token" });
  assert.equal(
    await upgradeStatus(`${fixture.server.url}/websocket?vsn=2.0.0`, { protocol: undefined, headers: {
      "sec-websocket-protocol": "phoenix, base64url.bearer.phx.d3Jvbmc" } }),
    403,
  );
});

test("channels get a copy of the socket's assigns, with connect_info", async () => {
  const socket = await client({ user_id: "u9" });
  const channel = socket.channel("conf:assigns");
  await join(channel);
  const { response } = await push(channel, "assigns");
  assert.equal(response.user_id, "u9");
  assert.equal(response.peer, "127.0.0.1");
});

test("a reply can come later, from another thread", async () => {
  const socket = await client();
  const channel = socket.channel("conf:deferred");
  await join(channel);
  const started = Date.now();
  assert.deepEqual(await push(channel, "deferred", { job: 7 }), { status: "ok", response: { deferred: { job: 7 } } });
  assert.ok(Date.now() - started >= 40, "the reply waited for the worker");
});

test("handle_info receives timers and messages from other threads", async () => {
  const socket = await client();
  const channel = socket.channel("conf:info");
  await join(channel);
  const later = nextEvent(channel, "info");
  await push(channel, "info_later", { n: 1 });
  assert.deepEqual(await later, { later: { n: 1 } });
  const fromThread = nextEvent(channel, "info");
  channel.push("from_thread", {});
  assert.deepEqual(await fromThread, { from: "thread" });
});

test("intercepted broadcasts go through handle_out on every subscriber", async () => {
  const [a, b] = [await client(), await client()];
  const [ca, cb] = [a.channel("conf:intercept"), b.channel("conf:intercept")];
  await join(ca);
  await join(cb);
  const atA = nextEvent(ca, "intercepted");
  const atB = nextEvent(cb, "intercepted");
  await push(ca, "broadcast_intercepted", { m: 1 });
  assert.deepEqual(await atA, { m: 1, via: "handle_out" });
  assert.deepEqual(await atB, { m: 1, via: "handle_out" });
});

test("stop replies, then closes the channel for good (no rejoin)", async () => {
  const socket = await client();
  const channel = socket.channel("conf:stop");
  await join(channel);
  let closed = false;
  channel.onClose(() => (closed = true));
  assert.deepEqual(await push(channel, "stop"), { status: "ok", response: { stopping: true } });
  await waitFor(() => closed, 2000, "phx_close");
  await sleep(300);  // longer than the test's rejoin backoff
  assert.equal(channel.state, "closed");
  assert.ok(fixture.server.lines.includes("terminate conf:stop stopped"));
});

test("a crash in join answers join crashed; a custom status reaches receive(status)", async () => {
  const socket = await client();
  const crashing = socket.channel("conf:join_crash");
  await assert.rejects(join(crashing), (error) => {
    assert.deepEqual(error.response, { reason: "join crashed" });
    return true;
  });
  crashing.leave();
  await assert.rejects(join(socket.channel("conf:refuse")), (e) => e.response.reason === "nope");
  const channel = socket.channel("conf:status");
  await join(channel);
  assert.deepEqual(await push(channel, "custom_status", {}, ["custom"]), { status: "custom", response: { s: 1 } });
  assert.deepEqual(await push(channel, "unknown_event"), { status: "error", response: { reason: "unhandled event" } });
});

test("terminate pushes after leave come after phx_close; a crash gives phx_error", async () => {
  const raw = await RawClient.open(fixture.server);
  await raw.join("conf:order", "1");
  raw.send(["1", "2", "conf:order", "phx_leave", {}]);
  await raw.reply("2");
  await waitFor(() => raw.messages.length >= 2, 2000, "close and terminate push");
  assert.deepEqual(raw.messages.map((m) => m[3]), ["phx_close", "terminating"]);
  raw.messages.length = 0;
  await raw.join("conf:order", "3");
  raw.send(["3", "4", "conf:order", "crash", {}]);
  await waitFor(() => raw.messages.length >= 2, 2000, "terminate push and phx_error");
  assert.deepEqual(raw.messages, [
    ["3", null, "conf:order", "terminating", { reason: "crashed" }],
    ["3", "3", "conf:order", "phx_error", { reason: "channel_crash" }],
  ]);
  raw.close();
});

test("a push or broadcast of a non-object payload throws, as in Phoenix: the channel crashes, nothing invalid is sent", async () => {
  const watcher = await RawClient.open(fixture.server);
  await watcher.join("conf:payloads", "1");
  const raw = await RawClient.open(fixture.server);
  let joinRef = 10;
  for (const call of ["push_value", "broadcast_value", "broadcast_from_value"]) {
    for (const value of ["a string", 42, [1, 2], null, true]) {
      const ref = String(joinRef++);
      await raw.join("conf:payloads", ref);
      raw.send([ref, `${ref}p`, "conf:payloads", call, { value }]);
      assert.deepEqual((await raw.expect((m) => m[0] === ref && m[3] === "phx_error"))[4], { reason: "channel_crash" });
      assert.deepEqual((await raw.expect((m) => m[0] === ref && m[3] === "terminating"))[4], { reason: "crashed" });
    }
  }
  // From outside a callback the exception reaches the caller.
  await raw.join("conf:payloads", "90");
  raw.send(["90", "e1", "conf:payloads", "endpoint_broadcast_value", { value: "a string" }]);
  assert.deepEqual((await raw.reply("e1"))[4], {
    status: "error",
    response: { threw: "broadcast: the payload must be a JSON object or wick::Binary, got a string" },
  });
  // Objects go through, and the socket lived on through every crash.
  raw.send(["90", "ok", "conf:payloads", "broadcast_value", { value: { fine: true } }]);
  assert.equal((await raw.reply("ok"))[4].status, "ok");
  await watcher.expect((m) => m[3] === "value" && m[4].fine === true);
  await sleep(50);
  const values = [...raw.messages, ...watcher.messages].filter((m) => m[3] === "value");
  assert.deepEqual(values.map((m) => m[4]), [{ fine: true }], "no non-object payload reached a client");
  raw.close();
  watcher.close();
});

// Phoenix 1.8.3–1.8.11 dropped these when the channel had a join_ref; 1.8.12 (phoenix#6800)
// accepts them again: the protocol lets non-join messages omit the join_ref.
for (const [transport, Client] of [["websocket", RawClient], ["longpoll", RawLongPoll]]) {
  test(`messages without a join_ref reach the joined channel; stale ones are dropped (${transport})`, async () => {
    const raw = await Client.open(fixture.server);
    const topic = `conf:nullref-${transport}`;
    assert.equal((await raw.join(topic, "5"))[4].status, "ok");
    raw.send([null, "6", topic, "custom_status", {}]);
    assert.deepEqual(await raw.reply("6"), ["5", "6", topic, "phx_reply", { status: "custom", response: { s: 1 } }]);
    raw.send(["4", "7", topic, "custom_status", {}]);  // an earlier incarnation's: no answer
    raw.send([null, "8", topic, "phx_leave", {}]);
    assert.deepEqual(await raw.reply("8"), ["5", "8", topic, "phx_reply", { status: "ok", response: {} }]);
    assert.deepEqual(await raw.expect((m) => m[3] === "phx_close"), ["5", "5", topic, "phx_close", {}]);
    assert.equal(raw.messages.some((m) => m[1] === "7"), false);
    raw.close();
  });
}

test("binary replies, pushes and broadcasts use kinds 1, 0 and 2", async () => {
  const raw = await RawClient.open(fixture.server);
  await raw.join("conf:bin", "1");
  const frame = (event, ref) => {
    const head = Buffer.from([0, 1, ref.length, 8, event.length]);
    return Buffer.concat([head, Buffer.from("1" + ref + "conf:bin" + event), Buffer.from([9, 8, 7])]);
  };
  raw.ws.send(frame("binary_reply", "2"));
  const reply = await raw.expect((m) => Buffer.isBuffer(m) && m[0] === 1);
  assert.deepEqual([...reply], [1, 1, 1, 8, 2, ...Buffer.from("12conf:binok"), 9, 8, 7]);
  raw.ws.send(frame("binary_push", "3"));
  const pushed = await raw.expect((m) => Buffer.isBuffer(m) && m[0] === 0);
  assert.deepEqual([...pushed], [0, 1, 8, 11, ...Buffer.from("1conf:binbinary_push"), 9, 8, 7]);
  raw.ws.send(frame("binary_broadcast", "4"));
  const broadcast = await raw.expect((m) => Buffer.isBuffer(m) && m[0] === 2);
  assert.deepEqual([...broadcast], [2, 8, 16, ...Buffer.from("conf:binbinary_broadcast"), 9, 8, 7]);
  raw.close();
});

test('broadcasting "disconnect" to a socket id closes those sockets with 1001', async () => {
  const first = await RawClient.open(fixture.server, "vsn=2.0.0&socket_id=user_socket:5");
  const second = await RawClient.open(fixture.server, "vsn=2.0.0&socket_id=user_socket:5");
  const other = await RawClient.open(fixture.server, "vsn=2.0.0&socket_id=user_socket:6");
  await first.join("conf:disc", "1");
  const response = await fetch(`${fixture.server.http}/api/broadcast`, {
    method: "POST",
    headers: { authorization: "Bearer k" },
    body: JSON.stringify({ topic: "user_socket:5", event: "disconnect" }),
  });
  assert.equal(response.status, 202);
  assert.equal((await first.closed).code, 1001);
  assert.equal((await second.closed).code, 1001);
  await waitFor(() => fixture.server.lines.includes("terminate conf:disc disconnected"), 2000, "terminate");
  other.send([null, "1", "phoenix", "heartbeat", {}]);
  assert.equal((await other.reply("1"))[4].status, "ok");
  other.close();
});

test("Endpoint::broadcast_from from another thread skips only the sender", async () => {
  const [a, b] = [await client(), await client()];
  const [ca, cb] = [a.channel("conf:from"), b.channel("conf:from")];
  await join(ca);
  await join(cb);
  let senderGotIt = false;
  ca.on("from_thread", () => (senderGotIt = true));
  const atB = nextEvent(cb, "from_thread");
  await push(ca, "broadcast_from_thread", { n: 1 });
  assert.deepEqual(await atB, { n: 1 });
  await sleep(100);
  assert.equal(senderGotIt, false);
});

test("a client that goes away terminates its channels", async () => {
  const raw = await RawClient.open(fixture.server);
  await raw.join("conf:gone", "1");
  raw.close();
  await waitFor(() => fixture.server.lines.includes("terminate conf:gone closed"), 2000, "terminate on close");
});

test("broadcasts cross to another endpoint through the cluster adapter seam", async () => {
  const pair = await startServer("wick-conformance", ["--cluster-twin", "1", "--api-key", "k"]);
  try {
    await waitFor(() => pair.lines.some((l) => l.startsWith("twin port=")), 2000, "the twin");
    const twinPort = Number(/twin port=(\d+)/.exec(pair.lines.find((l) => l.startsWith("twin port=")))[1]);
    const twin = { ...pair, url: `ws://127.0.0.1:${twinPort}/socket`, http: `http://127.0.0.1:${twinPort}` };
    const here = await connect(pair);
    const there = await connect(twin);
    const [a, b] = [here.channel("conf:cluster"), there.channel("conf:cluster")];
    await join(a);
    await join(b);
    const atB = nextEvent(b, "intercepted");
    await push(a, "broadcast_intercepted", { from: "main" });
    assert.deepEqual(await atB, { from: "main", via: "handle_out" });
    const atA = nextEvent(a, "news");
    const response = await fetch(`${twin.http}/api/broadcast`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: JSON.stringify({ topic: "conf:cluster", event: "news", payload: { from: "twin" } }),
    });
    assert.equal(response.status, 202);
    assert.deepEqual(await atA, { from: "twin" });
    here.disconnect();
    there.disconnect();
  } finally {
    await pair.stop();
  }
});
