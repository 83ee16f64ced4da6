#!/usr/bin/env python3
"""UI tests for `smtplab gui`: runs the real window under Xvfb with a UI script, then
checks the dumped state (selection, highlighted bytes, visible titles) and the PNGs.

The dialogue/frame correlation is cross-checked against `smtplab analyze --json` on the
same capture and against the capture's own bytes (read here with a small pcap reader).
Exit 77 (skip) when xvfb-run is missing."""
import argparse
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import zlib

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
XVFB = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24"]


class Ctx:
    def __init__(self, args):
        self.smtplab = args.smtplab
        self.captures = args.captures
        self.out = os.path.join(args.out, args.case)
        shutil.rmtree(self.out, ignore_errors=True)
        os.makedirs(self.out, exist_ok=True)
        # The window saves its settings (language, progress): never into the tester's own.
        os.environ["XDG_CONFIG_HOME"] = self.path("config")

    def path(self, name):
        return os.path.join(self.out, name)

    def capture(self, name):
        return os.path.join(self.captures, name)

    def gui(self, lang, script_lines, screenshot=None, capture=None, frames=3, extra=(), env=None,
            timeout=100, cwd=None):
        script = self.path("script.txt")
        with open(script, "w") as f:
            f.write("\n".join(script_lines) + "\n")
        cmd = XVFB + [self.smtplab, "gui"] + (["--lang", lang] if lang else []) + [
            "--script", script, "--screenshot", screenshot or self.path("final.png"), "--frames", str(frames)]
        if capture:
            cmd += ["--capture", capture]
        cmd += list(extra)
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                             env=dict(os.environ, **(env or {})))
        if run.returncode != 0:
            raise AssertionError(f"smtplab gui exited {run.returncode}\n{run.stdout}\n{run.stderr}")
        return run

    def analyze(self, capture):
        run = subprocess.run([self.smtplab, "analyze", "--json", capture], capture_output=True,
                             text=True, timeout=60, check=True)
        return json.loads(run.stdout)


