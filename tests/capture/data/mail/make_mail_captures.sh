#!/usr/bin/env bash
# Makes the POP3 and IMAP test captures of this folder on the loopback, with real clients:
# `smtplab serve --pop3` (POP3, STLS) fetched by Python poplib and curl, and the scripted
# IMAP server beside this script (until `smtplab serve --imap` lands) fetched by Python
# imaplib and curl; tcpdump records each session. Then writes each capture's golden JSON
# (`smtplab analyze --json --show-secrets`, the "file" key dropped) beside it.
# Needs root (tcpdump, ports 110/143), python3, curl, openssl, editcap.
# usage: make_mail_captures.sh SMTPLAB_BINARY
set -euo pipefail
SMTPLAB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

record() {  # record FILE PORT: starts tcpdump on lo for that port
  tcpdump -i lo -U -s 0 -w "$1" "tcp port $2" 2>/dev/null &
  TCPDUMP=$!
  sleep 1
}
stop_recording() {
  sleep 1
  kill "$TCPDUMP"
  wait "$TCPDUMP" 2>/dev/null || true
}

openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=mail.lab.test \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

# Two servers on the same Maildirs: POP3 on 110, and on 11110 (a port nobody registers).
for ports in "2525 110" "2526 11110"; do
  set -- $ports
  "$SMTPLAB" serve --maildir "$WORK/maildir" --domain lab.test --user ali:secret \
    --listen "127.0.0.1:$1" --pop3 "127.0.0.1:$2" --auth-cleartext \
    --tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem" >"$WORK/serve-$2.log" 2>&1 &
  PIDS+=($!)
done
sleep 2

# Two messages for ali: a small one with an attachment and dot-started lines, a big one.
python3 - "$WORK" <<'PY'
import smtplib, sys
from email.message import EmailMessage
small = EmailMessage()
small["From"] = "Bob <bob@lab.test>"
small["To"] = "ali@lab.test"
small["Subject"] = "=?utf-8?q?R=C3=A9union_lundi?="
small["Date"] = "Sun, 06 Dec 2026 05:00:00 +0000"
small["Message-ID"] = "<small@lab.test>"
small.set_content("Bonjour Ali,\n.a line that starts with a dot\n..and two dots\n.\nBob\n")
small.add_attachment(b"%PDF-1.4\n" + bytes(range(256)) * 4, maintype="application",
                     subtype="pdf", filename="agenda.pdf")
big = EmailMessage()
big["From"] = "bob@lab.test"
big["To"] = "ali@lab.test"
big["Subject"] = "Big one"
big["Date"] = "Sun, 06 Dec 2026 05:01:00 +0000"
big["Message-ID"] = "<big@lab.test>"
big.set_content("".join("line %06d of a long message\n" % i for i in range(12000)))
with smtplib.SMTP("127.0.0.1", 2525) as s:
    s.send_message(small)
    s.send_message(big)
for name, m in (("small.eml", small), ("big.eml", big)):
    open(sys.argv[1] + "/" + name, "wb").write(bytes(m).replace(b"\n", b"\r\n"))
PY

# POP3 in clear on 110: USER/PASS, STAT, LIST, UIDL, TOP, RETR, QUIT.
record "$HERE/pop3-clear.pcap" 110
python3 - <<'PY'
import poplib
p = poplib.POP3("127.0.0.1", 110)
p.capa()
p.user("ali")
p.pass_("secret")
p.stat(); p.list(); p.uidl()
p.top(1, 0)
p.retr(1)
p.quit()
PY
stop_recording

# POP3 with STLS, then a refused login and a good one, all inside TLS.
record "$HERE/pop3-stls.pcap" 110
python3 - <<'PY'
import poplib, ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
p = poplib.POP3("127.0.0.1", 110)
p.stls(ctx)
p.user("ali"); p.pass_("secret"); p.retr(1); p.quit()
PY
stop_recording

