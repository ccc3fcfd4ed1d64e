// wick-chat through its JSON API and the official phoenix client: accounts, rooms, every
// channel event and error of the chat, with two and three users. With WICK_CHAT_NODES=3
// (chat-cluster.test.mjs) the chat is three nodes over Redis and PostgreSQL, and the users of a
// test are each on another node; the API answers on the first node, and bans and logouts are
// made on another node than their target's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Presence } from "phoenix";
import { connect, join, push, nextEvent, sleep, waitFor, upgradeStatus } from "./helpers.mjs";
import {
  SECRET, startChat, startChatCluster, api, register, createRoom, enterRoom, phoenixToken,
  withoutPosition,
} from "./chat-helpers.mjs";

const nodeCount = Number(process.env.WICK_CHAT_NODES ?? 1);
let chat;  // {nodes, stop()}
let server;  // the node the API calls go to
const sockets = [];
before(async () => {
  if (nodeCount > 1) {
    chat = await startChatCluster(nodeCount);
  } else {
    const single = await startChat();
    chat = { nodes: [single], stop: () => single.stop() };
  }
  server = chat.nodes[0];
});
after(async () => {
  for (const socket of sockets) socket.disconnect();
  await chat.stop();
});

// Each user's sockets go to one node, the users in turn to the next node.
const homes = new Map();
function nodeOf(user) {
  if (!homes.has(user.user_id)) homes.set(user.user_id, chat.nodes[homes.size % chat.nodes.length]);
  return homes.get(user.user_id);
}
/** A node other than the user's, when there are several. */
function elsewhere(user) {
  const { nodes } = chat;
  return nodes[(nodes.indexOf(nodeOf(user)) + 1) % nodes.length];
}

async function enter(user, roomId, params) {
  const entered = await enterRoom(nodeOf(user), user, roomId, params);
  sockets.push(entered.socket);
  return entered;
}

/** Collects every `event` on a channel. */
function record(channel, event) {
  const seen = [];
  channel.on(event, (payload) => seen.push(payload));
  return seen;
}

test("register, login, me: tokens, validation and clear errors", async () => {
  const ana = await register(server, "ana");
  assert.equal(typeof ana.user_id, "number");
  assert.match(ana.token, /^SFMyNTY\./);

  assert.deepEqual(await api(server, "POST", "/api/register", { username: ana.username.toUpperCase(), password: "longenough" }),
    { status: 409, body: { error: "username_taken" } });
  assert.equal((await api(server, "POST", "/api/register", { username: "a!", password: "longenough" })).body.error, "invalid_username");
  assert.equal((await api(server, "POST", "/api/register", { username: "shortpw", password: "123" })).body.error, "invalid_password");
  assert.equal((await api(server, "POST", "/api/register", undefined)).status, 400);

  const login = await api(server, "POST", "/api/login", { username: ana.username, password: "correct horse" });
  assert.equal(login.status, 200);
  assert.equal(login.body.user_id, ana.user_id);
  assert.deepEqual(await api(server, "POST", "/api/login", { username: ana.username, password: "wrong horse" }),
    { status: 401, body: { error: "invalid_credentials" } });
  assert.equal((await api(server, "POST", "/api/login", { username: "nobody_here", password: "whatever1" })).status, 401);

  assert.deepEqual((await api(server, "GET", "/api/me", undefined, login.body.token)).body,
    { user_id: ana.user_id, username: ana.username });
  assert.equal((await api(server, "GET", "/api/me")).status, 401);
  assert.equal((await api(server, "GET", "/api/me", undefined, "SFMyNTY.bad.token")).status, 401);
});

test("the socket needs a valid, unexpired token; Phoenix-minted tokens work", async () => {
  const ana = await register(server, "tok");
  const ws = `${server.url}/websocket`;
  assert.equal(await upgradeStatus(`${ws}?vsn=2.0.0`), 403);
  assert.equal(await upgradeStatus(`${ws}?vsn=2.0.0&token=garbage`), 403);
  assert.equal(await upgradeStatus(`${ws}?vsn=2.0.0&token=${encodeURIComponent(ana.token)}`), 101);

  const now = Math.floor(Date.now() / 1000);
  const data = { user_id: ana.user_id, username: ana.username };
  const fresh = phoenixToken(SECRET, "user auth", data, now);
  assert.equal(await upgradeStatus(`${ws}?vsn=2.0.0&token=${encodeURIComponent(fresh)}`), 101);
  const expired = phoenixToken(SECRET, "user auth", data, now - 15 * 24 * 3600, 30 * 24 * 3600);
  assert.equal(await upgradeStatus(`${ws}?vsn=2.0.0&token=${encodeURIComponent(expired)}`), 403);
  const foreign = phoenixToken(SECRET, "another salt", data, now);
  assert.equal(await upgradeStatus(`${ws}?vsn=2.0.0&token=${encodeURIComponent(foreign)}`), 403);
});

