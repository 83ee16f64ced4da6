"""Every shell command a lesson prints works as printed (issue 10).

For each chapter, in French and in English: the commands are extracted from the lesson's
code blocks (lesson_commands.py), the lesson's own `smtplab serve CHAPTER` is started from
a scratch directory (not the source tree; it only links scenarios/ for the supplied files
the lessons name) as a student account would run it (ports
2525/5587/4465: SMTPLAB_UNPRIVILEGED_PORTS=1 even under root), then every other command
runs as printed, in order:
  - plain commands (smtplab send/dns/analyze, swaks, base64...) must exit 0, and print the
    output lines the lesson shows under them; where the walkthrough says what the student
    reads in that output (`answer:`), it is read there and written, in order, into the
    answers file the lesson's `smtplab check --answers FILE` names;
  - interactive ones (nc -C, telnet, openssl s_client) are fed the student's lines from
    scenarios/walkthrough/NN.terminal, and every reply and delivery written there must
    happen;
  - the hand-session commands `smtplab serve` itself prints are played too (EHLO, QUIT);
  - every lesson prints `smtplab check`; it runs while the lab still runs, as the lessons
    tell the student they may, with the answers the student read (`answer:`) or knew
    (`typed:`) in the file it names, and every checkpoint it grades must PASS; those that
    need no typed answer must also have been announced by `smtplab serve` as they passed;
  - then the lab is stopped (Ctrl-C) and must exit 0 with its state written;
  - and, run right after the lab started, before the student did anything, that same
    `smtplab check` passes nothing.
A chapter whose `smtplab serve` is tagged root (it captures) is skipped, with the reason,
when the test does not run as root.
Commands tagged internet are listed as skipped, with the reason; so are those tagged root
unless the test runs as root (CI), which runs them as printed.
Usage: test_lesson_commands.py --smtplab PATH [--source DIR] [--only 02] [--lang fr]
"""
import argparse
import glob
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lesson_commands  # noqa: E402

REPLY_TIMEOUT = 20  # seconds for one SMTP reply (the lab may generate a key or wait a step)
COMMAND_TIMEOUT = 90  # seconds for one plain command
GENERIC_SESSION = [("S", "220"), ("C", "EHLO student.example.org"), ("S", "250"),
                   ("C", "QUIT"), ("S", "221")]


class Failure(Exception):
    pass


def reader(stream, lines):
    for raw in iter(stream.readline, b""):
        lines.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
    lines.put(None)


def mail_count(state_dir, node, address):
    total = 0
    for sub in ("new", "cur"):
        folder = os.path.join(state_dir, "mail", node, address, sub)
        if os.path.isdir(folder):
            total += len(os.listdir(folder))
    return total


