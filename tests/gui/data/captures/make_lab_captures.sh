#!/usr/bin/env bash
# Makes the lab's own captures that display_filter_tests and the GUI case wireshark_filter
# compare with tshark: the built-in topology (`smtplab run`: submission on 587 with STARTTLS
# and AUTH, relay and MX on 25, a bounce) captured on lo by `smtplab capture`. Capturing
# needs root or the setcap line `smtplab capture` prints. The result is checked in, so the
# tests never depend on capture rights.
# Usage: tests/gui/data/captures/make_lab_captures.sh [path/to/smtplab]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
smtplab="${1:-$here/../../../../build/gui/smtplab}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$smtplab" capture -i lo --seconds 25 -w "$here/lab-default.pcap" >"$work/capture.log" 2>&1 &
capture=$!
sleep 2  # the capture is open before the first SYN
"$smtplab" run --out "$work/run" >"$work/run.log"
wait "$capture"
tail -n +3 "$work/capture.log" | head -4
