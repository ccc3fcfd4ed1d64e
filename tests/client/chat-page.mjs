// Driving the chat's page in Debian's chromium (playwright-core), for the browser suites:
// launching, registering through the form, screenshots into artifacts/ that are checked.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), "artifacts");
/** waitForFunction's options for what a page shows: polled every 100 ms, for 15 s. */
export const poll = { polling: 100, timeout: 15000 };

export function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}

/** Registers `username` through the page's form at `url`; resolves once the socket is up. */
export async function registerThroughPage(page, url, username) {
  await page.goto(url);
  await page.fill("#auth-username", username);
  await page.fill("#auth-password", "correct horse battery");
  await page.click("#register");
  await page.waitForSelector("#app:not([hidden])", { timeout: 15000 });
  await page.waitForFunction(() => document.querySelector("#connection").dataset.state === "online", null, poll);
}

/** Saves artifacts/`name` and checks that it is a PNG with content. */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  const shot = await page.screenshot({ path: path.join(artifacts, name), fullPage: false });
  assert.deepEqual([...shot.subarray(1, 4)], [...Buffer.from("PNG")]);
  assert.ok(shot.length > 10_000, `${name} has content (${shot.length} bytes)`);
  return shot;
}

export const messageTexts = (page) => page.locator("#messages .message .text").allTextContents();