def load(path):
    with open(path) as f:
        return json.load(f)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def pcap_frames(path):
    """Frame bytes of a classic pcap file (1-based list index 0 = frame 1)."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    frames, pos = [], 24
    while pos + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + "IIII", data[pos:pos + 16])
        frames.append(data[pos + 16:pos + 16 + incl])
        pos += 16 + incl
    return frames


def png_pixels(path):
    """(width, height, rows of RGBA bytes) of an 8-bit RGBA PNG like the app writes."""
    with open(path, "rb") as f:
        data = f.read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG")
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            check(depth == 8 and colour == 6, f"{path}: expected 8-bit RGBA")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride, bpp, rows, prev = width * 4, 4, [], bytearray(width * 4)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if filt == 1:
                line[i] = (line[i] + a) & 255
            elif filt == 2:
                line[i] = (line[i] + b) & 255
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def check_not_blank(path, width=1600, height=1000):
    check(os.path.exists(path), f"{path} was not written")
    w, h, rows = png_pixels(path)
    check((w, h) == (width, height), f"{path}: {w}x{h}, expected {width}x{height}")
    colours = set()
    for y in range(0, h, 7):
        row = rows[y]
        for x in range(0, w * 4, 4 * 5):
            colours.add(row[x:x + 3])
    check(len(colours) > 50, f"{path}: only {len(colours)} colours, the window looks blank")


# --- cases -------------------------------------------------------------------------------

def case_screenshot(ctx, lang):
    cap = ctx.capture("zeek-smtp.pcap")
    png = ctx.path(f"window-{lang}.png")
    ctx.gui(lang, ["select-session 1", "select-dialogue 10", f"dump-state {ctx.path('state.json')}"],
            screenshot=png, capture=cap)
    check_not_blank(png)
    state = load(ctx.path("state.json"))
    check(state["language"] == lang, "language")
    check(state["capture"]["frames"] == 125, f"frames: {state['capture']}")
    expected = {"fr": ["Topologie", "Leçon", "Dialogue SMTP", "Trames", "Détail de la trame", "Lecture"],
                "en": ["Topology", "Lesson", "SMTP dialogue", "Frames", "Frame details", "Playback"]}[lang]
    for title in expected:
        check(title in state["panels"], f"panel '{title}' not visible: {state['panels']}")


def case_screenshot_fr(ctx):
    case_screenshot(ctx, "fr")


def case_screenshot_en(ctx):
    case_screenshot(ctx, "en")


def case_dialogue_selects_frames(ctx):
    """Selecting dialogue line K selects the frames that carried it and lights exactly its
    bytes: checked against analyze --json (offset, length, frame) and the capture bytes."""
    cap = ctx.capture("zeek-smtp.pcap")
    report = ctx.analyze(cap)
    dialogue = report["sessions"][0]["dialogue"]
    frames = pcap_frames(cap)
    lines = [1, 2, 3, 10, 11, 14, 17, 18, 19]
    script = ["select-session 1"]
    for k in lines:
        script += [f"select-dialogue {k}", f"dump-state {ctx.path(f'line{k}.json')}"]
    ctx.gui("en", script, capture=cap)
    checked = 0
    for k in lines:
        sel = load(ctx.path(f"line{k}.json"))["selection"]
        check(sel["session"] == 1 and sel["dialogue_line"] == k, f"line {k}: {sel}")
        ev = sel["event"]
        if ev["kind"] == "message_data":
            continue  # the lone dot: the window shows it, analyze --json does not list it
        # The window numbers lines as it shows them (with the end-of-data dot); analyze
        # --json does not list the dot, so the line is matched by direction and offset.
        match = [e for e in dialogue if e["dir"] == ev["dir"] and e["offset"] == ev["offset"]]
        check(len(match) == 1, f"line {k}: no analyze entry at {ev['dir']} offset {ev['offset']}")
        entry = match[0]
        check(ev["length"] == entry["length"], f"line {k}: event {ev} vs analyze {entry}")
        checked += 1
        # The frame analyze names (the one with the line's last byte) is the last selected.
        check(sel["frames"] and sel["frames"][-1] == entry["frame"],
              f"line {k}: frames {sel['frames']} vs analyze frame {entry['frame']}")
        check(sel["frame"] == entry["frame"], f"line {k}: details frame {sel['frame']}")
        lit = b""
        for r in sel["highlights"]:
            check(r["frame"] in sel["frames"], f"line {k}: highlight outside the selected frames")
            lit += frames[r["frame"] - 1][r["begin"]:r["end"]]
        check(len(lit) == entry["length"], f"line {k}: {len(lit)} bytes lit, line has {entry['length']}")
        check(lit.endswith(b"\r\n"), f"line {k}: lit bytes do not end the line: {lit[-20:]!r}")
        if entry["dir"] == "C" and entry.get("verb"):
            check(lit.upper().startswith(entry["verb"].encode()), f"line {k}: lit {lit[:30]!r}")
        if entry["dir"] == "S":
            check(lit.startswith(str(entry["code"]).encode()), f"line {k}: lit {lit[:30]!r}")
    check(checked >= 6, f"only {checked} lines cross-checked")


def case_frame_lights_dialogue(ctx):
    cap = ctx.capture("zeek-smtp.pcap")
    report = ctx.analyze(cap)
    dialogue = report["sessions"][0]["dialogue"]
    # A single-frame command line: its frame must light exactly that line back.
    k = next(i + 1 for i, e in enumerate(dialogue) if e["dir"] == "C" and e.get("verb") == "MAIL")
    frame = dialogue[k - 1]["frame"]
    ctx.gui("en", [f"select-frame {frame}", f"dump-state {ctx.path('frame.json')}"], capture=cap)
    sel = load(ctx.path("frame.json"))["selection"]
    check(sel["frame"] == frame and sel["frames"] == [frame], f"selection {sel}")
    check(k in sel["lit_dialogue_lines"], f"frame {frame} should light line {k}: {sel['lit_dialogue_lines']}")
    check(sel["highlights"] and all(r["frame"] == frame for r in sel["highlights"]), "highlights")


def case_language_switch(ctx):
    cap = ctx.capture("zeek-smtp.pcap")
    ctx.gui("en", [f"dump-state {ctx.path('en.json')}", "switch-language fr",
                   f"dump-state {ctx.path('fr.json')}", f"screenshot {ctx.path('fr.png')}"], capture=cap)
    en, fr = load(ctx.path("en.json")), load(ctx.path("fr.json"))
    check("Frames" in en["panels"] and "Frames" not in fr["panels"], "Frames title")
    check("Trames" in fr["panels"], f"fr panels {fr['panels']}")
    check(fr["texts"]["menu_file"] == "Fichier" and en["texts"]["menu_file"] == "File", "menu")
    check(fr["lesson"]["title"] != en["lesson"]["title"] and fr["lesson"]["title"], "lesson follows the language")
    check_not_blank(ctx.path("fr.png"))


def case_display_filter(ctx):
    cap = ctx.capture("zeek-smtp.pcap")
    report = ctx.analyze(cap)
    script = []
    for name, text in [("all", ""), ("mail", "MAIL"), ("code", "code=250"), ("port", "port=25"),
                       ("addr", "addr=10.10.1.4 smtp"), ("none", "addr=192.0.2.99")]:
        script += [f"filter {text}", f"dump-state {ctx.path(name + '.json')}"]
    ctx.gui("en", script, capture=cap)
    shown = {n: load(ctx.path(n + ".json"))["filter"]["shown"] for n in
             ["all", "mail", "code", "port", "addr", "none"]}
    check(shown["all"] == 125, f"{shown}")
    mails = sum(1 for s in report["sessions"] for e in s["dialogue"] if e.get("verb") == "MAIL")
    check(shown["mail"] == mails, f"MAIL: {shown}, analyze has {mails} MAIL commands")
    check(0 < shown["code"] < 125, f"code: {shown}")
    check(0 < shown["port"] <= 125 and shown["none"] == 0, f"{shown}")
    check(0 < shown["addr"] < shown["all"], f"{shown}")


LAB_CAPTURES = os.path.join(SOURCE_DIR, "tests", "gui", "data", "captures")
LAB_DECODE = ["-d", "tcp.port==2525,smtp", "-d", "tcp.port==5587,smtp", "-d", "tcp.port==587,smtp"]


def tshark_count(cap, text, decode=()):
    run = subprocess.run(["tshark", "-n", "-r", cap, *decode, "-Y", text, "-T", "fields", "-e", "frame.number"],
                         capture_output=True, text=True, timeout=60)
    check(run.returncode == 0, f"tshark -Y {text!r}: {run.stderr}")
    return sum(1 for line in run.stdout.splitlines() if line.strip())


def case_wireshark_filter(ctx):
    """Wireshark filters typed with the `filter` verb on a lab-made capture keep as many frames
    as tshark does; a wrong one is refused with its column and reason (the script stops on
    it, as on any failed action, and says why)."""
    check(shutil.which("tshark") is not None, "tshark is not installed (scripts/install-deps.sh)")
    cap = os.path.join(LAB_CAPTURES, "lab-envelope.pcap")
    filters = [("smtp", "smtp"), ("port", "tcp.port == 25"), ("stream", "tcp.stream eq 0"),
               ("mail", 'smtp.req.command == "MAIL"'), ("codes", "smtp.response.code >= 250 && smtp.response.code < 300"),
               ("logic", "(smtp.req || smtp.response) and not tcp.srcport == 25"),
               ("cidr", "ip.addr == 127.0.0.0/8 && tcp.len > 0")]
    script = []
    for name, text in filters:
        script += [f"filter {text}", f"dump-state {ctx.path(name + '.json')}"]
    ctx.gui("en", script, capture=cap)
    for name, text in filters:
        state = load(ctx.path(name + ".json"))["filter"]
        theirs = tshark_count(cap, text, LAB_DECODE)
        check(not state["error"] and state["text"] == text, f"{text}: {state}")
        check(state["shown"] == theirs and theirs > 0, f"{text}: {state['shown']} frames shown, tshark keeps {theirs}")
    # A wrong filter stops the script (a refused `filter` is a failed action) with the
    # panel's message: the column and the reason, never a silent empty list.
    for text, message in [("tcp.port ==", "column 12: expected a value after '=='"),
                          ("smtp.foo", "column 1: unknown field 'smtp.foo'")]:
        script_path = ctx.path("wrong.txt")
        with open(script_path, "w") as f:
            f.write(f"filter smtp\nfilter {text}\ndump-state {ctx.path('never.json')}\n")
        run = subprocess.run(XVFB + [ctx.smtplab, "gui", "--lang", "en", "--script", script_path,
                                     "--screenshot", ctx.path("wrong.png"), "--frames", "3", "--capture", cap],
                             capture_output=True, text=True, timeout=100,
                             env=dict(os.environ))
        out = run.stdout + run.stderr
        check(run.returncode == 1, f"{text}: exit {run.returncode}\n{out}")
        check(f"script line 2: filter refused: {message}" in out, f"{text}: {out}")
        check(not os.path.exists(ctx.path("never.json")), "the script went on after a refused filter")


def case_open_error(ctx):
    missing = ctx.path("no-such-file.pcap")
    ctx.gui("fr", [f"open-capture {missing}", f"dump-state {ctx.path('err.json')}",
                   f"screenshot {ctx.path('err.png')}"])
    state = load(ctx.path("err.json"))
    check(state["errors"] and "no-such-file.pcap" in state["errors"][0]["text"], f"{state['errors']}")
    check("Que faire" in state["errors"][0]["hint"], "the error says what to do")
    check("Erreur" in state["panels"], "error window visible")
    check_not_blank(ctx.path("err.png"))


def case_open_dialog(ctx):
    """The open dialog, driven by the keyboard only as a person would: Ctrl+O, a typed
    path, typing to narrow the list, Enter into a folder and on a capture, Backspace to the
    parent, Down and Enter on a message. Only folders, captures and messages are listed
    (no hidden or other files); what was opened comes back as recent files, in the next
    run too; a path that names nothing says so in the dialog."""
    here = os.path.dirname(os.path.abspath(__file__))
    folder = ctx.path("mail-folder")
    os.makedirs(os.path.join(folder, "captures"))
    os.makedirs(os.path.join(folder, ".hidden"))
    capture = os.path.join(folder, "captures", "lecture.pcap")
    shutil.copy(os.path.join(here, "data", "captures", "lab-default.pcap"), capture)
    eml = os.path.join(folder, "message.eml")
    shutil.copy(os.path.join(here, "data", "tp-attachment.eml"), eml)
    for name in ("notes.txt", ".secret.pcap"):
        with open(os.path.join(folder, name), "w") as f:
            f.write("not listed\n")
    d = lambda name: f"dump-state {ctx.path(name + '.json')}"
    ctx.gui("fr", ["key ctrl+o", f"type {folder}/", "key enter", "wait-frames 2", d("listed"),
                   "type capt", "wait-frames 2", d("narrowed"),
                   "key enter", "wait-frames 2", d("inside"),
                   "key enter", "wait-frames 20", d("capture"),
                   "key ctrl+o", "wait-frames 2", d("reopened"),
                   "key backspace", "wait-frames 2", d("parent"),
                   "key down", "key enter", "wait-frames 5", d("message"),
                   "key ctrl+o", "type nowhere/", "key enter", "wait-frames 2", d("missing"),
                   f"screenshot {ctx.path('dialog-fr.png')}", "key escape", "wait-frames 2",
                   d("closed")])
    listed = load(ctx.path("listed.json"))["open_dialog"]
    check(listed["show"] and listed["folder"] == folder, f"folder: {listed}")
    check(listed["entries"] == ["captures/", "message.eml"], f"entries: {listed['entries']}")
    narrowed = load(ctx.path("narrowed.json"))["open_dialog"]
    check(narrowed["entries"] == ["captures/"] and narrowed["cursor"] == "captures/", f"{narrowed}")
    inside = load(ctx.path("inside.json"))["open_dialog"]
    check(inside["folder"] == os.path.join(folder, "captures") and inside["typed"] == "", f"{inside}")
    check(inside["entries"] == ["lecture.pcap"], f"{inside['entries']}")
    opened = load(ctx.path("capture.json"))
    check(not opened["open_dialog"]["show"], "the dialog closes on open")
    check(opened["capture"] and opened["capture"]["file"] == capture, f"capture: {opened['capture']}")
    check(opened["recent_files"] == [capture], f"recent: {opened['recent_files']}")
    reopened = load(ctx.path("reopened.json"))["open_dialog"]
    check(reopened["show"] and reopened["folder"] == os.path.join(folder, "captures"), f"{reopened}")
    parent = load(ctx.path("parent.json"))["open_dialog"]
    check(parent["folder"] == folder and parent["cursor"] == "captures/", f"parent: {parent}")
    message = load(ctx.path("message.json"))
    check(message["message"]["subject"] == "Compte rendu du TP — pièce jointe", f"{message['message']}")
    check(message["recent_files"] == [eml, capture], f"recent: {message['recent_files']}")
    missing = load(ctx.path("missing.json"))["open_dialog"]
    check(missing["show"] and missing["error"] == os.path.join(folder, "nowhere"), f"missing: {missing}")
    check(not load(ctx.path("closed.json"))["open_dialog"]["show"], "Escape closes the dialog")
    # The next launch remembers them; the English dialog for the screenshot.
    ctx.gui("en", ["key ctrl+o", "wait-frames 2", d("next"), f"screenshot {ctx.path('dialog-en.png')}"])
    check(load(ctx.path("next.json"))["recent_files"] == [eml, capture], "recent files are saved")
    for shot in ("dialog-fr.png", "dialog-en.png"):
        check_not_blank(ctx.path(shot))


def case_capture_analysis(ctx):
    """Opening a capture file gives what `analyze` gives: the analysis panel lists its
    messages (a click shows one in the message view) and the analyser's notes (a click
    selects the note's frame: the dialogue and the frame details follow, with the SMTP layer
    naming the reply), the same as `smtplab analyze --json`; the French window says the
    frame's fields and the notes in French (the English window, the analyser's own text)."""
    here = os.path.dirname(os.path.abspath(__file__))
    capture = os.path.join(here, "data", "captures", "lab-envelope.pcap")
    report = ctx.analyze(capture)
    expected_notes = [n for s in report["sessions"] for n in s.get("notes", []) if n["severity"] != "chat"]
    d = lambda name: f"dump-state {ctx.path(name + '.json')}"
    ctx.gui("fr", [f"open-capture {capture}", d("opened"), "analysis-note 1", "wait-frames 2", d("note"),
                   f"screenshot {ctx.path('analysis-fr.png')}", "analysis-message 1", "wait-frames 2",
                   d("message"), f"screenshot {ctx.path('analysis-message-fr.png')}"])
    opened = load(ctx.path("opened.json"))["analysis"]
    check(opened["show"], "the analysis panel opens with a capture file")
    expected_messages = [(m["mail_from"], m["subject"], m["bytes"]) for s in report["sessions"]
                         for m in s.get("messages", [])]
    check(len(expected_messages) >= 2, f"the capture holds messages: {expected_messages}")
    check([(m["from"], m["subject"], m["octets"]) for m in opened["messages"]] == expected_messages,
          f"messages: {opened['messages']} vs {expected_messages}")
    check([(n["frame"], n["text"]) for n in opened["notes"]] ==
          [(n["frame"], n["text"]) for n in expected_notes], f"notes: {opened['notes']} vs {expected_notes}")
    check(opened["notes"][0]["severity"] == "avertissement", f"{opened['notes'][0]}")
    # The notes in the window's language: the dump keeps the analyser's English "text" (as
    # `analyze --json`) and the catalogue's "id", and "shown" is what the panel says.
    check([n["id"] for n in opened["notes"]] == [n["id"] for n in expected_notes],
          f"note ids: {opened['notes']}")
    relay_en = ("relay attempt refused (554 5.7.1) for RCPT TO:<benharraf@menara.ma>: the client "
                "asked this server to relay to a domain it does not serve")
    relay_fr = ("tentative de relais refusée (554 5.7.1) pour RCPT TO:<benharraf@menara.ma> : le "
                "client a demandé à ce serveur de relayer vers un domaine qu’il ne dessert pas")
    shown = [n["shown"] for n in opened["notes"]]
    check(relay_en in [n["text"] for n in expected_notes], f"the relay note: {expected_notes}")
    check(relay_fr in shown and relay_en not in shown, f"French notes: {shown}")
    check(all(n["shown"] != n["text"] and "{" not in n["shown"] for n in opened["notes"]),
          f"every note in French: {shown}")
    check(any(s.startswith("réponse 550 (échec permanent) : « ") for s in shown), f"{shown}")
    note = load(ctx.path("note.json"))
    check(note["selection"]["frame"] == expected_notes[0]["frame"], f"selected frame {note['selection']}")
    fields = {f["field"]: f["value"] for f in note["frame_details"]}
    check(fields.get("Code de réponse") == "550", f"SMTP layer: {fields}")
    check("Port source" in fields and "Source port" not in fields, f"French fields: {list(fields)}")
    message = load(ctx.path("message.json"))["message"]
    check(message["subject"] == "Demo 3" and "lab-envelope.pcap" in message["file"], f"message view: {message}")
    ctx.gui("en", [f"open-capture {capture}", "analysis-note 1", "wait-frames 2", d("note-en"),
                   f"screenshot {ctx.path('analysis-en.png')}"])
    english = load(ctx.path("note-en.json"))["analysis"]["notes"]
    check([n["shown"] for n in english] == [n["text"] for n in expected_notes],
          f"English notes: {english}")
    for shot in ("analysis-fr.png", "analysis-message-fr.png", "analysis-en.png"):
        check_not_blank(ctx.path(shot))


def case_lesson_and_presentation(ctx):
    ctx.gui("fr", ["open-lesson 2", "presentation on", f"dump-state {ctx.path('p.json')}",
                   f"screenshot {ctx.path('presentation.png')}"])
    state = load(ctx.path("p.json"))
    check(state["presentation"] is True, "presentation")
    check(state["lesson"]["chapter"] == 2 and "Chapitre 2" in state["lesson"]["title"], f"{state['lesson']}")
    check_not_blank(ctx.path("presentation.png"))


def case_projector(ctx):
    """Presentation mode as a projector shows it: body text rasterised at 32 px on a
    1080-row screen and scaled down with a 720-row one; F11's real full screen covers the
    monitor (Xvfb's screen here) and leaving it gives the window its size back."""
    for size, pixels in (("1920x1080", 32), ("1280x720", 21)):
        ctx.gui("fr", ["open-lesson 9", "presentation on", "wait-frames 3",
                       f"dump-state {ctx.path('p' + size + '.json')}"],
                screenshot=ctx.path(f"presentation-{size}.png"), extra=["--size", size])
        state = load(ctx.path("p" + size + ".json"))
        check(state["presentation"] and state["font_pixels"] == pixels,
              f"{size}: text at {state['font_pixels']} px, wanted {pixels}")
        check(state["window_size"] == [int(v) for v in size.split("x")], f"{state['window_size']}")
        w, h = (int(v) for v in size.split("x"))
        check_not_blank(ctx.path(f"presentation-{size}.png"), w, h)
    ctx.gui("en", ["fullscreen on", "wait-frames 5", f"dump-state {ctx.path('full.json')}",
                   "fullscreen off", "wait-frames 5", f"dump-state {ctx.path('back.json')}"],
            extra=["--size", "1280x720"])
    full = load(ctx.path("full.json"))
    back = load(ctx.path("back.json"))
    check(full["fullscreen"] and full["window_size"] == [1600, 1000], f"full screen: {full['window_size']}")
    check(not back["fullscreen"] and back["window_size"] == [1280, 720], f"windowed: {back['window_size']}")


# Words no French sentence holds: a window state dump in French must not show them in its
# interface texts (the protocol's own lines, mail contents and file names are data).
ENGLISH_ONLY = {"the", "failed", "waiting", "expected", "cannot", "found", "delivered",
                "refused", "with", "which", "please", "select", "click", "waited"}
DATA_KEYS = {"message", "mail", "selection", "console", "capture", "compose", "filter",
             "open_dialog", "recent_files"}


def english_in_french(state, path=""):
    """(path, text) of every interface string of a French state dump holding an English word."""
    out = []
    if isinstance(state, dict):
        for key, value in state.items():
            if not path and key in DATA_KEYS:
                continue
            out += english_in_french(value, f"{path}.{key}")
    elif isinstance(state, list):
        for i, value in enumerate(state):
            out += english_in_french(value, f"{path}[{i}]")
    elif isinstance(state, str):
        # Quoted values (« failed », a subject) are data: a DSN's action keeps its name.
        text = re.sub(r"«[^»]*»|\"[^\"]*\"", " ", state)
        words = {w.strip(".,:;()!?'").lower() for w in text.split()}
        if words & ENGLISH_ONLY:
            out.append((path, state))
    return out


def case_french_state_dumps(ctx):
    """The window in French through a lecture (a chapter, its lab in step mode, a message,
    a demonstration step, the mailboxes): no interface text of any state dump is English."""
    dumps = []
    script = ["welcome chapter 9", "start-lab", "step-mode on", "send-mail", "sleep 1", "step next",
              "step next", "step-mode off", "wait-delivered 1 40", "open-mailbox", "open-message 1",
              "lesson-next", "wait-lesson-step 60"]
    lines = []
    for i, action in enumerate(script):
        lines.append(action)
        dumps.append(ctx.path(f"fr{i}.json"))
        lines.append(f"dump-state {dumps[-1]}")
    ctx.gui("fr", lines, frames=2)
    for dump in dumps:
        state = load(dump)
        check(state["language"] == "fr", f"{dump}: {state['language']}")
        leaks = english_in_french(state)
        check(not leaks, f"{dump}: English in the French window: {leaks[:5]}")


def case_unprivileged_ports(ctx):
    """A student's account cannot bind 25/587/465: the topology, the node view and the
    console's target show the ports the lab really takes (2525/5587/4465), before the lab
    starts and once it runs."""
    env = {"SMTPLAB_UNPRIVILEGED_PORTS": "1"}
    ctx.gui("fr", [f"dump-state {ctx.path('before.json')}", "start-lab", "wait-frames 5",
                   f"dump-state {ctx.path('running.json')}"], env=env)
    for name in ("before", "running"):
        nodes = {n["id"]: n["ports"] for n in load(ctx.path(name + ".json"))["topology"]["node_states"]}
        check(nodes["msa.gsimaroc.com"] == "2525, 5587, 4465", f"{name}: {nodes}")
        check(nodes["relay.gsimaroc.com"] == "2525" and nodes["mx.menara.ma"] == "2525", f"{name}: {nodes}")
        check(nodes["mua.ali"] == "—", f"{name}: {nodes}")
    running = load(ctx.path("running.json"))
    check(running["console"]["target"].endswith(":2525"), f"console: {running['console']['target']}")


def case_capture_draws_what_the_wire_carried(ctx):
    """A port-465 capture that stops before any FIN: the dialogue draws the TLS band where
    the first TLS record is, says it came with no STARTTLS, and draws no FIN; a capture
    whose connection closes keeps its FIN."""
    ctx.gui("en", ["select-session 1", f"dump-state {ctx.path('465.json')}"],
            capture=os.path.join(ctx.captures, "ndpi-smtps.pcapng"))
    kinds = load(ctx.path("465.json"))["selected_session_kinds"]
    check("session_closed" not in kinds, f"a FIN the capture does not hold: {kinds}")
    check("tls_started" in kinds and kinds.index("tls_started") < kinds.index("reply"),
          f"TLS band not at the first record: {kinds}")
    ctx.gui("en", ["select-session 1", f"dump-state {ctx.path('25.json')}"],
            capture=os.path.join(ctx.captures, "zeek-smtp.pcap"))
    kinds = load(ctx.path("25.json"))["selected_session_kinds"]
    check(kinds[-1] == "session_closed" and "tls_started" not in kinds, f"{kinds}")


def case_live_lab(ctx):
    """Starts the default topology live, lets the MUA send a message, and checks that the
    window's timeline holds the real sessions (submission, relay, delivery)."""
    ctx.gui("en", ["start-lab", "send-mail", "wait-frames 5", "select-session 1", "select-dialogue 2",
                   f"dump-state {ctx.path('live.json')}", f"screenshot {ctx.path('live.png')}"])
    state = load(ctx.path("live.json"))
    check(state["live_running"] and state["timeline_source"] == "live", f"live lab not running: {state['errors']}")
    check(state["sessions"] >= 1 and state["timeline_events"] > 10, f"{state['sessions']} sessions")
    event = state["selection"]["event"]
    check(event and event["kind"] == "command" and event["verb"] in ("EHLO", "HELO"), f"line 2: {event}")
    check_not_blank(ctx.path("live.png"))


def case_mailboxes_live(ctx):
    """Runs the default topology live, waits for the test message in its mailbox, opens it:
    the queues of every server node are listed and the message view has the message."""
    ctx.gui("fr", ["start-lab", "send-mail", "open-mailbox", "open-message 1",
                   f"dump-state {ctx.path('mail.json')}", f"screenshot {ctx.path('mail.png')}"])
    state = load(ctx.path("mail.json"))
    mail = state["mail"]
    check(mail["show"] and mail["selected_mailbox"], f"mailbox panel: {mail}")
    check(len(mail["queues"]) >= 2, f"queues: {mail['queues']}")
    box = next(b for b in mail["mailboxes"] if b["address"] == mail["selected_mailbox"])
    check(box["messages"][0]["subject"] == "SMTP Lab test", f"messages: {box['messages']}")
    check("Boîtes aux lettres et files" in state["panels"], f"panels: {state['panels']}")
    check(state["message"] and state["message"]["subject"] == "SMTP Lab test", f"message: {state['message']}")
    check_not_blank(ctx.path("mail.png"))


def case_message_view(ctx):
    """Opens a multipart message with three Received fields: the path reads first hop
    first, the MIME tree and decoded text are there, and the attachment is saved (and an
    unwritable folder gives an error in the window, not an exit)."""
    eml = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "tp-attachment.eml")
    save_dir = ctx.path("saved")
    os.makedirs(save_dir, exist_ok=True)
    ctx.gui("fr", [f"open-message-file {eml}", "save-attachment 1 /no/such/folder",
                   f"dump-state {ctx.path('bad.json')}", f"save-attachment 1 {save_dir}",
                   f"dump-state {ctx.path('msg.json')}", f"screenshot {ctx.path('msg.png')}"])
    bad = load(ctx.path("bad.json"))["message"]
    check(bad["save_failed"] and "/no/such/folder" in bad["save_status"], f"bad folder: {bad}")
    msg = load(ctx.path("msg.json"))["message"]
    check(msg["subject"] == "Compte rendu du TP — pièce jointe", f"subject {msg['subject']!r}")
    hops = [(h["from"], h["by"], h["with"]) for h in msg["hops"]]
    check(hops == [("pc-benharraf", "smtp.gsimaroc.com", "ESMTPSA"),
                   ("smtp.gsimaroc.com", "mail.gsimaroc.com", "ESMTP"),
                   ("mail.gsimaroc.com", "mx.menara.ma", "ESMTPS")], f"hops {hops}")
    check([p["type"] for p in msg["mime"]] == ["multipart/mixed", "text/plain", "text/plain"], f"{msg['mime']}")
    check("réseau, œuvre, 10 €" in msg["text"], f"text {msg['text']!r}")
    check(msg["attachments"] == [{"filename": "rapport.txt", "size": 38}], f"{msg['attachments']}")
    check(not msg["save_failed"], f"save: {msg['save_status']}")
    with open(os.path.join(save_dir, "rapport.txt"), "rb") as f:
        check(f.read() == b"Rapport du TP 7\nMIME: multipart/mixed\n", "saved content")
    check("Message" in load(ctx.path("msg.json"))["panels"], "message panel visible")
    check_not_blank(ctx.path("msg.png"))


