#!/usr/bin/env python3
"""One source of replies, checked on the source tree: every reply the lab's SMTP code
gives comes from a row of the reply catalogue (sim/protocol/reply_catalogue.cpp).
- no SmtpError is built by hand: agents and the runtime use SmtpError::from(ReplyId, ...);
- no reply is made from a literal code (make_reply(250, ...), local_reply(421, ...),
  Reply{250, ...});
- no literal code is written into a reply or an error afterwards (x.code = 451);
- no reply line is written to the wire as a literal ("250 OK\\r\\n").
Only the catalogue and the value types themselves may do these things. Comments are
skipped. Prints each violation as path:line: what, and exits 1 when there is any."""
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import source_rules  # noqa: E402

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()

# The files that define the reply values and the catalogue: they build replies by design.
ALLOWED = {
    "sim/protocol/reply.hpp",
    "sim/protocol/reply.cpp",
    "sim/protocol/reply_catalogue.hpp",
    "sim/protocol/reply_catalogue.cpp",
    "sim/protocol/smtp_error.hpp",
}

RULES = [
    (re.compile(r"\bSmtpError\s*[({]"),
     "SmtpError built by hand (use SmtpError::from(ReplyId, ...))"),
    (re.compile(r"\b\w*[Rr]eply\s*\(\s*[2-5]\d\d\b"),
     "reply made from a literal code (name a ReplyId)"),
    (re.compile(r"\bReply\s*\{\s*\d"), "reply made from a literal code (name a ReplyId)"),
    (re.compile(r"\.code\s*=\s*[2-5]\d\d\b"),
     "literal reply code written into a reply or an error (name a ReplyId)"),
    (re.compile(r'"[2-5]\d\d[ -][^"]*\\r\\n'), "reply line written as a literal"),
]


def main():
    return source_rules.check("replies", ROOT, ("sim", "capture", "gui"), RULES, ALLOWED)


if __name__ == "__main__":
    sys.exit(main())