test("rooms: creators are admins, private rooms are hidden, admins add members", async () => {
  const ana = await register(server, "ana");
  const bob = await register(server, "bob");
  const open = await createRoom(server, ana, "open");
  const secret = await createRoom(server, ana, "secret", true);
  assert.deepEqual(open, { id: open.id, name: "open", private: false, role: "admin" });
  assert.equal((await api(server, "POST", "/api/rooms", { name: "" }, ana.token)).body.error, "invalid_name");
  assert.equal((await api(server, "POST", "/api/rooms", { name: "x" })).status, 401);

  const bobRooms = (await api(server, "GET", "/api/rooms", undefined, bob.token)).body.rooms;
  assert.ok(bobRooms.some((r) => r.id === open.id && r.role === null));
  assert.ok(!bobRooms.some((r) => r.id === secret.id));

  assert.deepEqual(await api(server, "POST", `/api/rooms/${secret.id}/members`, { user_id: ana.user_id }, bob.token),
    { status: 403, body: { error: "forbidden" } });
  assert.equal((await api(server, "POST", `/api/rooms/999999/members`, { user_id: bob.user_id }, ana.token)).status, 404);
  assert.equal((await api(server, "POST", `/api/rooms/${secret.id}/members`, { user_id: 999999 }, ana.token)).body.error, "user_not_found");
  assert.equal((await api(server, "POST", `/api/rooms/${secret.id}/members`, { user_id: bob.user_id, role: "king" }, ana.token)).body.error, "invalid_role");
  const added = await api(server, "POST", `/api/rooms/${secret.id}/members`, { username: bob.username, role: "moderator" }, ana.token);
  assert.deepEqual(added, { status: 200, body: { room_id: secret.id, user_id: bob.user_id, username: bob.username, role: "moderator" } });
  const after = (await api(server, "GET", "/api/rooms", undefined, bob.token)).body.rooms;
  assert.ok(after.some((r) => r.id === secret.id && r.role === "moderator"));
});

test("join: not_found, not_a_member, then history, role and presence", async () => {
  const ana = await register(server, "ana");
  const bob = await register(server, "bob");
  const secret = await createRoom(server, ana, "secret", true);
  const socket = await connect(server, { token: bob.token });
  sockets.push(socket);
  await assert.rejects(join(socket.channel("chat:999999")), (e) => e.response.reason === "not_found");
  await assert.rejects(join(socket.channel("chat:nonsense")), (e) => e.response.reason === "not_found");
  await assert.rejects(join(socket.channel(`chat:${secret.id}`)), (e) => e.response.reason === "not_a_member");
  await assert.rejects(join(socket.channel(`user:${ana.user_id}`)), (e) => e.response.reason === "unauthorized");

  const { channel, reply } = await enter(ana, secret.id);
  assert.deepEqual(reply.messages, []);
  assert.equal(reply.role, "admin");
  assert.deepEqual(reply.room, { id: secret.id, name: "secret", private: true });
  const presence = new Presence(channel);
  await waitFor(() => presence.list().length === 1, 3000, "own presence");
  const [entry] = presence.list((id, { metas }) => ({ id, metas }));
  assert.equal(entry.id, String(ana.user_id));
  assert.equal(entry.metas[0].username, ana.username);
  assert.equal(entry.metas[0].status, "online");
  assert.match(entry.metas[0].joined_at, /^\d{4}-\d\d-\d\dT/);
});

