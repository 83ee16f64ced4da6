#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) and runs each for SECONDS
# (default 30), seeded from tests/fuzz/corpus/<name>/ and, for capture harnesses, the
# public captures. Prints executions per harness; any crash fails the script.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DSMTPLAB_FUZZ=ON \
  -DSMTPLAB_BUILD_GUI=OFF -DSMTPLAB_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# Only the harnesses and what they link (not every library of the program).
targets=$(for f in tests/fuzz/fuzz_*.cpp; do basename "$f" .cpp; done)
cmake --build build-fuzz -j"$(nproc)" --target $targets
captures="$(cd .. && pwd)/shared/captures"
status=0
for harness in build-fuzz/tests/fuzz/fuzz_*; do
  [ -x "$harness" ] || continue
  name="$(basename "$harness")"
  corpus="build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  seeds=()
  [ -d "tests/fuzz/corpus/$name" ] && seeds+=("tests/fuzz/corpus/$name")
  if [[ "$name" == fuzz_capture* && -d "$captures" ]]; then seeds+=("$captures"); fi
  log="build-fuzz/$name.log"
  if "$harness" "$corpus" "${seeds[@]}" -max_total_time="$seconds" -max_len=65536 \
       -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    runs="$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')"
    echo "fuzz: $name: ${runs:-?} executions, no crash"
  else
    echo "fuzz: $name: FAILED (see $log)"
    tail -40 "$log"
    status=1
  fi
done
exit $status
