"""Interop: our SMTP client (`smtplab send`, the client machine over real TCP) against real
servers: Python's aiosmtpd (plain, STARTTLS, AUTH) and Postfix's smtp-sink.

aiosmtpd hands us the message exactly as it received it (after unstuffing), so every test
compares it byte for byte with what was sent.
Run: /usr/bin/python3 test_client_interop.py --smtplab PATH/TO/smtplab
"""
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import unittest

from peers import Recorder, free_port, run_unittests, smtplab_from_argv

SMTPLAB = None

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
except ImportError:  # pragma: no cover - reported as a skip
    Controller = None


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"ali" and auth_data.password == b"sesame"
    # handled=False: aiosmtpd then sends the 535 itself (with the default it sends nothing).
    return AuthResult(success=ok, handled=False)


RAW = (b"From: Ali <ali@gsimaroc.com>\r\nTo: <ben@menara.ma>\r\nSubject: interop\r\n\r\n"
       b"line one\r\n.starts with a dot\r\n..two\r\n.\r\n" + b"x" * 990 + b"\r\n")


@unittest.skipIf(Controller is None, "python3-aiosmtpd is not installed (scripts/install-deps.sh)")
class AgainstAiosmtpd(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="smtplab-aiosmtpd-")
        cert, key = os.path.join(self.tmp, "c.pem"), os.path.join(self.tmp, "k.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                        "-keyout", key, "-out", cert, "-days", "1"], check=True, capture_output=True)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self.recorder = Recorder()
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port,
                                     tls_context=context, authenticator=authenticator,
                                     auth_require_tls=True, decode_data=False)
        self.controller.start()
        self.raw = os.path.join(self.tmp, "m.eml")
        with open(self.raw, "wb") as f:
            f.write(RAW)

    def tearDown(self):
        self.controller.stop()

    def send(self, *extra):
        return subprocess.run([SMTPLAB, "send", "--server", "127.0.0.1:%d" % self.port,
                               "--from", "ali@gsimaroc.com", "--to", "ben@menara.ma", "--raw", self.raw,
                               "--verbose", *extra], capture_output=True, timeout=60)

    def test_plain_without_starttls(self):
        result = self.send("--no-starttls")
        self.assertEqual(result.returncode, 0, result.stdout.decode() + result.stderr.decode())
        [envelope] = self.recorder.envelopes
        self.assertEqual(envelope.mail_from, "ali@gsimaroc.com")
        self.assertEqual(envelope.rcpt_tos, ["ben@menara.ma"])
        self.assertEqual(envelope.original_content, RAW)

    def test_starttls_and_auth(self):
        result = self.send("--user", "ali:sesame", "--require-tls")
        out = result.stdout.decode()
        self.assertEqual(result.returncode, 0, out + result.stderr.decode())
        self.assertIn("C: STARTTLS", out)
        self.assertIn("S: 235", out)
        self.assertEqual(self.recorder.envelopes[0].original_content, RAW)

    def test_wrong_password_is_refused(self):
        result = self.send("--user", "ali:wrong")
        self.assertEqual(result.returncode, 1)
        self.assertIn(b"refused (535", result.stdout)
        self.assertEqual(self.recorder.envelopes, [])

    def test_without_pipelining(self):
        result = self.send("--no-pipelining", "--no-starttls")
        self.assertEqual(result.returncode, 0, result.stdout.decode())
        self.assertEqual(self.recorder.envelopes[0].original_content, RAW)


class AgainstSmtpSink(unittest.TestCase):
    def setUp(self):
        sink = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
        if not os.path.exists(sink):
            raise unittest.SkipTest("smtp-sink (package postfix) is not installed")
        self.port = free_port()
        args = [sink]
        if os.geteuid() == 0:
            args += ["-u", "nobody"]
        self.proc = subprocess.Popen(args + ["-c", "127.0.0.1:%d" % self.port, "10"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)

    def tearDown(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)

    def test_send_several_recipients(self):
        result = subprocess.run([SMTPLAB, "send", "--server", "127.0.0.1:%d" % self.port,
                                 "--from", "ali@gsimaroc.com", "--to", "a@menara.ma", "--to", "b@menara.ma",
                                 "--subject", "Réunion à l'école", "--verbose"],
                                capture_output=True, timeout=60)
        out = result.stdout.decode()
        self.assertEqual(result.returncode, 0, out + result.stderr.decode())
        self.assertIn("a@menara.ma: accepted", out)
        self.assertIn("b@menara.ma: accepted", out)


if __name__ == "__main__":
    SMTPLAB = smtplab_from_argv()
    run_unittests()
