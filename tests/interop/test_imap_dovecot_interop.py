"""Reference peer: the same FETCH (BODYSTRUCTURE ENVELOPE) of the same Maildir messages
from `smtplab serve --imap` and from a real Dovecot (Debian's dovecot-imapd, started here on
a loopback port with a throwaway configuration over a copy of the Maildir), compared as
parsed structures, not as text (spacing and string forms may differ and mean the same).
Run: python3 test_imap_dovecot_interop.py --smtplab PATH/TO/smtplab
"""
import getpass
import grp
import imaplib
import os
import pwd
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
import unittest

from peers import run_unittests, smtplab_from_argv
from serve_harness import ServeProcess
from test_pop3_interop import MESSAGES, crlf

SMTPLAB = None

MULTIPART = crlf(b"""From: =?utf-8?q?Ali_Belabbas?= <ali.belabbas@gsimaroc.com>
To: Benharraf <benharraf@gsimaroc.com>, "Team" <team@gsimaroc.com>
Cc: undisclosed-recipients:;
Subject: Rapport =?utf-8?q?d=C3=A9taill=C3=A9?=
Date: Thu, 3 Dec 2026 10:00:00 +0100
Message-ID: <imap.multipart@gsimaroc.com>
In-Reply-To: <earlier@gsimaroc.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: multipart/alternative; boundary="b2"

--b2
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Voici le rapport d=C3=A9taill=C3=A9.
--b2
Content-Type: text/html; charset=utf-8

<p>Voici le rapport.</p>
--b2--
--b1
Content-Type: application/pdf; name="r.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="r.pdf"

JVBERi0xLjQK
--b1
Content-Type: message/rfc822

From: inner@gsimaroc.com
Subject: inner

Inner body.
--b1--
""")


