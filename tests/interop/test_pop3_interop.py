"""Interop: real POP3 clients (Python poplib, curl, mpop, fetchmail) against
`smtplab serve --pop3 ... --pop3s ...`.

Each test first delivers messages through the server's own SMTP listener (smtplib), then
fetches them over POP3 and compares the bytes with the Maildir files the server wrote.
Deletions must reach the disk and survive a restart; UIDL must be the same after one.
The server's certificate is made here (openssl, with 127.0.0.1 as subjectAltName) so the
clients verify it for real instead of turning verification off.
Run: python3 test_pop3_interop.py --smtplab PATH/TO/smtplab
"""
import base64
import glob
import os
import poplib
import shutil
import smtplib
import ssl
import stat
import subprocess
import tempfile
import time
import unittest

from peers import run_unittests, smtplab_from_argv
from serve_harness import ServeProcess

SMTPLAB = None


def crlf(text):
    return text.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


MESSAGES = [
    crlf(b"""From: Benharraf <benharraf@gsimaroc.com>
To: Ali Belabbas <ali@gsimaroc.com>
Subject: first
Message-ID: <pop3.1@gsimaroc.com>

Bonjour Ali,
.a line starting with a dot
..two dots
.
the line above was a lone dot
"""),
    crlf(b"""From: Benharraf <benharraf@gsimaroc.com>
To: Ali Belabbas <ali@gsimaroc.com>
Subject: second
Message-ID: <pop3.2@gsimaroc.com>

Second message.
"""),
]


