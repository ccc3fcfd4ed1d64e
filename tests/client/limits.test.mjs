// Every limit of EndpointConfig: hit it, check the answer, check that other clients do not
// notice; and the counters of GET /metrics that tell an operator it happened.
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { startServer, RawClient, upgradeStatus, sleep, waitFor, metrics } from "./helpers.mjs";

async function heartbeatWorks(client) {
  const ref = `hb${Math.random()}`;
  client.send([null, ref, "phoenix", "heartbeat", {}]);
  assert.equal((await client.reply(ref))[4].status, "ok");
}

async function withServer(args, body, env = {}) {
  const server = await startServer("wick-conformance", args, env);
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

test("max_connections: the next upgrade or long-poll session gets 503; the others go on", () =>
  withServer(["--max-connections", "2"], async (server) => {
    const first = await RawClient.open(server);
    const second = await RawClient.open(server);
    assert.equal(await upgradeStatus(`${server.url}/websocket?vsn=2.0.0`), 503);
    const poll = await fetch(`${server.http}/socket/longpoll?vsn=2.0.0`);
    assert.equal(poll.status, 503);
    await heartbeatWorks(first);
    await heartbeatWorks(second);
    second.close();
    await waitFor(async () => (await metrics(server)).wick_connections === 1, 3000, "a free slot");
    const third = await RawClient.open(server);
    await heartbeatWorks(third);
    assert.equal((await metrics(server)).wick_refused_connections_total, 2);
    first.close();
    third.close();
  }));

test("max_channels_per_socket: one join too many is refused; joined channels keep working", () =>
  withServer(["--max-channels", "2"], async (server) => {
    const client = await RawClient.open(server);
    assert.equal((await client.join("conf:a", "1"))[4].status, "ok");
    assert.equal((await client.join("conf:b", "2"))[4].status, "ok");
    assert.deepEqual((await client.join("conf:c", "3"))[4], { status: "error", response: { reason: "too many channels joined" } });
    client.send(["1", "4", "conf:a", "custom_status", {}]);
    assert.deepEqual((await client.reply("4"))[4], { status: "custom", response: { s: 1 } });
    client.close();
  }));

test("max_message_bytes: a larger message closes with 1009 and counts as a limit disconnect", () =>
  withServer(["--max-message-bytes", "1000"], async (server) => {
    const bystander = await RawClient.open(server);
    const client = await RawClient.open(server);
    client.send(JSON.stringify([null, "1", "phoenix", "heartbeat", { pad: "x".repeat(2000) }]));
    assert.equal((await client.closed).code, 1009);
    await heartbeatWorks(bystander);
    assert.equal((await metrics(server))['wick_disconnects_total{reason="limit"}'], 1);
    bystander.close();
  }));

// No --message-burst: the burst is twice the rate (10).
test("message rate: over the bucket, pushes are refused; a socket that keeps on is closed with 1008", () =>
  withServer(["--messages-per-second", "5"], async (server) => {
    const bystander = await RawClient.open(server);
    const client = await RawClient.open(server);
    for (let i = 0; i < 15; i += 1) client.send([null, `m${i}`, "phoenix", "heartbeat", {}]);
    const replies = [];
    for (let i = 0; i < 15; i += 1) replies.push((await client.reply(`m${i}`))[4]);
    assert.equal(replies.filter((r) => r.status === "ok").length, 10);
    assert.deepEqual(replies.at(-1), { status: "error", response: { reason: "rate limited" } });
    await heartbeatWorks(bystander);
    // More than a whole burst (10) of refused messages in a row: the socket is closed.
    for (let i = 0; i < 12; i += 1) client.send([null, `n${i}`, "phoenix", "heartbeat", {}]);
    assert.equal((await client.closed).code, 1008);
    await heartbeatWorks(bystander);
    const values = await metrics(server);
    assert.ok(values.wick_rate_limited_total >= 11, `${values.wick_rate_limited_total} refused`);
    assert.equal(values['wick_disconnects_total{reason="limit"}'], 1);
    // A well-behaved client refills: after a pause it is served again.
    const patient = await RawClient.open(server);
    for (let i = 0; i < 10; i += 1) patient.send([null, `p${i}`, "phoenix", "heartbeat", {}]);
    for (let i = 0; i < 10; i += 1) await patient.reply(`p${i}`);
    await sleep(400);
    await heartbeatWorks(patient);
    bystander.close();
    patient.close();
  }));

test("join rate: joins over their own bucket are refused", () =>
  withServer(["--joins-per-second", "1", "--join-burst", "3"], async (server) => {
    const client = await RawClient.open(server);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await client.join(`conf:j${i}`, `j${i}`))[4]);
    assert.deepEqual(statuses.map((s) => s.status), ["ok", "ok", "ok", "error"]);
    assert.deepEqual(statuses[3].response, { reason: "rate limited" });
    await heartbeatWorks(client);  // other messages are not affected
    client.close();
  }));

test("join rate: without a burst of its own, the bucket holds max_channels_per_socket joins", () =>
  withServer(["--joins-per-second", "1", "--max-channels", "3"], async (server) => {
    const client = await RawClient.open(server);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await client.join(`conf:k${i}`, `k${i}`))[4]);
      client.send([`k${i}`, `l${i}`, `conf:k${i}`, "phx_leave", {}]);
      await client.reply(`l${i}`);
    }
    assert.deepEqual(statuses.map((s) => s.response.reason ?? s.status), ["ok", "ok", "ok", "rate limited"]);
    client.close();
  }));

