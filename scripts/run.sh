#!/usr/bin/env bash
# Sets up (Debian packages), builds, and runs SMTP Lab's main job: the window with the
# default scenario when a display is available, else the default topology headless
# (`smtplab run --out out/run`: transcript, timeline and mailboxes in out/run).
# Usage: scripts/run.sh [extra smtplab arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then bash scripts/install-deps.sh; else sudo bash scripts/install-deps.sh; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/gui/smtplab gui "$@"
fi
echo "run.sh: no display; running the default topology headless into out/run"
exec ./build/gui/smtplab run --out out/run "$@"
