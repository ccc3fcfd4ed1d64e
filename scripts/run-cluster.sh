#!/usr/bin/env bash
# Installs what is missing, builds, and runs wick-chat as a cluster on this machine: Redis,
# PostgreSQL, three wick-chat nodes sharing both, and HAProxy in front of them (the
# configuration of deploy/haproxy.cfg: WebSocket and long-poll, no sticky sessions) on
# http://127.0.0.1:4000. Ctrl-C stops everything it started.
#
#   PORT                HAProxy's port (4000); the nodes take PORT+1..PORT+3, Redis PORT+379,
#                       PostgreSQL PORT+432
#   WICK_CLUSTER_DIR    where the state lives (var/cluster): PostgreSQL's data directory, the
#                       generated passwords and secret key base, and the logs
#   WICK_SKIP_SETUP=1   skips installing and building (the tests set it)
#
# PostgreSQL refuses to run as root: as root, it runs as the `postgres` user, which must be
# able to reach the state directory.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${WICK_SKIP_SETUP:-}" != 1 ]; then
  scripts/install-deps.sh
  scripts/build.sh
fi

port=${PORT:-4000}
state=$(realpath -m "${WICK_CLUSTER_DIR:-var/cluster}")
pg_bin=/usr/lib/postgresql/15/bin
pg_port=$((port + 432))
redis_port=$((port + 379))
mkdir -p "$state"

as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  as_postgres=(runuser -u postgres --)
  if ! "${as_postgres[@]}" test -x "$state"; then
    echo "run-cluster: the postgres user cannot reach $state; set WICK_CLUSTER_DIR to a" \
      "directory it can reach (every parent directory needs o+x)" >&2
    exit 1
  fi
fi

# Generated once and kept: the nodes share the secret key base (a token from one node is good
# on every node), the database and Redis have passwords.
secret_of() {
  local file="$state/$1"
  [ -s "$file" ] || (umask 077 && openssl rand -hex "$2" >"$file")
  cat "$file"
}
secret_key_base=$(secret_of secret_key_base 64)
pg_password=$(secret_of postgres_password 24)
redis_password=$(secret_of redis_password 24)

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "run-cluster: stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$state/postgres" -w -m fast stop >/dev/null 2>&1 || true
  echo "run-cluster: stopped"
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

# Lines of a program, prefixed with its name.
labelled() { sed -u "s/^/[$1] /"; }

wait_for() {  # what, command...
  local what=$1
  shift
  for _ in $(seq 100); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "run-cluster: $what did not come up" >&2
  exit 1
}

# PostgreSQL: its own data directory, password authentication, TCP on 127.0.0.1 only.
if [ ! -s "$state/postgres/PG_VERSION" ]; then
  mkdir -p "$state/postgres"
  (umask 077 && printf '%s\n' "$pg_password" >"$state/postgres.pwfile")
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$state/postgres" "$state/postgres.pwfile"; fi
  "${as_postgres[@]}" "$pg_bin/initdb" -D "$state/postgres" -U wick --auth=scram-sha-256 \
    --pwfile="$state/postgres.pwfile" -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$state/postgres.pwfile"
fi
if ! "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$state/postgres" -w -l "$state/postgres/server.log" \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null; then
  echo "run-cluster: PostgreSQL did not start; the end of $state/postgres/server.log:" >&2
  tail -n 20 "$state/postgres/server.log" >&2 || true
  exit 1
fi
database_url="postgresql://wick:$pg_password@127.0.0.1:$pg_port/chat"
export PGPASSWORD=$pg_password
if [ -z "$(psql -XAtq -h 127.0.0.1 -p "$pg_port" -U wick -d postgres \
  -c "SELECT 1 FROM pg_database WHERE datname = 'chat'")" ]; then
  psql -Xq -h 127.0.0.1 -p "$pg_port" -U wick -d postgres -c "CREATE DATABASE chat"
fi
echo "run-cluster: PostgreSQL on 127.0.0.1:$pg_port (data in $state/postgres)"

# Redis: what crosses between the nodes (broadcasts, presence); nothing kept on disk.
redis-server --port "$redis_port" --bind 127.0.0.1 --requirepass "$redis_password" \
  --save "" --appendonly no --loglevel warning > >(labelled redis) 2>&1 &
pids+=($!)
wait_for "Redis" redis-cli -p "$redis_port" -a "$redis_password" --no-auth-warning ping
echo "run-cluster: Redis on 127.0.0.1:$redis_port"

# The nodes: one after the other, so that the first migrates the database alone.
nodes=()
for i in 1 2 3; do
  node_port=$((port + i))
  build/bin/wick-chat --host 127.0.0.1 --port "$node_port" --database "$database_url" \
    --secret-key-base "$secret_key_base" \
    --redis "redis://:$redis_password@127.0.0.1:$redis_port" --node-name "node$i" \
    > >(labelled "node$i") 2>&1 &
  pids+=($!)
  wait_for "node$i" curl -fs "http://127.0.0.1:$node_port/health"
  nodes+=("127.0.0.1:$node_port")
done

# HAProxy with the configuration of the docs.
WICK_LISTEN="127.0.0.1:$port" WICK_NODE1=${nodes[0]} WICK_NODE2=${nodes[1]} \
  WICK_NODE3=${nodes[2]} haproxy -f deploy/haproxy.cfg -db > >(labelled haproxy) 2>&1 &
pids+=($!)
wait_for "HAProxy" curl -fs "http://127.0.0.1:$port/health"

echo "run-cluster: the chat is on http://127.0.0.1:$port (HAProxy over ${nodes[*]}); Ctrl-C stops it"
wait -n "${pids[@]}" || true
echo "run-cluster: a process of the cluster exited; stopping the others" >&2
exit 1
