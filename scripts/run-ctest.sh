#!/usr/bin/env bash
# Runs ctest in BUILD_DIR (output on failure, one job per core) and, in CI (SMTPLAB_CI=1,
# set by .ci/run), fails when a test did not run: a skipped test (GTEST_SKIP, a driver's
# exit 77 for a missing peer, xvfb-run or capture permission) must not let a suite pass
# green. Locally a skip stays a skip, listed by ctest with its reason in the log.
# Usage: scripts/run-ctest.sh BUILD_DIR [extra ctest arguments]
set -euo pipefail
build="$1"
shift
log="$build/ctest-last.log"
status=0
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@" 2>&1 | tee "$log" || status=$?
if [ "${SMTPLAB_CI:-}" = "1" ]; then
  # ctest lists skipped and disabled tests under this heading, one per line, with a reason.
  not_run="$(sed -n '/^The following tests did not run:/,/^$/p' "$log" | grep -E '^\s+[0-9]+ - ' || true)"
  if [ -n "$not_run" ]; then
    echo "run-ctest: SMTPLAB_CI=1 and these tests did not run (a skip is a failure in CI):" >&2
    echo "$not_run" >&2
    [ "$status" -ne 0 ] || status=1
  fi
fi
exit "$status"
