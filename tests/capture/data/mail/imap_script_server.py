#!/usr/bin/env python3
"""A scripted IMAP server for making test captures, used only by make_mail_captures.sh until
`smtplab serve --imap` exists: one mailbox holding the messages given on the command line,
enough of RFC 3501 for imaplib and curl (CAPABILITY, STARTTLS, LOGIN, AUTHENTICATE PLAIN,
SELECT/EXAMINE, FETCH and UID FETCH of BODY[]/BODY.PEEK[]/RFC822/FLAGS, APPEND with a
synchronising literal, NOOP, LOGOUT). It answers on 127.0.0.1:PORT, one connection at a
time, until killed.

usage: imap_script_server.py PORT CERT KEY MESSAGE_FILE...
"""
import base64
import re
import socket
import ssl
import sys


def main():
    port, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    messages = [open(p, "rb").read() for p in sys.argv[4:]]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1)
    while True:
        conn, _ = listener.accept()
        try:
            Session(conn, context, messages).run()
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()


class Session:
    def __init__(self, conn, context, messages):
        self.sock = conn
        self.context = context
        self.messages = messages
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def read_line(self):
        while b"\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError("closed")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def read_exact(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError("closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def read_command(self):
        line = self.read_line()
        literals = []
        while True:
            m = re.search(rb"\{(\d+)(\+?)\}$", line)
            if not m:
                return line, literals
            if not m.group(2):
                self.send(b"+ Ready for literal data\r\n")
            literals.append(self.read_exact(int(m.group(1))))
            line += b"\r\n" + literals[-1] + self.read_line()

    def run(self):
        self.send(b"* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN LITERAL+] lab.test ready\r\n")
        while True:
            line, literals = self.read_command()
            parts = line.split(b" ", 2)
            tag = parts[0]
            verb = parts[1].upper() if len(parts) > 1 else b""
            rest = parts[2] if len(parts) > 2 else b""
            if verb == b"UID":
                sub = rest.split(b" ", 1)
                verb, rest = b"UID " + sub[0].upper(), sub[1] if len(sub) > 1 else b""
            if verb == b"CAPABILITY":
                self.send(b"* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN LITERAL+\r\n")
                self.send(tag + b" OK CAPABILITY completed\r\n")
            elif verb == b"STARTTLS":
                self.send(tag + b" OK Begin TLS negotiation now\r\n")
                self.sock = self.context.wrap_socket(self.sock, server_side=True)
            elif verb == b"LOGIN":
                if b"wrong" in line:
                    self.send(tag + b" NO [AUTHENTICATIONFAILED] Authentication failed\r\n")
                else:
                    self.send(tag + b" OK [CAPABILITY IMAP4rev1] Logged in\r\n")
            elif verb == b"AUTHENTICATE":
                if b" " not in rest:
                    self.send(b"+ \r\n")
                    base64.b64decode(self.read_line())
                self.send(tag + b" OK Logged in\r\n")
            elif verb in (b"SELECT", b"EXAMINE"):
                self.send(b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n")
                self.send(b"* %d EXISTS\r\n* 0 RECENT\r\n" % len(self.messages))
                self.send(b"* OK [UIDVALIDITY 1700000000] UIDs valid\r\n* OK [UIDNEXT %d] next\r\n"
                          % (len(self.messages) + 1))
                self.send(tag + b" OK [READ-WRITE] SELECT completed\r\n")
            elif verb in (b"FETCH", b"UID FETCH"):
                self.fetch(tag, verb, rest)
            elif verb == b"APPEND":
                self.messages.append(literals[-1] if literals else b"")
                self.send(tag + b" OK [APPENDUID 1700000000 %d] APPEND completed\r\n"
                          % len(self.messages))
            elif verb == b"NOOP":
                self.send(tag + b" OK NOOP completed\r\n")
            elif verb == b"LOGOUT":
                self.send(b"* BYE Logging out\r\n" + tag + b" OK LOGOUT completed\r\n")
                return
            else:
                self.send(tag + b" BAD Unknown command\r\n")

    def fetch(self, tag, verb, rest):
        numbers, _, items = rest.partition(b" ")
        upper = items.upper()
        wanted = range(1, len(self.messages) + 1)
        if numbers.isdigit():
            wanted = [int(numbers)]
        for n in wanted:
            if n < 1 or n > len(self.messages):
                continue
            body = self.messages[n - 1]
            fields = [b"UID %d" % n] if verb.startswith(b"UID") or b"UID" in upper else []
            if b"FLAGS" in upper:
                fields.append(b"FLAGS (\\Seen)")
            if b"RFC822.SIZE" in upper:
                fields.append(b"RFC822.SIZE %d" % len(body))
            if b"BODY.PEEK[]" in upper or b"BODY[]" in upper:
                fields.append(b"BODY[] {%d}\r\n" % len(body) + body)
            elif b"RFC822" in upper.replace(b"RFC822.SIZE", b""):
                fields.append(b"RFC822 {%d}\r\n" % len(body) + body)
            self.send(b"* %d FETCH (" % n + b" ".join(fields) + b")\r\n")
        self.send(tag + b" OK FETCH completed\r\n")


if __name__ == "__main__":
    main()
