// wick-bench: a load generator for real-time servers over WebSocket: Phoenix Channels V2 JSON
// (Wick, Phoenix, rawsrv) or, with --proto socketio, Socket.IO 4 (Engine.IO v4).
//
//   wick-bench SCENARIO [--proto phoenix|socketio] [--port P] [--host H] [--conns N]
//              [--workers W] [--source-ips K] [--server-pid PID] [scenario options]
//
// A cluster: --port P1,P2,... spreads the connections over several nodes, round robin (5,000
// connections over three ports: 1,667 on each); the fanout publisher connects to the first
// port, or to --publish-port P. --server-pid PID1,PID2,... sums the nodes' memory.
// --user-ids yes connects connection i as user "u<i>" (user_id in the query), which gives it a
// socket id on wick-rooms (a topic of its own, across the cluster).
//
// Scenarios, and what is timed from where to where (CLOCK_MONOTONIC, shared by every process of
// the run, so latencies are measured across processes):
//   connect  N connections each join room:bench ({"presence": false}). Reports the connect+join
//            rate (from the first connect to the last join reply), failures, and the server's
//            VmRSS growth per connection (--server-pid) measured after every join, and again
//            after --hold S seconds (heartbeats every 25 s meanwhile).
//   fanout   N subscribers on room:bench; one more connection publishes --broadcasts M new_msg
//            messages, all at once (default) or at --rate R per second. Each carries its send
//            time and sequence number; latency is from the publisher's send to a subscriber's
//            read. Reports deliveries/s (all deliveries over first send → last read), lost and
//            duplicated messages, latency p50/p95/p99/max.
//   echo     N connections each keep --in-flight K "ping" pushes outstanding for --duration S;
//            latency from push to reply. Reports replies/s and latency.
//   presence N users join room:presence with presence on, all at once (after every connection
//            is open). Reports the time from the first join until every client's presence list
//            (presence_state, then presence_diff joins and leaves) holds all N users, and the
//            presence frames and bytes each client received.
//   rooms    N connections over --topics R rooms (room:r<i % R>); each publishes new_msg at
//            --msg-rate r per second for --duration S (spread evenly), then 2 s of drain.
//            Reports deliveries/s, lost, latency.
// --topic-prefix stream puts the scenarios' topics (room:bench, room:r<i>) under stream: instead,
// wick-rooms's topics with history (docs/recovery.md): each broadcast numbered and kept.
// Connections are spread over --workers W processes (fork), each with one epoll loop and its
// own ~19,000-descriptor budget; --source-ips K binds them to 127.0.0.1..127.0.0.K.
// With --proto socketio the same scenarios speak to bench/peers/socketio: "join" (acked) joins a
// room, "new_msg" is relayed to the room, "echo" is acked with its argument; presence is
// Phoenix-only. Output: human-readable lines, then one JSON line (always the last line).
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "client_loop.hpp"
#include "latency_histogram.hpp"
#include "presence_lists.hpp"

