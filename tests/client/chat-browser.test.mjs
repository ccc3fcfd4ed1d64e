// wick-chat's page in a real browser (Debian's chromium via playwright-core): two people, one on
// a desktop-sized window and one on a phone-sized one, register, chat, see each other typing,
// present and reacting; the admin deletes a message; a reload restores history; the connection
// badge notices a dead server. Screenshots go to artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startChat } from "./chat-helpers.mjs";
import { launch, poll, registerThroughPage, screenshot, messageTexts } from "./chat-page.mjs";

test("two people chat in the browser: typing, presence, reactions, moderation, reload", async () => {
  const server = await startChat();
  const browser = await launch();
  const suffix = String(process.pid % 10000);
  const alice = `alice_${suffix}`;
  const bob = `bob_${suffix}`;
  try {
    const desk = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();

    await registerThroughPage(desk, server.http, alice);
    await desk.fill("#new-room-name", "general");
    await desk.click("#new-room button[type=submit]");
    await desk.waitForFunction(() => document.querySelector("#room-title").textContent === "# general", null, poll);
    assert.equal(await desk.isVisible("#admin"), true, "the creator is the room's admin");

    await registerThroughPage(phone, server.http, bob);
    await phone.click("#menu");
    await phone.click("#rooms li button:has-text('general')");
    await phone.waitForFunction(() => !document.querySelector("#room").hidden, null, poll);

    // Presence: both pages list both people.
    for (const page of [desk, phone]) {
      await page.waitForFunction(() => document.querySelectorAll("#presence li").length === 2, null, poll);
    }
    assert.deepEqual(await desk.locator("#presence li .name").allTextContents(), [alice, bob]);

    // Typing: bob types, alice sees it; it clears once bob sends.
    await phone.type("#body", "hello from the phone");
    await desk.waitForFunction((name) => document.querySelector("#typing").textContent === `${name} is typing…`, bob, poll);
    await phone.press("#body", "Enter");
    for (const page of [desk, phone]) {
      await page.waitForFunction(() => [...document.querySelectorAll("#messages .text")].some((n) => n.textContent === "hello from the phone"), null, poll);
    }
    await desk.waitForFunction(() => document.querySelector("#typing").textContent === "", null, poll);

    // A mention reaches bob as a notification.
    await desk.fill("#body", `welcome @${bob}!`);
    await desk.click("#composer button[type=submit]");
    await phone.waitForFunction((name) => [...document.querySelectorAll(".toast")].some((n) => n.textContent.startsWith(`${name} mentioned you`)), alice, poll);

    // Reactions: alice reacts to bob's message; bob sees the count.
    const bobsMessage = desk.locator(".message", { hasText: "hello from the phone" });
    await bobsMessage.locator(".add-reaction", { hasText: "🎉" }).click();
    await phone.waitForFunction(() => [...document.querySelectorAll(".message")].some((m) =>
      m.textContent.includes("hello from the phone") && m.querySelector('.reaction[data-emoji="🎉"]')?.textContent === "🎉 1"), null, poll);

    // Status: bob goes away; alice's presence list shows it.
    await phone.selectOption("#status", "away");
    await desk.waitForFunction((name) => [...document.querySelectorAll("#presence li")].some((li) =>
      li.querySelector(".name").textContent === name && li.dataset.status === "away"), bob, poll);

    // Moderation: bob has no delete buttons; alice deletes a message for everyone.
    assert.equal(await phone.locator(".message .delete").count(), 0);
    await phone.fill("#body", "this will be removed");
    await phone.press("#body", "Enter");
    await desk.waitForFunction(() => [...document.querySelectorAll("#messages .text")].some((n) => n.textContent === "this will be removed"), null, poll);
    await desk.locator(".message", { hasText: "this will be removed" }).locator(".delete").click();
    await phone.waitForFunction(() => ![...document.querySelectorAll("#messages .text")].some((n) => n.textContent === "this will be removed"), null, poll);

    await screenshot(desk, "chat-desktop.png");
    await screenshot(phone, "chat-phone.png");

    // A reload restores the history, with the reaction and without the deleted message.
    await phone.reload();
    await phone.waitForFunction(() => document.querySelectorAll("#messages .message").length === 2, null, poll);
    assert.deepEqual(await messageTexts(phone), ["hello from the phone", `welcome @${bob}!`]);
    assert.equal(await phone.locator('.reaction[data-emoji="🎉"]').textContent(), "🎉 1");
    await screenshot(phone, "chat-phone-reloaded.png");

    // The connection badge tells when the server is gone.
    server.proc.kill("SIGKILL");
    await desk.waitForFunction(() => document.querySelector("#connection").dataset.state === "offline", null, poll);
    assert.equal(await desk.textContent("#connection"), "Reconnecting…");
  } finally {
    await browser.close();
    await server.stop();
  }
});
