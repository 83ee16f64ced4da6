#!/usr/bin/env bash
# Benchmark: `smtplab serve` (with Maildir delivery: write, fsync, rename for every message)
# under Postfix's smtp-source at 1, 10 and 50 parallel sessions, next to smtp-sink (which
# discards) and Python's aiosmtpd (Sink handler, discards) under the same load. Prints
# messages/s for each and the ratios. Usage: tests/bench/serve_bench.sh [BUILD_DIR] [MESSAGES]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
messages="${2:-2000}"
smtplab="$build/gui/smtplab"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

# Messages/s for `messages` messages of 1000 octets over `sessions` parallel sessions.
rate() {
  local port="$1" sessions="$2"
  local start end
  start=$(date +%s.%N)
  /usr/sbin/smtp-source -s "$sessions" -m "$messages" -l 1000 -f bench@localhost -t user@localhost \
    127.0.0.1:"$port" >/dev/null
  end=$(date +%s.%N)
  python3 -c "print(f'{$messages/($end-$start):.0f}')"
}

declare -A result
for peer in smtplab smtp-sink aiosmtpd; do
  port=$(free_port)
  case "$peer" in
    smtplab) "$smtplab" serve --listen 127.0.0.1:"$port" --maildir "$work/mail" --domain localhost --quiet --no-tls \
               >"$work/serve.log" 2>&1 & ;;
    smtp-sink) sink_user=(); [ "$(id -u)" -eq 0 ] && sink_user=(-u nobody)
               /usr/sbin/smtp-sink "${sink_user[@]}" 127.0.0.1:"$port" 256 >/dev/null 2>&1 & ;;
    aiosmtpd) /usr/bin/python3 -m aiosmtpd -n -c aiosmtpd.handlers.Sink -l 127.0.0.1:"$port" >/dev/null 2>&1 & ;;
  esac
  pid=$!
  wait_port "$port"
  for sessions in 1 10 50; do
    result["$peer,$sessions"]=$(rate "$port" "$sessions")
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
delivered=$(find "$work/mail" -type f -path '*/new/*' | wc -l)

printf '\nsmtp-source -m %s -l 1000 (messages/s; smtplab writes each to a Maildir with fsync)\n' "$messages"
printf '%-10s %10s %10s %10s %16s %16s\n' sessions smtplab smtp-sink aiosmtpd smtplab/sink smtplab/aiosmtpd
for sessions in 1 10 50; do
  s=${result["smtplab,$sessions"]}; k=${result["smtp-sink,$sessions"]}; a=${result["aiosmtpd,$sessions"]}
  printf '%-10s %10s %10s %10s %16s %16s\n' "$sessions" "$s" "$k" "$a" \
    "$(python3 -c "print(f'{$s/$k:.2f}')")" "$(python3 -c "print(f'{$s/$a:.2f}')")"
done
echo "messages in smtplab's Maildirs: $delivered (expected $((messages * 3)))"
