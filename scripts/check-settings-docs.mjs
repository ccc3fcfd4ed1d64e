#!/usr/bin/env node
// The docs' tables of settings are what the programs print with --settings-markdown: the one
// table in the code (apps/settings/) feeds the flags, the TOML file, the environment and these
// pages. Fails when a page and its program disagree; with --write, rewrites the pages instead.
//
//   node scripts/check-settings-docs.mjs [--write]   (after scripts/build.sh; WICK_BIN_DIR)
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = process.env.WICK_BIN_DIR ?? path.join(root, "build/bin");
const pages = [
  ["wick-chat", "docs/chat.md"],
  ["wick-rooms", "docs/configuration.md"],
];
const write = process.argv.includes("--write");

let stale = 0;
for (const [program, page] of pages) {
  const begin = `<!-- settings of ${program}: \`${program} --settings-markdown\`, checked by scripts/check-settings-docs.mjs -->\n`;
  const end = "<!-- end of settings -->";
  const file = path.join(root, page);
  const text = readFileSync(file, "utf8");
  const from = text.indexOf(begin);
  const to = text.indexOf(end, from);
  if (from < 0 || to < 0) {
    console.error(`${page}: no table of ${program}'s settings (the line ${begin.trim()} ... ${end})`);
    stale++;
    continue;
  }
  const table = execFileSync(path.join(bin, program), ["--settings-markdown"], { encoding: "utf8", env: {} });
  if (text.slice(from + begin.length, to) === table) continue;
  if (write) {
    writeFileSync(file, text.slice(0, from + begin.length) + table + text.slice(to));
    console.log(`${page}: rewrote the table of ${program}'s settings`);
  } else {
    console.error(`${page}: the table of ${program}'s settings is not what the program says; run node scripts/check-settings-docs.mjs --write`);
    stale++;
  }
}
if (stale) process.exit(1);
if (!write) console.log(`settings docs: ${pages.length} tables match their programs`);
