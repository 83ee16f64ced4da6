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

LINE_COMMENT = re.compile(r"//.*$")


def sources():
    for folder in ("sim", "capture", "gui"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".cpp", ".hpp", ".h", ".cc") and path.is_file():
                yield path


def code_lines(path):
    """The lines of a file without their comments (block comments blanked too)."""
    in_block = False
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        if in_block:
            end = line.find("*/")
            if end < 0:
                continue
            line = line[end + 2:]
            in_block = False
        start = line.find("/*")
        if start >= 0 and line.find("*/", start) < 0:
            line = line[:start]
            in_block = True
        yield number, LINE_COMMENT.sub("", line)


def violations():
    for path in sources():
        rel = path.relative_to(ROOT).as_posix()
        if rel in ALLOWED:
            continue
        for number, line in code_lines(path):
            for pattern, what in RULES:
                if pattern.search(line):
                    yield f"{rel}:{number}: {what}: {line.strip()}"


def main():
    found = list(violations())
    for v in found:
        print(v)
    checked = sum(1 for _ in sources())
    print(f"replies: {checked} files checked, {len(found)} violations")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
