// The long-poll transport: the official client's LongPoll (with xhr2 as XMLHttpRequest in Node)
// against Wick, side by side with WebSocket clients, and the raw HTTP protocol of spec §13.
import { test } from "node:test";
import assert from "node:assert/strict";
import XMLHttpRequest from "xhr2";
import { LongPoll, Presence, Socket } from "phoenix";
import {
  useServer, startServer, join, push, nextEvent, waitFor, sleep, longPollRequest as request,
} from "./helpers.mjs";

globalThis.XMLHttpRequest = XMLHttpRequest;

const fixture = useServer("wick-conformance", ["--longpoll-window-ms", "500", "--api-key", "k"]);

async function longPollClient(server, params = {}) {
  const socket = new Socket(server.url, {
    transport: LongPoll, params, reconnectAfterMs: () => 50, rejoinAfterMs: () => 100,
  });
  fixture.sockets.push(socket);  // disconnected after the tests, even when one fails
  const opened = new Promise((resolve) => socket.onOpen(resolve));
  socket.connect();
  await opened;
  return socket;
}

async function openSession(server, query = "vsn=2.0.0") {
  const created = await request(server, "GET", { query });
  assert.equal(created.body.status, 410);
  return created.body.token;
}

const post = (server, token, lines, contentType = "application/x-ndjson") =>
  request(server, "POST", { token, body: lines, headers: { "content-type": contentType } });

test("the official LongPoll client joins, pushes and gets replies", async () => {
  const socket = await longPollClient(fixture.server);
  const channel = socket.channel("conf:lp");
  assert.deepEqual(await join(channel), { joined: "conf:lp", auth: null });
  assert.deepEqual(await push(channel, "deferred", { n: 1 }), { status: "ok", response: { deferred: { n: 1 } } });
  const info = nextEvent(channel, "info");
  channel.push("from_thread", {});
  assert.deepEqual(await info, { from: "thread" });
  await new Promise((resolve) => channel.leave().receive("ok", resolve));
  socket.disconnect();
});

test("broadcasts cross between long-poll and WebSocket clients both ways", async () => {
  const poller = await longPollClient(fixture.server);
  const websocket = await fixture.client();
  const [viaPoll, viaWs] = [poller.channel("conf:mixed"), websocket.channel("conf:mixed")];
  await join(viaPoll);
  await join(viaWs);
  const atWs = nextEvent(viaWs, "intercepted");
  const ownCopy = nextEvent(viaPoll, "intercepted");  // a broadcast reaches its sender too
  await push(viaPoll, "broadcast_intercepted", { from: "poll" });
  assert.deepEqual(await atWs, { from: "poll", via: "handle_out" });
  assert.deepEqual(await ownCopy, { from: "poll", via: "handle_out" });
  const atPoll = nextEvent(viaPoll, "intercepted");
  await push(viaWs, "broadcast_intercepted", { from: "ws" });
  assert.deepEqual(await atPoll, { from: "ws", via: "handle_out" });
  poller.disconnect();
  websocket.disconnect();
});

test("presence works over long-poll", async () => {
  const poller = await longPollClient(fixture.server);
  const websocket = await fixture.client();
  const channel = poller.channel("conf:lp-presence", { track: "polly" });
  const presence = new Presence(channel);
  await join(channel);
  await join(websocket.channel("conf:lp-presence", { track: "wes" }));
  await waitFor(() => presence.list().length === 2, 3000, "both users");
  websocket.disconnect();
  await waitFor(() => presence.list().length === 1, 3000, "wes gone");
  assert.deepEqual(presence.list((key) => key), ["polly"]);
  poller.disconnect();
});

test("a session the server ends is recovered by the client: new session, rejoined", async () => {
  const socket = await longPollClient(fixture.server, { socket_id: "lp_user:1" });
  const channel = socket.channel("conf:recover");
  await join(channel);
  const firstJoinRef = channel.joinRef();
  let closes = 0;
  socket.onClose(() => closes++);
  const response = await fetch(`${fixture.server.http}/api/broadcast`, {
    method: "POST",
    headers: { authorization: "Bearer k" },
    body: JSON.stringify({ topic: "lp_user:1", event: "disconnect" }),
  });
  assert.equal(response.status, 202);
  await waitFor(() => closes > 0, 3000, "the client to see its session gone");
  await waitFor(() => channel.state === "joined" && channel.joinRef() !== firstJoinRef, 5000, "rejoin");
  assert.equal((await push(channel, "custom_status", {}, ["custom"])).status, "custom");
  socket.disconnect();
});

