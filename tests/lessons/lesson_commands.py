"""Reading the shell commands a lesson prints, and the student lines that go with them.

The lessons are the source: commands are extracted from their fenced code blocks, never
retyped here, so a lesson that prints a broken command makes the test fail.

Code blocks, by their info string:
  ```sh            every line is a command (a line ending in '\\' continues on the next;
                   lines starting with '#' are comments)
  ```console       lines starting with '$ ' are commands; the lines under a command are
                   its expected output: each must appear in what the command prints
                   (a line holding '…' is an elision and is not compared)
  ```sh root       a command that needs root: skipped, and the test says so (run as
                   printed when the test itself runs as root, as in CI)
  ```sh internet   a command that needs the real internet: skipped, and the test says so
Any other block that holds a line starting with '$ ' is an error: it looks runnable, so it
must be labelled.

Student lines for interactive commands (nc -C, telnet, openssl s_client) live in
scenarios/walkthrough/NN.terminal, one section per command:
  $ nc -C 127.0.1.20 2525       the command exactly as the lesson prints it
  S: 220                        wait for a final reply starting with this text
  C: HELO pc.example.org        type this line ("C:" alone types an empty line)
  mail: NODE ADDRESS            a new message must arrive in that node's mailbox
A section may also follow a plain command or `smtplab check`, to say what the student
reads in its output and what grading must say:
  in: TEXT                      the next answers are read in the paragraph (lines between
                                blank lines) that holds TEXT, as a student finds their
                                session in a report (until the next `in:`; "in:" alone:
                                the whole output again)
  answer: ID REGEX              the student reads an answer to checkpoint ID: the first match
                                of REGEX (Python, multi-line), its groups joined by commas;
                                answers go, in order, into the file the lesson's
                                `smtplab check ... --answers FILE` names
  pass: ID ID...                `smtplab check` must print PASS for each of these checkpoints
                                (every checkpoint it prints must pass anyway: this line
                                says which ones the walkthrough is about)
In a hand session too, `answer: ID REGEX` reads an answer in what the session printed so
far (a value in a reply: the SIZE of EHLO, a VRFY'd address).
Anywhere, a student may also give an answer they know from the lesson, not read in an
output:
  typed: ID VALUE               the student types VALUE as their answer to checkpoint ID
"""
import os
import re
import shlex

SKIP_TAGS = {
    "root": "needs root or a capability (the lesson says which and why)",
    "internet": "needs the real internet, not the lab",
}
INTERACTIVE = ("nc", "telnet")


class Command:
    """One command of a lesson, with where it was printed."""

    def __init__(self, text, where, expected=None, skip=None, tags=()):
        self.text = text
        self.where = where
        self.expected = expected or []
        self.skip = skip
        self.tags = set(tags)

    def words(self):
        try:
            return shlex.split(self.text, comments=True)
        except ValueError:
            return self.text.split()

    def kind(self):
        """serve, check, interactive or plain."""
        w = self.words()
        if w[:2] == ["smtplab", "serve"]:
            return "serve"
        if w[:2] == ["smtplab", "check"]:
            return "check"
        if w and (w[0] in INTERACTIVE or w[:2] == ["openssl", "s_client"]):
            return "interactive"
        return "plain"

    def __repr__(self):
        return f"{self.where}: {self.text}"


def extract(path, base=None):
    """The commands of one lesson file, in order; raises ValueError on an unlabelled one.
    Places are named relative to `base` (default: the working directory)."""
    commands = []
    errors = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    name = os.path.relpath(path, base)
    while i < len(lines):
        fence = re.match(r"^(`{3,})(.*)$", lines[i])
        if not fence:
            i += 1
            continue
        words = fence.group(2).split()
        lang = words[0] if words else ""
        tags = words[1:]
        start = i + 1
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith(fence.group(1)):
            body.append((i + 1, lines[i]))
            i += 1
        i += 1
        skip = next((SKIP_TAGS[t] for t in tags if t in SKIP_TAGS), None)
        unknown = [t for t in tags if t not in SKIP_TAGS]
        if lang in ("sh", "console") and unknown:
            errors.append(f"{name}:{start - 1}: unknown code block tag(s) {unknown}")
        if lang == "sh":
            pending = ""
            for number, line in body:
                if not pending and (not line.strip() or line.lstrip().startswith("#")):
                    continue
                if line.endswith("\\"):
                    pending += line[:-1] + " "
                    continue
                commands.append(Command(pending + line.strip(), f"{name}:{number}", skip=skip,
                                        tags=tags))
                pending = ""
        elif lang == "console":
            current = None
            for number, line in body:
                if line.startswith("$ "):
                    current = Command(line[2:].strip(), f"{name}:{number}", skip=skip, tags=tags)
                    commands.append(current)
                elif current and line.strip() and "…" not in line:
                    current.expected.append(line.rstrip())
        else:
            for number, line in body:
                if line.startswith("$ "):
                    errors.append(f"{name}:{number}: a command in a ```{lang} block: label the "
                                  "block ```console (or ```sh), and tag it if it cannot run")
    if errors:
        raise ValueError("\n".join(errors))
    return commands


class Section:
    """The student's lines for one interactive command, or what they read in the output of
    a plain one."""

    def __init__(self, command, where):
        self.command = command
        self.where = where
        # ("S", prefix) | ("C", line) | ("mail", node, address) | ("in", text) |
        # ("answer", id, regex, where) | ("pass", [ids])
        self.steps = []


def read_terminal_file(path, base=None):
    """Sections of scenarios/walkthrough/NN.terminal, keyed by command text."""
    sections = {}
    current = None
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f.read().split("\n"), 1):
            line = raw.rstrip("\r")
            where = f"{os.path.relpath(path, base)}:{number}"
            if line.startswith("$ "):
                current = Section(line[2:].strip(), where)
                sections[current.command] = current
            elif not line.strip() or line.startswith("#"):
                continue
            elif current is None:
                raise ValueError(f"{where}: a line before the first '$ command'")
            elif line.startswith("S:"):
                current.steps.append(("S", line[2:].strip()))
            elif line.startswith("C:"):
                current.steps.append(("C", line[3:] if line.startswith("C: ") else ""))
            elif line.startswith("mail:"):
                node, address = line[5:].split()
                current.steps.append(("mail", node, address))
            elif line.startswith("in:"):
                current.steps.append(("in", line[3:].strip()))
            elif line.startswith("answer:"):
                fields = line[7:].strip().split(None, 1)
                if len(fields) != 2:
                    raise ValueError(f"{where}: expected 'answer: ID REGEX'")
                try:
                    re.compile(fields[1], re.M)
                except re.error as e:
                    raise ValueError(f"{where}: bad regular expression: {e}")
                current.steps.append(("answer", fields[0], fields[1], where))
            elif line.startswith("pass:"):
                current.steps.append(("pass", line[5:].split()))
            elif line.startswith("typed:"):
                fields = line[6:].strip().split(None, 1)
                if len(fields) != 2:
                    raise ValueError(f"{where}: expected 'typed: ID VALUE'")
                current.steps.append(("typed", fields[0], fields[1]))
            else:
                raise ValueError(f"{where}: expected 'S:', 'C:', 'mail:', 'in:', 'answer:', "
                                 "'typed:' or 'pass:'")
    return sections
