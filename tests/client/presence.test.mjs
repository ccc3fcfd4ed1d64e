// Presence through the official phoenix Presence class: several tabs per user, updates, leaves,
// crashes, disconnects, a joiner's presence_state listing itself (raw frames, every transport
// and vsn), and a burst of 1,000 joins coalesced into few presence_diffs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Presence } from "phoenix";
import { useServer, startServer, connect, join, push, RawClient, RawLongPoll, waitFor, sleep } from "./helpers.mjs";

const rooms = useServer("wick-rooms");
const conformance = useServer("wick-conformance");

/** Joins `topic` and follows its presence; `view()` is {key: number of metas}. */
async function watch(socket, topic, params = {}) {
  const channel = socket.channel(topic, params);
  const presence = new Presence(channel);
  let syncs = 0;
  presence.onSync(() => syncs++);
  await join(channel);
  await waitFor(() => syncs > 0, 2000, "the first presence_state");
  const view = () =>
    Object.fromEntries(presence.list((key, { metas }) => [key, metas.length]));
  return { channel, presence, view };
}

test("presence_state after join lists the user with online_at and a phx_ref", async () => {
  const socket = await rooms.client({ user_id: "ann" });
  const { presence } = await watch(socket, "room:p1");
  const [ann] = presence.list((key, entry) => ({ key, entry }));
  assert.equal(ann.key, "ann");
  assert.equal(ann.entry.metas.length, 1);
  assert.equal(typeof ann.entry.metas[0].online_at, "number");
  assert.match(ann.entry.metas[0].phx_ref, /^[A-Za-z0-9_-]{16}$/);
});

test("several tabs are several metas under one key; leaving removes one", async () => {
  const observer = await watch(await rooms.client({ user_id: "obs" }), "room:p2");
  const tab1 = await watch(await rooms.client({ user_id: "bob" }), "room:p2");
  const tab2 = await watch(await rooms.client({ user_id: "bob" }), "room:p2");
  await waitFor(() => observer.view().bob === 2, 2000, "two metas for bob");
  assert.deepEqual(tab2.view(), { obs: 1, bob: 2 });
  const left = [];
  observer.presence.onLeave((key, current, leftPresence) => left.push([key, current?.metas.length, leftPresence.metas.length]));
  await new Promise((resolve) => tab1.channel.leave().receive("ok", resolve));
  await waitFor(() => observer.view().bob === 1, 2000, "one meta left for bob");
  assert.deepEqual(left, [["bob", 1, 1]]);
});

test("a crash and a disconnect leave no ghost", async () => {
  const observer = await watch(await rooms.client({ user_id: "obs" }), "room:p3");
  const crashing = await watch(await rooms.client({ user_id: "cid" }), "room:p3");
  const leaving = await rooms.client({ user_id: "dan" });
  await watch(leaving, "room:p3");
  await waitFor(() => observer.view().cid === 1 && observer.view().dan === 1, 2000, "everyone");
  const joinRef = crashing.channel.joinRef();
  crashing.channel.push("crash", {});
  // The crash removes cid's meta; the client then rejoins by itself and is tracked again.
  await waitFor(() => crashing.channel.joinRef() !== joinRef && crashing.channel.state === "joined", 3000, "rejoin");
  await waitFor(() => observer.view().cid === 1, 2000, "cid back");
  const cidRefs = observer.presence.state.cid.metas.map((m) => m.phx_ref);
  assert.equal(cidRefs.length, 1, "the crashed meta is gone, not duplicated");
  leaving.disconnect();
  await waitFor(() => observer.view().dan === undefined, 2000, "dan gone");
  assert.deepEqual(observer.view(), { obs: 1, cid: 1 });
});

test("update replaces the meta in one diff, with phx_ref_prev", async () => {
  const observer = await watch(await conformance.client(), "conf:presence", { track: "watcher" });
  const user = await watch(await conformance.client(), "conf:presence", {
    track: "eve", meta: { status: "online" },
  });
  await waitFor(() => observer.view().eve === 1, 2000, "eve");
  const before = observer.presence.state.eve.metas[0];
  assert.equal(before.status, "online");
  assert.equal((await push(user.channel, "presence_update", { status: "away" })).status, "ok");
  await waitFor(() => observer.presence.state.eve?.metas[0].status === "away", 2000, "away");
  const after = observer.presence.state.eve.metas;
  assert.equal(after.length, 1);
  assert.equal(after[0].phx_ref_prev, before.phx_ref);
  assert.notEqual(after[0].phx_ref, before.phx_ref);
  assert.equal((await push(user.channel, "presence_untrack")).status, "ok");
  await waitFor(() => observer.view().eve === undefined, 2000, "eve untracked");
  const { response } = await push(observer.channel, "presence_list");
  assert.deepEqual(Object.keys(response), ["watcher"]);
});