def play(command, steps, cwd, env, state_dir, answers=None):
    """Runs an interactive command, types the student's lines, checks the replies; the
    answers the student reads in the session (`answer:`) or knows (`typed:`) are appended
    to `answers`."""
    baseline = {(s[1], s[2]): mail_count(state_dir, s[1], s[2]) for s in steps if s[0] == "mail"}
    proc = subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    out = queue.Queue()
    err = queue.Queue()
    threading.Thread(target=reader, args=(proc.stdout, out), daemon=True).start()
    threading.Thread(target=reader, args=(proc.stderr, err), daemon=True).start()
    seen = []

    def fail(why):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        errors = []
        while not err.empty():
            line = err.get()
            if line is not None:
                errors.append(line)
        raise Failure(f"{why}\n      output: {seen[-12:]}\n      stderr: {errors[-6:]}")

    typed = []  # lines typed since the last reply: pasted in one write, as a student does

    def flush():
        if not typed:
            return
        try:
            proc.stdin.write("".join(line + "\n" for line in typed).encode())
            proc.stdin.flush()
        except BrokenPipeError:
            fail(f"the client exited before '{typed[0]}' could be typed")
        typed.clear()

    try:
        for step in steps:
            if step[0] == "C":
                seen.append("C: " + step[1])
                typed.append(step[1])
                continue
            flush()
            if step[0] == "typed":
                answers.append((step[1], step[2]))
                continue
            if step[0] == "answer":
                _, checkpoint, regex, where = step
                match = re.search(regex, "\n".join(seen), re.M)
                if not match:
                    fail(f"{where}: the student cannot read {checkpoint} in the session so far "
                         f"(no match for {regex})")
                answers.append((checkpoint, ",".join(match.groups() or (match.group(0),))))
                continue
            if step[0] not in ("S", "mail"):
                fail(f"'{step[0]}:' belongs to a plain command's section, not a hand session")
            if step[0] == "S":
                deadline = time.time() + REPLY_TIMEOUT
                while True:
                    try:
                        line = out.get(timeout=max(0.1, deadline - time.time()))
                    except queue.Empty:
                        fail(f"no reply '{step[1]}' within {REPLY_TIMEOUT} s")
                    if line is None:
                        fail(f"the connection ended before the reply '{step[1]}'")
                    seen.append(line)
                    m = re.match(r"^(\d{3})([ -])", line)
                    if not m or m.group(2) == "-":
                        continue  # client chatter (telnet's "Trying...") or a reply's first lines
                    if not line.startswith(step[1]):
                        fail(f"expected a reply starting '{step[1]}', got '{line}'")
                    break
            else:
                _, node, address = step
                deadline = time.time() + REPLY_TIMEOUT
                while mail_count(state_dir, node, address) <= baseline[(node, address)]:
                    if time.time() > deadline:
                        fail(f"no new message in {node}'s mailbox {address}")
                    time.sleep(0.1)
        flush()
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            fail("the client did not end after the session (was QUIT answered?)")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return seen


def run_plain(command, cwd, env):
    proc = subprocess.run(["bash", "-c", command.text], cwd=cwd, env=env, capture_output=True,
                          timeout=COMMAND_TIMEOUT)
    stdout = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise Failure(f"exit status {proc.returncode}\n      stdout: {stdout[-800:]}\n"
                      f"      stderr: {proc.stderr.decode('utf-8', 'replace')[-800:]}")
    lines = [line.rstrip() for line in stdout.split("\n")]
    for expected in command.expected:
        if expected not in lines:
            raise Failure(f"the lesson shows the line '{expected}', the command printed:\n"
                          f"{stdout[-800:]}")
    return stdout


def retry(attempt, seconds=10):
    """attempt() until it raises no Failure, for at most `seconds`: a student who does not
    see the result yet runs the command again a moment later."""
    deadline = time.time() + seconds
    while True:
        try:
            return attempt()
        except Failure:
            if time.time() > deadline:
                raise
            time.sleep(0.5)


def read_answers(section, output, answers):
    """What the student reads in a command's output (`in:` / `answer:` steps), appended to
    `answers` as (checkpoint id, value); returns `answers`."""
    text = output
    for step in section.steps:
        if step[0] == "in":
            if not step[1]:
                text = output
                continue
            paragraphs = [p for p in re.split(r"\n\s*\n", output) if step[1] in p]
            if not paragraphs:
                raise Failure(f"{section.where}: no paragraph of the output holds '{step[1]}':\n"
                              f"{output[-800:]}")
            text = paragraphs[0]
        elif step[0] == "answer":
            _, checkpoint, regex, where = step
            match = re.search(regex, text, re.M)
            if not match:
                raise Failure(f"{where}: the student cannot read {checkpoint} here (no match "
                              f"for {regex}):\n{text[-1200:]}")
            answers.append((checkpoint, ",".join(match.groups() or (match.group(0),))))
        elif step[0] == "typed":
            answers.append((step[1], step[2]))
        elif step[0] != "pass":
            raise Failure(f"{section.where}: '{step[0]}:' belongs to a hand session")
    return answers


