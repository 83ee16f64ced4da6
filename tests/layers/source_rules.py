"""Checking source files line by line against rules (regular expressions), comments
skipped: shared by the one-catalogue checks (check_replies.py, check_notes.py)."""
import re

LINE_COMMENT = re.compile(r"//.*$")
SUFFIXES = (".cpp", ".hpp", ".h", ".cc")


def sources(root, folders):
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
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


def check(name, root, folders, rules, allowed):
    """Prints each violation as path:line: what, then a summary; returns the exit status."""
    found = []
    checked = 0
    for path in sources(root, folders):
        checked += 1
        rel = path.relative_to(root).as_posix()
        if rel in allowed:
            continue
        for number, line in code_lines(path):
            for pattern, what in rules:
                if pattern.search(line):
                    found.append(f"{rel}:{number}: {what}: {line.strip()}")
    for v in found:
        print(v)
    print(f"{name}: {checked} files checked, {len(found)} violations")
    return 1 if found else 0