def case_message_scripts(ctx):
    """A message whose Subject and body carry French accents, Arabic, Chinese and Korean:
    the view draws every character with a glyph (no box), Arabic in its joined presentation
    forms and right to left (visual order), Latin and digits as they are."""
    eml = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "scripts.eml")
    ctx.gui("fr", [f"open-message-file {eml}", "message-tab text", "wait-frames 2",
                   f"screenshot {ctx.path('text.png')}", "message-tab headers", "wait-frames 2",
                   f"screenshot {ctx.path('headers.png')}", f"dump-state {ctx.path('msg.json')}"])
    msg = load(ctx.path("msg.json"))["message"]
    check(msg["subject"] == "Réunion — سلام عليكم — 你好 — 안녕하세요", f"subject {msg['subject']!r}")
    # Left-to-right line: only the Arabic run is reversed, each letter in its joined form
    # (ain initial, lam, yeh, kaf medial, meem final; seen initial, lam-alef, meem isolated).
    shown = msg["subject_view"]["shown"]
    check(shown == "Réunion — \ufee2\ufedc\ufef4\ufee0\ufecb \ufee1\ufefc\ufeb3 — 你好 — 안녕하세요",
          f"subject shown {shown!r}")
    for line in ["Bonjour à tous", "(été, œuvre, 10 €)", "مرحبا بالعالم، الاجتماع يوم 12 في القاعة 3.",
                 "你好世界，会议在三楼。", "안녕하세요, 회의는 3층에서 합니다."]:
        check(line in msg["text"], f"text lacks {line!r}: {msg['text']!r}")
    body = msg["text_view"]["shown"]
    check(not any(0x0621 <= ord(c) <= 0x064A for c in body), f"unshaped Arabic letters: {body!r}")
    arabic_line = next(l for l in body.split("\n") if any(0xFE70 <= ord(c) <= 0xFEFF for c in l))
    # A right-to-left line: its end (". 3") comes first, the numbers keep their digits' order.
    check(arabic_line.startswith(".3 ") and " 12 " in arabic_line, f"Arabic line {arabic_line!r}")
    check("안녕하세요, 회의는 3층에서 합니다." in body and "Bonjour à tous" in body, f"{body!r}")
    for view in ("subject_view", "text_view"):
        check(msg[view]["missing_glyphs"] == [], f"{view}: boxes for {msg[view]['missing_glyphs']}")
    check_not_blank(ctx.path("text.png"))
    check_not_blank(ctx.path("headers.png"))


