// wick-rooms and wick-chat read their settings from flags, a TOML file and WICK_* variables,
// as docs/configuration.md says: the file under the environment under the command line, and
// one line with exit code 2 for anything they cannot take.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { binDir, startServer } from "./helpers.mjs";

const dir = mkdtempSync(path.join(os.tmpdir(), "wick-settings-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function configFile(name, text) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function broadcastStatus(server, key) {
  const response = await fetch(`${server.http}/api/broadcast`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ topic: "room:lobby", event: "hi", payload: {} }),
  });
  return response.status;
}

function run(program, args, env = {}) {
  const { WICK_API_KEY, WICK_CONFIG, ...inherited } = process.env;
  return spawnSync(path.join(binDir, program), args, { encoding: "utf8", env: { ...inherited, ...env } });
}

test("a TOML file configures wick-rooms; the environment overrides it, and a flag the environment", async () => {
  const file = configFile("rooms.toml", 'api-key = "from-file"\nlongpoll = false\n');
  const cases = [
    [[], {}, "from-file"],
    [[], { WICK_API_KEY: "from-env" }, "from-env"],
    [["--api-key", "from-flag"], { WICK_API_KEY: "from-env" }, "from-flag"],
  ];
  for (const [args, env, winner] of cases) {
    const server = await startServer("wick-rooms", ["--config", file, ...args], { WICK_API_KEY: "", ...env });
    try {
      for (const key of ["from-file", "from-env", "from-flag"]) {
        assert.equal(await broadcastStatus(server, key), key === winner ? 202 : 401, `${key} with ${JSON.stringify({ args, env })}`);
      }
      const longpoll = await fetch(`${server.http}/socket/longpoll?vsn=2.0.0`);
      assert.equal(longpoll.status, 404, "longpoll = false in the file turns the transport off");
    } finally {
      await server.stop();
    }
  }
});

test("WICK_CONFIG names the file when --config does not", async () => {
  const file = configFile("env.toml", 'api-key = "named-by-env"\n');
  const server = await startServer("wick-rooms", [], { WICK_CONFIG: file, WICK_API_KEY: "" });
  try {
    assert.equal(await broadcastStatus(server, "named-by-env"), 202);
  } finally {
    await server.stop();
  }
});

test("an unknown key, a wrong type, a bad flag value: one line on stderr and exit code 2", () => {
  const unknown = configFile("unknown.toml", "port = 0\nmax-conections = 10\n");
  const wrongType = configFile("type.toml", 'threads = "two"\n');
  const cases = [
    ["wick-chat", ["--config", unknown], {}, `wick-chat: ${unknown}: max-conections: unknown key (wick-chat --help lists them)`],
    ["wick-rooms", ["--config", wrongType], {}, `wick-rooms: ${wrongType}: threads: needs a whole number`],
    ["wick-chat", ["--port", "70000"], {}, "wick-chat: --port: needs a whole number from 0 to 65535, not 70000"],
    ["wick-chat", [], { WICK_DB_READERS: "0" }, "wick-chat: WICK_DB_READERS: needs a whole number from 1 to 4294967295, not 0"],
    ["wick-rooms", ["--prot"], {}, "wick-rooms: The following argument was not expected: --prot (wick-rooms --help lists every option)"],
    ["wick-chat", ["--secret-key-base", "short"], {}, "wick-chat: secret-key-base: needs at least 20 characters"],
  ];
  for (const [program, args, env, line] of cases) {
    const result = run(program, args, env);
    assert.equal(result.status, 2, `${program} ${args.join(" ")}: ${result.stderr}`);
    assert.equal(result.stderr, `${line}\n`);
    assert.equal(result.stdout, "");
  }
});

test("--help lists every setting of the table with its default and exits 0", () => {
  for (const program of ["wick-chat", "wick-rooms"]) {
    const help = run(program, ["--help"]);
    assert.equal(help.status, 0);
    const table = run(program, ["--settings-markdown"]).stdout;
    const rows = [...table.matchAll(/^\| `([a-z-]+)` \| [^|]+ \| (none|`([^`]*)`) \|/gm)];
    assert.ok(rows.length >= 25, `${program} has a table of settings`);
    for (const [, key, , defaultText] of rows) {
      const line = help.stdout.split("\n").find((text) => text.startsWith(`  --${key} `));
      assert.ok(line, `--${key} is in ${program} --help`);
      if (defaultText !== undefined) assert.ok(line.includes(`[default ${defaultText}]`), `${line} shows its default`);
    }
  }
});
