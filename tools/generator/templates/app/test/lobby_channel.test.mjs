// The lobby, as the page uses it: join, ping, and a shout that reaches everyone in the topic.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, connect, ok } from "./server.mjs";

const server = startServer();

test("joining lobby:main answers ok with the topic", async () => {
  const socket = connect(server);
  try {
    const reply = await ok(socket.channel("lobby:main").join());
    assert.deepEqual(reply, { topic: "lobby:main" });
  } finally {
    socket.disconnect();
  }
});

test("ping is answered with its payload", async () => {
  const socket = connect(server);
  try {
    const lobby = socket.channel("lobby:main");
    await ok(lobby.join());
    assert.deepEqual(await ok(lobby.push("ping", { n: 1 })), { n: 1 });
  } finally {
    socket.disconnect();
  }
});

test("a shout reaches every member of the topic", async () => {
  const ann = connect(server, { name: "ann" });
  const bob = connect(server, { name: "bob" });
  try {
    const annLobby = ann.channel("lobby:main");
    const bobLobby = bob.channel("lobby:main");
    await Promise.all([ok(annLobby.join()), ok(bobLobby.join())]);
    const heard = new Promise((resolve) => bobLobby.on("shout", resolve));
    await ok(annLobby.push("shout", { text: "hello" }));
    assert.deepEqual(await heard, { from: "ann", body: { text: "hello" } });
  } finally {
    ann.disconnect();
    bob.disconnect();
  }
});

test("the page is served at /", async () => {
  const response = await fetch(`${server.http}/`);
  assert.equal(response.status, 200);
  assert.match(await response.text(), /<script src="app.js">/);
  assert.equal((await fetch(`${server.http}/app.js`)).status, 200);
});
