#!/usr/bin/env bash
# Live capture at the topology's full speed: `smtplab capture` listens on lo (as root, or
# with the setcap capabilities) while lab_bench drives the 4-hop chain as fast as it goes
# (MUA -> MSA with STARTTLS + AUTH -> relay -> MX -> Maildir, several clients at once),
# then prints what pcap_stats counted (frames received, dropped by the kernel, by the
# interface, by a lagging consumer), the capture rate, and how many SMTP sessions and
# messages `smtplab analyze` rebuilt from the saved file.
# Usage: tests/bench/live_capture_bench.sh [BUILD_DIR] [MESSAGES] [CLIENTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
messages="${2:-400}"
clients="${3:-4}"
smtplab="$build/gui/smtplab"
lab_bench="$build/tests/bench/lab_bench"
for tool in "$smtplab" "$lab_bench"; do
  [ -x "$tool" ] || { echo "missing $tool (build the smtplab and lab_bench targets)" >&2; exit 1; }
done
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

# Every TCP segment on lo: the chain's hops use 127.0.x.y addresses and offset ports.
"$smtplab" capture -i lo --filter tcp -w "$dir/chain.pcapng" > /dev/null 2> "$dir/capture.err" &
capture_pid=$!
for _ in $(seq 50); do
  grep -q "capturing on" "$dir/capture.err" && break
  kill -0 "$capture_pid" 2> /dev/null || { cat "$dir/capture.err" >&2; exit 1; }
  sleep 0.1
done
start=$(date +%s.%N)
"$lab_bench" "$messages" "$clients"
end=$(date +%s.%N)
sleep 0.5  # the last segments (FIN/ACK) reach the capture
kill -INT "$capture_pid"
wait "$capture_pid"
cat "$dir/capture.err"

"$smtplab" analyze "$dir/chain.pcapng" --json > "$dir/analysis.json"
/usr/bin/python3 - "$dir/analysis.json" "$dir/capture.err" "$start" "$end" << 'PY'
import json, re, sys
analysis = json.load(open(sys.argv[1]))
err = open(sys.argv[2]).read()
seconds = float(sys.argv[4]) - float(sys.argv[3])
m = re.search(r"(\d+) frames captured; pcap_stats: (\d+) received, (\d+) dropped by the kernel, "
              r"(\d+) by the interface; (\d+) dropped by a lagging consumer", err)
frames, received, kernel, interface, consumer = map(int, m.groups())
sessions = analysis["sessions"]
tls = sum(1 for s in sessions if s["tls"])
messages = sum(len(s["messages"]) for s in sessions)
print(f"chain ran {seconds:.1f} s; captured {frames} frames ({frames / seconds:.0f} frames/s)")
print(f"drops: kernel {kernel}, interface {interface}, consumer queue {consumer}")
print(f"analyze: {len(sessions)} SMTP sessions ({tls} with TLS), {messages} messages in clear")
sys.exit(0 if kernel == 0 and consumer == 0 else 1)
PY
