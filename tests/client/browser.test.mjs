// A real browser: Debian's chromium, driven by playwright-core, loads a page served by Wick that
// uses the bundled official client, and renders the presence list.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, "artifacts");
// Poll on a timer: the default, requestAnimationFrame, is throttled in background tabs, so a
// check on a page that is not in front might never run again.
const poll = { polling: 100, timeout: 15000 };

/** A static directory with the test page and the phoenix client's browser bundle. */
function pageDirectory() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wick-page-"));
  cpSync(path.join(here, "browser"), dir, { recursive: true });
  // The package's exports hide priv/, so the bundle is found beside its entry point.
  const entry = createRequire(import.meta.url).resolve("phoenix");
  cpSync(path.join(path.dirname(entry), "phoenix.min.js"), path.join(dir, "phoenix.min.js"));
  return dir;
}

function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}

test("the presence list renders in a real browser over WebSocket", async () => {
  const server = await startServer("wick-rooms", ["--static", pageDirectory()]);
  const browser = await launch();
  try {
    const ann = await browser.newPage();
    const bob = await browser.newPage();
    const annTab2 = await browser.newPage();
    await ann.goto(`${server.http}/?user=ann`);
    await bob.goto(`${server.http}/?user=bob`);
    await annTab2.goto(`${server.http}/?user=ann`);
    await ann.waitForFunction(() => document.querySelectorAll("#users li").length === 2 &&
      document.querySelector('#users li[data-user="ann"]')?.textContent === "ann (2 tabs)", null, poll);
    assert.equal(await ann.getAttribute("body", "data-transport"), "websocket");
    assert.deepEqual(await ann.locator("#users li").allTextContents(), ["ann (2 tabs)", "bob (1 tab)"]);

    mkdirSync(artifacts, { recursive: true });
    const shot = await ann.screenshot({ path: path.join(artifacts, "presence-websocket.png") });
    assert.deepEqual([...shot.subarray(1, 4)], [...Buffer.from("PNG")]);
    assert.ok(shot.length > 5000, `a screenshot with content (${shot.length} bytes)`);

    await bob.close();
    await ann.waitForFunction(() => document.querySelectorAll("#users li").length === 1, null, poll);
    assert.deepEqual(await ann.locator("#users li").allTextContents(), ["ann (2 tabs)"]);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test("with WebSocket disabled the client falls back to long-poll by itself", async () => {
  // A closed tab says nothing over long-poll: its session ends after 1.5 windows without a poll
  // (15 s by default, as in Phoenix). A 2 s window keeps the test short.
  const server = await startServer("wick-rooms", [
    "--static", pageDirectory(), "--no-websocket", "--longpoll-window-ms", "2000",
  ]);
  const browser = await launch();
  try {
    const cid = await browser.newPage();
    const dee = await browser.newPage();
    await cid.goto(`${server.http}/?user=cid&fallback=500`);
    await dee.goto(`${server.http}/?user=dee&fallback=500`);
    await cid.waitForFunction(() => document.querySelectorAll("#users li").length === 2, null, poll);
    assert.equal(await cid.getAttribute("body", "data-transport"), "long-poll");
    assert.equal(await dee.getAttribute("body", "data-transport"), "long-poll");
    assert.deepEqual(await cid.locator("#users li").allTextContents(), ["cid (1 tab)", "dee (1 tab)"]);
    mkdirSync(artifacts, { recursive: true });
    const shot = await cid.screenshot({ path: path.join(artifacts, "presence-longpoll.png") });
    assert.ok(shot.length > 5000, `a screenshot with content (${shot.length} bytes)`);
    await dee.close();
    await cid.waitForFunction(() => document.querySelectorAll("#users li").length === 1, null, poll);
  } finally {
    await browser.close();
    await server.stop();
  }
});
