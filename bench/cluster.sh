#!/usr/bin/env bash
# The cluster benchmarks (docs/benchmarks.md, "The cluster"): Wick nodes over Redis against
# one Wick node, and a Socket.IO 4.8 cluster on the official @socket.io/redis-adapter against
# one Socket.IO node, under the same load generator; then as many Wick nodes as it takes to
# hold 100,000 joined connections on this machine.
#
#   bench/cluster.sh [RUNS]        RUNS rounds (default 3) of every scenario on every server
#   SCENARIOS="hop_local hop_remote" bench/cluster.sh 1     only those, in place of their
#                                                           earlier results
#
# Each scenario starts a fresh redis-server (no persistence) and fresh nodes. Raw results go
# to docs/benchmarks/cluster-results.jsonl (one JSON line per run, tagged with the round, the
# scenario and the server, plus Redis's own counters for the run where they matter);
# bench/cluster-report.mjs writes the section of docs/benchmarks.md from them. Load goes only
# to 127.0.0.1, bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=docs/benchmarks
redis_port=6479
base_port=4460
ulimit -n 20000

scripts/install-deps.sh
scripts/build.sh

node_pids=()
node_ports=()
redis_pid=""

start_redis() {
  redis-server --port $redis_port --bind 127.0.0.1 --save "" --appendonly no \
    --loglevel warning >build/cluster-redis.log 2>&1 &
  redis_pid=$!
  for _ in $(seq 50); do redis-cli -p $redis_port ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis-server did not start" >&2
  return 1
}

# start_nodes SERVER COUNT CLUSTERED: COUNT nodes on base_port+1..; CLUSTERED=1 joins them
# through Redis, 0 runs one node alone (no Redis at all).
start_nodes() {
  local server=$1 count=$2 clustered=$3 i port log
  node_pids=()
  node_ports=()
  for i in $(seq "$count"); do
    port=$((base_port + i))
    log=build/cluster-node-$i.log
    local redis_args=()
    case "$server" in
      wick)
        [ "$clustered" = 1 ] && redis_args=(--redis "redis://127.0.0.1:$redis_port" --node-name "n$i")
        build/bin/wick-rooms --port $port --threads 2 "${redis_args[@]}" >"$log" 2>&1 &
        ;;
      socketio)
        [ "$clustered" = 1 ] && redis_args=(--redis "redis://127.0.0.1:$redis_port")
        node bench/peers/socketio/server.js --port $port "${redis_args[@]}" >"$log" 2>&1 &
        ;;
    esac
    node_pids+=($!)
    node_ports+=($port)
  done
  for i in $(seq "$count"); do
    log=build/cluster-node-$i.log
    for _ in $(seq 100); do grep -q "port=" "$log" 2>/dev/null && break; sleep 0.1; done
    grep -q "port=" "$log" || { echo "node $i did not start: $(cat "$log")" >&2; return 1; }
    if [ "$server" = wick ] && [ "$clustered" = 1 ]; then
      # Linked once it listens on its own channel.
      for _ in $(seq 100); do
        [ "$(redis-cli -p $redis_port pubsub numsub "wick:n:n$i" | tail -1)" = 1 ] && break
        sleep 0.1
      done
    fi
  done
}

stop_nodes() {
  for pid in "${node_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${node_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  node_pids=()
}

stop_redis() {
  [ -n "$redis_pid" ] || return 0
  kill "$redis_pid" 2>/dev/null || true
  wait "$redis_pid" 2>/dev/null || true
  redis_pid=""
}
trap 'stop_nodes; stop_redis' EXIT

# Redis's own counters: commands other than (un)subscribes (those come and go with
# connections, each socket's id being a topic), PUBLISH calls (a script's included), the
# stream scripts (EVALSHA calls and their µs), CPU (µs, user + system), bytes
# sent, and memory (now, and the peak since it started).
redis_counters() {
  redis-cli -p $redis_port info all | tr -d '\r' | awk -F'[:,=]' '
    $1 == "total_commands_processed" { commands += $2 }
    $1 == "cmdstat_subscribe" || $1 == "cmdstat_unsubscribe" { commands -= $3 }
    $1 == "cmdstat_publish" { publishes = $3 }
    $1 == "cmdstat_evalsha" { scripts = $3; script_us = $5 }
    $1 == "used_cpu_sys" || $1 == "used_cpu_user" { cpu += $2 }
    $1 == "total_net_output_bytes" { bytes = $2 }
    $1 == "used_memory" { memory = $2 }
    $1 == "used_memory_peak" { peak = $2 }
    END { printf "{\"commands\":%d,\"publishes\":%d,\"scripts\":%d,\"script_us\":%d,\"cpu_us\":%d,\"bytes_out\":%d,\"memory\":%d,\"memory_peak\":%d}", commands, publishes + 0, scripts + 0, script_us + 0, cpu * 1e6, bytes, memory, peak }'
}

