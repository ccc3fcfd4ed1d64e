// The short churn run: 1,200 clients connect, join, push, leave, get cut off mid-frame, vanish
// without a close frame, give up halfway through the upgrade, or abandon long-poll sessions.
// Afterwards the server holds no sockets, channels, subscriptions or presences, its descriptors
// are back to the baseline and its memory near it. (tools/churn-soak.mjs is the long run.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./helpers.mjs";
import { churn, processFootprint, waitForNothingLeft } from "./churn.mjs";

test("after churn nothing is left over: sockets, channels, subscriptions, presences, fds, memory", async (t) => {
  const server = await startServer("wick-rooms", ["--threads", "2", "--longpoll-window-ms", "300"]);
  try {
    // A warm-up wave first, so that the baseline includes the allocator's and loops' working set.
    await churn(server, { clients: 120, concurrency: 60 });
    assert.deepEqual(await waitForNothingLeft(server, 15_000), { connections: 0, channels: 0, subscriptions: 0, presences: 0 });
    const before = processFootprint(server.proc.pid);

    await churn(server, { clients: 1200, concurrency: 100 });
    const left = await waitForNothingLeft(server, 15_000);
    const after = processFootprint(server.proc.pid);
    t.diagnostic(`before: ${before.fds} fds, ${(before.rss / 1e6).toFixed(1)} MB; ` +
      `after: ${after.fds} fds, ${(after.rss / 1e6).toFixed(1)} MB; leftovers ${JSON.stringify(left)}`);
    assert.deepEqual(left, { connections: 0, channels: 0, subscriptions: 0, presences: 0 });
    assert.equal(after.fds, before.fds, "descriptors back to the baseline");
    if (!process.env.WICK_SANITIZED) {
      // glibc keeps some freed memory for reuse; a leak of ~1 KB per client would show as 1.2 MB.
      assert.ok(after.rss - before.rss < 4e6, `RSS grew by ${((after.rss - before.rss) / 1e6).toFixed(1)} MB`);
    }
    assert.ok(await server.healthy(), "still serving");
  } finally {
    await server.stop();
  }
});