def tool(name):
    path = shutil.which(name)
    if not path:
        raise unittest.SkipTest(name + " is not installed (scripts/install-deps.sh installs it)")
    return path


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1 (CN and subjectAltName), and its key."""
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run([tool("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def without_fetchmail_trace(mbox):
    """The messages an MDA received from fetchmail (each starts with Return-Path:), with
    the Received: field fetchmail put second (its continuation lines included) taken out."""
    messages = []
    for part in mbox.split(b"Return-Path: ")[1:]:
        lines = (b"Return-Path: " + part).split(b"\n")
        end = 2
        while end < len(lines) and lines[end].startswith((b"\t", b" ")):
            end += 1
        field = b"\n".join(lines[1:end])
        assert field.startswith(b"Received: ") and b"fetchmail" in field, field
        messages.append(b"\n".join(lines[:1] + lines[end:]))
    return messages


class Pop3Interop(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="smtplab-pop3-client-")
        self.cert, self.key = make_certificate(self.tmp)
        self.servers = []
        self.server = self.start_server()
        self.deliver_all()

    def tearDown(self):
        for server in self.servers:
            if server.proc.poll() is None:
                self.assertEqual(server.stop(), 0, "serve must stop cleanly:\n" + server.log_text())

    def start_server(self, workdir=None, extra=()):
        server = ServeProcess(SMTPLAB, ["--tls-cert", self.cert, "--tls-key", self.key, *extra],
                              pop3=True, workdir=workdir)
        self.servers.append(server)
        return server

    def restart(self):
        """Stops the server and starts another on the same Maildirs."""
        self.assertEqual(self.server.stop(), 0)
        self.server = self.start_server(workdir=self.server.workdir)

    def deliver_all(self):
        with smtplib.SMTP("127.0.0.1", self.server.ports["smtp"], timeout=30) as smtp:
            for message in MESSAGES:
                smtp.sendmail("benharraf@gsimaroc.com", ["ali@gsimaroc.com"], message)
        self.assertEqual(len(self.maildir_files()), len(MESSAGES), self.server.log_text())

    def maildir_files(self):
        """The Maildir files of ali@gsimaroc.com, in delivery order, as bytes."""
        box = os.path.join(self.server.maildir, "ali@gsimaroc.com")
        paths = glob.glob(os.path.join(box, "new", "*")) + glob.glob(os.path.join(box, "cur", "*"))
        paths.sort(key=lambda p: (os.stat(p).st_mtime_ns, os.path.basename(p)))
        result = []
        for p in paths:
            with open(p, "rb") as f:
                result.append(f.read())
        return result

    def tls_context(self):
        context = ssl.create_default_context(cafile=self.cert)
        return context

    def assert_ok(self, response):
        self.assertTrue(response.startswith(b"+OK"), response)

    # Python poplib -----------------------------------------------------------------------
    def test_poplib_stls_user_pass_list_uidl_retr_top(self):
        pop = poplib.POP3("127.0.0.1", self.server.ports["pop3"], timeout=30)
        try:
            self.assertIn(b"POP3 SMTP Lab ready", pop.getwelcome())
            capa = pop.capa()
            self.assertIn("STLS", capa)
            self.assertNotIn("USER", capa)  # no cleartext login before TLS (RFC 2595)
            with self.assertRaises(poplib.error_proto) as refused:
                pop.user("ali")
            self.assertIn(b"-ERR [AUTH]", refused.exception.args[0])
            self.assert_ok(pop.stls(self.tls_context()))
            self.assertIn("USER", pop.capa())
            self.assert_ok(pop.user("ali"))
            self.assert_ok(pop.pass_("sesame"))
            files = self.maildir_files()
            count, octets = pop.stat()
            self.assertEqual(count, 2)
            self.assertEqual(octets, sum(len(f) for f in files))
            _, listing, _ = pop.list()
            self.assertEqual(listing, [b"%d %d" % (i + 1, len(f)) for i, f in enumerate(files)])
            _, uids, _ = pop.uidl()
            self.assertEqual(len(set(u.split()[1] for u in uids)), 2)
            for i, expected in enumerate(files):
                _, lines, octets = pop.retr(i + 1)
                # poplib removes the stuffing; the lines joined with CRLF are the file.
                self.assertEqual(b"\r\n".join(lines) + b"\r\n", expected)
            _, top, _ = pop.top(1, 1)
            self.assertEqual(top[-1], b"Bonjour Ali,")
            self.assertIn(b"Subject: first", top)
        finally:
            pop.quit()

    def test_poplib_pop3s_dele_persists_and_uidl_is_stable_across_a_restart(self):
        pop = poplib.POP3_SSL("127.0.0.1", self.server.ports["pop3s"], context=self.tls_context(),
                              timeout=30)
        self.assertNotIn("STLS", pop.capa())  # already TLS
        self.assert_ok(pop.user("ali@gsimaroc.com"))  # the full address works too
        self.assert_ok(pop.pass_("sesame"))
        _, uids_before, _ = pop.uidl()
        self.assert_ok(pop.dele(1))
        self.assert_ok(pop.quit())
        # QUIT's UPDATE removed the file; the other one was not retrieved: still in new/.
        files = self.maildir_files()
        self.assertEqual(len(files), 1)
        self.assertTrue(files[0].endswith(MESSAGES[1]))
        self.restart()
        pop = poplib.POP3_SSL("127.0.0.1", self.server.ports["pop3s"], context=self.tls_context(),
                              timeout=30)
        pop.user("ali")
        pop.pass_("sesame")
        self.assertEqual(pop.stat()[0], 1)
        _, uids_after, _ = pop.uidl()
        self.assertEqual(uids_after[0].split()[1], uids_before[1].split()[1])
        pop.quit()

    def test_poplib_auth_plain_and_a_session_left_without_quit_deletes_nothing(self):
        pop = poplib.POP3_SSL("127.0.0.1", self.server.ports["pop3s"], context=self.tls_context(),
                              timeout=30)
        self.assert_ok(pop._shortcmd("AUTH PLAIN " + base64.b64encode(b"\0ali\0sesame").decode()))
        self.assert_ok(pop.dele(1))
        pop.close()  # no QUIT: no UPDATE state (RFC 1939 §6)
        time.sleep(0.5)
        self.assertEqual(len(self.maildir_files()), 2)

    def test_poplib_wrong_password_is_answered_late_and_the_third_hangs_up(self):
        pop = poplib.POP3_SSL("127.0.0.1", self.server.ports["pop3s"], context=self.tls_context(),
                              timeout=30)
        for attempt in range(3):
            pop.user("ali")
            started = time.monotonic()
            with self.assertRaises(poplib.error_proto) as failed:
                pop.pass_("wrong")
            self.assertGreaterEqual(time.monotonic() - started, 0.9)
            self.assertIn(b"-ERR [AUTH]", failed.exception.args[0])
        with self.assertRaises((poplib.error_proto, OSError, EOFError)):
            pop.noop()
        pop.close()

    def test_cleartext_login_when_the_lab_allows_it(self):
        self.restart_with("--auth-cleartext")
        pop = poplib.POP3("127.0.0.1", self.server.ports["pop3"], timeout=30)
        self.assertIn("USER", pop.capa())
        self.assert_ok(pop.user("ali"))
        self.assert_ok(pop.pass_("sesame"))
        self.assertEqual(pop.stat()[0], 2)
        pop.quit()
        self.assertIn("PASS ****", self.server.log_text())  # masked in the log
        self.assertNotIn("sesame", self.server.log_text())

    def restart_with(self, *extra):
        self.assertEqual(self.server.stop(), 0)
        self.server = self.start_server(workdir=self.server.workdir, extra=extra)

    # curl --------------------------------------------------------------------------------
    def curl(self, *args):
        result = subprocess.run([tool("curl"), "-sS", "--cacert", self.cert, "-u", "ali:sesame",
                                 *args], capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, "%s\n%s\nserver log:\n%s" % (
            result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace"),
            self.server.log_text()))
        return result.stdout

    def test_curl_pop3_with_stls_and_pop3s(self):
        files = self.maildir_files()
        base = "pop3://127.0.0.1:%d/" % self.server.ports["pop3"]
        listing = self.curl("--ssl-reqd", base)
        self.assertEqual(listing, b"".join(b"%d %d\r\n" % (i + 1, len(f)) for i, f in enumerate(files)))
        self.assertEqual(self.curl("--ssl-reqd", base + "1"), files[0])
        secure = "pop3s://127.0.0.1:%d/" % self.server.ports["pop3s"]
        self.assertEqual(self.curl(secure + "2"), files[1])
        self.curl(secure + "1", "-X", "DELE", "-I")
        self.assertEqual(self.maildir_files(), [files[1]])

    def test_curl_k_against_the_self_signed_identity_serve_makes(self):
        # Without --tls-cert, serve makes its own certificate: -k accepts it, and
        # verification (rightly) refuses it.
        self.assertEqual(self.server.stop(), 0)
        self.server = ServeProcess(SMTPLAB, [], pop3=True, workdir=self.server.workdir)
        self.servers.append(self.server)
        files = self.maildir_files()
        curl = tool("curl")
        url = "pop3s://127.0.0.1:%d/1" % self.server.ports["pop3s"]
        fetched = subprocess.run([curl, "-sS", "-k", "-u", "ali:sesame", url], capture_output=True,
                                 timeout=60)
        self.assertEqual(fetched.returncode, 0, fetched.stderr)
        self.assertEqual(fetched.stdout, files[0])
        verified = subprocess.run([curl, "-sS", "-u", "ali:sesame", url], capture_output=True,
                                  timeout=60)
        self.assertNotEqual(verified.returncode, 0)
        stls = subprocess.run([curl, "-sS", "-k", "--ssl-reqd", "-u", "ali:sesame",
                               "pop3://127.0.0.1:%d/" % self.server.ports["pop3"]],
                              capture_output=True, timeout=60)
        self.assertEqual(stls.returncode, 0, stls.stderr)
        self.assertEqual(stls.stdout.count(b"\r\n"), 2)

    # mpop --------------------------------------------------------------------------------
    def test_mpop_delivers_into_a_maildir(self):
        mpop = tool("mpop")
        target = os.path.join(self.tmp, "Fetched")
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(target, sub))
        rc = os.path.join(self.tmp, "mpoprc")
        with open(rc, "w") as f:
            f.write("""account lab
