// A TCP proxy on 127.0.0.1 in front of a server, for tests that lose a connection the way a
// network does (a reset, never a close) where the client cannot be reached from Node: a browser.
import net from "node:net";

/**
 * Forwards a free port to `targetPort`; resolves with {port, http, connections(), cut(),
 * refuse(on), close()}. cut() resets every open connection on both sides; while refuse(true)
 * holds, new connections are reset as they arrive.
 */
export async function startProxy(targetPort) {
  const open = new Set();
  let refusing = false;
  let accepted = 0;
  const server = net.createServer((client) => {
    if (refusing) return client.resetAndDestroy();
    accepted += 1;
    const upstream = net.connect(targetPort, "127.0.0.1");
    const pair = { client, upstream };
    open.add(pair);
    const drop = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const side of [client, upstream]) {
      side.on("error", drop);
      side.on("close", drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  const cut = () => {
    for (const { client, upstream } of open) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    open.clear();
  };
  return {
    port,
    http: `http://127.0.0.1:${port}`,
    /** How many connections it has forwarded so far. */
    connections: () => accepted,
    cut,
    refuse(on) {
      refusing = on;
    },
    async close() {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
