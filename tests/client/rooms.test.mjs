// wick-rooms, driven by the official phoenix client (1.8.16) and by raw V2/V1 frames.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { useServer, join, push, nextEvent, RawClient, sleep, waitFor } from "./helpers.mjs";

const fixture = useServer("wick-rooms", ["--api-key", "test-key"]);
const client = fixture.client;
after(() => assert.equal(fixture.exit.code, 0, "wick-rooms exits 0 on SIGTERM"));

test("joins a room and is refused room:private", async () => {
  const socket = await client({ user_id: "1" });
  assert.deepEqual(await join(socket.channel("room:lobby")), {});
  await assert.rejects(join(socket.channel("room:private")), (error) => {
    assert.deepEqual(error.response, { reason: "unauthorized" });
    return true;
  });
});

test("a topic with no route is refused with unmatched topic", async () => {
  const socket = await client();
  await assert.rejects(join(socket.channel("nowhere:1")), (error) => {
    assert.deepEqual(error.response, { reason: "unmatched topic" });
    return true;
  });
});

test("ping replies with the payload, echo pushes it back", async () => {
  const socket = await client();
  const channel = socket.channel("room:ping");
  await join(channel);
  assert.deepEqual(await push(channel, "ping", { n: 42, s: "café 🚀" }), {
    status: "ok",
    response: { n: 42, s: "café 🚀" },
  });
  const echoed = nextEvent(channel, "echo");
  channel.push("echo", { back: true });
  assert.deepEqual(await echoed, { back: true });
});

test("new_msg reaches every subscriber, shout everyone but the sender", async () => {
  const [a, b] = [await client(), await client()];
  const [ca, cb] = [a.channel("room:chat"), b.channel("room:chat")];
  await join(ca);
  await join(cb);
  const seenByA = nextEvent(ca, "new_msg");
  const seenByB = nextEvent(cb, "new_msg");
  assert.equal((await push(ca, "new_msg", { body: "hi" })).status, "ok");
  assert.deepEqual(await seenByA, { body: "hi" });
  assert.deepEqual(await seenByB, { body: "hi" });

  let aGotShout = false;
  ca.on("shout", () => (aGotShout = true));
  const shoutAtB = nextEvent(cb, "shout");
  ca.push("shout", { loud: 1 });
  assert.deepEqual(await shoutAtB, { loud: 1 });
  await push(ca, "ping");  // anything for a would have arrived before this reply
  assert.equal(aGotShout, false);
});

test("a crash errors only that channel and the client rejoins by itself", async () => {
  const socket = await client();
  const crashing = socket.channel("room:crash");
  const steady = socket.channel("room:steady");
  await join(crashing);
  await join(steady);
  let errors = 0;
  crashing.onError(() => errors++);
  const firstJoinRef = crashing.joinRef();
  crashing.push("crash", {});
  await waitFor(() => errors === 1, 2000, "phx_error");
  assert.equal((await push(steady, "ping", { still: "here" })).status, "ok");
  await waitFor(() => crashing.state === "joined" && crashing.joinRef() !== firstJoinRef, 3000, "rejoin");
  assert.deepEqual((await push(crashing, "ping", { again: 1 })).response, { again: 1 });
  assert.equal(socket.isConnected(), true);
});

test("leave closes the channel; the server then answers unmatched topic", async () => {
  const raw = await RawClient.open(fixture.server);
  await raw.join("room:leave", "1");
  raw.send(["1", "2", "room:leave", "phx_leave", {}]);
  assert.deepEqual(await raw.reply("2"), ["1", "2", "room:leave", "phx_reply", { status: "ok", response: {} }]);
  assert.deepEqual(await raw.expect((m) => m[3] === "phx_close"), ["1", "1", "room:leave", "phx_close", {}]);
  raw.send(["1", "3", "room:leave", "new_msg", {}]);
  assert.deepEqual(await raw.reply("3"), [
    null, "3", "room:leave", "phx_reply", { status: "error", response: { reason: "unmatched topic" } },
  ]);
  raw.close();

  const socket = await client();
  const channel = socket.channel("room:leave2");
  await join(channel);
  await new Promise((resolve) => channel.leave().receive("ok", resolve));
  assert.equal(channel.state, "closed");
});

test("heartbeats are answered", async () => {
  const socket = await client();
  const rtt = await new Promise((resolve) => socket.ping(resolve));
  assert.ok(rtt >= 0 && rtt < 1000, `ping round trip ${rtt} ms`);
  const raw = await RawClient.open(fixture.server);
  raw.send([null, "9", "phoenix", "heartbeat", {}]);
  assert.deepEqual(await raw.reply("9"), [null, "9", "phoenix", "phx_reply", { status: "ok", response: {} }]);
  raw.send([null, "10", "phoenix", "other", {}]);
  assert.deepEqual((await raw.reply("10"))[4], { status: "error", response: { reason: "unmatched topic" } });
  raw.close();
});