test("max_topic_bytes: a longer topic cannot be joined", () =>
  withServer(["--max-topic-bytes", "20"], async (server) => {
    const client = await RawClient.open(server);
    assert.equal((await client.join(`conf:${"x".repeat(15)}`, "1"))[4].status, "ok");  // 20 bytes
    assert.deepEqual((await client.join(`conf:${"x".repeat(16)}`, "2"))[4], { status: "error", response: { reason: "topic too long" } });
    client.close();
  }));

test("handshake timeout: a connection that never finishes its request is dropped", () =>
  withServer(["--handshake-timeout-ms", "300"], async (server) => {
    const slow = net.connect(server.port, "127.0.0.1");
    const closed = new Promise((resolve) => slow.on("close", resolve));
    const started = Date.now();
    // A byte every 100 ms keeps the connection busy but never finishes the request.
    const drip = setInterval(() => slow.write("G"), 100);
    await closed;
    clearInterval(drip);
    const took = Date.now() - started;
    assert.ok(took >= 250 && took < 3000, `dropped after ${took} ms`);
    const upgraded = await RawClient.open(server);
    await sleep(600);
    await heartbeatWorks(upgraded);  // an upgraded socket is not subject to it
    assert.equal((await metrics(server))['wick_disconnects_total{reason="handshake_timeout"}'], 1);
    upgraded.close();
  }));

test("heartbeat timeout: a silent socket is closed with 1001 and counted", () =>
  withServer(["--idle-timeout-ms", "300"], async (server) => {
    const silent = await RawClient.open(server);
    assert.equal((await silent.closed).code, 1001);
    assert.equal((await metrics(server))['wick_disconnects_total{reason="heartbeat_timeout"}'], 1);
  }));

test("a slow handler is logged with its topic and event, and counted", () =>
  withServer(["--slow-handler-ms", "50"], async (server) => {
    const client = await RawClient.open(server);
    await client.join("conf:slow", "1");
    client.send(["1", "2", "conf:slow", "block", { ms: 120 }]);
    assert.equal((await client.reply("2"))[4].status, "ok");
    client.send(["1", "3", "conf:slow", "block", { ms: 1 }]);
    await client.reply("3");
    assert.equal((await metrics(server)).wick_slow_handlers_total, 1);
    assert.match(server.stderr.join(""), /slow handler: topic "conf:slow" event "block" ran 1\d\d ms/);
    client.close();
  }, { WICK_LOG: "warn" }));

test("GET /metrics counts traffic in Prometheus text format", () =>
  withServer([], async (server) => {
    const client = await RawClient.open(server);
    await client.join("conf:m", "1");
    await heartbeatWorks(client);
    const values = await metrics(server);
    assert.equal(values.wick_connections, 1);
    assert.equal(values.wick_channels, 1);
    assert.ok(values.wick_messages_in_total >= 2);
    assert.ok(values.wick_messages_out_total >= 2);
    assert.ok(values.wick_bytes_in_total > 0 && values.wick_bytes_out_total > 0);
    client.close();
  }));

// Phoenix has no per-socket rate limits: under Wick's defaults a Phoenix app's clients must not
// meet any (they are a policy an application turns on, as wick-chat does).
test("defaults: a burst of 1,000 pushes is served whole, and a subscriber gets all in order", async () => {
  const server = await startServer("wick-rooms");
  try {
    const quiet = { presence: false };
    const subscriber = await RawClient.open(server);
    await subscriber.join("room:burst", "1", quiet);
    const pusher = await RawClient.open(server);
    await pusher.join("room:burst", "1", quiet);
    for (let i = 0; i < 1000; i += 1) pusher.send(["1", `m${i}`, "room:burst", "new_msg", { n: i }]);
    for (let i = 0; i < 1000; i += 1) assert.equal((await pusher.reply(`m${i}`))[4].status, "ok");
    const relayed = () => subscriber.messages.filter((m) => m[3] === "new_msg");
    await waitFor(() => relayed().length === 1000, 10000, "1,000 broadcasts");
    assert.deepEqual(relayed().map((m) => m[4].n), Array.from({ length: 1000 }, (_, i) => i));
    assert.equal((await metrics(server)).wick_rate_limited_total, 0);
    subscriber.close();
    pusher.close();
  } finally {
    await server.stop();
  }
});

test("defaults: joining, leaving and rejoining 300 channels in a row is never refused", () =>
  withServer([], async (server) => {
    const client = await RawClient.open(server);
    for (let i = 0; i < 300; i += 1) {
      for (const round of ["a", "b"]) {
        client.send([`${i}${round}`, `${i}${round}j`, `conf:c${i}`, "phx_join", {}]);
        client.send([`${i}${round}`, `${i}${round}l`, `conf:c${i}`, "phx_leave", {}]);
      }
    }
    for (let i = 0; i < 300; i += 1) {
      for (const round of ["a", "b"]) {
        assert.equal((await client.reply(`${i}${round}j`))[4].status, "ok", `join ${i}${round}`);
        assert.equal((await client.reply(`${i}${round}l`))[4].status, "ok", `leave ${i}${round}`);
      }
    }
    assert.equal((await metrics(server)).wick_rate_limited_total, 0);
    client.close();
  }));
