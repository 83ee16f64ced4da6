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

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import source_rules  # noqa: E402

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()

ALLOWED = {"capture/notes.cpp"}

RULES = [
    (re.compile(r"(?<!struct )\bNote\s*\{"),
     "note built by hand (use make_note(NoteId, frame, {values}))"),
    (re.compile(r"\bnote\s*\(\s*(capture::)?Severity::"),
     "note made from a severity and prose (name a NoteId)"),
    (re.compile(r"\b(note|n)(->|\.)text\s*\+?=[^=]"), "note text written by hand (name a NoteId)"),
]


def main():
    return source_rules.check("notes", ROOT, ("capture", "gui", "tests/capture", "tests/fuzz"),
                              RULES, ALLOWED)


if __name__ == "__main__":
    sys.exit(main())