def case_exercise_live(ctx):
    """A scenario's exercise against the live lab: the checkpoint the test message satisfies
    ticks, the other stays open with the evaluator's reason, the quiz gives the scenario's
    feedback, and the progress file brings all of it back on the next start."""
    os.environ["XDG_CONFIG_HOME"] = ctx.path("config")
    scenario = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "exercise.yaml")
    ctx.gui("fr", ["start-lab", "send-mail", "wait-checkpoint 1.1", "answer-quiz q1 1",
                   f"dump-state {ctx.path('wrong.json')}", "answer-quiz q1 2", "lesson-step 2",
                   f"dump-state {ctx.path('ex.json')}", f"screenshot {ctx.path('exercise.png')}"],
            extra=["--scenario", scenario])
    wrong = load(ctx.path("wrong.json"))["exercise"]["quizzes"][0]
    check(wrong["answered"] and not wrong["right"] and "relisez" in wrong["feedback"], f"wrong answer: {wrong}")
    ex = load(ctx.path("ex.json"))["exercise"]
    cps = {c["id"]: c for c in ex["checkpoints"]}
    check(cps["1.1"]["passed"], f"1.1: {cps['1.1']}")
    check(not cps["1.2"]["passed"] and cps["1.2"]["reason"], f"1.2: {cps['1.2']}")
    check(ex["quizzes"][0]["right"] and "le MDA" in ex["quizzes"][0]["feedback"], f"quiz: {ex['quizzes']}")
    # Retried after a wrong answer: solved now, but the score keeps the first try.
    check(not ex["quizzes"][0]["first_try_right"] and ex["quizzes"][0]["tries"] == 2
          and ex["quizzes"][0]["chosen"] == [2], f"first try: {ex['quizzes']}")
    check(ex["quiz_score"] == {"total": 1, "answered": 1, "first_try_right": 0}, f"score: {ex['quiz_score']}")
    check(wrong["tries"] == 1 and not wrong["first_try_right"] and wrong["chosen"] == [1], f"wrong: {wrong}")
    check(ex["step"] == 2 and "1.1" in ex["instruction"], f"step: {ex['step']} {ex['instruction']!r}")
    saved = load(os.path.join(ctx.path("config"), "smtplab", "progress", "gui-exercise.json"))
    check(saved["passed"].get("1.1") is True and saved["step"] == 1, f"progress file: {saved}")
    ctx.gui("en", [f"dump-state {ctx.path('again.json')}"], extra=["--scenario", scenario])
    again = load(ctx.path("again.json"))["exercise"]
    check(again["step"] == 2 and again["checkpoints"][0]["passed"] and again["quizzes"][0]["right"],
          f"progress not restored: {again}")
    check_not_blank(ctx.path("exercise.png"))


def case_recorded_state(ctx):
    """A lab recorded by `smtplab run --out DIR` opens in the mailboxes panel like the live
    one: its mailboxes (with the bounce back at the sender's MSA) and their messages."""
    rec = ctx.path("rec")
    subprocess.run([ctx.smtplab, "run", "--out", rec, "--free-ports"], capture_output=True, timeout=90, check=True)
    ctx.gui("en", [f"open-state {rec}", "open-mailbox benharraf@menara.ma", "open-message 1",
                   f"dump-state {ctx.path('rec.json')}", f"screenshot {ctx.path('rec.png')}"])
    state = load(ctx.path("rec.json"))
    boxes = {b["address"]: b for b in state["mail"]["mailboxes"]}
    check({"benharraf@menara.ma", "ali.belabbas@gsimaroc.com"} <= set(boxes), f"mailboxes {list(boxes)}")
    check(len(boxes["benharraf@menara.ma"]["messages"]) >= 1, f"{boxes['benharraf@menara.ma']}")
    check(state["message"] and len(state["message"]["hops"]) >= 2, f"message: {state['message']}")
    check_not_blank(ctx.path("rec.png"))


LAB_ADDRESSES = {"127.0.1.10", "127.0.1.20", "127.0.1.30", "127.0.2.20"}  # default topology


