// Every C++ and JS block of docs/guides/*.md is built or run here, so that the guides cannot rot
// (docs/guides/README.md says how a guide marks its blocks):
//
//   ```cpp file=main.cpp     the guide's program, block after block; built against the installed
//   ```js file=x.test.mjs    Wick; a node:test file, run against that program while it runs
//   ```cpp snippet           compiled on its own after #include <wick/wick.hpp>
//   ```js snippet            checked by node as a module
//   ```sh run                run in order in a scratch directory (the generator's guide)
//
// In JS, localhost:4000 (and 4001, 4002 for a guide with <!-- guide: nodes=N -->) becomes the
// port each node got; <!-- guide: redis --> starts a redis-server and gives the nodes
// REDIS_URL. Needs WICK_PREFIX, the prefix Wick is installed in (scripts/test-install.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startServer } from "../client/helpers.mjs";
import { startRedis } from "../client/cluster-harness.mjs";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const guidesDir = path.join(root, "docs/guides");
const prefix = process.env.WICK_PREFIX;
const work = path.join(here, ".work");

/** The blocks of a guide, by kind: files (name → text), snippets, shell steps, options. */
export function parseGuide(name, text) {
  const guide = { name, files: new Map(), cppSnippets: [], jsSnippets: [], shell: [], nodes: 1, redis: false };
  for (const [, options] of text.matchAll(/<!-- guide: ([^>]*) -->/g)) {
    for (const option of options.trim().split(/\s+/)) {
      if (option === "redis") guide.redis = true;
      else if (option.startsWith("nodes=")) guide.nodes = Number(option.slice(6));
      else throw new Error(`${name}: unknown guide option ${option}`);
    }
  }
  for (const [, info, body] of text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const [language, ...words] = info.trim().split(/\s+/);
    const file = words.find((word) => word.startsWith("file="))?.slice(5);
    const tested = ["cpp", "js", "cmake"].includes(language);
    if (file) {
      guide.files.set(file, (guide.files.get(file) ?? "") + body);
    } else if (words.includes("snippet") && language === "cpp") {
      guide.cppSnippets.push(body);
    } else if (words.includes("snippet") && language === "js") {
      guide.jsSnippets.push(body);
    } else if (words.includes("run") && language === "sh") {
      guide.shell.push(body);
    } else if (tested) {
      throw new Error(`${name}: a \`\`\`${info} block is neither file=NAME nor snippet: every C++ and JS block is tested`);
    }
  }
  return guide;
}

const guides = readdirSync(guidesDir)
  .filter((file) => file.endsWith(".md") && file !== "README.md")
  .sort()
  .map((file) => parseGuide(file, readFileSync(path.join(guidesDir, file), "utf8")));

function environment() {
  const env = { ...process.env, PATH: `${prefix}/bin:${process.env.PATH}` };
  env.PKG_CONFIG_PATH = `${prefix}/lib/pkgconfig`;
  env.CMAKE_PREFIX_PATH = prefix;
  return env;
}

async function build(guide, dir) {
  const sources = [...guide.files.keys()].filter((file) => file.endsWith(".cpp"));
  if (sources.length === 0) return null;
  const { stdout } = await run("pkg-config", ["--cflags", "--libs", "wick"], { env: environment() });
  const program = path.join(dir, "program");
  await run("g++", ["-O0", "-Wall", "-Wextra", "-Werror", ...sources.map((file) => path.join(dir, file)), "-o", program, ...stdout.trim().split(/\s+/)], { env: environment() });
  return program;
}

function prepare(guide) {
  const dir = path.join(work, path.basename(guide.name, ".md"));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

test("WICK_PREFIX names the installed Wick", () => assert.ok(prefix, "run through scripts/test-install.sh"));

mkdirSync(work, { recursive: true });
try {
  symlinkSync(path.join(root, "tests/client/node_modules"), path.join(work, "node_modules"));
} catch (error) {
  if (error.code !== "EEXIST") throw error;
}

for (const guide of guides) {
  test(`docs/guides/${guide.name}`, { skip: !prefix }, async () => {
    const dir = prepare(guide);
    for (const [index, snippet] of guide.cppSnippets.entries()) {
      const file = path.join(dir, `snippet-${index}.cpp`);
      writeFileSync(file, `#include <wick/wick.hpp>\n${snippet}`);
      const { stdout } = await run("pkg-config", ["--cflags", "wick"], { env: environment() });
      await run("g++", ["-fsyntax-only", "-Wall", "-Wextra", "-Werror", ...stdout.trim().split(/\s+/), file], { env: environment() })
        .catch((error) => assert.fail(`${guide.name}: C++ snippet ${index + 1} does not compile:\n${snippet}\n${error.stderr}`));
    }
    for (const [index, snippet] of guide.jsSnippets.entries()) {
      const file = path.join(dir, `snippet-${index}.mjs`);
      writeFileSync(file, snippet);
      await run("node", ["--check", file]).catch((error) => assert.fail(`${guide.name}: JS snippet ${index + 1}:\n${error.stderr}`));
    }
    for (const [file, text] of guide.files) writeFileSync(path.join(dir, file), text);
    for (const step of guide.shell) {
      await run("bash", ["-euo", "pipefail", "-c", step], { cwd: dir, env: environment(), timeout: 600_000, maxBuffer: 1 << 26 })
        .catch((error) => assert.fail(`${guide.name}: the step\n${step}\nfailed:\n${error.stdout}\n${error.stderr}`));
    }
    const program = await build(guide, dir).catch((error) => assert.fail(`${guide.name}: the program does not build:\n${error.stderr}`));
    const tests = [...guide.files.keys()].filter((file) => file.endsWith(".test.mjs"));
    if (tests.length === 0) return;
    assert.ok(program, `${guide.name} has a test but no program`);
    const redis = guide.redis ? await startRedis() : null;
    const nodes = [];
    try {
      for (let i = 0; i < guide.nodes; i++) {
        nodes.push(await startServer(guide.name, [], redis ? { REDIS_URL: redis.url, NODE_NAME: `node${i + 1}` } : {}, program));
      }
      for (const file of tests) {
        let text = readFileSync(path.join(dir, file), "utf8");
        nodes.forEach((node, i) => (text = text.replaceAll(`localhost:${4000 + i}`, `127.0.0.1:${node.port}`)));
        writeFileSync(path.join(dir, file), text);
        await run("node", ["--test", "--test-timeout=60000", file], { cwd: dir, env: process.env })
          .catch((error) => assert.fail(`${guide.name}: ${file} failed:\n${error.stdout}\n${error.stderr}`));
      }
    } finally {
      for (const node of nodes) await node.stop();
      await redis?.stop();
    }
  });
}