host 127.0.0.1
port %d
tls on
tls_starttls on
tls_trust_file %s
auth user
user ali
password sesame
delivery maildir %s
received_header off
keep off
uidls_file %s
""" % (self.server.ports["pop3"], self.cert, target, os.path.join(self.tmp, "uidls")))
        os.chmod(rc, stat.S_IRUSR | stat.S_IWUSR)
        expected = self.maildir_files()
        result = subprocess.run([mpop, "--file=" + rc, "lab"], capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace") + self.server.log_text())
        fetched = []
        for p in sorted(glob.glob(os.path.join(target, "new", "*"))):
            with open(p, "rb") as f:
                fetched.append(f.read())
        # mpop writes Maildir files with the local line ending (LF): the same message.
        self.assertEqual(sorted(fetched), sorted(f.replace(b"\r\n", b"\n") for f in expected))
        self.assertEqual(self.maildir_files(), [])  # keep off: deleted on the server

    # fetchmail ---------------------------------------------------------------------------
    def test_fetchmail_over_pop3s_into_an_mbox(self):
        fetchmail = tool("fetchmail")
        mbox = os.path.join(self.tmp, "fetched.mbox")
        rc = os.path.join(self.tmp, "fetchmailrc")
        with open(rc, "w") as f:
            f.write("""set no syslog
