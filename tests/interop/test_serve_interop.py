"""Interop: real SMTP clients (swaks, Python smtplib, curl, msmtp) against `smtplab serve`.

Every delivered Maildir file is read back with Python's mailbox module and compared byte
for byte with what the client sent (after removing the trace fields the server adds).
Run: python3 test_serve_interop.py --smtplab PATH/TO/smtplab
"""
import email
import email.policy
import os
import shutil
import smtplib
import ssl
import subprocess
import tempfile
import unittest
from email.message import EmailMessage

from peers import run_unittests, smtplab_from_argv
from serve_harness import ServeProcess, strip_trace

SMTPLAB = None


def crlf(text):
    return text.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


MESSAGE = crlf(b"""From: Ali Belabbas <ali.belabbas@gsimaroc.com>
To: Benharraf <benharraf@gsimaroc.com>
Subject: =?utf-8?q?R=C3=A9union_=C3=A0_l=27=C3=A9cole?=
Date: Mon, 23 Nov 2026 10:00:00 +0100
Message-ID: <interop.1@gsimaroc.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Bonjour,
.a line starting with a dot
..two dots
=C3=A9t=C3=A9
""")


def tool(name):
    path = shutil.which(name)
    if not path:
        raise unittest.SkipTest(name + " is not installed (scripts/install-deps.sh installs it)")
    return path