test("a burst of 1,000 joins ends exact, in a bounded number of presence_diffs", async () => {
  const server = await startServer("wick-rooms", ["--presence-window-ms", "30"]);
  try {
    const socket = await connect(server, { user_id: "observer" });
    const observer = await watch(socket, "room:burst");
    let diffs = 0;
    observer.channel.on("presence_diff", () => diffs++);
    const clients = [];
    for (let i = 0; i < 1000; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, (_, k) => RawClient.open(server, `vsn=2.0.0&user_id=u${i + k}`)),
      );
      for (const client of batch) client.send(["1", "1", "room:burst", "phx_join", {}]);
      clients.push(...batch);
    }
    await waitFor(() => Object.keys(observer.view()).length === 1001, 10000, "1,001 users");
    assert.ok(Object.values(observer.view()).every((metas) => metas === 1));
    assert.ok(diffs < 200, `${diffs} presence_diff frames for 1,000 joins`);
    for (const client of clients) client.close();
    await waitFor(() => Object.keys(observer.view()).length === 1, 10000, "everyone gone");
    assert.deepEqual(observer.view(), { observer: 1 });
    socket.disconnect();
  } finally {
    await server.stop();
  }
});

test("diffs that reach a client before its late presence_state bring back no one who left", async () => {
  const server = await startServer("wick-conformance", ["--presence-window-ms", "300"]);
  try {
    const socket = await connect(server);
    const channel = socket.channel("conf:late");  // joined without tracking: no state yet
    const presence = new Presence(channel);
    let syncs = 0;
    let diffs = 0;
    presence.onSync(() => syncs++);
    channel.on("presence_diff", () => diffs++);
    await join(channel);
    const other = await connect(server);
    const xavier = other.channel("conf:late", { track: "xavier" });
    await join(xavier);
    await waitFor(() => diffs === 1, 3000, "xavier's join diff, which Presence holds");
    assert.equal(syncs, 0);
    // One window: xavier leaves, then the client asks for its state.
    assert.equal((await push(xavier, "presence_untrack")).status, "ok");
    assert.equal((await push(channel, "presence_push_state")).status, "ok");
    await waitFor(() => syncs > 0, 3000, "the state");
    assert.deepEqual(presence.list((key) => key), [], "xavier is gone");
    socket.disconnect();
    other.disconnect();
  } finally {
    await server.stop();
  }
});

// V1 frames are objects; as arrays they read like V2 (V1 never carries a join_ref to clients).
const asArray = (m) => (Array.isArray(m) ? m : [m.join_ref ?? null, m.ref, m.topic, m.event, m.payload]);
const isEvent = (event) => (m) => !Buffer.isBuffer(m) && asArray(m)[3] === event;
const presenceFrames = (client) => client.messages.filter((m) => asArray(m)[3]?.startsWith("presence_"));
const metaCounts = (list) => Object.fromEntries(Object.entries(list).map(([key, { metas }]) => [key, metas.length]));

// Raw frames, not the JS Presence, which would hide a missing or repeated presence.
for (const transport of ["websocket", "longpoll"]) {
  for (const vsn of ["2.0.0", "1.0.0"]) {
    test(`presence_state lists the joiner itself and everyone before it, each once (${transport}, vsn ${vsn})`, async () => {
      const Client = transport === "websocket" ? RawClient : RawLongPoll;
      const topic = `room:self-${transport}-${vsn}`;
      const joinMessage = vsn === "2.0.0" ? ["1", "1", topic, "phx_join", {}] : { topic, event: "phx_join", payload: {}, ref: "1" };
      const ann = await Client.open(rooms.server, `vsn=${vsn}&user_id=ann`);
      ann.send(joinMessage);
      const annState = asArray(await ann.expect(isEvent("presence_state")));
      assert.deepEqual(metaCounts(annState[4]), { ann: 1 });
      const bob = await Client.open(rooms.server, `vsn=${vsn}&user_id=bob`);
      bob.send(joinMessage);
      const bobState = asArray(await bob.expect(isEvent("presence_state")));
      assert.deepEqual(metaCounts(bobState[4]), { ann: 1, bob: 1 });
      assert.equal(bobState[4].ann.metas[0].phx_ref, annState[4].ann.metas[0].phx_ref);
      if (vsn === "2.0.0") assert.equal(bobState[0], "1", "the state carries the join's join_ref");
      const diff = asArray(await ann.expect(isEvent("presence_diff")));
      assert.deepEqual(diff[4], { joins: { bob: bobState[4].bob }, leaves: {} });
      await sleep(150);
      // Each told every presence once: a joiner is spared the diff its state already holds.
      assert.deepEqual(presenceFrames(ann), [], "nothing more for ann");
      assert.deepEqual(presenceFrames(bob), [], "nothing more for bob");
      ann.close();
      bob.close();
    });
  }
}

test("join params {presence: false} track nothing", async () => {
  const observer = await watch(await rooms.client({ user_id: "obs2" }), "room:p4");
  const quiet = await rooms.client({ user_id: "ghost" });
  await join(quiet.channel("room:p4", { presence: false }));
  await sleep(100);
  assert.deepEqual(observer.view(), { obs2: 1 });
});
