// A PostgreSQL server (Debian's postgresql 15) of a test file's own: initdb'ed into a fresh
// directory, started on a free loopback port with local connections trusted, and stopped and
// removed when the test process exits. The server refuses to run as root; as root, it runs as
// the `postgres` user.
import { spawnSync } from "node:child_process";
import { mkdtempSync, chownSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./cluster-harness.mjs";

const bin = "/usr/lib/postgresql/15/bin";

function asPostgres(program, args) {
  const root = process.getuid() === 0;
  const [command, argv] = root
    ? ["runuser", ["-u", "postgres", "--", path.join(bin, program), ...args]]
    : [path.join(bin, program), args];
  const result = spawnSync(command, argv, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${program} failed (${result.status}): ${result.stderr}${result.error ?? ""}`);
  }
}

/** Starts a server; resolves with {port, url(database), createDatabase(), restart(), stop()}. */
export async function startPostgres() {
  const directory = mkdtempSync(path.join(tmpdir(), "wick-pg-"));
  if (process.getuid() === 0) {
    const id = (flag) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout);
    chownSync(directory, id("-u"), id("-g"));
  }
  const data = path.join(directory, "data");
  asPostgres("initdb", ["-D", data, "-U", "wick", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const port = await freePort();
  const start = () => asPostgres("pg_ctl", [
    "-D", data, "-w", "-l", path.join(directory, "log"),
    "-o", `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1`, "start",
  ]);
  const stop = () => {
    try {
      asPostgres("pg_ctl", ["-D", data, "-w", "-m", "immediate", "stop"]);
    } catch {
      // already stopped
    }
  };
  start();
  let stopped = false;
  const cleanUp = () => {
    if (stopped) return;
    stopped = true;
    stop();
    rmSync(directory, { recursive: true, force: true });
  };
  process.on("exit", cleanUp);
  let databases = 0;
  const url = (database) => `postgresql://wick@127.0.0.1:${port}/${database}`;
  /** Runs SQL with psql; returns its unaligned output. */
  const sql = (database, statement) => {
    const result = spawnSync("psql", [url(database), "-XAtqc", statement], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
    return result.stdout.trim();
  };
  return {
    port,
    url,
    sql,
    /** A new empty database; returns its URL. */
    createDatabase() {
      const name = `test_${process.pid}_${++databases}`;
      sql("postgres", `CREATE DATABASE ${name}`);
      return url(name);
    },
    /** Stops at once (as a crash would) and starts again on the same port and data. */
    restart() {
      stop();
      start();
    },
    stop: cleanUp,
  };
}

let shared = null;
/** One server for the whole test process, started on first use. */
export function sharedPostgres() {
  shared ??= startPostgres();
  return shared;
}