poll 127.0.0.1 service %d protocol POP3 uidl
  user "ali" there with password "sesame" is "nobody" here
  ssl sslcertck sslcertfile "%s"
  keep
  mda "/bin/sh -c 'cat >> %s'"
""" % (self.server.ports["pop3s"], self.cert, mbox))
        os.chmod(rc, stat.S_IRUSR | stat.S_IWUSR)
        expected = self.maildir_files()
        env = dict(os.environ, HOME=self.tmp, FETCHMAILHOME=self.tmp)
        result = subprocess.run([fetchmail, "-f", rc, "--nodetach", "-v"], capture_output=True,
                                timeout=120, env=env)
        self.assertEqual(result.returncode, 0, result.stdout.decode(errors="replace") +
                         result.stderr.decode(errors="replace") + self.server.log_text())
        with open(mbox, "rb") as f:
            fetched = f.read()
        # fetchmail hands the MDA LF lines and adds its own Received: field after the
        # Return-Path: without that field, each message is the Maildir file.
        self.assertEqual(without_fetchmail_trace(fetched),
                         [m.replace(b"\r\n", b"\n") for m in expected])
        # keep: nothing deleted, and fetchmail read them with TOP (which, unlike RETR, does
        # not count as seen): both are still in new/.
        box = os.path.join(self.server.maildir, "ali@gsimaroc.com")
        self.assertEqual(len(glob.glob(os.path.join(box, "new", "*"))), 2)
        self.assertIn("C: TOP 1 ", self.server.log_text())
        # A second run with "no keep" deletes them on the server (RETR, DELE, QUIT).
        with open(rc) as f:
            config = f.read().replace("  keep\n", "  no keep fetchall\n")
        with open(rc, "w") as f:
            f.write(config)
        result = subprocess.run([fetchmail, "-f", rc, "--nodetach"], capture_output=True,
                                timeout=120, env=env)
        self.assertEqual(result.returncode, 0, result.stdout.decode(errors="replace"))
        self.assertEqual(self.maildir_files(), [])
        with open(mbox, "rb") as f:
            self.assertEqual(without_fetchmail_trace(f.read()),
                             [m.replace(b"\r\n", b"\n") for m in expected] * 2)


if __name__ == "__main__":
    SMTPLAB = smtplab_from_argv()
    run_unittests()