def case_live_capture(ctx):
    """The Capture panel beside the running lab: capture on lo with the topology's filter
    while the lab delivers a message, stop, save a .pcap. The live frames are the lab's SMTP
    sessions (its addresses), the dialogue view shows them with frames correlated, and the
    saved file gives the same dialogue in `smtplab analyze` and opens in tshark."""
    pcap = ctx.path("live.pcap")
    ctx.gui("en", ["start-lab", "capture-start lo", f"dump-state {ctx.path('running.json')}",
                   "send-mail", "wait-capture 3", "wait-frames 20", "capture-stop",
                   "select-session 1", "select-dialogue 2", f"capture-save {pcap}",
                   f"dump-state {ctx.path('stopped.json')}", f"screenshot {ctx.path('capture.png')}"])
    running = load(ctx.path("running.json"))
    panel = running["capture_panel"]
    check(panel["status"] == "running" and panel["interface"] == "lo", f"not capturing: {panel} {running['errors']}")
    check(all(f"host {a}" in panel["filter"] for a in LAB_ADDRESSES) and "port " in panel["filter"],
          f"filter not the topology's: {panel['filter']}")
    check("Live capture" in running["panels"], f"panels: {running['panels']}")

    state = load(ctx.path("stopped.json"))
    panel = state["capture_panel"]
    check(panel["status"] == "stopped" and not panel["error"], f"{panel['status']}: {panel['error']}")
    check(panel["frames"] > 20 and panel["kernel_drops"] == 0, f"frames {panel['frames']} drops {panel['kernel_drops']}")
    check(panel["smtp_frames"] > 10 and LAB_ADDRESSES <= set(panel["smtp_hosts"]),
          f"{panel['smtp_frames']} SMTP frames between {panel['smtp_hosts']}")
    sessions = panel["sessions"]
    check(len(sessions) >= 3, f"sessions: {sessions}")
    check({s["client"].rsplit(":", 1)[0] for s in sessions} >= {"127.0.1.10", "127.0.1.20", "127.0.1.30"},
          f"clients: {[s['client'] for s in sessions]}")
    # The views show the live capture: its sessions in the dialogue, EHLO lit with its frames.
    check(state["capture"]["file"] == "live:lo" and state["capture"]["frames"] == panel["frames"], f"{state['capture']}")
    check(state["timeline_source"] == "capture" and state["sessions"] == len(sessions), f"{state['timeline_source']}")
    event = state["selection"]["event"]
    check(event and event["verb"].upper() == "EHLO", f"dialogue line 2: {event}")
    check(state["selection"]["frames"] and state["selection"]["highlights"], f"EHLO frames: {state['selection']}")

    # The saved file: the same frames and the same dialogue, readable by tshark.
    check(panel["saved_file"] == pcap and panel["saved_frames"] == panel["frames"] and not panel["save_error"],
          f"save: {panel['saved_file']} {panel['saved_frames']} {panel['save_error']}")
    check(len(pcap_frames(pcap)) == panel["frames"], "frames in the saved file")
    analysis = ctx.analyze(pcap)
    saved = [[f"{e['frame']} {e['dir']} {e['verb'] if e['dir'] == 'C' else e['code']}"
              for e in s["dialogue"] if e["dir"] == "S" or e.get("verb")] for s in analysis["sessions"]]
    check(saved == [s["dialogue"] for s in sessions], f"saved file's dialogue {saved} != live {sessions}")
    if shutil.which("tshark"):
        ports = sorted({int(p) for p in re.findall(r"port (\d+)", panel["filter"])})
        decode = [arg for p in ports for arg in ("-d", f"tcp.port=={p},smtp")]
        run = subprocess.run(["tshark", "-r", pcap, *decode, "-Y", "smtp.req.command", "-T", "fields",
                              "-e", "frame.number", "-e", "smtp.req.command"],
                             capture_output=True, text=True, timeout=60)
        check(run.returncode == 0, f"tshark -r {pcap}: {run.stderr}")
        # tshark's smtp.req.command keeps four letters ("STAR" for STARTTLS).
        theirs = [f"{n} {v.upper()}" for n, vs in (line.split("\t") for line in run.stdout.splitlines())
                  for v in vs.split(",")]
        ours = sorted((line.split() for s in sessions for line in s["dialogue"] if " C " in line),
                      key=lambda fields: int(fields[0]))
        ours = [f"{frame} {verb.upper()[:4]}" for frame, _, verb in ours]
        check(theirs == ours, f"tshark's commands {theirs} != ours {ours}")
    check_not_blank(ctx.path("capture.png"))


def case_capture_no_permission(ctx):
    """Without CAP_NET_RAW the capture fails with a readable error in the window (libpcap's
    reason, the setcap command, what to do in French) and the rest keeps working: the lab
    still starts and the window still renders."""
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        # Unprivileged already: the plain run shows the same error path.
        prefix = []
    else:
        prefix = ["setpriv", "--bounding-set", "-net_raw,-net_admin", "--inh-caps", "-net_raw,-net_admin"]
    script = ctx.path("script.txt")
    with open(script, "w") as f:
        f.write("\n".join(["capture-start lo", "start-lab", f"dump-state {ctx.path('denied.json')}"]) + "\n")
    run = subprocess.run(XVFB + prefix + [ctx.smtplab, "gui", "--lang", "fr", "--script", script, "--screenshot",
                                          ctx.path("denied.png"), "--frames", "3"],
                         capture_output=True, text=True, timeout=100)
    check(run.returncode == 0, f"smtplab gui exited {run.returncode}\n{run.stdout}\n{run.stderr}")
    state = load(ctx.path("denied.json"))
    panel = state["capture_panel"]
    check(panel["status"] == "failed" and "permission" in panel["error"], f"capture: {panel}")
    check("setcap cap_net_raw,cap_net_admin=eip" in panel["setcap_command"], f"hint: {panel['setcap_command']}")
    error = state["errors"][0]
    check("setcap" in error["text"] and "CAP_NET_RAW" in error["hint"] and "Que faire" in error["hint"], f"{error}")
    check(state["live_running"], "the lab did not start after the capture failed")
    check_not_blank(ctx.path("denied.png"))


def node_states(state):
    return {n["id"]: n for n in state["topology"]["node_states"]}


def case_topology_faults(ctx):
    """Faults injected by script into the running lab: the MX down refuses the relay's
    connection (the relay's log says so and its queue holds the message), the MSA answering
    550 to RCPT shows as faulted with the 550 in its log; clearing brings the MX back up."""
    ctx.gui("en", ["start-lab", "inject-fault mx.menara.ma down", "send-mail",
                   "select-node relay.gsimaroc.com",
                   "wait-log relay.gsimaroc.com cannot connect to mx.menara.ma", "wait-frames 30",
                   f"dump-state {ctx.path('down.json')}", "inject-fault msa.gsimaroc.com reply 550 RCPT",
                   "send-mail", "select-node msa.gsimaroc.com", "wait-log msa.gsimaroc.com 550 ",
                   "wait-frames 10",
                   f"dump-state {ctx.path('reply.json')}", "fault-menu msa.gsimaroc.com",
                   f"screenshot {ctx.path('faults.png')}",
                   "clear-faults mx.menara.ma", "clear-faults msa.gsimaroc.com", "wait-frames 5",
                   f"dump-state {ctx.path('cleared.json')}"])
    down = load(ctx.path("down.json"))
    nodes = node_states(down)
    check(nodes["mx.menara.ma"]["state"] == "down", f"mx: {nodes['mx.menara.ma']}")
    check(nodes["mx.menara.ma"]["faults"][0]["kind"] == "node_down", f"{nodes['mx.menara.ma']}")
    check(nodes["relay.gsimaroc.com"]["state"] == "up", f"relay: {nodes['relay.gsimaroc.com']}")
    log = down["topology"]["selected_log"]
    refused = [e for e in log if "cannot connect to mx.menara.ma" in e["text"]]
    check(refused, f"no refused connection in the relay's log: {[e['text'] for e in log]}")
    check(nodes["relay.gsimaroc.com"]["queue"] >= 1, f"relay queue: {nodes['relay.gsimaroc.com']}")
    reply = load(ctx.path("reply.json"))
    nodes = node_states(reply)
    check(nodes["msa.gsimaroc.com"]["state"] == "faulted", f"msa: {nodes['msa.gsimaroc.com']}")
    check(nodes["msa.gsimaroc.com"]["faults"][0]["verb"] == "RCPT", f"{nodes['msa.gsimaroc.com']}")
    log = reply["topology"]["selected_log"]
    check(any(e["kind"] == "reply" and e.get("code") == 550 for e in log),
          f"no 550 in the MSA's log: {[e['text'] for e in log][-12:]}")
    check(reply["topology"]["selected_sessions"], "the MSA's sessions are listed")
    cleared = node_states(load(ctx.path("cleared.json")))
    check(all(n["state"] == "up" and not n["faults"] for n in cleared.values()), f"cleared: {cleared}")
    check_not_blank(ctx.path("faults.png"))


def case_topology_envelope(ctx):
    """While a session runs (replies slowed down at the MX), the topology has it open with
    its client and server nodes and an envelope drawn on its edge."""
    ctx.gui("fr", ["start-lab", "inject-fault mx.menara.ma delay 500", "send-mail", "wait-session-open",
                   "wait-frames 20", f"dump-state {ctx.path('flight.json')}",
                   f"screenshot {ctx.path('flight.png')}"])
    state = load(ctx.path("flight.json"))
    sessions = state["topology"]["active_sessions"]
    check(sessions, "no open session")
    session = sessions[0]
    check(session["server"] in node_states(state) and session["envelope"] is not None, f"{session}")
    check(0.0 <= session["envelope"] <= 1.0, f"envelope position {session}")
    check(node_states(state)["mx.menara.ma"]["state"] == "faulted", "a delay is a fault")
    check_not_blank(ctx.path("flight.png"))


