"""Interop: real IMAP clients (Python imaplib, curl, mbsync, fetchmail) against
`smtplab serve --imap ... --imaps ...`.

Each test first delivers messages through the server's own SMTP listener (smtplib), then
reads them over IMAP and compares the bytes with the Maildir files the server wrote.
Flags must reach the file names, EXPUNGE must remove the files, and a message delivered
by SMTP while a client IDLEs must reach it as EXISTS. The server's certificate is made
here (openssl, with 127.0.0.1 as subjectAltName) so the clients verify it for real.
Run: python3 test_imap_interop.py --smtplab PATH/TO/smtplab
"""
import glob
import imaplib
import os
import re
import select
import smtplib
import stat
import subprocess
import tempfile
import time
import unittest

from peers import run_unittests, smtplab_from_argv
from serve_harness import ServeProcess
from test_pop3_interop import MESSAGES, crlf, make_certificate, tool, without_fetchmail_trace
import ssl

SMTPLAB = None

LATE_MESSAGE = crlf(b"""From: Benharraf <benharraf@gsimaroc.com>
To: Ali Belabbas <ali@gsimaroc.com>
Subject: arrived during IDLE
Message-ID: <imap.idle@gsimaroc.com>

New mail while the client idles.
""")


class ImapInterop(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="smtplab-imap-client-")
        self.cert, self.key = make_certificate(self.tmp)
        self.servers = []
        self.server = self.start_server()
        self.deliver(MESSAGES)

    def tearDown(self):
        for server in self.servers:
            if server.proc.poll() is None:
                self.assertEqual(server.stop(), 0, "serve must stop cleanly:\n" + server.log_text())

    def start_server(self, workdir=None, extra=()):
        server = ServeProcess(SMTPLAB, ["--tls-cert", self.cert, "--tls-key", self.key, *extra],
                              imap=True, workdir=workdir)
        self.servers.append(server)
        return server

    def deliver(self, messages):
        with smtplib.SMTP("127.0.0.1", self.server.ports["smtp"], timeout=30) as smtp:
            for message in messages:
                smtp.sendmail("benharraf@gsimaroc.com", ["ali@gsimaroc.com"], message)

    def box(self):
        return os.path.join(self.server.maildir, "ali@gsimaroc.com")

    def maildir_paths(self):
        """The Maildir files of ali@gsimaroc.com, in delivery order."""
        paths = glob.glob(os.path.join(self.box(), "new", "*")) + glob.glob(
            os.path.join(self.box(), "cur", "*"))
        paths.sort(key=lambda p: (os.stat(p).st_mtime_ns, os.path.basename(p)))
        return paths

    def maildir_files(self):
        result = []
        for p in self.maildir_paths():
            with open(p, "rb") as f:
                result.append(f.read())
        return result

    def tls_context(self):
        return ssl.create_default_context(cafile=self.cert)

    def login_starttls(self):
        imap = imaplib.IMAP4("127.0.0.1", self.server.ports["imap"], timeout=30)
        self.assertIn("STARTTLS", imap.capabilities)
        self.assertIn("LOGINDISABLED", imap.capabilities)  # no cleartext login (RFC 3501)
        self.assertEqual(imap.starttls(self.tls_context())[0], "OK")
        self.assertNotIn("LOGINDISABLED", imap.capabilities)
        self.assertEqual(imap.login("ali", "sesame")[0], "OK")
        return imap

    def login_ssl(self, user="ali@gsimaroc.com"):
        imap = imaplib.IMAP4_SSL("127.0.0.1", self.server.ports["imaps"],
                                 ssl_context=self.tls_context(), timeout=30)
        self.assertNotIn("STARTTLS", imap.capabilities)
        self.assertEqual(imap.login(user, "sesame")[0], "OK")
        return imap

    # Python imaplib ----------------------------------------------------------------------
    def test_imaplib_starttls_list_select_fetch_search(self):
        files = self.maildir_files()
        imap = self.login_starttls()
        try:
            typ, names = imap.list()
            self.assertEqual(typ, "OK")
            self.assertTrue(any(n.endswith(b"INBOX") for n in names), names)
            typ, count = imap.select("INBOX")
            self.assertEqual((typ, count), ("OK", [b"2"]))
            self.assertEqual(imap.untagged_responses.get("RECENT"), [b"2"])
            # First SELECT: the messages left new/ for cur/ (no longer \Recent for others).
            self.assertEqual(glob.glob(os.path.join(self.box(), "new", "*")), [])
            for i, expected in enumerate(files):
                typ, data = imap.fetch(str(i + 1), "(BODY.PEEK[] RFC822.SIZE)")
                self.assertEqual(typ, "OK")
                self.assertEqual(data[0][1], expected)
                # The size comes before or after the literal, as the server orders them.
                rest = data[0][0] + b"".join(d for d in data[1:] if isinstance(d, bytes))
                self.assertIn(b"RFC822.SIZE %d" % len(expected), rest)
            typ, data = imap.uid("FETCH", "2", "(UID BODY.PEEK[])")
            self.assertEqual(data[0][1], files[1])
            self.assertIn(b"UID 2", data[0][0])
            typ, data = imap.search(None, "SUBJECT", "second")
            self.assertEqual(data, [b"2"])
            typ, data = imap.uid("SEARCH", "ALL")
            self.assertEqual(data, [b"1 2"])
            # BODY[] (not PEEK) sets \Seen, in the file name.
            imap.fetch("1", "(BODY[])")
            self.assertTrue(self.maildir_paths()[0].endswith(":2,S"), self.maildir_paths())
            # A keyword is a letter of the Maildir's dovecot-keywords file.
            typ, data = imap.store("2", "+FLAGS", "($Forwarded)")
            self.assertIn(b"$Forwarded", data[0])
            self.assertTrue(self.maildir_paths()[1].endswith(":2,a"), self.maildir_paths())
            with open(os.path.join(self.box(), "dovecot-keywords")) as f:
                self.assertEqual(f.read(), "0 $Forwarded\n")
        finally:
            imap.logout()

    def test_imaplib_imaps_store_deleted_and_expunge_remove_the_file(self):
        files = self.maildir_files()
        imap = self.login_ssl()
        try:
            imap.select("INBOX")
            typ, data = imap.store("1", "+FLAGS", "(\\Deleted \\Flagged)")
            self.assertEqual(typ, "OK")
            self.assertIn(b"\\Deleted", data[0])
            self.assertTrue(self.maildir_paths()[0].endswith(":2,FT"), self.maildir_paths())
            typ, data = imap.expunge()
            self.assertEqual((typ, data), ("OK", [b"1"]))
            self.assertEqual(self.maildir_files(), [files[1]])
            typ, data = imap.uid("SEARCH", "ALL")
            self.assertEqual(data, [b"2"])
        finally:
            imap.logout()
        # UIDs and UIDVALIDITY survive a restart.
        self.assertEqual(self.server.stop(), 0)
        self.server = self.start_server(workdir=self.server.workdir)
        imap = self.login_ssl("ali")
        try:
            imap.select("INBOX")
            self.assertEqual(imap.uid("SEARCH", "ALL")[1], [b"2"])
        finally:
            imap.logout()

    def test_imaplib_idle_receives_exists_for_a_message_delivered_by_smtp(self):
        imap = self.login_ssl()
        try:
            imap.select("INBOX")
            tag = imap._new_tag()
            imap.send(tag + b" IDLE\r\n")
            self.assertTrue(imap.readline().startswith(b"+"))
            self.deliver([LATE_MESSAGE])
            deadline = time.time() + 15
            seen = b""
            imap.sock.settimeout(15)
            while b"EXISTS" not in seen and time.time() < deadline:
                seen += imap.readline()
            self.assertIn(b"* 3 EXISTS", seen, self.server.log_text())
            imap.send(b"DONE\r\n")
            line = imap.readline()
            while not line.startswith(tag):
                line = imap.readline()
            self.assertIn(b"OK", line)
            typ, data = imap.fetch("3", "(BODY.PEEK[])")
            self.assertEqual(data[0][1], self.maildir_files()[2])
            self.assertTrue(data[0][1].endswith(LATE_MESSAGE))
        finally:
            imap.logout()

    def test_wrong_password_is_refused_and_cleartext_login_when_allowed(self):
        imap = imaplib.IMAP4_SSL("127.0.0.1", self.server.ports["imaps"],
                                 ssl_context=self.tls_context(), timeout=30)
        with self.assertRaises(imaplib.IMAP4.error):
            imap.login("ali", "wrong")
        imap.shutdown()
        self.assertEqual(self.server.stop(), 0)
        self.server = self.start_server(workdir=self.server.workdir, extra=["--auth-cleartext"])
        imap = imaplib.IMAP4("127.0.0.1", self.server.ports["imap"], timeout=30)
        self.assertNotIn("LOGINDISABLED", imap.capabilities)
        self.assertEqual(imap.login("ali", "sesame")[0], "OK")
        imap.logout()
        self.assertNotIn("sesame", self.server.log_text())  # masked in the log
        self.assertIn("LOGIN ali ****", self.server.log_text())
        # --reveal-secrets: the lab shows the password, as a lesson about cleartext may.
        self.assertEqual(self.server.stop(), 0)
        self.server = self.start_server(workdir=self.server.workdir,
                                        extra=["--auth-cleartext", "--reveal-secrets"])
        imap = imaplib.IMAP4("127.0.0.1", self.server.ports["imap"], timeout=30)
        self.assertEqual(imap.login("ali", "sesame")[0], "OK")
        imap.logout()
        self.assertIn('LOGIN ali "sesame"', self.server.log_text())  # as imaplib quotes it

    # curl --------------------------------------------------------------------------------
    def curl(self, *args):
        result = subprocess.run([tool("curl"), "-sS", "--cacert", self.cert, "-u", "ali:sesame",
                                 *args], capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, "%s\n%s\nserver log:\n%s" % (
            result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace"),
            self.server.log_text()))
        return result.stdout

    def test_curl_imap_with_starttls_and_imaps(self):
        files = self.maildir_files()
        base = "imap://127.0.0.1:%d/INBOX" % self.server.ports["imap"]
        self.assertEqual(self.curl("--ssl-reqd", base + ";UID=1"), files[0])
        secure = "imaps://127.0.0.1:%d/INBOX" % self.server.ports["imaps"]
        self.assertEqual(self.curl(secure + ";UID=2"), files[1])
        searched = self.curl(secure, "-X", "UID SEARCH ALL")
        self.assertEqual(searched.strip(), b"* SEARCH 1 2")

    # mbsync ------------------------------------------------------------------------------
    def test_mbsync_syncs_the_inbox_into_a_local_maildir(self):
        mbsync = tool("mbsync")
        local = os.path.join(self.tmp, "local") + "/"
        os.makedirs(local)
        rc = os.path.join(self.tmp, "mbsyncrc")
        with open(rc, "w") as f:
            f.write("""IMAPAccount lab
Host 127.0.0.1
Port %d
User ali
Pass sesame
SSLType IMAPS
CertificateFile %s

IMAPStore lab-remote
Account lab

MaildirStore lab-local
Path %s
Inbox %sINBOX

Channel lab
Far :lab-remote:
Near :lab-local:
Patterns INBOX
Create Near
Sync Pull
SyncState *
""" % (self.server.ports["imaps"], self.cert, local, local))
        os.chmod(rc, stat.S_IRUSR | stat.S_IWUSR)
        # One message seen and flagged on the server first: the flags travel too.
        imap = self.login_ssl()
        imap.select("INBOX")
        imap.store("2", "+FLAGS", "(\\Seen \\Flagged)")
        imap.logout()
        expected = self.maildir_files()
        result = subprocess.run([mbsync, "-c", rc, "-a"], capture_output=True, timeout=120,
                                env=dict(os.environ, HOME=self.tmp))
        self.assertEqual(result.returncode, 0, result.stdout.decode(errors="replace") +
                         result.stderr.decode(errors="replace") + self.server.log_text())
        paths = glob.glob(os.path.join(local, "INBOX", "new", "*")) + glob.glob(
            os.path.join(local, "INBOX", "cur", "*"))
        fetched = {}
        for p in paths:
            with open(p, "rb") as f:
                fetched[p] = f.read()
        # mbsync stores the messages with the local line ending (LF), and may leave the
        # X-TUID: line it uses while syncing: apart from those, the same octets.
        def normalised(content):
            return re.sub(rb"X-TUID: [^\r\n]*\r?\n", b"", content).replace(b"\r\n", b"\n")
        contents = sorted(normalised(c) for c in fetched.values())
        self.assertEqual(contents, sorted(normalised(c) for c in expected))
        flagged = [p for p, c in fetched.items() if normalised(c) == normalised(expected[1])]
        self.assertTrue(flagged[0].endswith(":2,FS"), flagged)

    # fetchmail ---------------------------------------------------------------------------
    def test_fetchmail_over_imaps_into_an_mbox(self):
        fetchmail = tool("fetchmail")
        mbox = os.path.join(self.tmp, "fetched.mbox")
        rc = os.path.join(self.tmp, "fetchmailrc")
        with open(rc, "w") as f:
            f.write("""set no syslog
poll 127.0.0.1 service %d protocol IMAP
  user "ali" there with password "sesame" is "nobody" here
  ssl sslcertck sslcertfile "%s"
  keep
  mda "/bin/sh -c 'cat >> %s'"
""" % (self.server.ports["imaps"], self.cert, mbox))
        os.chmod(rc, stat.S_IRUSR | stat.S_IWUSR)
        expected = self.maildir_files()
        env = dict(os.environ, HOME=self.tmp, FETCHMAILHOME=self.tmp)
        result = subprocess.run([fetchmail, "-f", rc, "--nodetach", "-v"], capture_output=True,
                                timeout=120, env=env)
        self.assertEqual(result.returncode, 0, result.stdout.decode(errors="replace") +
                         result.stderr.decode(errors="replace") + self.server.log_text())
        with open(mbox, "rb") as f:
            fetched = f.read()
        self.assertEqual(without_fetchmail_trace(fetched),
                         [m.replace(b"\r\n", b"\n") for m in expected])
        # keep: the files are still there, now \Seen.
        self.assertEqual(len(self.maildir_files()), 2)
        self.assertTrue(all(p.endswith("S") for p in self.maildir_paths()), self.maildir_paths())


if __name__ == "__main__":
    SMTPLAB = smtplab_from_argv()
    run_unittests()
