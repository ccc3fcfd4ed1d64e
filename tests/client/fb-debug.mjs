import { chromium } from "playwright-core";
import { startServer } from "/work/main/tests/client/helpers.mjs";
import { cpSync, mkdtempSync } from "node:fs";
import os from "node:os"; import path from "node:path";
const dir = mkdtempSync(path.join(os.tmpdir(), "wick-page-"));
cpSync("/work/main/tests/client/browser", dir, { recursive: true });
cpSync("/work/main/tests/client/node_modules/phoenix/priv/static/phoenix.min.js", path.join(dir, "phoenix.min.js"));
const server = await startServer("wick-rooms", ["--static", dir, "--no-websocket"]);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update"] });
const log = [];
const t0 = Date.now();
const page = await browser.newPage();
const page2 = await browser.newPage();
for (const [name, p] of [["A", page], ["B", page2]]) {
  p.on("console", (m) => log.push(`${Date.now()-t0} ${name} console: ${m.text()}`));
  p.on("request", (r) => log.push(`${Date.now()-t0} ${name} req: ${r.method()} ${r.url().replace(/.*token=/, "token=").slice(0,30)} ${r.postData() ?? ""}`));
  p.on("requestfailed", (r) => log.push(`${Date.now()-t0} ${name} FAILED: ${r.method()} ${r.failure()?.errorText}`));
  p.on("response", async (r) => log.push(`${Date.now()-t0} ${name} resp: ${r.status()} ${r.url().includes("longpoll") ? (await r.text().catch(() => "?")).slice(0, 160) : ""}`));
}
await page.goto(`${server.http}/?user=cid&fallback=500`);
await page2.goto(`${server.http}/?user=dee&fallback=500`);
await new Promise((r) => setTimeout(r, 6000));
const a = await page.locator("#users").innerHTML(), b = await page2.locator("#users").innerHTML();
const ok = a.includes("dee") && a.includes("cid") && b.includes("dee") && b.includes("cid");
console.log(ok ? "OK" : "FAIL\n" + a + "\n" + b + "\n" + log.join("\n"));
await browser.close(); await server.stop();
