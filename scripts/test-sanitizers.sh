#!/usr/bin/env bash
# Builds the servers and unit tests with AddressSanitizer and UndefinedBehaviorSanitizer into
# build-asan/, then runs the unit tests, the client suites (all but the browser suite) and the
# wick-recovery package's suite against them. LeakSanitizer checks every server when it exits;
# the client harness fails a test whose server reported anything. SANITIZE=thread builds
# build-tsan/ with ThreadSanitizer instead and runs the unit tests, the multi-threaded client
# suites and wick-recovery's suite.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${SANITIZE:-address,undefined}"
dir=build-asan
[ "$kind" = thread ] && dir=build-tsan
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="-fsanitize=$kind -fno-omit-frame-pointer -O1" >/dev/null
# The log stays in the build folder: ThreadSanitizer builds warn at length about asio's fences.
cmake --build "$dir" -j"$(nproc)" --target wick-unit-tests wick-rooms wick-conformance wick-lobby wick-chat \
  >"$dir/build.log" 2>&1 || { tail -n 60 "$dir/build.log"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$dir/bin/wick-unit-tests" --gtest_brief=1
suites=(rooms.test.mjs conformance.test.mjs transport.test.mjs presence.test.mjs longpoll.test.mjs
  limits.test.mjs tls.test.mjs churn.test.mjs example.test.mjs chat.test.mjs
  chat-durability.test.mjs cluster.test.mjs cluster-longpoll.test.mjs cluster-haproxy.test.mjs
  chat-cluster.test.mjs chat-cluster-durability.test.mjs recovery-cluster.test.mjs)
# Under ThreadSanitizer, the suites whose servers cross threads: broadcasts and deferred replies
# from other threads, cross-loop hand-offs (long-poll, presence), the chat's database workers,
# the cluster's Redis link, the chat on a cluster (PostgreSQL on the database workers), and
# recovery (every loop appends to and reads the same topic streams).
[ "$kind" = thread ] &&
  suites=(conformance.test.mjs presence.test.mjs longpoll.test.mjs limits.test.mjs chat.test.mjs
    cluster.test.mjs cluster-longpoll.test.mjs chat-cluster.test.mjs recovery-cluster.test.mjs)
cd tests/client
# A sanitized server's memory is the sanitizer's: the churn test skips its RSS check.
export WICK_SANITIZED=1 WICK_BIN_DIR="$PWD/../../$dir/bin"
node --test --test-concurrency=1 --test-timeout=120000 "${suites[@]}"
# The wick-recovery package's suite: single-node recovery with the helper, under both kinds.
cd ../../packages/wick-recovery
node --test --test-concurrency=1 --test-timeout=120000 test/