test("answers use the JSON envelope: status in the body, no-store, CORS", async () => {
  const created = await request(fixture.server, "GET");
  assert.equal(created.http, 200);
  assert.equal(created.headers.get("content-type"), "application/json; charset=utf-8");
  assert.equal(created.headers.get("cache-control"), "no-store");
  assert.equal(created.headers.get("access-control-allow-origin"), "*");
  assert.deepEqual(Object.keys(created.body).sort(), ["messages", "status", "token"]);
  const preflight = await request(fixture.server, "OPTIONS", {
    headers: { "access-control-request-headers": "content-type" },
  });
  assert.equal(preflight.http, 200);
  assert.equal(preflight.headers.get("access-control-allow-headers"), "content-type");
  assert.equal(preflight.headers.get("access-control-allow-methods"), "get, post, options");
  assert.equal((await request(fixture.server, "PUT")).http, 400);
});

test("GET polls: buffered messages at once, 204 after the window, a newer poll wins", async () => {
  const token = await openSession(fixture.server);
  const joined = await post(fixture.server, token, '["1","1","conf:raw","phx_join",{}]\n[null,"2","phoenix","heartbeat",{}]');
  assert.deepEqual(joined.body, { status: 200 });
  const first = await request(fixture.server, "GET", { token });
  assert.equal(first.body.status, 200);
  assert.equal(first.body.token, token);
  assert.deepEqual(first.body.messages.map((m) => JSON.parse(m)), [
    ["1", "1", "conf:raw", "phx_reply", { status: "ok", response: { joined: "conf:raw", auth: null } }],
    [null, "2", "phoenix", "phx_reply", { status: "ok", response: {} }],
  ]);
  const started = Date.now();
  const empty = await request(fixture.server, "GET", { token });
  assert.deepEqual(empty.body, { status: 204, token, messages: [] });
  assert.ok(Date.now() - started >= 400, "the poll waited for the window");
  const older = request(fixture.server, "GET", { token });
  await sleep(50);
  const newer = request(fixture.server, "GET", { token, headers: {} });
  assert.equal((await older).body.status, 204, "the older poll is released");
  await post(fixture.server, token, '["1","3","conf:raw","custom_status",{}]');
  const answered = await newer;
  assert.equal(answered.body.status, 200);
  assert.equal(JSON.parse(answered.body.messages[0])[4].status, "custom");
});

test("ndjson: up to 100 messages, more refused whole (Phoenix 1.8.9), base64 lines are binary frames, other types are one message", async () => {
  const token = await openSession(fixture.server);
  const heartbeats = (from, count) =>
    Array.from({ length: count }, (_, i) => JSON.stringify([null, `h${from + i}`, "phoenix", "heartbeat", {}]));
  // 101 messages: refused with 400 in the envelope, none of them dispatched.
  assert.deepEqual((await post(fixture.server, token, heartbeats(0, 101).join("\n"))).body, { status: 400 });
  // 100 messages (and empty lines, which are none) are served, in order.
  assert.deepEqual((await post(fixture.server, token, heartbeats(200, 100).join("\r\n") + "\n\n")).body, { status: 200 });
  let replies = [];
  while (replies.length < 100) {
    const polled = await request(fixture.server, "GET", { token });
    replies = replies.concat(polled.body.messages.map((m) => JSON.parse(m)[1]));
    if (polled.body.status === 204) break;
  }
  assert.deepEqual(replies, Array.from({ length: 100 }, (_, i) => `h${200 + i}`));
  // A binary push (kind 0) travels as base64; its binary reply cannot travel back over long-poll.
  await post(fixture.server, token, '["1","1","conf:bin","phx_join",{}]');
  const frame = Buffer.concat([Buffer.from([0, 1, 1, 8, 13]), Buffer.from("12conf:bincustom_status")]);
  assert.deepEqual((await post(fixture.server, token, frame.toString("base64"))).body, { status: 200 });
  const binaryReply = (await request(fixture.server, "GET", { token })).body.messages.map((m) => JSON.parse(m));
  assert.ok(binaryReply.some((m) => m[1] === "2" && m[4].status === "custom"), "the base64 line was dispatched");
  // Any other content type: the whole body is one message.
  const single = await post(fixture.server, token, JSON.stringify([null, "s1", "phoenix", "heartbeat", {}]), "text/plain");
  assert.deepEqual(single.body, { status: 200 });
});

test("the session token travels in the header too, and the header wins", async () => {
  const token = await openSession(fixture.server);
  const other = await openSession(fixture.server);
  const answered = await request(fixture.server, "POST", {
    token: other,
    body: '[null,"x","phoenix","heartbeat",{}]',
    headers: { "x-phoenix-longpoll-token": token, "content-type": "application/x-ndjson" },
  });
  assert.deepEqual(answered.body, { status: 200 });
  const polled = await request(fixture.server, "GET", { headers: { "x-phoenix-longpoll-token": token } });
  assert.equal(JSON.parse(polled.body.messages[0])[1], "x");
});

