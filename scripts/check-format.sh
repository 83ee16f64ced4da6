#!/usr/bin/env bash
# Checks that every tracked C++ file (*.cpp, *.hpp) is formatted as .clang-format says;
# prints the offending lines and fails if one is not. CI runs it (.ci/run).
# Usage: scripts/check-format.sh          (check)
#        scripts/check-format.sh --fix    (reformat the files in place)
set -euo pipefail
cd "$(dirname "$0")/.."
# The version Debian 12 ships: another major version formats some constructs differently.
format="$(command -v clang-format-14 || command -v clang-format)"
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [ "${1:-}" = "--fix" ]; then
  "$format" -i "${files[@]}"
  exit 0
fi
if ! "$format" --dry-run --Werror "${files[@]}"; then
  echo "check-format: files above are not formatted (scripts/check-format.sh --fix)" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
