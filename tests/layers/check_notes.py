#!/usr/bin/env python3
"""One source of expert notes, checked on the source tree: every note the capture analyser
gives comes from a row of the note catalogue (capture/note_catalogue.cpp), so it can be said
in English and in French.
- no Note is built by hand (Note{...}): sites call make_note(NoteId, frame, {values});
- no note is made from a severity and prose (note(Severity::Warning, frame, "...")): sites
  name a NoteId and pass the values of its placeholders;
- no note's text is written afterwards (note.text = ..., n.text += ...).
Only capture/notes.cpp, which renders the catalogue's English text, may do these things.
The header and MIME parsers of sim/message keep the same rule for their anomalies: a part's
or a header block's note is a MimeAnomaly with its values (part.notes.push_back({
MimeAnomaly::..., {values}})), never prose; the catalogue has their EN and FR texts.
Comments are skipped. Prints each violation as path:line: what, and exits 1 when there is
any."""
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import source_rules  # noqa: E402

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()

ALLOWED = {"capture/notes.cpp"}
# sim/message parsers outside the MIME tree whose notes are still prose (issue #11 left them).
MIME_ALLOWED = {"sim/message/address.hpp", "sim/message/mime_params.hpp",
                "sim/message/trace.hpp"}

RULES = [
    (re.compile(r"(?<!struct )\bNote\s*\{"),
     "note built by hand (use make_note(NoteId, frame, {values}))"),
    (re.compile(r"\bnote\s*\(\s*(capture::)?Severity::"),
     "note made from a severity and prose (name a NoteId)"),
    (re.compile(r"\b(note|n)(->|\.)text\s*\+?=[^=]"), "note text written by hand (name a NoteId)"),
]


# The notes of a MIME part (part.notes) and of a header block (block.notes, header.notes):
# their type (message::MimeNote) already refuses a string; these catch prose coming back.
MIME_RULES = [
    (re.compile(r"\b(part|block|header)(->|\.)notes\.(push_back|emplace_back)\("
                r"\s*(\"|std::string\b|std::to_string\b)"),
     "MIME note made from prose (push {MimeAnomaly::..., {values}})"),
    (re.compile(r"\bMimeNote\s*\{\s*(\"|std::string\b)"),
     "MIME note made from prose (name a MimeAnomaly)"),
    (re.compile(r"\bstd::vector<std::string>\s+notes\b"),
     "anomalies kept as prose (keep std::vector<MimeNote> notes)"),
]


def main():
    status = source_rules.check("notes", ROOT,
                                ("capture", "gui", "tests/capture", "tests/fuzz"), RULES,
                                ALLOWED)
    mime = source_rules.check("mime notes", ROOT, ("sim/message",), MIME_RULES,
                              MIME_ALLOWED)
    return status or mime


if __name__ == "__main__":
    sys.exit(main())