# name -> "NODES CLUSTERED PORTS wick-bench arguments": PORTS says which nodes the subscribers
# connect to (all, or the second one only); the publisher always connects to the first node.
declare -A scenarios=(
  [single_burst]="1 0 all fanout --conns 15000 --broadcasts 100"
  [cluster_burst]="3 1 all fanout --conns 15000 --broadcasts 100"
  [single_steady]="1 0 all fanout --conns 15000 --broadcasts 100 --rate 10"
  [cluster_steady]="3 1 all fanout --conns 15000 --broadcasts 100 --rate 10"
  [hop_local]="3 1 first fanout --conns 100 --broadcasts 300 --rate 50"
  [hop_remote]="3 1 second fanout --conns 100 --broadcasts 300 --rate 50"
  [redis_cost]="3 1 all fanout --conns 300 --broadcasts 2000 --rate 400"
  [scale_100k]="6 1 all fanout --conns 100000 --broadcasts 1 --workers 6 --source-ips 8 --user-ids yes"
  # The same on wick-rooms's topics with history (docs/recovery.md): each broadcast numbered and
  # kept, in memory on one node, by one Lua script in Redis on a cluster.
  [single_burst_history]="1 0 all fanout --conns 15000 --broadcasts 100 --topic-prefix stream"
  [cluster_burst_history]="3 1 all fanout --conns 15000 --broadcasts 100 --topic-prefix stream"
  [redis_cost_history]="3 1 all fanout --conns 300 --broadcasts 2000 --rate 400 --topic-prefix stream"
)
# SCENARIOS="a b" runs only those (a quick look; the report wants them all).
read -r -a order <<<"${SCENARIOS:-single_burst cluster_burst single_steady cluster_steady hop_local hop_remote redis_cost scale_100k single_burst_history cluster_burst_history redis_cost_history}"

mkdir -p "$out"
results=$out/cluster-results.jsonl
machine=$out/cluster-machine.txt
# A run of some scenarios adds its lines to the machine's description of the earlier run.
[ -n "${SCENARIOS:-}" ] || : >"$machine"
{
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $runs rounds${SCENARIOS:+ of ${SCENARIOS}}"
  echo "CPU: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/Mem:/ {print $2}') GiB; $(redis-server --version | cut -d' ' -f1-3);" \
    "node $(node --version)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >>"$machine"
# A run of some scenarios replaces their results and keeps the others'.
touch "$results"
for name in "${order[@]}"; do
  grep -v "\"name\":\"$name\"" "$results" >"$results.kept" || true
  mv "$results.kept" "$results"
done
for round in $(seq "$runs"); do
  for name in "${order[@]}"; do
    for server in wick socketio; do
      # 100,000 connections: Wick only (a Socket.IO node takes about 15 KB a connection).
      [ "$name" = scale_100k ] && [ "$server" != wick ] && continue
      # History is Wick's: Socket.IO's rooms keep none.
      [[ "$name" == *_history ]] && [ "$server" != wick ] && continue
      read -r count clustered spread args <<<"${scenarios[$name]}"
      start_redis
      start_nodes "$server" "$count" "$clustered"
      case "$spread" in
        all) ports=$(IFS=,; echo "${node_ports[*]}") ;;
        first) ports=${node_ports[0]} ;;
        second) ports=${node_ports[1]} ;;
      esac
      proto=phoenix
      [ "$server" = socketio ] && proto=socketio
      extra=(--workers 2 --source-ips 4)
      [[ "$args" == *--workers* ]] && extra=()
      sleep 2  # the nodes settle: heartbeats, presence, name claims
      idle_start=$(redis_counters)
      sleep 2
      before=$(redis_counters)
      started=$(date +%s.%N)
      # shellcheck disable=SC2086  # the scenario's arguments are words
      line=$(build/bin/wick-bench $args "${extra[@]}" --proto $proto --port "$ports" \
        --publish-port "${node_ports[0]}" --timeout 60 \
        --server-pid "$(IFS=,; echo "${node_pids[*]}")" | tail -1) || true
      after=$(redis_counters)
      run_seconds=$(awk "BEGIN { print $(date +%s.%N) - $started }")
      stop_nodes
      stop_redis
      echo "round $round $name $server: $line"
      [[ "$line" == "{"* ]] || continue
      echo "{\"round\":$round,\"name\":\"$name\",\"server\":\"$server\",\"nodes\":$count,\"result\":$line,\"redis\":{\"idle_start\":$idle_start,\"before\":$before,\"after\":$after,\"idle_seconds\":2,\"run_seconds\":$run_seconds}}" >>"$results"
      sleep 1
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$machine"
# Memory per full topic on one node (deterministic: one run each).
{
  build/bin/wick-history-cost 1000 100 100
  build/bin/wick-history-cost 100 1000 100
} >"$out/history-cost.jsonl"
node bench/cluster-report.mjs "$results" docs/benchmarks.md "$machine"
echo "wrote docs/benchmarks.md (the cluster and history sections)"