class Interop(unittest.TestCase):
    def setUp(self):
        self.server = ServeProcess(SMTPLAB)
        self.tmp = tempfile.mkdtemp(prefix="smtplab-client-")
        self.msgfile = os.path.join(self.tmp, "message.eml")
        with open(self.msgfile, "wb") as f:
            f.write(MESSAGE)
        # swaks always appends CRLF "." CRLF to --data, so its copy has no final CRLF.
        self.swaks_file = os.path.join(self.tmp, "swaks.eml")
        with open(self.swaks_file, "wb") as f:
            f.write(MESSAGE[:-2])

    def tearDown(self):
        code = self.server.stop()
        self.assertEqual(code, 0, "serve must stop cleanly on SIGTERM:\n" + self.server.log_text())

    def run_tool(self, args, **kw):
        result = subprocess.run(args, capture_output=True, timeout=60, **kw)
        self.assertEqual(result.returncode, 0,
                         "%s failed:\n%s\n%s\nserver log:\n%s" % (args[0], result.stdout.decode(errors="replace"),
                                                                result.stderr.decode(errors="replace"),
                                                                self.server.log_text()))
        return result

    def assert_delivered(self, address, expected, count=1, with_clause=None):
        messages = self.server.messages(address)
        self.assertEqual(len(messages), count, self.server.log_text())
        trace, body = strip_trace(messages[-1])
        self.assertEqual(body, expected)
        if with_clause:
            self.assertIn(b"with " + with_clause.encode() + b" ", trace)
        return trace

    # swaks -----------------------------------------------------------------------------
    def swaks(self, *args):
        return self.run_tool([tool("swaks"), "--server", "127.0.0.1", "--from", "ali.belabbas@gsimaroc.com",
                              "--to", "benharraf@gsimaroc.com", "--data", self.swaks_file, *args])

    def test_swaks_plain(self):
        self.swaks("--port", str(self.server.ports["smtp"]))
        self.assert_delivered("benharraf@gsimaroc.com", MESSAGE, with_clause="ESMTP")

    def test_swaks_starttls(self):
        out = self.swaks("--port", str(self.server.ports["smtp"]), "--tls")
        self.assertIn(b"220 2.0.0 Ready to start TLS", out.stdout)
        self.assert_delivered("benharraf@gsimaroc.com", MESSAGE, with_clause="ESMTPS")

    def test_swaks_tls_on_connect(self):
        self.swaks("--port", str(self.server.ports["smtps"]), "--tls-on-connect")
        self.assert_delivered("benharraf@gsimaroc.com", MESSAGE, with_clause="ESMTPS")

    def test_swaks_auth_plain_and_login_on_submission(self):
        for mech in ("PLAIN", "LOGIN"):
            self.swaks("--port", str(self.server.ports["submission"]), "--tls", "--auth", mech,
                       "--auth-user", "ali", "--auth-password", "sesame")
        self.assert_delivered("benharraf@gsimaroc.com", MESSAGE, count=2, with_clause="ESMTPSA")

    def test_swaks_submission_refuses_without_auth(self):
        result = subprocess.run([tool("swaks"), "--server", "127.0.0.1", "--port", str(self.server.ports["submission"]),
                                 "--from", "a@b.example", "--to", "benharraf@gsimaroc.com"],
                                capture_output=True, timeout=60)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(b"530 5.7.0 Authentication required", result.stdout)
        self.assertEqual(self.server.messages("benharraf@gsimaroc.com"), [])

    def test_swaks_wrong_password_is_535(self):
        result = subprocess.run([tool("swaks"), "--server", "127.0.0.1", "--port", str(self.server.ports["submission"]),
                                 "--tls", "--auth", "PLAIN", "--auth-user", "ali", "--auth-password", "wrong",
                                 "--from", "a@b.example", "--to", "benharraf@gsimaroc.com"],
                                capture_output=True, timeout=60)
        self.assertIn(b"535 5.7.8", result.stdout)

    def test_swaks_pipeline(self):
        out = self.swaks("--port", str(self.server.ports["smtp"]), "--pipeline")
        self.assertNotIn(b"PIPELINING not supported", out.stdout)
        self.assert_delivered("benharraf@gsimaroc.com", MESSAGE)

    def test_swaks_attachment(self):
        attachment = os.path.join(self.tmp, "donn\u00e9es.bin")
        payload = bytes(range(256)) * 40
        with open(attachment, "wb") as f:
            f.write(payload)
        self.run_tool([tool("swaks"), "--server", "127.0.0.1", "--port", str(self.server.ports["smtp"]),
                       "--from", "ali.belabbas@gsimaroc.com", "--to", "benharraf@gsimaroc.com",
                       "--attach-type", "application/octet-stream", "--attach", "@" + attachment])
        [raw] = self.server.messages("benharraf@gsimaroc.com")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = [p for p in msg.iter_attachments()]
        self.assertEqual(len(parts), 1)
        self.assertEqual(parts[0].get_content(), payload)

    def test_swaks_relay_denied(self):
        result = subprocess.run([tool("swaks"), "--server", "127.0.0.1", "--port", str(self.server.ports["smtp"]),
                                 "--from", "a@b.example", "--to", "someone@elsewhere.example"],
                                capture_output=True, timeout=60)
        self.assertIn(b"554 5.7.1 someone@elsewhere.example: Relay access denied", result.stdout)

    # Python smtplib --------------------------------------------------------------------
    def test_smtplib_send_message_utf8_mime_starttls_login(self):
        msg = EmailMessage()
        msg["From"] = "Ali Belabbas <ali.belabbas@gsimaroc.com>"
        msg["To"] = "Benharraf <benharraf@gsimaroc.com>"
        msg["Subject"] = "Réunion à l'école — été « œuvre »"
        msg["Message-ID"] = "<smtplib.1@gsimaroc.com>"
        msg.set_content("Bonjour à tous,\n.ligne avec un point\nÇa marche ?\n")
        msg.add_attachment(bytes(range(256)) * 8, maintype="application", subtype="octet-stream",
                           filename="résumé.bin")
        msg.set_boundary("lab-boundary-1")  # so that the copy flattened below is the same
        context = ssl._create_unverified_context()
        with smtplib.SMTP("127.0.0.1", self.server.ports["submission"], timeout=30) as s:
            s.starttls(context=context)
            s.login("ali", "sesame")
            refused = s.send_message(msg)
        self.assertEqual(refused, {})
        sent = msg.as_bytes(policy=email.policy.SMTP)
        self.assert_delivered("benharraf@gsimaroc.com", sent, with_clause="ESMTPSA")
        [raw] = self.server.messages("benharraf@gsimaroc.com")
        back = email.message_from_bytes(raw, policy=email.policy.default)
        self.assertEqual(back["Subject"], msg["Subject"])
        # The stored file has CRLF line ends, which Python keeps in decoded text.
        self.assertEqual(back.get_body(("plain",)).get_content().replace("\r\n", "\n"), "Bonjour à tous,\n.ligne avec un point\nÇa marche ?\n")
        [att] = list(back.iter_attachments())
        self.assertEqual(att.get_filename(), "résumé.bin")
        self.assertEqual(att.get_content(), bytes(range(256)) * 8)

    def test_smtplib_smtps_and_per_recipient_refusal(self):
        context = ssl._create_unverified_context()
        with smtplib.SMTP_SSL("127.0.0.1", self.server.ports["smtps"], context=context, timeout=30) as s:
            refused = s.sendmail("a@b.example", ["benharraf@gsimaroc.com", "x@elsewhere.example"], MESSAGE)
        self.assertEqual(list(refused), ["x@elsewhere.example"])
        self.assertEqual(refused["x@elsewhere.example"][0], 554)
        self.assert_delivered("benharraf@gsimaroc.com", MESSAGE)

    def test_smtplib_verify_help_noop(self):
        with smtplib.SMTP("127.0.0.1", self.server.ports["smtp"], timeout=30) as s:
            self.assertEqual(s.noop()[0], 250)
            self.assertEqual(s.verify("benharraf")[0], 252)
            self.assertIn(b"STARTTLS", s.help())
            s.ehlo()
            self.assertTrue(s.has_extn("chunking"))
            self.assertEqual(s.docmd("EXPN", "staff")[0], 252)

    # curl ------------------------------------------------------------------------------
    def test_curl_smtp_and_starttls(self):
        base = [tool("curl"), "--silent", "--show-error", "--mail-from", "ali.belabbas@gsimaroc.com",
                "--mail-rcpt", "benharraf@gsimaroc.com", "--upload-file", self.msgfile]
        self.run_tool(base + ["smtp://127.0.0.1:%d" % self.server.ports["smtp"]])
        self.run_tool(base + ["--ssl-reqd", "--insecure", "--user", "ali:sesame",
                              "smtp://127.0.0.1:%d" % self.server.ports["submission"]])
        self.run_tool(base + ["--insecure", "smtps://127.0.0.1:%d" % self.server.ports["smtps"]])
        self.assert_delivered("benharraf@gsimaroc.com", MESSAGE, count=3)

    # msmtp -----------------------------------------------------------------------------
    def test_msmtp_starttls_auth(self):
        with open(self.msgfile, "rb") as f:
            self.run_tool([tool("msmtp"), "--host=127.0.0.1", "--port=%d" % self.server.ports["submission"],
                           "--tls=on", "--tls-starttls=on", "--tls-certcheck=off", "--auth=on", "--user=ali",
                           "--passwordeval=echo sesame", "--from=ali.belabbas@gsimaroc.com",
                           "benharraf@gsimaroc.com"], stdin=f)
        self.assert_delivered("benharraf@gsimaroc.com", MESSAGE, with_clause="ESMTPSA")


if __name__ == "__main__":
    SMTPLAB = smtplab_from_argv()
    run_unittests()
