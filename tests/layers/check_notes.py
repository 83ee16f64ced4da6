#!/usr/bin/env python3
"""One source of expert notes, checked on the source tree: every note the capture analyser
gives comes from a row of the note catalogue (capture/note_catalogue.cpp), so it can be said
in English and in French.
- no Note is built by hand (Note{...}): sites call make_note(NoteId, frame, {values});
- no note is made from a severity and prose (note(Severity::Warning, frame, "...")): sites
  name a NoteId and pass the values of its placeholders;
- no note's text is written afterwards (note.text = ..., n.text += ...).
Only capture/notes.cpp, which renders the catalogue's English text, may do these things.
Comments are skipped. Prints each violation as path:line: what, and exits 1 when there is
any."""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()

ALLOWED = {"capture/notes.cpp"}

RULES = [
    (re.compile(r"(?<!struct )\bNote\s*\{"),
     "note built by hand (use make_note(NoteId, frame, {values}))"),
    (re.compile(r"\bnote\s*\(\s*(capture::)?Severity::"),
     "note made from a severity and prose (name a NoteId)"),
    (re.compile(r"\b(note|n)(->|\.)text\s*\+?=[^=]"), "note text written by hand (name a NoteId)"),
]

LINE_COMMENT = re.compile(r"//.*$")


def sources():
    for folder in ("capture", "gui", "tests/capture", "tests/fuzz"):
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
    print(f"notes: {checked} files checked, {len(found)} violations")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