namespace bench {
namespace {

struct Options {
  std::string scenario;
  std::string proto = "phoenix";
  Endpoint endpoint;
  std::size_t conns = 1000;
  std::size_t workers = 1;
  std::size_t topics = 100;
  std::string topic_prefix = "room";  // "stream": wick-rooms's topics with history
  std::size_t broadcasts = 100;
  double rate = 0;  // fanout: broadcasts per second; 0 = all at once
  std::size_t in_flight = 1;
  double duration = 5;
  double msg_rate = 0.5;  // rooms: messages per second per connection
  double hold = 0;
  double timeout = 30;
  std::size_t payload = 32;
  std::size_t concurrent = 256;  // handshakes in flight per worker
  std::vector<int> server_pids;
  int publish_port = 0;  // fanout: 0 = the first of the ports
};

std::vector<int> numbers_in(const std::string& list) {
  std::vector<int> values;
  for (const char* at = list.c_str(); *at;) {
    char* end = nullptr;
    long value = std::strtol(at, &end, 10);
    if (end == at) break;
    values.push_back(static_cast<int>(value));
    at = *end == ',' ? end + 1 : end;
  }
  return values;
}

// What a worker sends its parent at the end (plain data through a pipe).
struct WorkerResult {
  std::uint64_t opened = 0;
  std::uint64_t failed = 0;
  std::uint64_t joined = 0;
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t errors = 0;  // error replies (a rate limit, say): answered, but not served
  std::uint64_t bytes = 0;   // presence: bytes of presence frames received
  std::uint64_t closed = 0;
  std::int64_t first_ns = 0;  // first send (echo, rooms)
  std::int64_t last_ns = 0;   // last read
  LatencyHistogram latency;
};

[[noreturn]] void usage(const std::string& problem) {
  std::fprintf(stderr,
               "wick-bench: %s\nusage: wick-bench connect|fanout|echo|rooms|presence"
               " [--proto phoenix|socketio] [--port P[,P...]] [--publish-port P] [--host H]"
               " [--conns N] [--workers W] [--source-ips K] [--server-pid PID[,PID...]]"
               " [--user-ids yes] [--topics R] [--topic-prefix room|stream]"
               " [--broadcasts M] [--rate R] [--in-flight K] [--duration S] [--msg-rate r]"
               " [--hold S] [--timeout S] [--payload BYTES] [--concurrent N]\n",
               problem.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  if (argc < 2) usage("which scenario?");
  Options o;
  o.scenario = argv[1];
  if (o.scenario != "connect" && o.scenario != "fanout" && o.scenario != "echo" &&
      o.scenario != "rooms" && o.scenario != "presence") {
    usage("unknown scenario " + o.scenario);
  }
  for (int i = 2; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) usage(flag + " needs a value");
    std::string value = argv[++i];
    auto number = [&] { return std::strtod(value.c_str(), nullptr); };
    auto count = [&] {
      return static_cast<std::size_t>(std::strtoull(value.c_str(), nullptr, 10));
    };
    if (flag == "--proto")
      o.proto = value;
    else if (flag == "--port")
      o.endpoint.ports = numbers_in(value);
    else if (flag == "--user-ids")
      o.endpoint.user_ids = value == "yes";
    else if (flag == "--publish-port")
      o.publish_port = static_cast<int>(count());
    else if (flag == "--host")
      o.endpoint.host = value;
    else if (flag == "--conns")
      o.conns = count();
    else if (flag == "--workers")
      o.workers = std::max<std::size_t>(1, count());
    else if (flag == "--source-ips")
      o.endpoint.source_ips = static_cast<int>(std::max<std::size_t>(1, count()));
    else if (flag == "--server-pid")
      o.server_pids = numbers_in(value);
    else if (flag == "--topic-prefix")
      o.topic_prefix = value;
    else if (flag == "--topics")
      o.topics = std::max<std::size_t>(1, count());
    else if (flag == "--broadcasts")
      o.broadcasts = count();
    else if (flag == "--rate")
      o.rate = number();
    else if (flag == "--in-flight")
      o.in_flight = std::max<std::size_t>(1, count());
    else if (flag == "--duration")
      o.duration = number();
    else if (flag == "--msg-rate")
      o.msg_rate = number();
    else if (flag == "--hold")
      o.hold = number();
    else if (flag == "--timeout")
      o.timeout = number();
    else if (flag == "--payload")
      o.payload = count();
    else if (flag == "--concurrent")
      o.concurrent = std::max<std::size_t>(1, count());
    else
      usage("unknown flag " + flag);
  }
  if (!make_protocol(o.proto)) usage("unknown protocol " + o.proto);
  if (o.endpoint.ports.empty()) usage("--port needs a number");
  if (o.scenario == "presence" && o.proto != "phoenix") usage("presence is Phoenix-only");
  return o;
}

/// The servers' resident memory, summed.
long server_rss_kb(const std::vector<int>& pids) {
  long total = 0;
  for (int pid : pids) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.starts_with("VmRSS:")) total += std::strtol(line.c_str() + 6, nullptr, 10);
    }
  }
  return total;
}

/// The integer after `"key":` in `text`, if any.
std::optional<std::int64_t> field(std::string_view text, std::string_view key) {
  std::size_t at = text.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  return std::strtoll(text.data() + at + key.size(), nullptr, 10);
}

std::string topic_of(const Options& o, std::size_t global) {
  if (o.scenario == "rooms") return o.topic_prefix + ":r" + std::to_string(global % o.topics);
  return o.topic_prefix + ":bench";
}

