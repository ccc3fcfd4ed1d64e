#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang (ASan + UBSan) into build-fuzz/ and runs
# each for FUZZ_SECONDS (default 60) on its seed corpus, as many at once as there are cores.
# New inputs go to a scratch corpus, not into the repository. Fails on the first crash, leak or
# sanitizer report; a crashing input is kept as build-fuzz/<target>-crash-* to become a
# regression seed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
targets=(websocket_codec http_request serializers token presence_merge cluster_envelope)
CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DWICK_FUZZ=ON \
  -DWICK_BUILD_TESTS=OFF -DWICK_PRECOMPILED_HEADERS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -O1" \
  >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >build-fuzz/build.log 2>&1 ||
  { tail -n 60 build-fuzz/build.log; exit 1; }
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# fuzz TARGET: one target for the whole time; prints its line, fails on a finding.
fuzz() {
  local target=$1 scratch log runs corpus
  scratch=$(mktemp -d)
  log="build-fuzz/fuzz_$target.log"
  if ! build-fuzz/bin/"fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix=build-fuzz/"$target"- "$scratch" \
      "tests/fuzz/corpus/$target" >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz_$target: FAILED (input kept in build-fuzz/)" >&2
    rm -rf "$scratch"
    return 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  corpus=$(ls "$scratch" | wc -l)
  echo "fuzz_$target: $runs executions in ${seconds} s, no crash ($corpus new corpus entries)"
  rm -rf "$scratch"
}

# As many targets at once as there are cores: each still gets its whole time.
jobs=$(nproc)
failed=0
for ((i = 0; i < ${#targets[@]}; i += jobs)); do
  pids=()
  for target in "${targets[@]:i:jobs}"; do
    fuzz "$target" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" -eq 0 ] || exit 1
done