def case_exercise_typed(ctx):
    """Typed answers without a lab: a free quiz answered by the script action (wrong) then
    typed into its field (right), and a checkpoint with two typed questions; the progress
    file keeps the typed text."""
    os.environ["XDG_CONFIG_HOME"] = ctx.path("config")
    scenario = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "exercise-typed.yaml")
    ctx.gui("fr", ["answer-quiz q5 2821", f"dump-state {ctx.path('wrong.json')}",
                   "type-answer q5 RFC 5321", "type-answer 1.2 MUA | MDA",
                   f"dump-state {ctx.path('half.json')}", "type-answer 1.2 mda | mua",
                   f"dump-state {ctx.path('typed.json')}", f"screenshot {ctx.path('typed.png')}"],
            extra=["--scenario", scenario])
    wrong = load(ctx.path("wrong.json"))["exercise"]["quizzes"][0]
    check(wrong["answered"] and not wrong["right"] and "2008" in wrong["feedback"], f"wrong: {wrong}")
    half = load(ctx.path("half.json"))["exercise"]
    check(half["quizzes"][0]["right"] and half["quizzes"][0]["text"] == "RFC 5321", f"{half['quizzes']}")
    check(not half["quizzes"][0]["first_try_right"] and half["quizzes"][0]["tries"] == 2, f"{half['quizzes']}")
    check(not half["checkpoints"][0]["passed"] and half["checkpoints"][0]["reason"], f"{half['checkpoints']}")
    typed = load(ctx.path("typed.json"))["exercise"]
    check(typed["checkpoints"][0]["passed"], f"1.2: {typed['checkpoints']}")
    check(typed["checkpoints"][0]["answers"] == ["mda", "mua"], f"{typed['checkpoints']}")
    saved = load(os.path.join(ctx.path("config"), "smtplab", "progress", "gui-exercise-typed.json"))
    check(saved["passed"].get("1.2") is True and saved["quiz_text"].get("q5") == "RFC 5321", f"{saved}")
    check_not_blank(ctx.path("typed.png"))


def case_lecture_pause(ctx):
    """The lecture flow: start the lab, step mode on, send a message, ten "Next" with a
    silence longer than the servers' (test-shortened, 2 s) command timeout between two of
    them. The lab's time stood still: no timeout, no failed step, and once step mode is off
    the message is delivered (wait-delivered passes)."""
    scenario = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "lecture-pause.yaml")
    ctx.gui("en", ["start-lab", "step-mode on", "send-mail", "wait-session-open",
                   "step next", "step next", "step next", "wait-frames 10",
                   "sleep 5", f"dump-state {ctx.path('paused.json')}",
                   *["step next", "wait-frames 5"] * 7, f"dump-state {ctx.path('stepped.json')}",
                   "step prev", f"dump-state {ctx.path('back.json')}",
                   "step-mode off", "wait-delivered 1 30",
                   f"dump-state {ctx.path('delivered.json')}", f"screenshot {ctx.path('lecture.png')}"],
            extra=["--scenario", scenario])
    paused = load(ctx.path("paused.json"))
    step = paused["lab_step"]
    check(paused["live_running"] and step["step_mode"] and step["unit"] == "exchange", f"{step} {paused['errors']}")
    check(step["paused"], f"the lab is not paused while it waits for Next: {step}")
    check(step["delivered"] == 0, f"delivered while held: {step}")
    stepped = load(ctx.path("stepped.json"))
    line = stepped["selection"]["dialogue_line"]
    check(line and line >= 8, f"ten steps, the newest line is not selected: {stepped['selection']}")
    check(stepped["lab_step"]["delivered"] == 0 and stepped["lab_step"]["failure"] == "", f"{stepped['lab_step']}")
    back = load(ctx.path("back.json"))["selection"]["dialogue_line"]
    check(back == line - 1, f"previous exchange: line {back} after line {line}")
    done = load(ctx.path("delivered.json"))["lab_step"]
    check(done["delivered"] >= 1 and not done["step_mode"], f"{done}")
    check(done["failure"] == "", f"a step failed: {done['failure']}")
    check_not_blank(ctx.path("lecture.png"))


def case_wait_delivered_timeout(ctx):
    """A wait that times out ends `smtplab gui --script` with a non-zero status and a line
    that names the action (the lab holds the message in step mode: nothing is delivered)."""
    script = ctx.path("script.txt")
    with open(script, "w") as f:
        f.write("start-lab\nstep-mode on\nsend-mail\nwait-delivered 1 2\n")
    run = subprocess.run(XVFB + [ctx.smtplab, "gui", "--lang", "fr", "--script", script],
                         capture_output=True, text=True, timeout=100)
    check(run.returncode != 0, f"exit {run.returncode}: {run.stderr}")
    check("script line 4: wait-delivered 1 2" in run.stderr and "failed" in run.stderr,
          f"stderr does not name the action: {run.stderr!r}")


def case_lab_stop_reset(ctx):
    """A refused step is said in the status line (never in silence); Lab > Reset starts the
    same topology again, clean (no faults, no mail, no failure); Lab > Stop stops it."""
    ctx.gui("fr", ["start-lab", "inject-fault msa.gsimaroc.com reply 550 RCPT", "send-mail",
                   "wait-log msa.gsimaroc.com 550 ", "wait-frames 10", f"dump-state {ctx.path('refused.json')}",
                   f"screenshot {ctx.path('refused.png')}",
                   "reset-lab", f"dump-state {ctx.path('reset.json')}",
                   "send-mail", "wait-delivered 1 30", f"dump-state {ctx.path('delivered.json')}",
                   "stop-lab", f"dump-state {ctx.path('stopped.json')}"])
    check(node_states(load(ctx.path("refused.json")))["msa.gsimaroc.com"]["state"] == "faulted", "no fault")
    refused = load(ctx.path("refused.json"))["lab_step"]
    check("550" in refused["failure"] and refused["delivered"] == 0, f"refusal not said: {refused}")
    reset = load(ctx.path("reset.json"))
    check(reset["live_running"] and reset["lab_step"]["failure"] == "" and reset["lab_step"]["delivered"] == 0,
          f"reset is not clean: {reset['lab_step']} {reset['errors']}")
    check(reset["sessions"] == 0, f"the old sessions are still shown: {reset['sessions']}")
    check(all(n["state"] == "up" and not n["faults"] for n in node_states(reset).values()),
          f"faults survived the reset: {node_states(reset)}")
    delivered = load(ctx.path("delivered.json"))["lab_step"]
    check(delivered["delivered"] == 1 and delivered["failure"] == "", f"after reset: {delivered}")
    stopped = load(ctx.path("stopped.json"))
    check(not stopped["live_running"] and stopped["lab_step"]["delivered"] == 0, f"not stopped: {stopped['lab_step']}")


def case_reset_while_held(ctx):
    """Reset while the step gate holds a message (the lab is busy sending): the lab starts
    again clean and in step mode, nothing was delivered."""
    ctx.gui("en", ["start-lab", "step-mode on", "send-mail", "wait-session-open", "step next",
                   "reset-lab", f"dump-state {ctx.path('reset.json')}"])
    reset = load(ctx.path("reset.json"))
    step = reset["lab_step"]
    check(reset["live_running"] and step["step_mode"] and step["delivered"] == 0, f"{step} {reset['errors']}")
    check(reset["sessions"] == 0 and not reset["errors"], f"{reset['sessions']} sessions, {reset['errors']}")


def case_step_units(ctx):
    """One "Next" of one session lets the submission session run to its end, and the lab
    holds the relay's next session; one hop then hands the message on."""
    ctx.gui("en", ["start-lab", "step-mode on", "step-unit session", "send-mail", "wait-session-open",
                   "step next", "wait-frames 60", "sleep 1", f"dump-state {ctx.path('session.json')}",
                   "step-unit hop", "step next", "wait-frames 60", "sleep 1",
                   f"dump-state {ctx.path('hop.json')}",
                   "step-mode off", "wait-delivered 1 30"])
    session = load(ctx.path("session.json"))
    check(session["lab_step"]["unit"] == "session" and session["lab_step"]["delivered"] == 0, f"{session['lab_step']}")
    check(session["timeline_events"] > 15, f"the session did not run: {session['timeline_events']} events")
    check(session["lab_step"]["paused"], f"the lab does not hold the next session: {session['lab_step']}")
    hop = load(ctx.path("hop.json"))
    check(hop["lab_step"]["unit"] == "hop" and hop["timeline_events"] > session["timeline_events"],
          f"the hop did not run: {hop['timeline_events']} events")


def case_lecture_with_capture(ctx):
    """"Next" drives the lab while a live capture has the views: the steps' frames arrive."""
    ctx.gui("en", ["start-lab", "capture-start lo", "step-mode on", "send-mail", "wait-session-open",
                   "step next", "step next", "step next", "wait-frames 30", "sleep 1",
                   f"dump-state {ctx.path('stepped.json')}", "step-mode off", "wait-delivered 1 30",
                   "capture-stop"])
    state = load(ctx.path("stepped.json"))
    panel = state["capture_panel"]
    if panel["status"] != "running":
        print(f"SKIP: no live capture here ({panel['status']}: {panel['error']})")
        sys.exit(77)
    check(state["timeline_source"] == "capture", f"the capture does not have the views: {state['timeline_source']}")
    check(panel["smtp_frames"] >= 2, f"the steps did not move the lab: {panel['smtp_frames']} SMTP frames")
    check(state["selection"]["event"] and state["selection"]["frames"],
          f"the step's line and frames are not selected: {state['selection']}")


