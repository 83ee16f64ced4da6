"""Starts `smtplab serve` on free loopback ports for interop tests and stops it again.

Used by the interop test files; each test gets a fresh Maildir root. Nothing here mocks
the server: it is the real program, talking to real clients over real sockets.
"""
import os
import re
import signal
import subprocess
import tempfile
import time
import mailbox


class ServeProcess:
    """A running `smtplab serve`; ports are read from its own start-up lines."""

    def __init__(self, smtplab, extra_args=(), domain="gsimaroc.com", pop3=False, workdir=None,
                 imap=False):
        """pop3: also serve POP3 and POP3S on free ports; imap: IMAP and IMAPS. workdir: reuse
        the Maildirs of an earlier ServeProcess (a restart)."""
        self.workdir = workdir or tempfile.mkdtemp(prefix="smtplab-interop-")
        self.maildir = os.path.join(self.workdir, "mail")
        self.log_path = os.path.join(self.workdir, "serve.log")
        args = [smtplab, "serve", "--listen", "127.0.0.1:0", "--smtps", "127.0.0.1:0",
                "--submission", "127.0.0.1:0", "--maildir", self.maildir,
                "--domain", domain, "--user", "ali:sesame", "--timeout", "20", *extra_args]
        if pop3:
            args += ["--pop3", "127.0.0.1:0", "--pop3s", "127.0.0.1:0"]
        if imap:
            args += ["--imap", "127.0.0.1:0", "--imaps", "127.0.0.1:0"]
        expected = 3 + (2 if pop3 else 0) + (2 if imap else 0)
        self.log = open(self.log_path, "a+")
        start = os.path.getsize(self.log_path)  # a restart reads only its own lines
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        self.ports = {}
        deadline = time.time() + 10
        while time.time() < deadline and len(self.ports) < expected:
            time.sleep(0.05)
            with open(self.log_path) as f:
                f.seek(start)
                for m in re.finditer(r"listening on 127\.0\.0\.1:(\d+) \((\w+)", f.read()):
                    self.ports[m.group(2)] = int(m.group(1))
            if self.proc.poll() is not None:
                raise RuntimeError("smtplab serve exited: " + open(self.log_path).read())
        if len(self.ports) < expected:
            raise RuntimeError("smtplab serve did not start: " + open(self.log_path).read())

    def stop(self):
        """SIGTERM, as a user would; the server must exit 0 by itself."""
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=10)
        self.log.close()
        return code

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()

    def messages(self, address):
        """Messages in a mailbox, read with Python's own Maildir reader, as bytes."""
        path = os.path.join(self.maildir, address)
        if not os.path.isdir(path):
            return []
        box = mailbox.Maildir(path, factory=None, create=False)
        return [box.get_bytes(key) for key in sorted(box.keys())]


def strip_trace(raw):
    """Removes the Return-Path and Received fields the server prepended; returns
    (trace_text, rest) so tests can check both."""
    lines = raw.split(b"\r\n")
    assert lines[0].startswith(b"Return-Path: "), lines[0]
    i = 1
    assert lines[i].startswith(b"Received: "), lines[i]
    i += 1
    while lines[i].startswith((b"\t", b" ")):
        i += 1
    return b"\r\n".join(lines[:i]), b"\r\n".join(lines[i:])