test("refusals: vsn, connect, origin, authToken through X-Phoenix-AuthToken", async () => {
  assert.deepEqual((await request(fixture.server, "GET", { query: "vsn=3.0.0" })).body, { status: 403 });
  assert.deepEqual((await request(fixture.server, "GET", { query: "vsn=2.0.0&reject=1" })).body, { status: 403 });
  const withToken = await request(fixture.server, "GET", { headers: { "x-phoenix-authtoken": "secret-token" } });
  assert.equal(withToken.body.status, 410);
  const wrongToken = await request(fixture.server, "GET", { headers: { "x-phoenix-authtoken": "nope" } });
  assert.deepEqual(wrongToken.body, { status: 403 });
  const guarded = await startServer("wick-conformance", ["--origins", "https://good.example"]);
  try {
    const evil = await request(guarded, "GET", { headers: { origin: "https://evil.example" } });
    assert.deepEqual(evil.body, { status: 403 });
    const good = await request(guarded, "GET", { headers: { origin: "https://good.example" } });
    assert.equal(good.body.status, 410);
  } finally {
    await guarded.stop();
  }
});

test("abuse: garbage, unknown and forged tokens, huge bodies; other sessions unaffected", async () => {
  const bystander = await openSession(fixture.server);
  const token = await openSession(fixture.server);
  assert.deepEqual((await post(fixture.server, token, "not json at all", "text/plain")).body, { status: 400 });
  assert.deepEqual((await post(fixture.server, token, "!!!notbase64!!!")).body, { status: 400 });
  assert.deepEqual((await post(fixture.server, token, '[null,"ok","phoenix","heartbeat",{}]')).body, { status: 200 });
  assert.deepEqual((await post(fixture.server, "garbage-token", "[]")).body, { status: 410 });
  const forged = token.replace(/^\d+/, (id) => String(Number(id) + 1));
  assert.deepEqual((await post(fixture.server, forged, "[]")).body, { status: 410 });
  const unknown = await request(fixture.server, "GET", { token: "1.2.abc" });
  assert.equal(unknown.body.status, 410, "an unknown token gets a new session");
  assert.notEqual(unknown.body.token, token);
  const huge = await post(fixture.server, token, "x".repeat(2 * 1024 * 1024));
  assert.equal(huge.http, 413);
  assert.deepEqual((await post(fixture.server, bystander, '[null,"b","phoenix","heartbeat",{}]')).body, { status: 200 });
  assert.equal(await fixture.server.healthy(), true);
});

test("an unpolled session expires: POST gets 410, GET a new session", async () => {
  const quick = await startServer("wick-conformance", ["--longpoll-window-ms", "200", "--idle-timeout-ms", "400"]);
  try {
    const token = await openSession(quick);
    assert.deepEqual((await post(quick, token, '["1","1","conf:expire","phx_join",{}]')).body, { status: 200 });
    await waitFor(() => quick.lines.includes("terminate conf:expire closed"), 3000, "the session to expire");
    assert.deepEqual((await post(quick, token, "[]")).body, { status: 410 });
    const again = await request(quick, "GET", { token });
    assert.equal(again.body.status, 410);
    assert.notEqual(again.body.token, token);
  } finally {
    await quick.stop();
  }
});

test("a session whose client never polls cannot buffer without bound", async () => {
  const bounded = await startServer("wick-conformance", ["--longpoll-max-buffered", "50", "--api-key", "k"]);
  try {
    const token = await openSession(bounded);
    await post(bounded, token, '["1","1","conf:buffer","phx_join",{}]');
    for (let i = 0; i < 60; i++) {
      await fetch(`${bounded.http}/api/broadcast`, {
        method: "POST",
        headers: { authorization: "Bearer k" },
        body: JSON.stringify({ topic: "conf:buffer", event: "fill", payload: { i } }),
      });
    }
    await waitFor(() => bounded.lines.includes("terminate conf:buffer closed"), 3000, "the session to close");
    assert.deepEqual((await post(bounded, token, "[]")).body, { status: 410 });
  } finally {
    await bounded.stop();
  }
});

test("vsn 1.0.0 works over long-poll too (JSON objects, one per POST)", async () => {
  const token = await openSession(fixture.server, "vsn=1.0.0");
  const query = "vsn=1.0.0";
  const send = (message) =>
    request(fixture.server, "POST", { query, token, body: JSON.stringify(message), headers: { "content-type": "application/json" } });
  assert.deepEqual((await send({ topic: "conf:v1", event: "phx_join", payload: {}, ref: "1" })).body, { status: 200 });
  assert.deepEqual((await send({ topic: "conf:v1", event: "custom_status", payload: {}, ref: "2" })).body, { status: 200 });
  const polled = await request(fixture.server, "GET", { query, token });
  assert.deepEqual(polled.body.messages.map((m) => JSON.parse(m)), [
    { topic: "conf:v1", event: "phx_reply", payload: { status: "ok", response: { joined: "conf:v1", auth: null } }, ref: "1" },
    { topic: "conf:v1", event: "phx_reply", payload: { status: "custom", response: { s: 1 } }, ref: "2" },
  ]);
});
