#!/usr/bin/env node
// The include check of ../shared/docs/ARCHITECTURE.md: every #include in src/ and include/wick/
// points down the floors or stays on its own. Lowest first: base (src/*.{cpp,hpp} but the
// endpoint's), auth, net, protocol, transport, pubsub and presence, channel, cluster, the
// endpoint, and include/wick on top. A source file may include the public header it
// implements (src/auth/token.cpp and wick/token.hpp).
//
// The redesign (issue 13) is under way: the includes that still point up are listed in
// scripts/layers-known.txt, each one on purpose. The check fails on an upward include that is
// not listed, and on a listed one that is gone (take it off the list), so the list only
// shrinks; it prints how many are left.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const floors = {
  base: 0, auth: 1, net: 2, protocol: 3, transport: 4, pubsub: 5, presence: 5, channel: 6,
  cluster: 7, endpoint: 8, wick: 9,
};

function floorOf(file) {
  if (file.startsWith("include/wick/") || file.startsWith("wick/")) return "wick";
  const inSrc = file.replace(/^src\//, "");
  const slash = inSrc.indexOf("/");
  if (slash < 0) return inSrc.startsWith("endpoint") ? "endpoint" : "base";
  const floor = inSrc.slice(0, slash);
  if (!(floor in floors)) throw new Error(`${file}: src/${floor}/ is on no floor; add it to check-layers.mjs`);
  return floor;
}

const stem = (file) => path.basename(file).replace(/\.(cpp|hpp)$/, "");
const files = execFileSync("git", ["ls-files", "src", "include"], { cwd: root, encoding: "utf8" })
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
    const itsOwn = to === "wick" && file.endsWith(".cpp") && stem(file) === stem(header);
    if (floors[to] > floors[from] && !itsOwn) upward.push(`${file} -> ${header}`);
  }
}

const known = new Set(
  readFileSync(path.join(root, "scripts/layers-known.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#")),
);
const added = upward.filter((line) => !known.has(line));
const gone = [...known].filter((line) => !upward.includes(line));
for (const line of added) console.error(`includes a higher floor: ${line}`);
for (const line of gone) console.error(`no longer points up, take it off scripts/layers-known.txt: ${line}`);
if (added.length || gone.length) process.exit(1);
console.log(`layers: ${files.length} files, ${upward.length} known upward includes left (scripts/layers-known.txt)`);
