// {{Class}} (made by `wick gen channel {{Name}}`): join, ping, and a shout to the topic.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, connect, ok } from "./server.mjs";

const server = startServer();

test("{{topic}}:lobby lets a client join and answers ping", async () => {
  const socket = connect(server);
  try {
    const channel = socket.channel("{{topic}}:lobby");
    await ok(channel.join());
    assert.deepEqual(await ok(channel.push("ping", { n: 1 })), { n: 1 });
  } finally {
    socket.disconnect();
  }
});

test("a shout on {{topic}}:lobby reaches every member", async () => {
  const ann = connect(server);
  const bob = connect(server);
  try {
    const annChannel = ann.channel("{{topic}}:lobby");
    const bobChannel = bob.channel("{{topic}}:lobby");
    await Promise.all([ok(annChannel.join()), ok(bobChannel.join())]);
    const heard = new Promise((resolve) => bobChannel.on("shout", resolve));
    await ok(annChannel.push("shout", { text: "hi" }));
    assert.deepEqual(await heard, { text: "hi" });
  } finally {
    ann.disconnect();
    bob.disconnect();
  }
});