def answers_file(command):
    """The FILE of `--answers FILE` in a check command, or None."""
    words = command.words()
    if "--answers" in words and words.index("--answers") + 1 < len(words):
        return words[words.index("--answers") + 1]
    return None


class Serve:
    """The lesson's `smtplab serve CHAPTER`, run as printed."""

    def __init__(self, command, cwd, env):
        self.log_path = os.path.join(cwd, "serve.log")
        self.log = open(self.log_path, "w+")
        self.proc = subprocess.Popen(["bash", "-c", "exec " + command.text], cwd=cwd, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.time() + 60
        while "Ctrl-C" not in self.output():
            if self.proc.poll() is not None:
                raise Failure(f"`{command.text}` exited {self.proc.returncode}:\n{self.output()}")
            if time.time() > deadline:
                self.stop()
                raise Failure(f"`{command.text}` did not come up:\n{self.output()}")
            time.sleep(0.1)

    def output(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def hint_commands(self):
        """The hand-session commands it printed, as printed."""
        found = []
        for line in self.output().split("\n"):
            m = re.match(r"^  ((?:nc -C|telnet|openssl s_client) [^(]*?)\s*(?:\(.*\))?$", line)
            if m:
                found.append(m.group(1))
        return found

    def stop(self):
        """Ctrl-C, as the student does; the lab must exit 0 and write its state."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
                raise Failure("`smtplab serve` did not stop on Ctrl-C")
        if self.proc.returncode != 0:
            raise Failure(f"`smtplab serve` exited {self.proc.returncode}:\n{self.output()[-800:]}")


def runnable(command):
    """Untagged commands run; under root (CI) those tagged root run as printed too: only
    the internet is out of reach."""
    return not command.skip or (
        "root" in command.tags and os.geteuid() == 0 and not command.tags - {"root"})


def generic_steps(command):
    # openssl's -starttls consumes the greeting and the first EHLO itself.
    if "-starttls" in command:
        return GENERIC_SESSION[1:]
    return GENERIC_SESSION


def run_chapter(lesson, source, env, report):
    cwd = tempfile.mkdtemp(prefix=f"smtplab-lesson-{os.path.basename(lesson)[:2]}-")
    try:
        play_chapter(lesson, source, env, report, cwd)
    except Failure as e:
        raise Failure(f"{e}\n  (the lab's state and serve.log are kept in {cwd})") from None
    shutil.rmtree(cwd, ignore_errors=True)


def play_chapter(lesson, source, env, report, cwd):
    chapter = os.path.basename(lesson)[:2]
    commands = lesson_commands.extract(lesson, source)
    terminal_path = os.path.join(source, "scenarios", "walkthrough", chapter + ".terminal")
    sections = (lesson_commands.read_terminal_file(terminal_path, source)
                if os.path.exists(terminal_path) else {})
    serves = [c for c in commands if c.kind() == "serve" and runnable(c)]
    if not serves and any(c.kind() == "serve" and "root" in c.tags and os.geteuid() != 0
                          for c in commands):
        report.skipped_chapters.append((lesson, "its lab captures frames, which needs root"))
        return
    if len(serves) != 1:
        raise Failure(f"{lesson}: expected one `smtplab serve CHAPTER` command, found "
                      f"{len(serves)}")
    stem = os.path.splitext(os.path.basename(lesson))[0]
    named = serves[0].words()[2:3]
    if named not in ([stem], [chapter], [chapter.lstrip("0")]):
        raise Failure(f"{serves[0].where}: `{serves[0].text}` does not start this chapter "
                      f"({stem})")
    # Lessons say where a supplied file is from the SMTP Lab folder (scenarios/files/...);
    # the scratch folder offers that path and nothing else of the sources.
    os.symlink(os.path.join(source, "scenarios"), os.path.join(cwd, "scenarios"))
    state_dir = os.path.join(cwd, "lab-state")
    serve = Serve(serves[0], cwd, env)
    report.ran.append(serves[0])
    checks = []
    answers = []  # (checkpoint id, value) the student read, in order
    try:
        # Before the student does anything, nothing passes.
        for command in commands:
            if command.kind() == "check" and runnable(command):
                untouched = subprocess.run(["bash", "-c", command.text], cwd=cwd, env=env,
                                           capture_output=True, timeout=COMMAND_TIMEOUT)
                out = untouched.stdout.decode("utf-8", "replace")
                if "smtplab check:" not in out or re.search(r"^PASS ", out, re.M):
                    raise Failure(f"{command.where}: `{command.text}` passes (or fails to run) "
                                  f"before the student did anything:\n{out[-1200:]}"
                                  f"{untouched.stderr.decode()[-400:]}")
        hints = serve.hint_commands()
        if not any(h.startswith("nc -C ") for h in hints):
            raise Failure(f"`{serves[0].text}` printed no `nc -C` hint:\n{serve.output()}")
        for hint in hints:
            try:
                play(hint, generic_steps(hint), cwd, env, state_dir)
            except Failure as e:
                raise Failure(f"the hint `{hint}` printed by `{serves[0].text}`: {e}")
            report.hints.append(hint)
        for command in commands:
            kind = command.kind()
            if kind == "serve":
                continue
            if not runnable(command):
                report.skipped.append((command, command.skip))
                continue
            if kind == "check":
                checks.append(command)
                continue
            try:
                if kind == "interactive":
                    section = sections.get(command.text)
                    if section is None:
                        raise Failure(f"no section '$ {command.text}' in {terminal_path}")
                    play(command.text, section.steps, cwd, env, state_dir, answers)
                    report.sessions.append(command)
                elif command.text in sections:
                    # The student reads something here: what the lab does in the background
                    # (a relay, a retry) may take a moment, and they run it again.
                    read = retry(lambda: read_answers(sections[command.text],
                                                      run_plain(command, cwd, env), []))
                    answers.extend(read)
                    report.ran.append(command)
                else:
                    run_plain(command, cwd, env)
                    report.ran.append(command)
            except Failure as e:
                raise Failure(f"{command.where}: `{command.text}`: {e}")
            except subprocess.TimeoutExpired:
                raise Failure(f"{command.where}: `{command.text}`: still running after "
                              f"{COMMAND_TIMEOUT} s")
        if not checks:
            raise Failure(f"{lesson}: the lesson prints no `smtplab check` for the student")
        # While the lab still runs, as the lesson tells the student they may.
        for command in checks:
            run_check(command, sections.get(command.text), answers, cwd, env, serve)
            report.ran.append(command)
    finally:
        serve.stop()
    if not os.path.exists(os.path.join(state_dir, "timeline.jsonl")):
        raise Failure(f"{lesson}: the lab wrote no state in {state_dir}")


def run_check(command, section, answers, cwd, env, serve):
    """`smtplab check` as printed: every checkpoint it grades must pass with what the student
    did and answered, and the lab must have announced, as they passed, those that need no
    typed answer."""
    for step in section.steps if section else []:
        if step[0] == "typed":
            answers.append((step[1], step[2]))
        elif step[0] != "pass":
            raise Failure(f"{section.where}: a check's section holds 'typed:' and 'pass:' lines")
    # The answers the student read or knew, typed into the file the lesson names.
    if answers_file(command):
        with open(os.path.join(cwd, answers_file(command)), "w", encoding="utf-8") as f:
            f.write("".join(f"{checkpoint}: {value}\n" for checkpoint, value in answers))
    elif answers:
        raise Failure(f"{command.where}: the student has answers {answers} but `{command.text}` "
                      "reads no --answers FILE")
    # Checkpoints graded on what the lab does in the background (a retry after the clock
    # moved on) may pass a moment later: the student runs the check again.
    retry(lambda: graded_as_expected(command, section, answers, cwd, env, serve))


def graded_as_expected(command, section, answers, cwd, env, serve):
    """One run of `smtplab check`: Failure unless every checkpoint it grades passes, those
    the section names among them, and those with no typed answer were announced."""
    proc = subprocess.run(["bash", "-c", command.text], cwd=cwd, env=env, capture_output=True,
                          timeout=COMMAND_TIMEOUT)
    out = proc.stdout.decode("utf-8", "replace")
    # 1 only means a checkpoint is not passed yet; 2 is a broken command or scenario.
    if proc.returncode not in (0, 1) or "smtplab check:" not in out:
        raise Failure(f"{command.where}: `{command.text}` exited {proc.returncode}:\n"
                      f"{out[-600:]}{proc.stderr.decode()[-600:]}")
    if "still running" not in out and "tourne encore" not in out:
        raise Failure(f"{command.where}: `{command.text}` did not grade the running lab:\n{out}")
    graded = re.findall(r"^(PASS|FAIL|n/a ) (\S+) ", out, re.M)
    if not graded:
        raise Failure(f"{command.where}: `{command.text}` graded nothing:\n{out[-1500:]}")
    named = [c for step in (section.steps if section else []) if step[0] == "pass"
             for c in step[1]]
    for mark, checkpoint in graded:
        if mark != "PASS":
            raise Failure(f"{command.where}: `{command.text}` does not pass {checkpoint} with "
                          f"what the walkthrough did and the answers {answers}:\n{out[-1500:]}")
    for checkpoint in named:
        if checkpoint not in [c for _, c in graded]:
            raise Failure(f"{command.where}: `{command.text}` does not grade {checkpoint}")
    answered = {c for c, _ in answers}
    announced = serve.output()
    for _, checkpoint in graded:
        if checkpoint not in answered and not re.search(
                rf"^\u2713 .* {re.escape(checkpoint)} ", announced, re.M):
            raise Failure(f"`smtplab serve` did not announce {checkpoint} as it passed:\n"
                          f"{announced[-1200:]}")


class Report:
    def __init__(self):
        self.ran = []
        self.sessions = []
        self.hints = []
        self.skipped = []
        self.skipped_chapters = []
        self.failures = []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smtplab", required=True)
    parser.add_argument("--source", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    parser.add_argument("--only", help="one chapter number, e.g. 02")
    parser.add_argument("--lang", choices=["fr", "en"])
    args = parser.parse_args()
    source = os.path.abspath(args.source)
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(os.path.abspath(args.smtplab)) + os.pathsep + env["PATH"]
    env["SMTPLAB_UNPRIVILEGED_PORTS"] = "1"  # a student's account: 2525/5587/4465
    env.pop("SMTPLAB_SCENARIOS", None)  # the program must find its chapters by itself
    report = Report()
    lessons = []
    for lang in ["fr", "en"] if not args.lang else [args.lang]:
        lessons += sorted(glob.glob(os.path.join(source, "lessons", lang, "[0-9][0-9]-*.md")))
    if args.only:
        lessons = [p for p in lessons if os.path.basename(p).startswith(args.only)]
    for lesson in lessons:
        started = time.time()
        try:
            run_chapter(lesson, source, env, report)
            print(f"ok   {os.path.relpath(lesson, source)} ({time.time() - started:.1f} s)",
                  flush=True)
        except (Failure, ValueError) as e:
            report.failures.append(str(e))
            print(f"FAIL {os.path.relpath(lesson, source)}\n  {e}", flush=True)
    print(f"\n{len(report.ran)} command(s) run as printed, {len(report.sessions)} hand "
          f"session(s) played from the lessons, {len(report.hints)} hint(s) from "
          f"`smtplab serve` played")
    for command, why in report.skipped:
        print(f"skipped {command.where}: `{command.text}`: {why}")
    for lesson, why in report.skipped_chapters:
        print(f"skipped {os.path.relpath(lesson, source)}: {why}")
    if report.failures:
        print(f"{len(report.failures)} lesson(s) failed")
        return 1
    if not lessons or not report.ran or (not args.only and not report.sessions):
        print("nothing was checked")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