def dovecot_binary():
    for candidate in (shutil.which("dovecot"), "/usr/sbin/dovecot"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise unittest.SkipTest("dovecot is not installed (scripts/install-deps.sh installs "
                            "dovecot-imapd)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_imap(data):
    """Parses one untagged FETCH response (imaplib's list of bytes and (head, literal)
    tuples) into nested Python lists: strings as bytes, NIL as None, numbers as ints."""
    raw = b""
    for part in data:
        if isinstance(part, tuple):
            raw += part[0] + b"\r\n" + part[1]
        else:
            raw += part
    pos = 0

    def value():
        nonlocal pos
        while raw[pos:pos + 1] == b" ":
            pos += 1
        c = raw[pos:pos + 1]
        if c == b"(":
            pos += 1
            items = []
            while True:
                while raw[pos:pos + 1] == b" ":
                    pos += 1
                if pos >= len(raw):
                    raise ValueError("unbalanced parentheses: %r" % raw)
                if raw[pos:pos + 1] == b")":
                    pos += 1
                    return items
                items.append(value())
        if c == b'"':
            pos += 1
            out = b""
            while pos < len(raw) and raw[pos:pos + 1] != b'"':
                if raw[pos:pos + 1] == b"\\":
                    pos += 1
                out += raw[pos:pos + 1]
                pos += 1
            pos += 1
            return out
        if c == b"{":
            end = raw.index(b"}", pos)
            n = int(raw[pos + 1:end])
            pos = end + 3  # "}\r\n"
            out = raw[pos:pos + n]
            pos += n
            return out
        end = pos
        while end < len(raw) and raw[end:end + 1] not in b" ()":
            end += 1
        atom = raw[pos:end]
        pos = end
        if atom.upper() == b"NIL":
            return None
        return int(atom) if atom.isdigit() else atom.upper()

    number = value()
    items = value()
    return number, dict(zip(items[0::2], items[1::2]))


# Differences from Dovecot that are known and accepted; each function takes our value and
# Dovecot's, and returns ours with the accepted difference taken back (or unchanged), and a
# note when it did. Anything else that differs fails the test.
#
# 1. Lines of a part whose body does not end with a line break (the CRLF before a boundary
#    belongs to the boundary, RFC 2046 §5.1.1): we count its last, unterminated line
#    (RFC 3501 counts "text lines"), Dovecot counts line breaks, so ours is one more.
# 2. A display name written as an encoded word of plain ASCII ("=?utf-8?q?Ali_Belabbas?="):
#    we give it decoded (the same name; RFC 2047 words are for non-ASCII text), Dovecot
#    as written. Non-ASCII names are encoded again by us, as written by Dovecot.
# 3. An empty group ("undisclosed-recipients:;"): Dovecot gives its start and end markers
#    (RFC 3501 §7.4.2), we NIL: sim/message's address parser keeps no group without members.


def accept_unterminated_last_line(ours, theirs, notes):
    if not (isinstance(ours, list) and isinstance(theirs, list)) or len(ours) != len(theirs):
        return ours
    if ours and isinstance(ours[0], list):  # multipart: its parts, then the subtype...
        return [accept_unterminated_last_line(o, t, notes) for o, t in zip(ours, theirs)]
    kind = ours[0].lower() if ours and isinstance(ours[0], bytes) else b""
    subtype = ours[1].lower() if len(ours) > 1 and isinstance(ours[1], bytes) else b""
    lines_at = 7 if kind == b"text" else 9 if (kind, subtype) == (b"message", b"rfc822") else None
    ours = list(ours)
    if lines_at == 9:
        ours[8] = accept_unterminated_last_line(ours[8], theirs[8], notes)
    if lines_at is not None and len(ours) > lines_at and isinstance(ours[lines_at], int) and \
            ours[lines_at] == theirs[lines_at] + 1:
        notes.append("%s/%s: %d lines, Dovecot %d" % (kind.decode(), subtype.decode(),
                                                      ours[lines_at], theirs[lines_at]))
        ours[lines_at] = theirs[lines_at]
    return ours


def accept_decoded_ascii_names(ours, theirs, notes):
    from email.header import decode_header, make_header
    if not (isinstance(ours, list) and isinstance(theirs, list)) or len(ours) != len(theirs):
        return ours
    ours = list(ours)
    for i in range(2, 10):  # from, sender, reply-to, to, cc, bcc
        if not (isinstance(ours[i], list) and isinstance(theirs[i], list)):
            continue
        fixed = []
        for o, t in zip(ours[i], theirs[i]):
            if o[0] is not None and t[0] is not None and o[0] != t[0] and t[0].startswith(b"=?"):
                decoded = str(make_header(decode_header(t[0].decode()))).encode()
                if decoded == o[0]:
                    notes.append("name %r, Dovecot %r" % (o[0], t[0]))
                    o = [t[0]] + o[1:]
            fixed.append(o)
        ours[i] = fixed + ours[i][len(fixed):]
    return ours


def accept_empty_group(ours, theirs, notes):
    if not (isinstance(ours, list) and isinstance(theirs, list)) or len(ours) != len(theirs):
        return ours
    ours = list(ours)
    for i in range(2, 8):
        t = theirs[i]
        if ours[i] is None and isinstance(t, list) and len(t) == 2 and t[1] == [None] * 4 and \
                t[0][:2] == [None, None] and t[0][3] is None:
            notes.append("empty group %r: NIL" % t[0][2])
            ours[i] = t
    return ours


def case_folded(value):
    if isinstance(value, list):
        return [case_folded(v) for v in value]
    return value.lower() if isinstance(value, bytes) else value


class DovecotReference(unittest.TestCase):
    def setUp(self):
        self.dovecot = dovecot_binary()
        self.tmp = tempfile.mkdtemp(prefix="smtplab-dovecot-")
        # Cleartext logins on both sides: the comparison is about structures, not TLS.
        self.server = ServeProcess(SMTPLAB, ["--auth-cleartext"], imap=True)
        with smtplib.SMTP("127.0.0.1", self.server.ports["smtp"], timeout=30) as smtp:
            for message in MESSAGES + [MULTIPART]:
                smtp.sendmail("benharraf@gsimaroc.com", ["ali@gsimaroc.com"], message)
        self.dovecot_started = False

    def tearDown(self):
        if self.dovecot_started:
            subprocess.run([self.dovecot, "-c", self.config, "stop"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if self.server.proc.poll() is None:
            self.assertEqual(self.server.stop(), 0)

    def start_dovecot(self, maildir):
        """Dovecot on a free loopback port over `maildir`, any password "sesame"."""
        if os.getuid() == 0:
            # Dovecot refuses mail access as root: the copy belongs to nobody.
            mail_user, mail_group = "nobody", grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name
            internal_user, login_user, internal_group = "dovecot", "dovenull", "dovecot"
            for user in (internal_user, login_user):
                try:
                    pwd.getpwnam(user)
                except KeyError:
                    self.skipTest("the %s user of the dovecot package is missing" % user)
        else:
            # Dovecot as an ordinary user: every service runs as that user, with its group.
            mail_user = internal_user = login_user = getpass.getuser()
            mail_group = internal_group = grp.getgrgid(os.getgid()).gr_name
        home = os.path.join(self.tmp, "home")
        os.makedirs(home)
        if os.getuid() == 0:
            os.chmod(self.tmp, 0o755)  # mkdtemp's 0700 would keep the mail user out
            for path in (home, maildir):
                for root, dirs, files in os.walk(path):
                    for name in [root] + [os.path.join(root, f) for f in dirs + files]:
                        shutil.chown(name, mail_user, mail_group)
        self.port = free_port()
        self.config = os.path.join(self.tmp, "dovecot.conf")
        with open(self.config, "w") as f:
            f.write("""base_dir = %(tmp)s/run
state_dir = %(tmp)s/state
log_path = %(tmp)s/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = %(internal)s
default_login_user = %(login)s
default_internal_group = %(internal_group)s
passdb {
  driver = static
  args = password=sesame
}
userdb {
  driver = static
  args = uid=%(user)s gid=%(group)s home=%(home)s mail=maildir:%(maildir)s
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = %(port)d
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
""" % {"tmp": self.tmp, "internal": internal_user, "login": login_user,
       "internal_group": internal_group, "user": mail_user,
       "group": mail_group, "home": home, "maildir": maildir, "port": self.port})
        # The daemon keeps the descriptors it inherits: no pipes, or run() waits for ever.
        with open(os.path.join(self.tmp, "start.log"), "w") as log:
            result = subprocess.run([self.dovecot, "-c", self.config], stdin=subprocess.DEVNULL,
                                    stdout=log, stderr=log)
        with open(os.path.join(self.tmp, "start.log")) as log:
            self.assertEqual(result.returncode, 0, log.read())
        self.dovecot_started = True
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.fail("dovecot did not listen")

    def fetch_all(self, port):
        imap = imaplib.IMAP4("127.0.0.1", port, timeout=30)
        try:
            self.assertEqual(imap.login("ali", "sesame")[0], "OK")
            typ, data = imap.select("INBOX", readonly=True)
            self.assertEqual(typ, "OK", data)
            typ, data = imap.fetch("1:*", "(BODYSTRUCTURE ENVELOPE RFC822.SIZE)")
            self.assertEqual(typ, "OK")
        finally:
            imap.logout()
        # imaplib gives one element per response, and (head, literal) pairs followed by the
        # bytes after the literal: regroup by response.
        responses, current = [], []
        for part in data:
            current.append(part)
            if isinstance(part, bytes) and part.endswith(b")"):
                responses.append(parse_imap(current))
                current = []
        return dict(responses)

    def test_bodystructure_and_envelope_are_the_same_as_dovecots(self):
        box = os.path.join(self.server.maildir, "ali@gsimaroc.com")
        copy = os.path.join(self.tmp, "maildir")
        os.makedirs(copy)
        for sub in ("tmp", "new", "cur"):
            shutil.copytree(os.path.join(box, sub), os.path.join(copy, sub))
        ours = self.fetch_all(self.server.ports["imap"])
        self.start_dovecot(copy)
        theirs = self.fetch_all(self.port)
        self.assertEqual(sorted(ours), [1, 2, 3])
        self.assertEqual(sorted(theirs), [1, 2, 3])
        differences, notes = [], []
        for number in (1, 2, 3):
            for item in (b"BODYSTRUCTURE", b"ENVELOPE", b"RFC822.SIZE"):
                mine, reference = ours[number][item], theirs[number][item]
                if item == b"BODYSTRUCTURE":
                    # Media types, subtypes, encodings and parameter names are
                    # case-insensitive (RFC 2045 §5.1, §6.1): Dovecot writes them in lower
                    # case, we in upper case as RFC 3501's examples do.
                    mine, reference = case_folded(mine), case_folded(reference)
                    mine = accept_unterminated_last_line(mine, reference, notes)
                if item == b"ENVELOPE":
                    mine = accept_decoded_ascii_names(mine, reference, notes)
                    mine = accept_empty_group(mine, reference, notes)
                if mine != reference:
                    differences.append("message %d, %s:\n  ours:    %r\n  dovecot: %r" % (
                        number, item.decode(), mine, reference))
        self.assertEqual(differences, [], "\n".join(differences))
        # The known differences are there (the multipart message has all three): when one
        # goes away, its rule above should go too.
        print("known differences from Dovecot:\n  " + "\n  ".join(notes))
        self.assertEqual(len([n for n in notes if "lines" in n]), 4, notes)
        self.assertTrue(any(n.startswith("name") for n in notes), notes)
        self.assertTrue(any(n.startswith("empty group") for n in notes), notes)


if __name__ == "__main__":
    SMTPLAB = smtplab_from_argv()
    run_unittests()
