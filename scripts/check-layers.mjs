#!/usr/bin/env node
// The include check of ../shared/docs/ARCHITECTURE.md: every #include in src/ and include/wick/
// points down the floors or stays on its own. Lowest first: base (src/*.{cpp,hpp} but the
// endpoint's), auth, net, protocol, transport, pubsub and presence, channel, cluster, the
// endpoint, and wick/wick.hpp on top. A public header sits on the floor of the part that
// implements it (publicFloors below): wick/payload.hpp and the other plain vocabulary types
// are base, wick/channel.hpp is channel, wick/endpoint.hpp is the endpoint. docs/architecture.md
// says why.
//
// Nothing is exempt: one include that points up fails the test command.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const floors = {
  base: 0, auth: 1, net: 2, protocol: 3, transport: 4, pubsub: 5, presence: 5, channel: 6,
  cluster: 7, endpoint: 8, wick: 9,
};

// Each public header and the floor of what implements it.
const publicFloors = {
  "payload.hpp": "base", "socket.hpp": "base", "config.hpp": "base", "stats.hpp": "base",
  "exit_reason.hpp": "base", "history.hpp": "base", "token.hpp": "auth", "http.hpp": "transport", "cluster.hpp": "pubsub",
  "reply.hpp": "channel", "channel_ref.hpp": "channel", "channel.hpp": "channel",
  "topic_router.hpp": "channel", "socket_handler.hpp": "channel", "presence.hpp": "channel",
  "detail/channel_binding.hpp": "channel",
  "detail/pending_answer.hpp": "channel",
  "endpoint.hpp": "endpoint", "wick.hpp": "wick",
};

function floorOf(file) {
  const name = file.replace(/^(include\/)?wick\//, "");
  if (name !== file) {
    if (!(name in publicFloors)) throw new Error(`${file} is on no floor; add it to publicFloors in check-layers.mjs`);
    return publicFloors[name];
  }
  const inSrc = file.replace(/^src\//, "");
  const slash = inSrc.indexOf("/");
  if (slash < 0) return inSrc.startsWith("endpoint") ? "endpoint" : "base";
  const floor = inSrc.slice(0, slash);
  if (!(floor in floors)) throw new Error(`${file}: src/${floor}/ is on no floor; add it to check-layers.mjs`);
  return floor;
}

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "src", "include"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter((file) => /\.(cpp|hpp)$/.test(file));
const ours = new Set(files);

const upward = [];
for (const file of files) {
  const from = floorOf(file);
  const text = readFileSync(path.join(root, file), "utf8");
  for (const [, header] of text.matchAll(/^#include [<"]([a-z0-9_/]+\.hpp)[>"]/gm)) {
    const where = header.startsWith("wick/") ? `include/${header}` : `src/${header}`;
    if (!ours.has(where)) continue;  // a system or Boost header
    const to = floorOf(header);
    if (floors[to] > floors[from]) upward.push(`${file} -> ${header}`);
  }
}

for (const line of upward) console.error(`includes a higher floor: ${line}`);
if (upward.length) process.exit(1);
console.log(`layers: ${files.length} files, every include points down or stays on its floor`);