def case_console_tcp(ctx):
    """The console talks real TCP: a local server greets with 220, answers the line the
    window sends, and must receive it with CRLF."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(60)
    port = server.getsockname()[1]
    received = []

    def serve():
        conn, _ = server.accept()
        conn.settimeout(60)
        conn.sendall(b"220 test.example ESMTP ready\r\n")
        data = b""
        while not data.endswith(b"\r\n"):
            chunk = conn.recv(1024)
            if not chunk:
                break
            data += chunk
        received.append(data)
        conn.sendall(b"503 5.5.1 Bad sequence of commands\r\n")
        conn.recv(1024)  # until the window closes
        conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ctx.gui("en", [f"console-connect 127.0.0.1:{port}", "wait-console S: 220",
                   "console-send RCPT TO:<a@b.example>", "wait-console S: 503", f"dump-state {ctx.path('console.json')}"])
    lines = load(ctx.path("console.json"))["console"]["lines"]
    check(received == [b"RCPT TO:<a@b.example>\r\n"], f"server received {received}")
    check("S: 220 test.example ESMTP ready" in lines, f"console lines {lines}")
    check("C: RCPT TO:<a@b.example>" in lines and "S: 503 5.5.1 Bad sequence of commands" in lines, f"{lines}")


def case_console_starttls(ctx):
    """The console does what openssl s_client and a pipelining client do, through the one
    transport: it calls from the MUA's lab address, the typed STARTTLS upgrades the session
    on its 220, the AUTH helper builds the PLAIN line, and a batch leaves in one write. The
    message typed by hand reaches the recipient's mailbox. Played in French and English."""
    for lang, tls_text in (("en", "TLS established"), ("fr", "TLS établi")):
        dump = ctx.path(f"console-{lang}.json")
        shot = ctx.path(f"console-starttls-{lang}.png")
        ctx.gui(lang, [
            "start-lab", "console-from mua.ali", "console-connect msa.gsimaroc.com:submission",
            "wait-console S: 220 ", "console-send EHLO pc.example.org", "wait-console S: 250 ",
            "console-send STARTTLS", f"wait-console {tls_text}",
            "console-send EHLO pc.example.org", "wait-console [TLS] S: 250 ",
            "console-auth PLAIN ali.belabbas sesame", "console-enter", "wait-console [TLS] S: 235",
            "console-batch MAIL FROM:<ali.belabbas@gsimaroc.com>\\nRCPT TO:<benharraf@menara.ma>\\nDATA",
            "wait-console [TLS] S: 354",
            f"console-batch Subject: typed by hand ({lang})\\n\\nBonjour.\\n.",
            "wait-console [TLS] S: 250 ", f"screenshot {shot}", "console-send QUIT",
            "wait-console S: 221", "open-mailbox benharraf@menara.ma", f"dump-state {dump}"])
        state = load(dump)
        lines = state["console"]["lines"]
        text = "\n".join(lines)
        check(any(l.startswith("-- ") and "127.0.1.10:" in l for l in lines), f"source address: {text}")
        check(any(tls_text in l for l in lines), f"no TLS line: {text}")
        # Inside TLS the MSA offers AUTH and no longer STARTTLS (RFC 3207 §4.2).
        inside = [l for l in lines if l.startswith("[TLS] S: 250")]
        check(any("AUTH" in l for l in inside) and not any("STARTTLS" in l for l in inside), text)
        check("[TLS] C: AUTH PLAIN AGFsaS5iZWxhYmJhcwBzZXNhbWU=" in lines, text)
        check(any(l.startswith("[TLS] S: 235") for l in lines), text)
        box = next(b for b in state["mail"]["mailboxes"] if b["address"] == "benharraf@menara.ma")
        check(any(m["subject"] == f"typed by hand ({lang})" for m in box["messages"]), f"{box}")
        check_not_blank(shot)