test("messages: validation, persisted broadcast then reply, three users, history on join", async () => {
  const [ana, bob, cy] = [await register(server, "ana"), await register(server, "bob"), await register(server, "cy")];
  const room = await createRoom(server, ana, "talk");
  const a = await enter(ana, room.id);
  const b = await enter(bob, room.id);
  const c = await enter(cy, room.id);
  const seenByB = record(b.channel, "message");
  const seenByC = record(c.channel, "message");
  const seenByA = record(a.channel, "message");

  assert.deepEqual(await push(a.channel, "message", { body: "   " }), { status: "error", response: { reason: "empty_message" } });
  assert.deepEqual(await push(a.channel, "message", {}), { status: "error", response: { reason: "empty_message" } });
  assert.deepEqual(await push(a.channel, "message", { body: "x".repeat(4001) }), { status: "error", response: { reason: "too_long" } });
  // 4,000 characters of two bytes each are within the limit: it counts characters.
  const long = await push(a.channel, "message", { body: "é".repeat(4000) });
  assert.equal(long.status, "ok");

  const sent = await push(a.channel, "message", { body: "hello all" });
  assert.equal(sent.status, "ok");
  assert.equal(typeof sent.response.id, "number");
  // On one node the sender got the broadcast before the reply: it is already recorded. On a
  // cluster the room's broadcast is numbered in Redis first, and the reply may overtake it
  // (docs/recovery.md).
  if (nodeCount === 1) assert.equal(seenByA.at(-1).id, sent.response.id);
  await waitFor(() => seenByA.length === 2 && seenByB.length === 2 && seenByC.length === 2, 2000, "broadcasts");
  assert.equal(seenByA.at(-1).id, sent.response.id);
  const message = seenByB[1];
  assert.deepEqual(Object.keys(message).sort(), ["_wick", "body", "id", "inserted_at", "user_id", "username"]);
  // The room keeps history: its broadcasts are numbered, one stream for every node's users.
  assert.deepEqual(seenByB.map((m) => m._wick.offset), [seenByB[0]._wick.offset, seenByB[0]._wick.offset + 1]);
  assert.deepEqual(seenByC.map((m) => m._wick), seenByB.map((m) => m._wick));
  assert.equal(message.body, "hello all");
  assert.equal(message.user_id, ana.user_id);
  assert.equal(message.username, ana.username);
  assert.ok(Math.abs(Date.parse(message.inserted_at) - Date.now()) < 60_000);

  const reply = await push(b.channel, "message", { body: "hi ana" });
  // History on join: everything, or only what is newer than last_seen_id.
  const all = await enter(cy, room.id);
  assert.deepEqual(all.reply.messages.map((m) => m.body), ["é".repeat(4000), "hello all", "hi ana"]);
  const newer = await enter(cy, room.id, { last_seen_id: sent.response.id });
  assert.deepEqual(newer.reply.messages.map((m) => m.id), [reply.response.id]);
  assert.deepEqual(newer.reply.messages[0].reactions, {});
});

test("typing indicators go to everyone but the typist", async () => {
  const [ana, bob] = [await register(server, "ana"), await register(server, "bob")];
  const room = await createRoom(server, ana);
  const a = await enter(ana, room.id);
  const b = await enter(bob, room.id);
  const anaSaw = record(a.channel, "typing_start");
  a.channel.push("typing_start", {});
  assert.deepEqual(withoutPosition(await nextEvent(b.channel, "typing_start")), { user_id: ana.user_id, username: ana.username });
  a.channel.push("typing_stop", {});
  assert.deepEqual(withoutPosition(await nextEvent(b.channel, "typing_stop")), { user_id: ana.user_id });
  await sleep(100);
  assert.equal(anaSaw.length, 0);
});

test("reactions: persisted once per user and emoji, broadcast, in history; unknown message errors", async () => {
  const [ana, bob] = [await register(server, "ana"), await register(server, "bob")];
  const room = await createRoom(server, ana);
  const other = await createRoom(server, ana, "other");
  const a = await enter(ana, room.id);
  const b = await enter(bob, room.id);
  const { response: { id } } = await push(a.channel, "message", { body: "react to me" });
  const { response: { id: elsewhere } } = await push((await enter(ana, other.id)).channel, "message", { body: "x" });

  const added = nextEvent(a.channel, "reaction_added");
  assert.deepEqual(await push(b.channel, "react", { message_id: id, emoji: "👍" }), { status: "ok", response: { added: true } });
  assert.deepEqual(withoutPosition(await added), { message_id: id, user_id: bob.user_id, emoji: "👍" });
  const seen = record(a.channel, "reaction_added");
  assert.deepEqual(await push(b.channel, "react", { message_id: id, emoji: "👍" }), { status: "ok", response: { added: false } });
  await push(a.channel, "react", { message_id: id, emoji: "👍" });
  await push(a.channel, "react", { message_id: id, emoji: "🎉" });
  assert.deepEqual(await push(a.channel, "react", { message_id: 999999, emoji: "👍" }), { status: "error", response: { reason: "not_found" } });
  assert.equal((await push(a.channel, "react", { message_id: elsewhere, emoji: "👍" })).response.reason, "not_found");
  assert.equal((await push(a.channel, "react", { message_id: id, emoji: "" })).response.reason, "invalid_emoji");
  await waitFor(() => seen.length === 2, 2000, "two more reactions");

  const again = await enter(bob, room.id);
  assert.deepEqual(again.reply.messages[0].reactions, { "👍": [bob.user_id, ana.user_id], "🎉": [ana.user_id] });
});

