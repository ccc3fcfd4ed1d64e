// The README's example (examples/lobby.cpp and the client code shown next to it) works as shown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, Socket, WebSocket, waitFor, upgradeStatus } from "./helpers.mjs";

test("the README example: welcome after join, shouts reach the room", async () => {
  const server = await startServer("wick-lobby");
  try {
    const log = [];
    // As in the README, with the ws transport that Node.js needs.
    const socket = new Socket(server.url, { transport: WebSocket, params: { name: "ann" } });
    socket.connect();
    const lobby = socket.channel("lobby:main");
    lobby.on("welcome", ({ name }) => log.push(`welcome, ${name}`));
    lobby.on("shout", ({ from, text }) => log.push(`${from}: ${text}`));
    lobby.join().receive("ok", () => lobby.push("shout", { text: "hello" }));
    await waitFor(() => log.length === 2, 3000, "welcome and shout");
    assert.deepEqual(log, ["welcome, ann", "ann: hello"]);
    socket.disconnect();
    assert.equal(await upgradeStatus(`${server.url}/websocket?vsn=2.0.0`), 403, "no name: refused");
  } finally {
    await server.stop();
  }
});
