// Starts build/{{app}} on a port the kernel picks, once for the test file, and stops it after;
// connects the official phoenix client to it over ws.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { Socket } from "phoenix";
import WebSocket from "ws";

const binary = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../build/{{app}}");

export function startServer() {
  const server = { port: 0 };
  before(async () => {
    server.proc = spawn(binary, [], { env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
    server.port = await new Promise((resolve, reject) => {
      server.proc.stdout.on("data", (chunk) => {
        const match = /port=(\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      server.proc.on("exit", (code) => reject(new Error(`{{app}} exited with ${code}`)));
    });
    server.http = `http://127.0.0.1:${server.port}`;
  });
  after(() => server.proc.kill("SIGTERM"));
  return server;
}

/** A connected socket; disconnect() it at the end of the test. */
export function connect(server, params = { name: "test" }) {
  const socket = new Socket(`ws://127.0.0.1:${server.port}/socket`, { transport: WebSocket, params });
  socket.connect();
  return socket;
}

/** Resolves with the reply's response when `push` (a join or a push) answers ok. */
export function ok(push) {
  return new Promise((resolve, reject) => {
    push.receive("ok", resolve).receive("error", reject).receive("timeout", () => reject(new Error("timeout")));
  });
}
