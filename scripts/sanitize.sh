#!/usr/bin/env bash
# Builds SMTP Lab with sanitizers (clang-14) into its own build folder and runs the test
# suites that need no display and no fixed lab ports (ctest -LE 'gui|lessons'):
#   asan: AddressSanitizer + LeakSanitizer + UndefinedBehaviorSanitizer  -> build-asan/
#   tsan: ThreadSanitizer on the suites whose code runs threads (below)  -> build-tsan/
# The window is not built (SMTPLAB_BUILD_GUI=OFF): the GUI tests need a display and the lab's
# fixed ports, and the window's logic that needs no window is still tested (gui_logic_tests).
# Any report fails the test that produced it. Suppressions (tests/sanitizers/) are for
# third-party code only, each with the reason.
# Usage: scripts/sanitize.sh asan|tsan [extra ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-}"
shift || true
case "$kind" in
  asan) sanitize="address,undefined" ;;
  tsan) sanitize="thread" ;;
  *) echo "usage: scripts/sanitize.sh asan|tsan [ctest arguments]" >&2; exit 2 ;;
esac
build="build-$kind"
supp="$PWD/tests/sanitizers"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
# -O1 and line tables only: the sanitizers' usual trade (readable stacks, a faster build
# than -O2 -g). Warnings are checked by the main build (scripts/test.sh, -Werror).
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DSMTPLAB_SANITIZE="$sanitize" \
  -DSMTPLAB_BUILD_GUI=OFF -DSMTPLAB_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" "${launcher[@]}" >/dev/null
# TSan covers the code that runs threads: the agents, the lab, sim/net, live capture, the
# scenarios and graders that drive a lab, and the program under the interop peers. The
# single-threaded parsers (protocol, message, the window's model) are ASan's and the
# fuzzers': leaving their tests out of the TSan build keeps CI inside its 45 minutes.
tsan_targets=(smtplab agents_tests lab_tests scenario_locator_tests net_tests capture_tests
              scenario_tests grading_tests)
tsan_dirs=(agents lab net capture scenarios grading interop)
if [ "$kind" = tsan ]; then
  cmake --build "$build" -j"$(nproc)" --target "${tsan_targets[@]}"
else
  cmake --build "$build" -j"$(nproc)"
fi

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp"
# FilterVsTshark compares the display filter with tshark's on every capture: tshark's own
# time (~400 s of the ~600 s the suites take under ASan), the plain build runs it, and
# fuzz_display_filter already runs that filter under ASan + UBSan (scripts/fuzz.sh).
if [ "$kind" = tsan ]; then
  status=0
  for dir in "${tsan_dirs[@]}"; do
    bash scripts/run-ctest.sh "$build/tests/$dir" -LE 'gui|lessons' "$@" || status=1
  done
  exit "$status"
fi
bash scripts/run-ctest.sh "$build" -LE 'gui|lessons' -E 'FilterVsTshark' "$@"
