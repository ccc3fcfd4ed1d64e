// Helpers for the wick-chat suites: a server on a fresh database, the JSON API, signed-in
// sockets, and Phoenix.Token minted independently (Plug.Crypto's format, node:crypto).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { startServer, connect, join, push } from "./helpers.mjs";
import { sharedPostgres } from "./postgres-harness.mjs";
import { startRedis, linked } from "./cluster-harness.mjs";

export const SECRET = "chat-test-secret-key-base-".padEnd(64, "x");

/**
 * The store the chat suites run against: SQLite, or with WICK_CHAT_STORE=postgresql a
 * PostgreSQL server of the test process's own (chat-on-postgresql.test.mjs runs the suites so).
 */
export const store = process.env.WICK_CHAT_STORE ?? "sqlite";

/** A new empty database of the suite's store: a SQLite path or a PostgreSQL URL. */
export async function freshDatabase() {
  if (store === "postgresql") return (await sharedPostgres()).createDatabase();
  return path.join(mkdtempSync(path.join(tmpdir(), "wick-chat-")), "chat.db");
}

/** The flag that points wick-chat at `database` (a path or a postgresql:// URL). */
export function databaseArgs(database) {
  return database.startsWith("postgresql://") ? ["--database", database] : ["--db", database];
}

export async function startChat(database, extra = []) {
  database ??= await freshDatabase();
  return startServer("wick-chat", [...databaseArgs(database), "--secret-key-base", SECRET, ...extra]);
}

/**
 * A chat of `count` nodes (n1, n2, ...) on one Redis and one PostgreSQL database, as
 * scripts/run-cluster.sh runs it; resolves once every node is linked, with {nodes, redis,
 * database, startNode(name), stop()}.
 */
export async function startChatCluster(count, extra = []) {
  const redis = await startRedis();
  const database = await (await sharedPostgres()).createDatabase();
  const nodes = [];
  const startNode = async (name) => {
    const node = await startChat(database, ["--redis", redis.url, "--node-name", name,
      "--node-down-ms", "2000", ...extra]);
    nodes.push(node);
    return node;
  };
  // One at a time: the first migrates the new database (the others would wait for its lock).
  for (let i = 1; i <= count; i += 1) await startNode(`n${i}`);
  await linked(nodes);
  return {
    nodes, redis, database, startNode,
    async stop() {
      for (const node of nodes) await node.stop();
      await redis.stop();
    },
  };
}

/** A room broadcast's payload without the position Wick adds to it (docs/recovery.md). */
export function withoutPosition({ _wick, ...payload }) {
  return payload;
}

/** Calls the JSON API; resolves with {status, body}. */
export async function api(server, method, route, body, token) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.http}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

let counter = 0;
/** Registers a new user with a unique name; resolves with {user_id, username, token}. */
export async function register(server, prefix = "user") {
  const username = `${prefix}_${process.pid % 1000}_${++counter}`;
  const { status, body } = await api(server, "POST", "/api/register", { username, password: "correct horse" });
  if (status !== 201) throw new Error(`register ${username}: ${status} ${JSON.stringify(body)}`);
  return body;
}

export async function createRoom(server, owner, name = "room", isPrivate = false) {
  const { status, body } = await api(server, "POST", "/api/rooms", { name, private: isPrivate }, owner.token);
  if (status !== 201) throw new Error(`create room: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** A signed-in socket and its joined room channel; resolves with {socket, channel, reply}. */
export async function enterRoom(server, user, roomId, params = {}) {
  const socket = await connect(server, { token: user.token });
  const channel = socket.channel(`chat:${roomId}`, params);
  const reply = await join(channel);
  return { socket, channel, reply };
}

/** Every visible message of a room, oldest first: the join's page, then load_more to the start. */
export async function fullHistory(server, user, roomId) {
  const socket = await connect(server, { token: user.token });
  const channel = socket.channel(`chat:${roomId}`);
  const { messages } = await join(channel);
  const all = [...messages];
  while (all.length > 0) {
    const page = await push(channel, "load_more", { before_id: all[0].id });
    if (page.response.messages.length === 0) break;
    all.unshift(...page.response.messages);
  }
  socket.disconnect();
  return all;
}

// Erlang external term format for what these tests sign: maps, binaries, small integers.
function etf(value) {
  if (Number.isInteger(value) && value >= 0 && value < 256) return Buffer.from([97, value]);
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 31) {
    const b = Buffer.alloc(5);
    b[0] = 98;
    b.writeInt32BE(value, 1);
    return b;
  }
  if (Number.isInteger(value)) {
    const digits = [];
    for (let n = BigInt(value); n > 0n; n >>= 8n) digits.push(Number(n & 0xffn));
    return Buffer.from([110, digits.length, 0, ...digits]);
  }
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    const head = Buffer.alloc(5);
    head[0] = 109;
    head.writeUInt32BE(bytes.length, 1);
    return Buffer.concat([head, bytes]);
  }
  const entries = Object.entries(value);
  const head = Buffer.alloc(5);
  head[0] = 116;
  head.writeUInt32BE(entries.length, 1);
  return Buffer.concat([head, ...entries.flatMap(([k, v]) => [etf(k), etf(v)])]);
}

/** Phoenix.Token.sign(secret, salt, data, signed_at: signedAtSeconds, max_age: maxAge). */
export function phoenixToken(secret, salt, data, signedAtSeconds, maxAge = 86400) {
  const payload = Buffer.concat([Buffer.from([131, 104, 3]), etf(data), etf(signedAtSeconds * 1000), etf(maxAge)]);
  const key = crypto.pbkdf2Sync(secret, salt, 1000, 32, "sha256");
  const signed = `SFMyNTY.${payload.toString("base64url")}`;
  const mac = crypto.createHmac("sha256", key).update(signed).digest("base64url");
  return `${signed}.${mac}`;
}
