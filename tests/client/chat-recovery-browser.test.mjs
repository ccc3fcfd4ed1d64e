// The chat's page in Chromium loses its connection (a TCP reset through a proxy, not a close)
// in the middle of a burst of messages, and rejoins where it left off: every message shown once,
// in order. When the gap is larger than the room's history, the page falls back to last_seen_id
// and starts over from the newest page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sleep } from "./helpers.mjs";
import { createRoom, enterRoom, register, startChat } from "./chat-helpers.mjs";
import { launch, poll, registerThroughPage, screenshot, messageTexts } from "./chat-page.mjs";
import { startProxy } from "./tcp-proxy.mjs";

let server;
let proxy;
let browser;

before(async () => {
  // The sender bursts faster than the chat's per-socket limit allows a person to.
  server = await startChat(undefined, ["--messages-per-second", "60000"]);
  proxy = await startProxy(server.port);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
});

/** Sends "m<from>".."m<to>" in acknowledged groups of ten; `each(n)` runs after message n. */
async function sendBurst(channel, from, to, each = async () => {}) {
  for (let n = from; n <= to; n += 10) {
    const group = [];
    for (let k = n; k < Math.min(n + 10, to + 1); k += 1) {
      group.push(new Promise((resolve, reject) => {
        channel.push("message", { body: `m${k}` })
          .receive("ok", resolve)
          .receive("error", (e) => reject(new Error(`m${k}: ${JSON.stringify(e)}`)))
          .receive("timeout", () => reject(new Error(`m${k}: timeout`)));
      }));
    }
    await Promise.all(group);
    await each(Math.min(n + 9, to));
  }
}

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);

/** A room made by a sender over the API and opened by a new person in the page, through the proxy. */
async function roomInPage(name) {
  const sender = await register(server, "sender");
  const room = await createRoom(server, sender, name);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await registerThroughPage(page, proxy.http, `reader_${name}_${process.pid % 10000}`);
  await page.click(`#rooms li[data-room="${room.id}"] button`);
  await page.waitForFunction(() => !document.querySelector("#room").hidden, null, poll);
  await page.waitForFunction(() => document.querySelectorAll("#presence li").length === 1, null, poll);
  const { socket, channel } = await enterRoom(server, sender, room.id);
  return { page, socket, channel };
}

const shown = (page) => page.evaluate(() => document.querySelectorAll("#messages .message").length);

test("a tab cut off during a burst of 300 shows every message once, in order", async () => {
  const { page, socket, channel } = await roomInPage("burst");
  const before = proxy.connections();
  try {
    await sendBurst(channel, 1, 300, async (n) => {
      if (n !== 100) return;
      // The page has seen some of the burst; its connection dies and stays dead a moment.
      await page.waitForFunction(() => document.querySelectorAll("#messages .message").length >= 20, null, poll);
      proxy.refuse(true);
      proxy.cut();
      await page.waitForFunction(() => document.querySelector("#connection").dataset.state === "offline", null, poll);
      setTimeout(() => proxy.refuse(false), 300);
    });
    await page.waitForFunction(() => document.querySelectorAll("#messages .message").length >= 300, null, poll);
    await sleep(200); // anything duplicated would have arrived by now
    assert.deepEqual(await messageTexts(page), range(1, 300));
    assert.ok(proxy.connections() > before, "the page reconnected through the proxy");
    assert.equal(await page.evaluate(() => document.querySelector("#connection").dataset.state), "online");
    await screenshot(page, "chat-recovered.png");
  } finally {
    socket.disconnect();
    await page.context().close();
  }
});

test("a gap larger than the room's history falls back to the newest page, in order", async () => {
  const { page, socket, channel } = await roomInPage("flood");
  try {
    await sendBurst(channel, 1, 30);
    await page.waitForFunction(() => document.querySelectorAll("#messages .message").length === 30, null, poll);
    proxy.refuse(true);
    proxy.cut();
    await page.waitForFunction(() => document.querySelector("#connection").dataset.state === "offline", null, poll);
    // The room keeps 1,000 broadcasts and recovers at most 1,000: these cannot be recovered.
    await sendBurst(channel, 31, 1130);
    proxy.refuse(false);
    await page.waitForFunction(() => document.querySelector("#connection").dataset.state === "online", null, poll);
    await page.waitForFunction(() => document.querySelector("#messages .message .text")?.textContent === "m1081", null, poll);
    await sleep(200);
    assert.equal(await shown(page), 50);
    assert.deepEqual(await messageTexts(page), range(1081, 1130));
    assert.equal(await page.isVisible("#load-more"), true, "older messages can be loaded");
    await page.click("#load-more");
    await page.waitForFunction(() => document.querySelectorAll("#messages .message").length === 100, null, poll);
    assert.deepEqual(await messageTexts(page), range(1031, 1130));
  } finally {
    socket.disconnect();
    await page.context().close();
  }
});
