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
      document.querySelector('#users li[data-user="ann"]')?.textContent === "ann (2 tabs)");
    assert.equal(await ann.getAttribute("body", "data-transport"), "websocket");
    assert.deepEqual(await ann.locator("#users li").allTextContents(), ["ann (2 tabs)", "bob (1 tab)"]);

    mkdirSync(artifacts, { recursive: true });
    const shot = await ann.screenshot({ path: path.join(artifacts, "presence-websocket.png") });
    assert.deepEqual([...shot.subarray(1, 4)], [...Buffer.from("PNG")]);
    assert.ok(shot.length > 5000, `a screenshot with content (${shot.length} bytes)`);

    await bob.close();
    await ann.waitForFunction(() => document.querySelectorAll("#users li").length === 1);
    assert.deepEqual(await ann.locator("#users li").allTextContents(), ["ann (2 tabs)"]);
  } finally {
    await browser.close();
    await server.stop();
  }
});
