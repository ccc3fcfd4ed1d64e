#!/usr/bin/env node
// The Socket.IO side of the benchmarks: a Socket.IO 4.8 server with wick-rooms' semantics, as
// its users would write it. "join" (acked) joins a room; "new_msg" goes to everyone in the room,
// the sender included (Phoenix's broadcast); "echo" is acked with its argument (Phoenix's ping
// reply). WebSocket transport only, as wick-bench speaks it; no per-message compression. With
// --redis URL, the node joins a cluster through the official @socket.io/redis-adapter, as a
// Socket.IO user scales out.
//
//   bench/peers/socketio/server.js [--port P] [--host H] [--redis URL]
//                                  prints "socketio pid=PID port=P" when listening
import { createServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const port = Number(option("--port", "4300"));
const host = option("--host", "127.0.0.1");
const redisUrl = option("--redis", "");

const http = createServer();
const io = new Server(http, { transports: ["websocket"], perMessageDeflate: false, serveClient: false });
if (redisUrl) {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

io.on("connection", (socket) => {
  socket.on("join", (topic, ack) => {
    socket.join(topic);
    if (typeof ack === "function") ack({ status: "ok" });
  });
  socket.on("leave", (topic) => socket.leave(topic));
  socket.on("new_msg", (topic, body) => io.to(topic).emit("new_msg", body));
  socket.on("echo", (body, ack) => {
    if (typeof ack === "function") ack(body);
  });
});

http.listen(port, host, () => {
  console.log(`socketio pid=${process.pid} port=${http.address().port}`);
});
process.on("SIGTERM", () => process.exit(0));