test("load_more pages back through history 50 at a time, oldest first", async () => {
  const ana = await register(server, "ana");
  const room = await createRoom(server, ana);
  const ids = [];
  // 40 at a time from a socket each: within the chat's per-socket burst (50), in order.
  for (let block = 0; block < 3; block += 1) {
    const writer = await enter(ana, room.id);
    for (let i = block * 40; i < (block + 1) * 40; i += 1) {
      writer.channel.push("message", { body: `m${i}` }).receive("ok", ({ id }) => ids.push(id));
    }
    await waitFor(() => ids.length === (block + 1) * 40, 10_000, `${(block + 1) * 40} acks`);
  }
  const a = await enter(ana, room.id);
  const { reply } = a;
  assert.deepEqual(reply.messages.map((m) => m.body), Array.from({ length: 50 }, (_, i) => `m${70 + i}`));

  const page1 = await push(a.channel, "load_more", { before_id: reply.messages[0].id });
  assert.deepEqual(page1.response.messages.map((m) => m.body), Array.from({ length: 50 }, (_, i) => `m${20 + i}`));
  const page2 = await push(a.channel, "load_more", { before_id: page1.response.messages[0].id });
  assert.deepEqual(page2.response.messages.map((m) => m.body), Array.from({ length: 20 }, (_, i) => `m${i}`));
  const page3 = await push(a.channel, "load_more", { before_id: page2.response.messages[0].id });
  assert.deepEqual(page3.response.messages, []);
  assert.equal((await push(a.channel, "load_more", {})).response.reason, "invalid_before_id");
});

test("a socket is held to what people typing need: 50 messages at once, then rate limited", async () => {
  const ana = await register(server, "ana");
  const room = await createRoom(server, ana);
  const a = await enter(ana, room.id);
  const statuses = await Promise.all(
    Array.from({ length: 80 }, (_, i) => push(a.channel, "message", { body: `flood ${i}` })),
  );
  // The bucket holds 50 (the join and a heartbeat may have taken a token or two) and refills
  // one token per 40 ms while the burst is served.
  const ok = statuses.filter((s) => s.status === "ok").length;
  const limited = statuses.filter((s) => s.status === "error" && s.response.reason === "rate limited");
  assert.ok(ok >= 45, `${ok} of 80 accepted`);
  assert.ok(limited.length >= 15, `${limited.length} of 80 refused`);
  assert.equal(ok + limited.length, 80);
  // Another socket of the same user has a bucket of its own.
  const b = await enter(ana, room.id);
  assert.equal((await push(b.channel, "message", { body: "still here" })).status, "ok");
});

test("delete_msg: moderators and admins soft-delete for everyone; members may not", async () => {
  const [ana, bob, cy] = [await register(server, "ana"), await register(server, "bob"), await register(server, "cy")];
  const room = await createRoom(server, ana);
  await api(server, "POST", `/api/rooms/${room.id}/members`, { user_id: bob.user_id, role: "moderator" }, ana.token);
  const a = await enter(ana, room.id);
  const b = await enter(bob, room.id);
  const c = await enter(cy, room.id);
  const first = (await push(c.channel, "message", { body: "spam" })).response.id;
  const second = (await push(c.channel, "message", { body: "more spam" })).response.id;

  assert.deepEqual(await push(c.channel, "delete_msg", { message_id: first }), { status: "error", response: { reason: "unauthorized" } });
  const deleted = nextEvent(c.channel, "msg_deleted");
  assert.equal((await push(b.channel, "delete_msg", { message_id: first })).status, "ok");
  assert.deepEqual(withoutPosition(await deleted), { message_id: first });
  assert.equal((await push(a.channel, "delete_msg", { message_id: second })).status, "ok");
  assert.equal((await push(a.channel, "delete_msg", { message_id: second })).response.reason, "not_found");
  const { reply } = await enter(cy, room.id);
  assert.deepEqual(reply.messages, []);
});

