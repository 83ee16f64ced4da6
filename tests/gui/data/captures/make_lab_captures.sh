#!/usr/bin/env bash
# Makes the lab's own captures that display_filter_tests and the GUI case wireshark_filter
# compare with tshark: the built-in topology (`smtplab run`: submission on 587 with STARTTLS
# and AUTH, relay and MX on 25, a bounce) and chapter 3's solved lab (SMTP in clear),
# captured on lo by `smtplab capture`. Capturing
# needs root or the setcap line `smtplab capture` prints. The result is checked in, so the
# tests never depend on capture rights.
# Usage: tests/gui/data/captures/make_lab_captures.sh [path/to/smtplab]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
smtplab="${1:-$here/../../../../build/gui/smtplab}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# capture FILE SECONDS RUN-ARGS...: captures lo while `smtplab run RUN-ARGS` plays.
capture() {
  local file="$1" seconds="$2"
  shift 2
  "$smtplab" capture -i lo --seconds "$seconds" -w "$here/$file" >"$work/capture.log" 2>&1 &
  local pid=$!
  sleep 2  # the capture is open before the first SYN
  "$smtplab" run "$@" --out "$work/run-$file" >"$work/run.log"
  wait "$pid"
  sed -n 2,4p "$work/capture.log"
}
capture lab-default.pcap 25                 # built-in topology: STARTTLS everywhere
capture lab-envelope.pcap 20 03 --solve     # chapter 3 (the envelope): SMTP in clear on 25