test("binary payloads travel as ArrayBuffers: reply, push and broadcast", async () => {
  const [a, b] = [await client(), await client()];
  const [ca, cb] = [a.channel("room:bin"), b.channel("room:bin")];
  await join(ca);
  await join(cb);
  const bytes = new Uint8Array([0, 1, 2, 250, 255]).buffer;
  const reply = await push(ca, "ping", bytes);
  assert.equal(reply.status, "ok");
  assert.ok(reply.response instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(reply.response)], [0, 1, 2, 250, 255]);

  const echoed = nextEvent(ca, "echo");
  ca.push("echo", bytes);
  assert.deepEqual([...new Uint8Array(await echoed)], [0, 1, 2, 250, 255]);

  const atB = nextEvent(cb, "new_msg");
  await push(ca, "new_msg", new Uint8Array([7, 7]).buffer);
  assert.deepEqual([...new Uint8Array(await atB)], [7, 7]);
});

test("duplicate join: new reply first, then phx_close for the old join_ref", async () => {
  const raw = await RawClient.open(fixture.server);
  await raw.join("room:dup", "1");
  raw.send(["2", "2", "room:dup", "phx_join", {}]);
  assert.deepEqual(await raw.reply("2"), ["2", "2", "room:dup", "phx_reply", { status: "ok", response: {} }]);
  assert.deepEqual(await raw.expect((m) => m[3] === "phx_close"), ["1", "1", "room:dup", "phx_close", {}]);
  raw.send(["1", "3", "room:dup", "ping", {}]);  // stale join_ref: dropped
  raw.send(["2", "4", "room:dup", "ping", { current: true }]);
  assert.deepEqual((await raw.reply("4"))[4].response, { current: true });
  assert.equal(raw.messages.some((m) => m[1] === "3"), false);
  raw.close();

  // The official client does the same when a second Channel is made for a joined topic.
  const socket = await client();
  await join(socket.channel("room:dup2"));
  const second = socket.channel("room:dup2");
  assert.deepEqual(await join(second), {});
  assert.equal((await push(second, "ping")).status, "ok");
});

test("the 101st channel of a socket is refused", async () => {
  const raw = await RawClient.open(fixture.server);
  for (let i = 1; i <= 100; i++) raw.send([`${i}`, `${i}`, `room:n${i}`, "phx_join", { presence: false }]);
  await waitFor(() => raw.messages.length === 100, 3000, "100 joins");
  assert.ok(raw.messages.every((m) => m[4].status === "ok"));
  assert.deepEqual((await raw.join("room:n101", "101"))[4], {
    status: "error", response: { reason: "too many channels joined" },
  });
  raw.close();
});

test("POST /api/broadcast reaches subscribers and guards its key", async () => {
  const socket = await client();
  const channel = socket.channel("room:api");
  await join(channel);
  const delivered = nextEvent(channel, "announcement");
  const post = (body, key = "test-key", method = "POST") =>
    fetch(`${fixture.server.http}/api/broadcast`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: method === "POST" ? body : undefined,
    });
  const accepted = await post(JSON.stringify({ topic: "room:api", event: "announcement", payload: { x: 1 } }));
  assert.equal(accepted.status, 202);
  assert.deepEqual(await delivered, { x: 1 });
  assert.equal((await post("{}", "wrong")).status, 401);
  assert.equal((await post("not json")).status, 400);
  assert.equal((await post(JSON.stringify({ topic: "room:api" }))).status, 400);
  for (const payload of [[1], "text", 5, null]) {
    const refused = await post(JSON.stringify({ topic: "t", event: "e", payload }));
    assert.equal(refused.status, 400);
    assert.deepEqual(await refused.json(), { error: "payload must be a JSON object" });
  }
  assert.equal((await post(undefined, "test-key", "GET")).status, 405);
  // On a topic with history "_wick" is the position's (docs/recovery.md); elsewhere it is data.
  const reserved = await post(JSON.stringify({ topic: "stream:api", event: "e", payload: { _wick: 1 } }));
  assert.equal(reserved.status, 400);
  assert.match((await reserved.json()).error, /"_wick" is reserved/);
  assert.equal((await post(JSON.stringify({ topic: "room:api", event: "e", payload: { _wick: 1 } }))).status, 202);
  const numbered = await post(JSON.stringify({ topic: "stream:api", event: "e", payload: { y: 2 } }));
  assert.equal(numbered.status, 202);
});

test("vsn 1.0.0 speaks JSON objects without join_ref", async () => {
  const raw = await RawClient.open(fixture.server, "vsn=1.0.0");
  raw.send({ topic: "room:v1", event: "phx_join", payload: {}, ref: "1" });
  assert.deepEqual(await raw.expect((m) => m.ref === "1"), {
    topic: "room:v1", event: "phx_reply", payload: { status: "ok", response: {} }, ref: "1",
  });
  raw.send({ topic: "room:v1", event: "new_msg", payload: { body: "v1" }, ref: "2" });
  assert.deepEqual(await raw.expect((m) => m.event === "new_msg"), {
    topic: "room:v1", event: "new_msg", payload: { body: "v1" }, ref: null,
  });
  raw.send({ topic: "room:v1", event: "phx_leave", payload: {}, ref: "3" });
  assert.deepEqual(await raw.expect((m) => m.event === "phx_close"), {
    topic: "room:v1", event: "phx_close", payload: {}, ref: null,
  });
  raw.close();
});

test("the server still serves after all of the above", async () => {
  assert.equal(await fixture.server.healthy(), true);
  await sleep(10);
});
