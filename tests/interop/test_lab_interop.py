"""Interop for the lab topology: a real client (swaks) submits to the lab's MSA, and a real
downstream server (Python's aiosmtpd) receives from the lab's relay. The topology is a
scenario file brought up with `smtplab serve SCENARIO`.
Run: /usr/bin/python3 test_lab_interop.py --smtplab PATH/TO/smtplab
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from peers import Recorder, free_port, run_unittests, smtplab_from_argv

SMTPLAB = None
HERE = os.path.dirname(os.path.abspath(__file__))
LESSONS_SCENARIOS = os.path.join(HERE, "..", "..", "scenarios")

try:
    from aiosmtpd.controller import Controller
except ImportError:  # pragma: no cover
    Controller = None

MESSAGE = (b"From: Ali Belabbas <ali.belabbas@gsimaroc.com>\r\nTo: <someone@downstream.example>\r\n"
           b"Subject: interop through the lab\r\nMessage-ID: <lab-interop@gsimaroc.com>\r\n\r\n"
           b"Bonjour.\r\n.line with a dot\r\n")


SCENARIO = """
scenario: lab-interop
title: {{ fr: "Interopérabilité", en: "Interop" }}
lesson: 01-actors
topology:
  name: interop
  dns:
    downstream.example: {{ a: 127.0.4.99 }}
  nodes:
    - id: msa.gsimaroc.com
      kind: msa
      address: 127.0.4.20
      users: {{ ali: sesame }}
      routing: {{ smarthost: relay.gsimaroc.com }}
    - id: relay.gsimaroc.com
      kind: relay
      address: 127.0.4.30
      relay: {{ networks: [127.0.4.0/24] }}
      routing: {{ smarthost: downstream.example, port: {port} }}
steps:
  - say: {{ fr: "Prêt.", en: "Ready." }}
"""


@unittest.skipIf(Controller is None, "python3-aiosmtpd is not installed (scripts/install-deps.sh)")
class LabInterop(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="smtplab-lab-interop-")
        self.recorder = Recorder("250 2.0.0 stored downstream")
        self.port = free_port("127.0.4.99")
        self.controller = Controller(self.recorder, hostname="127.0.4.99", port=self.port, decode_data=False)
        self.controller.start()
        # The scenario refers to lessons by stem: keep it beside the shipped ones' lessons.
        self.scenario = os.path.join(self.tmp, "lab-interop.yaml")
        with open(self.scenario, "w") as f:
            f.write(SCENARIO.format(port=self.port))
        os.symlink(os.path.abspath(os.path.join(HERE, "..", "..", "lessons")), os.path.join(self.tmp, "lessons"))
        self.log = open(os.path.join(self.tmp, "serve.log"), "w+")
        self.serve = subprocess.Popen([SMTPLAB, "serve", self.scenario, "--out", os.path.join(self.tmp, "state"),
                                       "--free-ports"], stdout=self.log, stderr=subprocess.STDOUT, cwd=self.tmp)
        self.submission = None
        for _ in range(200):
            time.sleep(0.05)
            with open(self.log.name) as f:
                m = re.search(r"msa\.gsimaroc\.com\s+127\.0\.4\.20\s.*submission:(\d+)", f.read())
            if m:
                self.submission = int(m.group(1))
                break
            if self.serve.poll() is not None:
                break
        if self.submission is None:
            self.tearDown()
            self.fail("smtplab serve did not start: " + open(self.log.name).read())

    def tearDown(self):
        if self.serve.poll() is None:
            self.serve.send_signal(signal.SIGTERM)
            self.serve.wait(timeout=20)
        self.controller.stop()
        self.log.close()

    def test_swaks_to_msa_and_relay_to_aiosmtpd(self):
        swaks = shutil.which("swaks")
        if not swaks:
            self.skipTest("swaks is not installed")
        data = os.path.join(self.tmp, "m.eml")
        with open(data, "wb") as f:
            f.write(MESSAGE[:-2])  # swaks adds CRLF . CRLF itself
        result = subprocess.run([swaks, "--server", "127.0.4.20", "--port", str(self.submission), "--tls",
                                 "--auth", "PLAIN", "--auth-user", "ali", "--auth-password", "sesame",
                                 "--from", "ali.belabbas@gsimaroc.com", "--to", "someone@downstream.example",
                                 "--data", data], capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stdout.decode() + open(self.log.name).read())
        for _ in range(200):
            if self.recorder.envelopes:
                break
            time.sleep(0.05)
        self.assertEqual(len(self.recorder.envelopes), 1, open(self.log.name).read())
        envelope = self.recorder.envelopes[0]
        self.assertEqual(envelope.mail_from, "ali.belabbas@gsimaroc.com")
        self.assertEqual(envelope.rcpt_tos, ["someone@downstream.example"])
        content = envelope.original_content
        # The message arrives unchanged below the two Received fields the lab added.
        self.assertTrue(content.endswith(MESSAGE), content)
        received = [line for line in content.split(b"\r\n") if line.startswith(b"Received: ")]
        self.assertEqual(len(received), 2, content)
        self.assertIn(b"relay.gsimaroc.com", content.split(b"\r\n\t")[0] + content)
        self.assertIn(b"with ESMTPSA", content)  # TLS + AUTH at the MSA


if __name__ == "__main__":
    SMTPLAB = smtplab_from_argv()
    run_unittests()
