// Durability: every message the server acknowledged survives kill -9 and a restart, once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, join, waitFor } from "./helpers.mjs";
import { startChat, freshDatabase, api, register, createRoom, fullHistory } from "./chat-helpers.mjs";

// The writers push as fast as acknowledgements come back, far beyond the chat's per-socket
// rate limit for people typing: lift it.
const unlimited = ["--messages-per-second", "0"];

test("acknowledged messages survive kill -9 and a restart, none twice", async () => {
  const dbPath = await freshDatabase();
  let server = await startChat(dbPath, unlimited);
  const ana = await register(server, "ana");
  const room = await createRoom(server, ana, "durable");

  const acked = new Map();  // body → id
  const writers = [];
  for (let w = 0; w < 3; w += 1) {
    const socket = await connect(server, { token: ana.token }, { reconnectAfterMs: () => 60_000 });
    const channel = socket.channel(`chat:${room.id}`);
    await join(channel);
    writers.push({ socket, channel, sent: 0 });
  }
  // Each writer keeps 10 messages in flight until the server dies.
  let killed = false;
  const send = (writer) => {
    if (killed) return;
    const body = `w${writers.indexOf(writer)}-${writer.sent++}`;
    writer.channel.push("message", { body }, 10_000).receive("ok", ({ id }) => {
      if (!killed) acked.set(body, id);
      send(writer);
    });
  };
  for (const writer of writers) for (let i = 0; i < 10; i += 1) send(writer);
  await waitFor(() => acked.size >= 300, 30_000, "300 acknowledged messages");
  server.proc.kill("SIGKILL");
  killed = true;
  await server.exited;
  for (const { socket } of writers) socket.disconnect();

  server = await startChat(dbPath, unlimited);
  try {
    const history = await fullHistory(server, ana, room.id);
    const ids = history.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, "no message twice");
    assert.equal(new Set(history.map((m) => m.body)).size, history.length, "no body twice");
    const byBody = new Map(history.map((m) => [m.body, m.id]));
    for (const [body, id] of acked) assert.equal(byBody.get(body), id, `acked ${body} is kept`);
    assert.ok(history.length >= acked.size);
    // The restarted server keeps working on the same database.
    const login = await api(server, "POST", "/api/login", { username: ana.username, password: "correct horse" });
    assert.equal(login.status, 200);
  } finally {
    await server.stop();
  }
});

// A graceful stop with pushes in flight: the server finishes the queued writes (their replies
// and broadcasts go to an endpoint that has stopped but still exists) and exits 0.
test("SIGTERM with messages in flight: a clean exit, and everything acknowledged is kept", async () => {
  const dbPath = await freshDatabase();
  let server = await startChat(dbPath, unlimited);
  const ana = await register(server, "ana");
  const room = await createRoom(server, ana, "closing");
  const acked = new Map();
  const writers = [];
  let stopping = false;
  for (let w = 0; w < 3; w += 1) {
    const socket = await connect(server, { token: ana.token }, { reconnectAfterMs: () => 60_000 });
    const channel = socket.channel(`chat:${room.id}`);
    await join(channel);
    writers.push({ socket, channel, sent: 0 });
  }
  const send = (writer) => {
    if (stopping) return;
    const body = `w${writers.indexOf(writer)}-${writer.sent++}`;
    writer.channel.push("message", { body }, 10_000).receive("ok", ({ id }) => {
      acked.set(body, id);
      send(writer);
    });
  };
  for (const writer of writers) for (let i = 0; i < 20; i += 1) send(writer);
  await waitFor(() => acked.size >= 200, 30_000, "200 acknowledged messages");
  const exit = await server.stop();  // SIGTERM while pushes are in flight; throws on a sanitizer report
  stopping = true;
  assert.deepEqual(exit, { code: 0, signal: null });
  for (const { socket } of writers) socket.disconnect();

  server = await startChat(dbPath, unlimited);
  try {
    const history = await fullHistory(server, ana, room.id);
    const byBody = new Map(history.map((m) => [m.body, m.id]));
    for (const [body, id] of acked) assert.equal(byBody.get(body), id, `acked ${body} is kept`);
    assert.equal(new Set(history.map((m) => m.id)).size, history.length, "no message twice");
  } finally {
    await server.stop();
  }
});