test("update_status changes the presence meta; other users see it", async () => {
  const [ana, bob] = [await register(server, "ana"), await register(server, "bob")];
  const room = await createRoom(server, ana);
  const a = await enter(ana, room.id);
  const b = await enter(bob, room.id);
  const watcher = new Presence(b.channel);
  await waitFor(() => watcher.list().length === 2, 3000, "both present");
  assert.deepEqual(await push(a.channel, "update_status", { status: "away" }), { status: "ok", response: { status: "away" } });
  const statusOf = (id) => watcher.list((key, { metas }) => [key, metas[0].status]).find(([key]) => key === String(id))?.[1];
  await waitFor(() => statusOf(ana.user_id) === "away", 3000, "away");
  assert.equal((await push(a.channel, "update_status", { status: "asleep" })).response.reason, "invalid_status");

  // A second tab of the same user is a second meta under the same key.
  await enter(ana, room.id);
  await waitFor(() => watcher.list((key, { metas }) => [key, metas.length]).some(([key, n]) => key === String(ana.user_id) && n === 2), 3000, "two metas");
});

test("@mentions notify members on their user topic", async () => {
  const [ana, bob, cy] = [await register(server, "ana"), await register(server, "bob"), await register(server, "cy")];
  const room = await createRoom(server, ana);
  const a = await enter(ana, room.id);
  await enter(bob, room.id);  // bob becomes a member; cy never joins
  const bobSocket = await connect(nodeOf(bob), { token: bob.token });
  const cySocket = await connect(nodeOf(cy), { token: cy.token });
  sockets.push(bobSocket, cySocket);
  const bobInbox = bobSocket.channel(`user:${bob.user_id}`);
  const cyInbox = cySocket.channel(`user:${cy.user_id}`);
  await join(bobInbox);
  await join(cyInbox);
  const cySaw = record(cyInbox, "mention");
  const mention = nextEvent(bobInbox, "mention");
  const { response: { id } } = await push(a.channel, "message", { body: `hey @${bob.username} and @${cy.username}, mail a@b.c` });
  assert.deepEqual(await mention, { room_id: room.id, message_id: id, from: ana.username });
  await sleep(150);
  assert.equal(cySaw.length, 0, "not a member: no mention");
});

test("a ban closes the user's room channel and keeps them out; logout disconnects", async () => {
  const [ana, bob] = [await register(server, "ana"), await register(server, "bob")];
  const room = await createRoom(server, ana);
  const a = await enter(ana, room.id);
  const b = await enter(bob, room.id);
  const banned = nextEvent(b.channel, "banned");
  const othersSee = nextEvent(a.channel, "user_banned");
  assert.equal((await api(server, "POST", `/api/rooms/${room.id}/bans`, { user_id: bob.user_id }, bob.token)).status, 403);
  assert.equal((await api(server, "POST", `/api/rooms/${room.id}/bans`, { user_id: ana.user_id }, ana.token)).body.error, "cannot_ban_yourself");
  assert.deepEqual(await api(elsewhere(bob), "POST", `/api/rooms/${room.id}/bans`, { user_id: bob.user_id }, ana.token),
    { status: 201, body: { room_id: room.id, user_id: bob.user_id } });
  assert.deepEqual(withoutPosition(await banned), { room_id: room.id });
  assert.deepEqual(withoutPosition(await othersSee), { user_id: bob.user_id });
  await waitFor(() => b.channel.state === "closed", 2000, "bob's channel closed");
  await assert.rejects(join(b.socket.channel(`chat:${room.id}`)), (e) => e.response.reason === "banned");
  assert.ok(!(await api(server, "GET", "/api/rooms", undefined, bob.token)).body.rooms.some((r) => r.id === room.id));

  const closed = new Promise((resolve) => a.socket.onClose(resolve));
  assert.equal((await api(elsewhere(ana), "POST", "/api/logout", undefined, ana.token)).status, 200);
  await closed;
});
