#!/usr/bin/env bash
# Makes 13-wild.pcapng, the "capture from the wild" of chapter 13 (checkpoint 13.4), with
# the lab's own programs: two `smtplab serve` servers on loopback addresses of their own
# (mx.example.org, mail.example.net), recorded by `smtplab capture -i lo`, while clients
# talk to them. Five SMTP sessions, in this order:
#   1. a message in clear (smtplab send --no-starttls)
#   2. a message over STARTTLS (smtplab send: only TLS records after the 220)
#   3. an SMTP smuggling attempt: a bare "<LF>.<LF>" inside DATA followed by a second,
#      hidden transaction, then the real "<CR><LF>.<CR><LF>" (a raw client: smtplab send
#      never writes a bare LF, on purpose), refused with 554 by the lab's server
#   4. a refused recipient (550), then QUIT (smtplab send to an unknown mailbox)
#   5. AUTH PLAIN in clear on mail.example.net, which offers AUTH without TLS
#      (smtplab send --user, --auth-cleartext on the server)
# The answers of 13.4 are never written here: graders analyse the file
# (gui/cli/capture_answers.cpp), as the student does with `smtplab analyze`.
# Capturing needs root or the setcap line `smtplab capture` prints. The result is checked
# in, so grading never depends on capture rights.
# Usage: scenarios/captures/make_13_wild.sh [path/to/smtplab]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
smtplab="${1:-$here/../../build/gui/smtplab}"
out="$here/13-wild.pcapng"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mx=127.0.3.25    # mx.example.org: SMTP with STARTTLS, mailboxes bob and carol
msa=127.0.3.26   # mail.example.net: offers AUTH before TLS (the mistake 13.4 finds)
port=2525        # a port the SMTP dissector knows, that needs no privilege

# wait_port HOST PORT: until the server accepts connections.
wait_port() {
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "no server on $1:$2" >&2
  return 1
}

"$smtplab" serve --listen "$mx:$port" --maildir "$work/mx" --domain example.org \
  --mailbox bob --mailbox carol --banner "mx.example.org ESMTP ready" --quiet \
  >"$work/mx.log" 2>&1 &
pids+=($!)
"$smtplab" serve --listen "$msa:$port" --maildir "$work/msa" --domain example.net \
  --mailbox sami --user sami.k:Tr0ub4dor --auth-cleartext --no-tls \
  --banner "mail.example.net ESMTP" --quiet >"$work/msa.log" 2>&1 &
pids+=($!)
wait_port "$mx" "$port"
wait_port "$msa" "$port"

"$smtplab" capture -i lo --host "$mx" --host "$msa" -w "$out" >"$work/capture.log" 2>&1 &
capture=$!
pids+=("$capture")
sleep 2  # the capture is open before the first SYN

send() { "$smtplab" send --timeout 10 "$@" >>"$work/send.log" 2>&1; }
smuggle() {
  python3 - "$mx" "$port" <<'PY'
# The smuggling client: each write waits for the reply it needs, as a real one would.
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10,
                             source_address=("127.0.3.105", 0))
f = s.makefile("rb")
def reply():
    while True:
        line = f.readline()
        if not line or line[3:4] != b"-":
            return line
reply()
for command in (b"EHLO relay.example.com", b"MAIL FROM:<news@example.com>",
                b"RCPT TO:<bob@example.org>", b"DATA"):
    s.sendall(command + b"\r\n")
    reply()
s.sendall(b"From: news@example.com\r\nTo: bob@example.org\r\nSubject: Newsletter\r\n\r\n"
          b"This month's news.\n.\n"
          b"MAIL FROM:<ceo@example.org>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n"
          b"From: ceo@example.org\r\nSubject: Urgent transfer\r\n\r\nPay today.\r\n.\r\n")
reply()
s.sendall(b"QUIT\r\n")
reply()
s.close()
PY
}
send --server "$mx:$port" --source 127.0.3.101 --helo ws1.example.com --no-starttls \
  --from alice@example.com --to bob@example.org --subject "Minutes" --body "Minutes attached."
send --server "$mx:$port" --source 127.0.3.102 --helo ws2.example.com \
  --from dan@example.com --to carol@example.org --subject "Private" --body "Over TLS."
smuggle
send --server "$mx:$port" --source 127.0.3.103 --helo scan.example.com --no-starttls \
  --from probe@example.com --to admin@example.org --subject "Hello" --body "Anyone?" || true
send --server "$msa:$port" --source 127.0.3.104 --helo laptop.example.net --no-starttls \
  --user sami.k:Tr0ub4dor --from sami@example.net --to sami@example.net \
  --subject "Note to self" --body "Dentist at 4."
sleep 1  # the last FIN and ACK reach the capture
kill -INT "$capture"
wait "$capture"
sed -n '/frames captured/p' "$work/capture.log"
"$smtplab" analyze "$out" | tail -n 3
