// wick-chat's page in a real browser (Debian's chromium via playwright-core) on a cluster: three
// nodes on one PostgreSQL database behind HAProxy (deploy/haproxy.cfg). Two people, each on a
// node of their own through HAProxy, chat, see each other typing and present; the node of one
// of them is killed with SIGKILL; that page shows "Reconnecting…", comes back through HAProxy
// on another node, and shows every message the other sent meanwhile, once, in order.
// Screenshots go to artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { metrics, sleep } from "./helpers.mjs";
import { startChatCluster } from "./chat-helpers.mjs";
import { startHaproxy } from "./cluster-harness.mjs";
import { launch, poll, registerThroughPage, screenshot, messageTexts } from "./chat-page.mjs";

const hasMessage = (page, text) => page.waitForFunction((wanted) =>
  [...document.querySelectorAll("#messages .text")].some((n) => n.textContent === wanted), text, poll);

async function send(page, text) {
  await page.fill("#body", text);
  await page.press("#body", "Enter");
  await hasMessage(page, text);  // the sender's own broadcast comes before the acknowledgement
}

/** The node whose joined channels rose when `act` ran (each page joins its inbox and a room). */
async function nodeJoinedBy(nodes, act) {
  const channels = async () => Promise.all(nodes.map(async (node) => (await metrics(node)).wick_channels));
  const before = await channels();
  await act();
  await sleep(300);  // the joins' replies are in; their channel gauges follow at once
  const after = await channels();
  const grown = nodes.filter((_, i) => after[i] > before[i]);
  assert.equal(grown.length, 1, `one node took the page's channels (${before} → ${after})`);
  return grown[0];
}

test("two people on two nodes through HAProxy; one node dies, its page reconnects and misses nothing", async () => {
  const chat = await startChatCluster(3);
  const haproxy = await startHaproxy(chat.nodes);
  const browser = await launch();
  const suffix = String(process.pid % 10000);
  const alice = `alice_${suffix}`;
  const bob = `bob_${suffix}`;
  try {
    const desk = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();

    const deskNode = await nodeJoinedBy(chat.nodes, async () => {
      await registerThroughPage(desk, haproxy.http, alice);
      await desk.fill("#new-room-name", "general");
      await desk.click("#new-room button[type=submit]");
      await desk.waitForFunction(() => document.querySelector("#room-title").textContent === "# general", null, poll);
    });
    const phoneNode = await nodeJoinedBy(chat.nodes, async () => {
      await registerThroughPage(phone, haproxy.http, bob);
      await phone.click("#menu");
      await phone.click("#rooms li button:has-text('general')");
      await phone.waitForFunction(() => !document.querySelector("#room").hidden, null, poll);
    });
    assert.notEqual(deskNode, phoneNode, "HAProxy (leastconn) put the two pages on two nodes");

    for (const page of [desk, phone]) {
      await page.waitForFunction(() => document.querySelectorAll("#presence li").length === 2, null, poll);
    }
    await phone.type("#body", "hello across nodes");
    await desk.waitForFunction((name) => document.querySelector("#typing").textContent === `${name} is typing…`, bob, poll);
    await phone.press("#body", "Enter");
    await hasMessage(desk, "hello across nodes");
    await send(desk, "hi from the other node");
    await hasMessage(phone, "hi from the other node");
    await phone.selectOption("#status", "away");
    await desk.waitForFunction((name) => [...document.querySelectorAll("#presence li")].some((li) =>
      li.querySelector(".name").textContent === name && li.dataset.status === "away"), bob, poll);
    await screenshot(desk, "chat-cluster-desktop.png");

    // The phone's node dies. Its network is slow from now on (2 s to open a connection), so
    // that the badge can be seen; then the page reconnects through HAProxy, to a live node.
    const cdp = await phone.context().newCDPSession(phone);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions",
      { offline: false, latency: 2000, downloadThroughput: -1, uploadThroughput: -1 });
    phoneNode.proc.kill("SIGKILL");
    await phoneNode.exited;
    await phone.waitForFunction(() => document.querySelector("#connection").dataset.state === "offline", null, poll);
    assert.equal(await phone.textContent("#connection"), "Reconnecting…");
    await screenshot(phone, "chat-cluster-phone-reconnecting.png");
    // What alice says meanwhile is acknowledged by her node, which lives.
    const meanwhile = ["while you were away 1", "while you were away 2", "while you were away 3"];
    for (const text of meanwhile) await send(desk, text);

    await phone.waitForFunction(() => document.querySelector("#connection").dataset.state === "online", null, poll);
    for (const text of meanwhile) await hasMessage(phone, text);
    const expected = ["hello across nodes", "hi from the other node", ...meanwhile];
    assert.deepEqual(await messageTexts(phone), expected, "every message once, in order");
    assert.deepEqual(await messageTexts(desk), expected);
    // Bob's status survives the rejoin, and his presence from the dead node leaves once the
    // others take it as down (--node-down-ms 2000): one meta, away.
    await desk.waitForFunction((name) => [...document.querySelectorAll("#presence li")].some((li) =>
      li.querySelector(".name").textContent === name && li.dataset.status === "away" && !li.querySelector(".count")),
    bob, poll);
    assert.equal(await phone.inputValue("#status"), "away");
    await cdp.send("Network.emulateNetworkConditions",
      { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await send(phone, "back");
    await hasMessage(desk, "back");
    await screenshot(phone, "chat-cluster-phone-reconnected.png");
  } finally {
    await browser.close();
    await haproxy.stop();
    await chat.stop();
  }
});