std::string padding(std::size_t bytes) { return std::string(bytes, 'x'); }

// --- pipes between the parent and its workers ---

void put(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, bytes, size);
    if (n <= 0) std::exit(3);
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
}

bool get(int fd, void* data, std::size_t size) {
  char* bytes = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = ::read(fd, bytes, size);
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// --- one worker process ---

// Every connection joins room:presence with presence on and keeps its own copy of the list
// (PresenceLists) until it holds all --conns users. Measured per connection: the time from 'G'
// until its list was complete, and the presence frames and bytes it took.
void run_presence(const Options& o, const Protocol& protocol, ClientLoop& loop,
                  WorkerResult& result) {
  std::int64_t start = now_ns();
  PresenceLists lists(loop.size());
  std::vector<bool> complete(loop.size());
  std::size_t completed = 0;
  for (std::size_t i = 0; i < loop.size(); ++i) {
    loop.send(i, protocol.join("room:presence", true));
  }
  loop.run(
      [&](std::size_t index, std::string_view text) {
        if (!lists.on_message(index, text)) {
          if (protocol.is_reply(text)) ++result.joined;
          return;
        }
        ++result.received;  // presence frames
        result.bytes += text.size();
        if (!complete[index] && lists.size(index) >= o.conns) {
          complete[index] = true;
          ++completed;
          std::int64_t now = now_ns();
          result.latency.record(now - start);
          result.last_ns = now;
        }
      },
      [&] { return completed + loop.closed() >= loop.size(); }, [] {},
      start + static_cast<std::int64_t>(o.timeout * 1e9));
  result.first_ns = start;
  result.sent = loop.size();  // lists expected to complete
}

WorkerResult run_worker(const Options& o, const Protocol& protocol, std::size_t first,
                        std::size_t count, int control, int status) {
  WorkerResult result;
  ClientLoop loop(o.endpoint, protocol);
  char signal = 0;
  get(control, &signal, 1);  // 'C': connect now
  result.failed = loop.open(first, count, o.concurrent);
  result.opened = count - result.failed;

  // Joins (for presence, the joins are the measured traffic, after 'G').
  bool presence = o.scenario == "presence";
  auto on_join_reply = [&](std::size_t index, std::string_view text) {
    if (protocol.is_join_ok(text) && !loop.at(index).joined) {
      loop.at(index).joined = true;
      ++result.joined;
    }
  };
  for (std::size_t i = 0; i < loop.size() && !presence; ++i) {
    loop.send(i, protocol.join(topic_of(o, first + i), false));
  }
  if (!presence) {
    loop.run(
        on_join_reply, [&] { return result.joined + loop.closed() >= count; }, [] {},
        now_ns() + static_cast<std::int64_t>(o.timeout * 1e9));
  }
  std::uint64_t ready = presence ? result.opened : result.joined;
  put(status, &ready, sizeof ready);  // ready
  get(control, &signal, 1);           // 'G': traffic

  std::int64_t start = now_ns();
  std::int64_t end = start + static_cast<std::int64_t>(o.duration * 1e9);
  if (o.scenario == "connect") {
    std::int64_t next_heartbeat = start + 25'000'000'000;
    loop.run([](std::size_t, std::string_view) {}, [] { return false; },
             [&] {
               if (now_ns() < next_heartbeat) return;
               next_heartbeat += 25'000'000'000;
               std::string heartbeat = protocol.heartbeat();
               for (std::size_t i = 0; i < loop.size() && !heartbeat.empty(); ++i) {
                 loop.send(i, heartbeat);
               }
             },
             start + static_cast<std::int64_t>(o.hold * 1e9));
  } else if (presence) {
    run_presence(o, protocol, loop, result);
  } else if (o.scenario == "fanout") {
    std::vector<std::vector<bool>> seen(count, std::vector<bool>(o.broadcasts));
    std::int64_t last_read = start;
    loop.run(
        [&](std::size_t index, std::string_view text) {
          if (!protocol.is_broadcast(text)) return;
          auto seq = field(text, "\"s\":");
          auto sent = field(text, "\"t\":");
          if (!seq || !sent || *seq < 0 || static_cast<std::size_t>(*seq) >= o.broadcasts) return;
          last_read = now_ns();
          if (seen[index][*seq]) {
            ++result.duplicates;
            return;
          }
          seen[index][*seq] = true;
          ++result.received;
          result.latency.record(last_read - *sent);
        },
        [&] { return result.received >= result.joined * o.broadcasts; }, [] {},
        start + static_cast<std::int64_t>((o.timeout + (o.rate > 0 ? o.broadcasts / o.rate : 0)) *
                                          1e9));
    result.last_ns = last_read;
  } else if (o.scenario == "echo") {
    // An error reply (a rate limit) ends a request too: it is counted, and the next one sent.
    auto ping = [&](std::size_t i) {
      loop.send(i, protocol.request(topic_of(o, 0), "{\"t\":" + std::to_string(now_ns()) + "}"));
      ++result.sent;
    };
    result.first_ns = now_ns();
    for (std::size_t i = 0; i < loop.size(); ++i) {
      for (std::size_t k = 0; k < o.in_flight; ++k) ping(i);
    }
    bool sending = true;
    loop.run(
        [&](std::size_t index, std::string_view text) {
          if (!protocol.is_reply(text)) return;
          auto sent = field(text, "\"t\":");
          std::int64_t now = now_ns();
          if (sent) {
            ++result.received;
            result.latency.record(now - *sent);
          } else {
            ++result.errors;
          }
          result.last_ns = now;
          if (sending) ping(index);
        },
        [&] { return !sending && result.received + result.errors >= result.sent; },
        [&] { sending = now_ns() < end; }, end + static_cast<std::int64_t>(o.timeout * 1e9));
  } else {  // rooms
    std::size_t total = loop.size();
    double per_second = static_cast<double>(total) * o.msg_rate;
    std::size_t cursor = 0;
    std::string pad = padding(o.payload);
    result.first_ns = start;
    loop.run(
        [&](std::size_t, std::string_view text) {
          if (protocol.is_error(text)) ++result.errors;
          if (!protocol.is_broadcast(text)) return;
          auto sent = field(text, "\"t\":");
          if (!sent) return;
          std::int64_t now = now_ns();
          ++result.received;
          result.latency.record(now - *sent);
          result.last_ns = now;
        },
        [] { return false; },
        [&] {
          std::int64_t now = now_ns();
          if (now >= end || total == 0) return;
          auto due =
              static_cast<std::uint64_t>(static_cast<double>(now - start) / 1e9 * per_second);
          while (result.sent < due) {
            std::size_t i = cursor++ % total;
            loop.send(i, protocol.publish(topic_of(o, first + i), "{\"t\":" + std::to_string(now) +
                                                                      ",\"p\":\"" + pad + "\"}"));
            ++result.sent;
          }
        },
        end + 2'000'000'000);
  }
  result.closed = loop.closed();
  return result;
}

// --- the fanout publisher, in the parent ---

/// Sends the broadcasts (all at once, or at --rate); returns when the first was sent.
std::int64_t publish(const Options& o, const Protocol& protocol, ClientLoop& publisher) {
  std::string pad = padding(o.payload);
  auto message = [&](std::size_t seq) {
    return protocol.publish(topic_of(o, 0), "{\"s\":" + std::to_string(seq) +
                                                ",\"t\":" + std::to_string(now_ns()) + ",\"p\":\"" +
                                                pad + "\"}");
  };
  std::int64_t first_send = now_ns();
  auto discard = [](std::size_t, std::string_view) {};
  if (o.rate <= 0) {
    for (std::size_t seq = 0; seq < o.broadcasts; ++seq) publisher.send(0, message(seq));
  } else {
    std::size_t sent = 0;
    publisher.run(
        discard, [&] { return sent >= o.broadcasts; },
        [&] {
          auto due =
              static_cast<std::size_t>(static_cast<double>(now_ns() - first_send) / 1e9 * o.rate) +
              1;
          while (sent < std::min(due, o.broadcasts)) publisher.send(0, message(sent++));
        },
        INT64_MAX);
  }
  return first_send;
}

int run(const Options& o) {
  std::unique_ptr<Protocol> protocol = make_protocol(o.proto);
  std::size_t workers = std::min(o.workers, std::max<std::size_t>(1, o.conns));
  struct Child {
    pid_t pid;
    int control;
    int status;
  };
  std::vector<Child> children;
  for (std::size_t w = 0; w < workers; ++w) {
    std::size_t first = o.conns * w / workers;
    std::size_t count = o.conns * (w + 1) / workers - first;
    int to_child[2];
    int to_parent[2];
    if (pipe(to_child) != 0 || pipe(to_parent) != 0) return 1;
    pid_t pid = fork();
    if (pid == 0) {
      ::close(to_child[1]);
      ::close(to_parent[0]);
      WorkerResult result = run_worker(o, *protocol, first, count, to_child[0], to_parent[1]);
      put(to_parent[1], &result, sizeof result);
      std::_Exit(0);
    }
    ::close(to_child[0]);
    ::close(to_parent[1]);
    children.push_back({pid, to_child[1], to_parent[0]});
  }

  long rss_before = server_rss_kb(o.server_pids);
  std::int64_t connect_start = now_ns();
  for (auto& child : children) put(child.control, "C", 1);
  std::uint64_t joined = 0;
  for (auto& child : children) {
    std::uint64_t count = 0;
    get(child.status, &count, sizeof count);
    joined += count;
  }
  std::int64_t connect_end = now_ns();
  long rss_joined = server_rss_kb(o.server_pids);

  std::optional<ClientLoop> publisher;
  if (o.scenario == "fanout") {
    Endpoint publishing = o.endpoint;
    publishing.ports = {o.publish_port ? o.publish_port : o.endpoint.ports.front()};
    publisher.emplace(publishing, *protocol);
    publisher->open(o.conns, 1, 1);
    bool ok = false;
    publisher->send(0, protocol->join(topic_of(o, 0), false));
    publisher->run(
        [&](std::size_t, std::string_view text) { ok = ok || protocol->is_join_ok(text); },
        [&] { return ok; }, [] {}, now_ns() + 10'000'000'000);
  }
  for (auto& child : children) put(child.control, "G", 1);
  std::int64_t first_send = now_ns();
  if (publisher) first_send = publish(o, *protocol, *publisher);

  WorkerResult total;
  total.first_ns = INT64_MAX;
  for (auto& child : children) {
    WorkerResult result;
    if (publisher) {
      // Drain the publisher's socket while waiting, so that its receive queue never fills.
      std::int64_t deadline =
          now_ns() + static_cast<std::int64_t>(o.timeout * 1e9) + 60'000'000'000;
      bool ready = false;
      while (!ready && now_ns() < deadline) {
        publisher->run([](std::size_t, std::string_view) {}, [] { return false; }, [] {},
                       now_ns() + 5'000'000);
        fd_set set;
        FD_ZERO(&set);
        FD_SET(child.status, &set);
        timeval zero{};
        ready = select(child.status + 1, &set, nullptr, nullptr, &zero) > 0;
      }
    }
    if (!get(child.status, &result, sizeof result)) return 1;
    total.opened += result.opened;
    total.failed += result.failed;
    total.joined += result.joined;
    total.sent += result.sent;
    total.received += result.received;
    total.duplicates += result.duplicates;
    total.errors += result.errors;
    total.bytes += result.bytes;
    total.closed += result.closed;
    if (result.first_ns) total.first_ns = std::min(total.first_ns, result.first_ns);
    total.last_ns = std::max(total.last_ns, result.last_ns);
    total.latency.add(result.latency);
  }
  for (auto& child : children) waitpid(child.pid, nullptr, 0);
  long rss_after = server_rss_kb(o.server_pids);

  double connect_s = static_cast<double>(connect_end - connect_start) / 1e9;
  std::printf("%s: %zu connections, %" PRIu64 " joined, %" PRIu64 " failed, %" PRIu64
              " closed by the server, connect+join %.0f/s\n",
              o.scenario.c_str(), o.conns, total.joined, total.failed, total.closed,
              static_cast<double>(joined) / connect_s);
  std::string json = "{\"scenario\":\"" + o.scenario + "\",\"proto\":\"" + o.proto +
                     "\",\"conns\":" + std::to_string(o.conns) +
                     ",\"joined\":" + std::to_string(total.joined) +
                     ",\"failed\":" + std::to_string(total.failed) +
                     ",\"closed\":" + std::to_string(total.closed) + ",\"connect_join_per_s\":" +
                     std::to_string(static_cast<long>(static_cast<double>(joined) / connect_s));
  if (!o.server_pids.empty()) {
    double per_conn =
        joined ? static_cast<double>(rss_joined - rss_before) * 1024.0 / static_cast<double>(joined)
               : 0;
    std::printf("server RSS: %ld kB before, %ld kB joined, %ld kB after: %.0f B per connection\n",
                rss_before, rss_joined, rss_after, per_conn);
    json += ",\"rss_kb_before\":" + std::to_string(rss_before) +
            ",\"rss_kb_joined\":" + std::to_string(rss_joined) +
            ",\"rss_kb_after\":" + std::to_string(rss_after) +
            ",\"rss_bytes_per_conn\":" + std::to_string(static_cast<long>(per_conn));
  }
  if (o.scenario == "presence") {
    double complete_s = static_cast<double>(total.last_ns - total.first_ns) / 1e9;
    std::uint64_t incomplete = total.sent - total.latency.total;
    double clients = static_cast<double>(std::max<std::uint64_t>(1, total.sent));
    std::printf("presence: %" PRIu64 " of %" PRIu64
                " lists complete after %.3f s (p50 %.3f s,"
                " p99 %.3f s); %.1f presence frames and %.0f bytes per client\n",
                total.latency.total, total.sent, complete_s, total.latency.quantile_ms(0.5) / 1e3,
                total.latency.quantile_ms(0.99) / 1e3,
                static_cast<double>(total.received) / clients,
                static_cast<double>(total.bytes) / clients);
    char numbers[384];
    std::snprintf(numbers, sizeof numbers,
                  ",\"complete\":%" PRIu64 ",\"incomplete\":%" PRIu64
                  ",\"seconds_until_all_complete\":%.3f,\"frames_per_client\":%.1f,"
                  "\"bytes_per_client\":%.0f",
                  total.latency.total, incomplete, complete_s,
                  static_cast<double>(total.received) / clients,
                  static_cast<double>(total.bytes) / clients);
    json += numbers;
  } else if (o.scenario != "connect") {
    std::int64_t from = o.scenario == "fanout" ? first_send : total.first_ns;
    double span = static_cast<double>(total.last_ns - from) / 1e9;
    std::uint64_t expected = 0;
    if (o.scenario == "fanout") expected = total.joined * o.broadcasts;
    if (o.scenario == "echo") expected = total.sent - total.errors;
    if (o.scenario == "rooms") expected = total.sent * (o.conns / o.topics);
    std::uint64_t lost = expected > total.received ? expected - total.received : 0;
    double per_second = span > 0 ? static_cast<double>(total.received) / span : 0;
    std::printf("%" PRIu64 " %s in %.3f s: %.0f/s, lost %" PRIu64 ", duplicated %" PRIu64
                ", error replies %" PRIu64
                "; latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                total.received, o.scenario == "echo" ? "replies" : "deliveries", span, per_second,
                lost, total.duplicates, total.errors, total.latency.quantile_ms(0.5),
                total.latency.quantile_ms(0.95), total.latency.quantile_ms(0.99),
                static_cast<double>(total.latency.max_ns) / 1e6);
    char numbers[512];
    std::snprintf(numbers, sizeof numbers,
                  ",\"received\":%" PRIu64 ",\"expected\":%" PRIu64 ",\"lost\":%" PRIu64
                  ",\"duplicated\":%" PRIu64 ",\"errors\":%" PRIu64
                  ",\"seconds\":%.3f,\"per_second\":%.0f,"
                  "\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f",
                  total.received, expected, lost, total.duplicates, total.errors, span, per_second,
                  total.latency.quantile_ms(0.5), total.latency.quantile_ms(0.95),
                  total.latency.quantile_ms(0.99), static_cast<double>(total.latency.max_ns) / 1e6);
    json += numbers;
  }
  json += "}";
  std::printf("%s\n", json.c_str());
  return total.failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  // Large frames (presence states) come and go on thousands of connections: keep freed memory
  // in the heap rather than unmapping it, so that reusing it does not fault in zeroed pages.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  return bench::run(bench::parse(argc, argv));
}