def case_console_pipelining(ctx):
    """A batch pasted in the console leaves in ONE write: a local server reads the three
    commands with a single recv() (RFC 2920), and the console source combo's address is
    the one the server sees."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(60)
    port = server.getsockname()[1]
    received = []

    def serve():
        conn, peer = server.accept()
        conn.settimeout(60)
        conn.sendall(b"220 test.example ESMTP ready\r\n")
        received.append(conn.recv(4096))
        received.append(peer[0])
        conn.sendall(b"250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n")
        conn.recv(1024)
        conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ctx.gui("en", ["console-from 127.0.0.5", f"console-connect 127.0.0.1:{port}", "wait-console S: 220",
                   "console-batch MAIL FROM:<a@example.org>\\nRCPT TO:<b@example.org>\\nDATA",
                   "wait-console S: 354", f"dump-state {ctx.path('batch.json')}"])
    thread.join(10)
    check(received[:1] == [b"MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n"],
          f"one read got {received}")
    check(received[1:] == ["127.0.0.5"], f"source {received[1:]}")
    lines = load(ctx.path("batch.json"))["console"]["lines"]
    check("C: DATA" in lines and "S: 354 End data with <CR><LF>.<CR><LF>" in lines, f"{lines}")


def case_compose_send(ctx):
    """The compose panel sends a chosen message: To, Cc, Bcc, a UTF-8 subject, 8-bit text,
    NOTIFY=SUCCESS,FAILURE, through the MSA on the submission port with AUTH. Every
    recipient is accepted, the Bcc recipient gets the message without appearing in any
    header field, and the delivered message has the subject and the 8-bit text typed."""
    import email
    import email.policy
    for lang in ("fr", "en"):
        dump = ctx.path(f"compose-{lang}.json")
        shot = ctx.path(f"compose-{lang}.png")
        subject = f"Réunion de vendredi ({lang})"
        ctx.gui(lang, [
            "start-lab", "compose-open", "compose-set to benharraf@menara.ma",
            "compose-set cc ali.belabbas@gsimaroc.com", "compose-set bcc Henri.Dupont@menara.ma",
            f"compose-set subject {subject}", "compose-set body Bonjour,\\nLa réunion est à 10 h.\\n",
            "compose-set eight-bit on", "compose-set notify success,failure", "compose-send",
            f"screenshot {shot}", "open-mailbox Henri.Dupont@menara.ma", "open-message 1",
            f"dump-state {dump}"])
        state = load(dump)
        outcome = state["compose"]["recipients"]
        check(len(outcome) == 3 and all(r["accepted"] for r in outcome), f"{state['compose']}")
        check(state["message"]["subject"] == subject, f"{state['message']}")
        head = state["message"]["raw_head"]
        msg = email.message_from_string(head + "\r\n\r\n", policy=email.policy.default)
        for field in ("To", "Cc", "Bcc"):
            check("Henri.Dupont" not in str(msg.get(field, "")), f"Bcc leaked into {field}: {msg[field]}")
        check("Content-Transfer-Encoding: 8bit" in head, head)
        check("à 10 h" in state["message"]["text"], state["message"]["text"])
        check_not_blank(shot)

def case_language_from_locale(ctx):
    """Without --lang the window opens in the locale's language (LC_ALL, LC_MESSAGES,
    LANG), and once the user picks one, that choice wins at the next launch."""
    def language(env):
        dump = ctx.path("lang.json")
        ctx.gui(None, [f"dump-state {dump}"], env=env)
        return load(dump)["language"]
    check(language({"LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}) == "fr", "LANG=fr_FR")
    check(language({"LANG": "fr_FR.UTF-8", "LC_ALL": "C.UTF-8", "LC_MESSAGES": ""}) == "en", "LC_ALL wins")
    check(language({"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": "fr_CA.UTF-8"}) == "fr", "LC_MESSAGES")
    ctx.gui(None, ["switch-language fr"], env={"LANG": "C", "LC_ALL": "", "LC_MESSAGES": ""})
    check(language({"LANG": "C", "LC_ALL": "", "LC_MESSAGES": ""}) == "fr", "the saved choice")


def case_first_launch(ctx):
    """The start page leads: in French it lists the chapters with their French titles and
    the four ways in; one click on "Play the default lab step by step" starts the lab in
    step mode with the Capture panel open and a message on its way; the console button
    connects the console to a lab node that listens (not 127.0.0.1:25)."""
    ctx.gui("fr", ["welcome show", f"screenshot {ctx.path('welcome-fr.png')}",
                   f"dump-state {ctx.path('welcome.json')}", "welcome play", "wait-session-open",
                   f"dump-state {ctx.path('play.json')}"], frames=5)
    page = load(ctx.path("welcome.json"))
    check(page["welcome"]["show"] and len(page["welcome"]["chapters"]) >= 13, f"{page['welcome']}")
    check(any("première session" in t for t in page["welcome"]["chapters"]), f"{page['welcome']}")
    play = load(ctx.path("play.json"))
    check(play["live_running"] and play["step_mode"], f"live {play['live_running']} step {play['step_mode']}")
    check(play["capture_panel"]["show"], f"{play['capture_panel']}")
    check(not play["welcome"]["show"], "the start page closed")
    check_not_blank(ctx.path("welcome-fr.png"))
    ctx.gui("en", ["welcome console", "wait-console S: 220", f"dump-state {ctx.path('console.json')}"])
    console = load(ctx.path("console.json"))["console"]
    check(console["connected"] and not console["target"].startswith("127.0.0.1:25"), f"{console}")
    check(any(l.startswith("S: 220") for l in console["lines"]), f"{console['lines']}")


def demo_presses(scenario):
    """How many "Next" presses take a chapter from its first step to its hands-on section."""
    import yaml
    with open(os.path.join(SOURCE_DIR, "scenarios", scenario)) as f:
        steps = yaml.safe_load(f)["steps"]
    for i, step in enumerate(steps):
        if isinstance(step, dict) and step.get("section") == "lab":
            return i
    raise AssertionError(f"{scenario}: no hands-on section")


def play_demo(ctx, lang, chapter, scenario, shot_at=None, extra=()):
    presses = demo_presses(scenario)
    lines = [f"welcome chapter {chapter}", *extra]
    for n in range(1, presses + 1):
        lines += ["lesson-next", "wait-lesson-step 60"]
        if n == shot_at:
            lines += [f"screenshot {ctx.path(f'demo-{chapter}-{lang}.png')}"]
    lines += [f"dump-state {ctx.path(f'demo-{chapter}-{lang}.json')}"]
    ctx.gui(lang, lines)
    return load(ctx.path(f"demo-{chapter}-{lang}.json")), presses


def case_demo_in_window(ctx):
    """A lecturer plays a chapter's demonstration in the window with "Next": every step is
    played by the runner on the window's own lab (chapter 9: faults, sends, clock jumps,
    waits), the narration is shown, the lab is left with no fault armed, and nothing the
    demonstration did passes a hands-on checkpoint (the window grades as it plays)."""
    state, presses = play_demo(ctx, "fr", 9, "09-queue.yaml", shot_at=6)
    demo = state["demo"]
    check(not demo["busy"] and demo["error"] == "", f"{demo}")
    check(len(demo["played"]) == presses, f"{presses} steps played: {demo['played']}")
    failed = [p for p in demo["played"] if not p["ok"]]
    check(not failed, f"steps failed: {failed}")
    check(any("Greylisting" in p["text"] for p in demo["played"]), f"{demo['played']}")
    check(state["exercise"]["step"] == presses + 1, f"at step {state['exercise']['step']}")
    passed = [c["id"] for c in state["exercise"]["checkpoints"] if c["passed"]]
    check(not passed, f"the demonstration passed {passed}")
    nodes = node_states(state)
    check(all(n["state"] == "up" and not n["faults"] for n in nodes.values()), f"{nodes}")
    check_not_blank(ctx.path("demo-9-fr.png"))
    # In English, chapter 2, in step mode: the demonstration's scripted client waits for
    # "Next exchange" at each exchange, and the step ends once they are all released.
    presses = demo_presses("02-first-session.yaml")
    lines = ["welcome chapter 2", "step-mode on", "lesson-next", "sleep 0.5",
             f"dump-state {ctx.path('held.json')}"]
    lines += ["step next", "sleep 0.2"] * 30
    lines += ["wait-lesson-step 30"]
    lines += ["lesson-next", "wait-lesson-step 60"] * (presses - 1)
    lines += [f"dump-state {ctx.path('demo-2-en.json')}"]
    ctx.gui("en", lines)
    held = load(ctx.path("held.json"))
    check(held["demo"]["busy"] and held["demo"]["playing"] == 2, f"held: {held['demo']}")
    state = load(ctx.path("demo-2-en.json"))
    demo = state["demo"]
    check(len(demo["played"]) == presses and all(p["ok"] for p in demo["played"]), f"{demo}")
    passed = [c["id"] for c in state["exercise"]["checkpoints"] if c["passed"]]
    check(not passed, f"the demonstration passed {passed}")


def case_exercise_frames(ctx):
    """Chapter 13 in the window: the frame questions are graded on the window's live
    capture by the same source as `smtplab check`. Before any session 13.1 says the student
    sent nothing; after TP13 typed in the console (the capture started just before, so the
    session's SYN, SYN-ACK and ACK are its first frames and the server closes first, which
    tshark confirms on the saved capture), the same wrong handshake, graded again as the lab
    grew, is refused as wrong (an answer was computed), the right ones pass; 13.4 passes with
    the answers `smtplab analyze` gives for the supplied capture."""
    os.environ["XDG_CONFIG_HOME"] = ctx.path("config")
    wild = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scenarios",
                        "captures", "13-wild.pcapng")
    report = subprocess.run([ctx.smtplab, "analyze", "--lang", "en", wild], capture_output=True, text=True,
                            timeout=60, check=True).stdout
    sessions = re.search(r"(\d+) SMTP session\(s\)", report).group(1)
    user = re.search(r"credentials in clear \(\w+, frame \d+\): user '([^']*)'", report).group(1)
    smuggling = next(re.match(r"Session (\d+):", p.strip()).group(1) for p in report.split("\n\n")
                     if "possible SMTP smuggling" in p)
    saved = ctx.path("lab.pcapng")
    ctx.gui("en", ["start-lab", "capture-start lo", "type-answer 13.1 2,1,3",
                   f"dump-state {ctx.path('before.json')}",
                   "console-connect mail.gsimaroc.com", "wait-console S: 220",
                   "console-send EHLO pc-student.gsimaroc.com", "wait-console S: 250",
                   "console-send MAIL FROM:<benharraf@gsimaroc.com>", "wait-console S: 250",
                   "console-send RCPT TO:<ali.belabbas@gsimaroc.com>", "wait-console S: 250",
                   "console-send DATA", "wait-console S: 354",
                   "console-batch Subject: TP13\\n\\nWatch the frames.\\n.", "wait-console S: 250",
                   "console-send QUIT", "wait-console S: 221", "wait-frames 30",
                   f"dump-state {ctx.path('wrong.json')}",
                   "type-answer 13.1 1,2,3", "type-answer 13.3 127.0.1.20",
                   f"type-answer 13.4 {sessions} | {user} | {smuggling}",
                   f"dump-state {ctx.path('right.json')}", "capture-stop", f"capture-save {saved}"],
            extra=["--scenario", "13"])
    cps = lambda name: {c["id"]: c for c in load(ctx.path(name))["exercise"]["checkpoints"]}
    before = cps("before.json")["13.1"]
    check(not before["passed"] and "none of your sessions carried" in before["reason"], f"{before}")
    wrong = cps("wrong.json")["13.1"]
    check(not wrong["passed"] and "wrong answer" in wrong["reason"], f"{wrong}")
    # What the predicted answers rest on, read by tshark from the same frames.
    fields = subprocess.run(["tshark", "-r", saved, "-T", "fields", "-e", "tcp.flags", "-e", "ip.src"],
                            capture_output=True, text=True, timeout=60).stdout.split("\n")
    flags = [int(line.split()[0], 16) for line in fields if line.strip()]
    fin = next(line.split()[1] for line in fields if line.strip() and int(line.split()[0], 16) & 1)
    check(flags[:3] == [0x002, 0x012, 0x010] and fin == "127.0.1.20",
          f"the capture does not open with the student's session: {fields[:4]}, first FIN {fin}")
    right = cps("right.json")
    for checkpoint in ("13.1", "13.3", "13.4"):
        check(right[checkpoint]["passed"], f"{checkpoint}: {right[checkpoint]}")


def case_frame_relative_numbers(ctx):
    """The frame details give Seq and Ack relative to each side's first number beside the
    raw ones, in the header's order, with the values `smtplab analyze --frames` prints
    (the numbers lesson 13 asks about)."""
    wild = os.path.join(SOURCE_DIR, "scenarios", "captures", "13-wild.pcapng")
    frames = subprocess.run([ctx.smtplab, "analyze", "--lang", "en", "--frames", wild], capture_output=True,
                            text=True, timeout=60, check=True).stdout
    seq, ack = re.search(r"^    \[9\] .* Seq=(\d+) Ack=(\d+) ", frames, re.M).groups()
    ctx.gui("en", [f"open-capture {wild}", "select-frame 9", f"dump-state {ctx.path('rel.json')}"])
    fields = [(d["field"], d["value"]) for d in load(ctx.path("rel.json"))["frame_details"]
              if "number" in d["field"]]
    check(fields[:4] == [("Sequence number (raw)", fields[0][1]), ("Sequence number (relative)", seq),
                         ("Acknowledgment number (raw)", fields[2][1]), ("Acknowledgment number (relative)", ack)],
          f"{fields}")


def run_window_walkthrough(ctx, chapter):
    """A student finishes a chapter in the window alone: the walkthrough's UI script
    (scenarios/walkthrough/NN.ui) presses "Next" through the demonstration, then does the
    hands-on section with the window's own tools only (compose panel, console, topology
    menu, the lab's clock and DNS lookup, the Exercise tab), in French then in English, and
    every checkpoint of the chapter passes. A fresh configuration each time: no progress
    carried over from an earlier run."""
    import yaml
    walkthrough = os.path.join(SOURCE_DIR, "scenarios", "walkthrough", f"{chapter}.ui")
    with open(walkthrough, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    scenario = next(p for p in os.listdir(os.path.join(SOURCE_DIR, "scenarios"))
                    if p.startswith(f"{chapter}-") and p.endswith(".yaml"))
    with open(os.path.join(SOURCE_DIR, "scenarios", scenario), encoding="utf-8") as f:
        steps = yaml.safe_load(f)["steps"]
    expected = [s["checkpoint"]["id"] for s in steps if isinstance(s, dict) and "checkpoint" in s]
    check(expected, f"{scenario}: no checkpoint")
    for lang in ("fr", "en"):
        os.environ["XDG_CONFIG_HOME"] = ctx.path(f"config-{lang}")
        dump = ctx.path(f"walkthrough-{chapter}-{lang}.json")
        # From the SMTP Lab folder, where the lessons' relative paths (scenarios/files/…) start.
        ctx.gui(lang, lines + [f"dump-state {dump}"], screenshot=ctx.path(f"walkthrough-{chapter}-{lang}.png"),
                timeout=140, cwd=SOURCE_DIR)
        cps = {c["id"]: c for c in load(dump)["exercise"]["checkpoints"]}
        failed = {i: cps.get(i, {}).get("reason") for i in expected if not cps.get(i, {}).get("passed")}
        check(not failed, f"{lang}: checkpoints not passed in the window: {failed}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smtplab", required=True)
    parser.add_argument("--case", required=True)
    parser.add_argument("--captures", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if shutil.which("xvfb-run") is None:
        print("SKIP: xvfb-run is not installed (apt-get install xvfb xauth); the GUI tests need it")
        return 77
    case = globals().get("case_" + args.case)
    if case is None and args.case.startswith("walkthrough_"):
        chapter = args.case[len("walkthrough_"):]
        case = lambda ctx: run_window_walkthrough(ctx, chapter)  # noqa: E731
    if case is None:
        print(f"unknown case {args.case}")
        return 2
    case(Ctx(args))
    print(f"ok {args.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
