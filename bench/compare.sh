#!/usr/bin/env bash
# Runs the same wick-bench scenarios against wick-rooms, a Socket.IO 4.8 server with the same
# semantics (bench/peers/socketio) and the reference server rawsrv (../shared/tools/rawsrv, built
# with its own Makefile in build/rawsrv), then writes the results table and charts into
# docs/benchmarks.md and docs/benchmarks/.
#
#   bench/compare.sh [RUNS]        RUNS rounds (default 3); each round runs every scenario
#                                  against every server, so ratios compare neighbouring runs
#
# Every scenario starts a fresh server. Raw results (one JSON line per run, tagged with the
# server and the round) go to docs/benchmarks/results.jsonl; bench/report.mjs turns them into
# medians, min–max, ratios and gnuplot data. RAWSRV_DIR points elsewhere for rawsrv's sources;
# without them the rawsrv column is left out. Load goes only to 127.0.0.1, bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=docs/benchmarks
rawsrv_dir=${RAWSRV_DIR:-../shared/tools/rawsrv}

scripts/install-deps.sh
scripts/build.sh
servers=(wick socketio)
if [ -f "$rawsrv_dir/Makefile" ]; then
  rm -rf build/rawsrv && cp -r "$rawsrv_dir" build/rawsrv
  make -s -C build/rawsrv >/dev/null
  servers+=(rawsrv)
else
  echo "no rawsrv sources at $rawsrv_dir: the rawsrv column is left out" >&2
fi

# name -> wick-bench arguments (the issue 5 targets; docs/benchmarks.md explains each).
declare -A scenarios=(
  [connect]="connect --conns 15000"
  [fanout_burst]="fanout --conns 5000 --broadcasts 100"
  [fanout_steady]="fanout --conns 5000 --broadcasts 100 --rate 10"
  [echo]="echo --conns 10000 --in-flight 1 --duration 10"
  [rooms]="rooms --conns 10000 --topics 1000 --msg-rate 0.5 --duration 10"
  [presence]="presence --conns 5000 --timeout 60"
)
order=(connect fanout_burst fanout_steady echo rooms presence)
port=4450

server_pid=""
# start_server NAME [WRAPPER...]: the wrapper (strace, say) runs the server as its child.
start_server() {
  local name=$1
  shift
  local log=build/compare-server.log
  case "$name" in
    wick) "$@" build/bin/wick-rooms --port $port --threads 2 >"$log" 2>&1 & ;;
    socketio) "$@" node bench/peers/socketio/server.js --port $port >"$log" 2>&1 & ;;
    rawsrv) "$@" build/rawsrv/rawsrv --port $port --threads 2 >"$log" 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 100); do
    grep -q "port=" "$log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$name did not start: $(cat "$log")" >&2
  return 1
}
# A server under strace is strace's child: stopping it lets strace write its summary and exit.
stop_server() {
  pkill -TERM -P "$server_pid" 2>/dev/null || kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT

mkdir -p "$out"
{
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $runs rounds"
  echo "CPU: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/Mem:/ {print $2}') GiB; kernel $(uname -r); $(g++ --version | head -1);" \
    "node $(node --version)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/machine.txt"
results=$out/results.jsonl
: >"$results"
for round in $(seq "$runs"); do
  for name in "${order[@]}"; do
    for server in "${servers[@]}"; do
      # Presence is a Phoenix protocol feature; rawsrv does not implement it.
      [ "$name" = presence ] && [ "$server" != wick ] && continue
      proto=phoenix
      [ "$server" = socketio ] && proto=socketio
      start_server "$server"
      # shellcheck disable=SC2086  # the scenario's arguments are words
      line=$(build/bin/wick-bench ${scenarios[$name]} --proto $proto --port $port --workers 2 \
        --source-ips 4 --server-pid "$server_pid" | tail -1) || true
      stop_server
      echo "round $round $name $server: $line"
      [[ "$line" == "{"* ]] || continue
      echo "{\"round\":$round,\"name\":\"$name\",\"server\":\"$server\",\"result\":$line}" >>"$results"
      sleep 1
    done
  done
done

# Sends per subscriber in a burst: the server runs under strace -c twice, once only connecting
# and joining 5,000 subscribers and once also fanning 100 broadcasts out to them; the difference
# in write calls (sendmsg, writev, write, sendto) belongs to the broadcasts.
count_sends() {
  local server=$1
  shift
  start_server "$server" strace -f -c -o build/strace.out
  build/bin/wick-bench "$@" --port $port --workers 2 --source-ips 4 --timeout 120 >/dev/null || true
  stop_server
  awk '$NF ~ /^(sendmsg|writev|write|sendto)$/ { n += $4 } END { print n + 0 }' build/strace.out
}
for server in wick rawsrv; do
  [[ " ${servers[*]} " == *" $server "* ]] || continue
  joins=$(count_sends "$server" connect --conns 5000)
  burst=$(count_sends "$server" fanout --conns 5000 --broadcasts 100)
  echo "sends $server: $joins for the joins, $burst with the burst"
  echo "{\"round\":1,\"name\":\"syscalls\",\"server\":\"$server\",\"result\":{\"sends_joins\":$joins,\"sends_burst\":$burst,\"sends_per_subscriber\":$(((burst - joins) * 100 / 5000))e-2}}" >>"$results"
  sleep 1
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
node bench/report.mjs "$results" docs/benchmarks.md "$out"
gnuplot -e "dir='$out'" bench/charts.gp
echo "wrote docs/benchmarks.md and $out/*.png"