# POP3 on a port nobody registers (found by its +OK greeting), curl, a refused login first.
record "$HERE/pop3-curl-content.pcap" 11110
curl -s -u ali:wrong pop3://127.0.0.1:11110/1 -o /dev/null || true
curl -s -u ali:secret pop3://127.0.0.1:11110/2 -o "$WORK/curl-pop3.eml"
stop_recording

# The big message cut by the end of the capture: the frames after the first one of the
# RETR 2 response are dropped.
record "$WORK/pop3-big.pcap" 110
python3 - <<'PY'
import poplib
p = poplib.POP3("127.0.0.1", 110)
p.user("ali"); p.pass_("secret"); p.retr(2); p.quit()
PY
stop_recording
first=$(tshark -r "$WORK/pop3-big.pcap" -Y 'tcp.srcport == 110 && tcp.payload contains "+OK" && frame.len > 1000' \
  -T fields -e frame.number | head -1)
editcap -r -F pcap "$WORK/pop3-big.pcap" "$HERE/pop3-cut.pcap" "1-$((first + 1))"

# IMAP: the scripted server on 143 and on 10143 (found by its "* OK" greeting).
python3 "$HERE/imap_script_server.py" 143 "$WORK/cert.pem" "$WORK/key.pem" \
  "$WORK/small.eml" "$WORK/big.eml" &
PIDS+=($!)
python3 "$HERE/imap_script_server.py" 10143 "$WORK/cert.pem" "$WORK/key.pem" \
  "$WORK/small.eml" &
PIDS+=($!)
sleep 1

# IMAP in clear: a refused login, LOGIN, SELECT, FETCH BODY.PEEK[], UID FETCH RFC822,
# APPEND (a client literal), LOGOUT.
record "$HERE/imap-clear.pcap" 143
python3 - "$WORK" <<'PY'
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", 143)
try:
    m.login("ali", "wrong")
except imaplib.IMAP4.error:
    pass
m.login("ali", "secret")
m.select("INBOX")
m.fetch("1", "(FLAGS BODY.PEEK[])")
m.uid("FETCH", "1", "(RFC822)")
m.append("INBOX", None, None, open(sys.argv[1] + "/small.eml", "rb").read())
m.logout()
PY
stop_recording

# IMAP with STARTTLS, then LOGIN and a FETCH inside TLS.
record "$HERE/imap-starttls.pcap" 143
python3 - <<'PY'
import imaplib, ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4("127.0.0.1", 143)
m.starttls(ctx)
m.login("ali", "secret"); m.select("INBOX"); m.fetch("1", "(BODY.PEEK[])"); m.logout()
PY
stop_recording

# IMAP with curl on an unregistered port: AUTHENTICATE PLAIN (SASL-IR), UID FETCH BODY[].
record "$HERE/imap-curl-content.pcap" 10143
curl -s -u ali:secret 'imap://127.0.0.1:10143/INBOX;UID=1' -o "$WORK/curl-imap.eml"
stop_recording

for f in "$HERE"/*.pcap; do
  "$SMTPLAB" analyze --json --show-secrets "$f" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("file",None); print(json.dumps(d,indent=1,sort_keys=True,ensure_ascii=False))' \
      >"${f%.pcap}.json"
done
# Every whole message the analysis retrieved is byte for byte a file of the Maildir (POP3),
# a message the scripted server holds (IMAP), and what curl saved.
python3 - "$WORK" "$HERE" <<'PY'
import glob, hashlib, json, os, sys
work, here = sys.argv[1], sys.argv[2]
sha = lambda path: hashlib.sha256(open(path, "rb").read()).hexdigest()
known = {sha(p) for p in glob.glob(work + "/maildir/*/*/*") if os.path.isfile(p)}
known |= {sha(work + "/small.eml"), sha(work + "/big.eml")}
assert sha(work + "/curl-pop3.eml") in known and sha(work + "/curl-imap.eml") in known
for golden in glob.glob(here + "/*.json"):
    for session in json.load(open(golden))["sessions"]:
        for m in session["messages"]:
            if m["complete"] and m["via"] in ("RETR", "FETCH"):
                assert m["sha256"] in known, (golden, m["sha256"])
print("retrieved messages equal the served files")
PY
echo "captures written to $HERE"
