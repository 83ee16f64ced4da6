#!/usr/bin/env bash
# Capture benchmark: makes a large synthetic capture of SESSIONS SMTP sessions (default
# 100000; tests/bench/capture_synth.cpp, deterministic: Ethernet/IPv4/TCP, real handshakes,
# MSS-sized message segments, delayed ACKs, FIN teardown, 32 sessions interleaved), then
# times on that same file, one after the other:
#   smtplab analyze F --json > /dev/null
#   tshark -r F -Y smtp -T fields -e smtp.req.command -e smtp.response.code > /dev/null
#   tcpdump -r F -nn > /dev/null
#   cat F > /dev/null                                  (the floor: reading the bytes)
# and prints wall seconds, CPU seconds (user + sys: steadier than wall time on a shared
# machine), MB/s, peak memory (max RSS from /usr/bin/time -v) and the ratios of both.
# Usage: tests/bench/capture_bench.sh [SESSIONS] [MESSAGE_BYTES]
#   SMTPLAB=path/to/smtplab (default build/gui/smtplab), BENCH_DIR=where the file goes.
set -euo pipefail
cd "$(dirname "$0")/../.."
sessions="${1:-100000}"
message_bytes="${2:-1500}"
smtplab="${SMTPLAB:-build/gui/smtplab}"
dir="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$dir"
[ -x "$smtplab" ] || { echo "no smtplab at $smtplab (set SMTPLAB=...)" >&2; exit 1; }

"${CXX:-c++}" -O2 -std=c++20 -o "$dir/capture_synth" tests/bench/capture_synth.cpp
file="$dir/smtp-$sessions.pcap"
"$dir/capture_synth" "$file" "$sessions" "$message_bytes"
size=$(stat -c %s "$file")
cat "$file" > /dev/null  # warm the page cache so every tool reads from memory

# run NAME COMMAND...: times one tool, records seconds and max RSS (KiB).
declare -A secs cpu rss
run() {
  local name=$1; shift
  /usr/bin/time -v -o "$dir/$name.time" "$@" > /dev/null 2> "$dir/$name.err" ||
    { echo "$name failed:"; tail -5 "$dir/$name.err"; exit 1; }
  secs[$name]=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' \
      "$dir/$name.time")
  cpu[$name]=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$dir/$name.time")
  rss[$name]=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/$name.time")
}
run smtplab "$smtplab" analyze "$file" --json
run tshark tshark -r "$file" -Y smtp -T fields -e smtp.req.command -e smtp.response.code
run tcpdump tcpdump -r "$file" -nn
run cat cat "$file"

echo "capture: $file, $sessions sessions, $(awk -v b="$size" 'BEGIN {printf "%.1f MB", b / 1e6}')"
printf "%-8s %9s %9s %10s %12s\n" tool "wall s" "CPU s" "MB/s" "max RSS MB"
for name in smtplab tshark tcpdump cat; do
  awk -v n="$name" -v s="${secs[$name]}" -v c="${cpu[$name]}" -v b="$size" -v r="${rss[$name]}" \
    'BEGIN { printf "%-8s %9.2f %9.2f %10.1f %12.1f\n", n, s, c, (s > 0 ? b / 1e6 / s : 0), r / 1024 }'
done
ratios() {  # ratios of one column (wall or CPU)
  awk -v what="$1" -v sm="$2" -v ts="$3" -v td="$4" -v c="$5" '
    function ratio(a, b) { return b > 0 ? a / b : 0 }
    BEGIN {
      printf "%-5s tshark/smtplab %.1fx  tcpdump/smtplab %.1fx  smtplab/cat %.1fx\n", what,
        ratio(ts, sm), ratio(td, sm), ratio(sm, (c > 0 ? c : 0.01))
    }'
}
ratios wall "${secs[smtplab]}" "${secs[tshark]}" "${secs[tcpdump]}" "${secs[cat]}"
ratios CPU "${cpu[smtplab]}" "${cpu[tshark]}" "${cpu[tcpdump]}" "${cpu[cat]}"
