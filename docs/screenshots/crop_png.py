#!/usr/bin/env python3
"""Crops a screenshot of the window to one panel: crop_png.py IN.png OUT.png X Y W H.
Reads the 8-bit RGBA PNGs smtplab writes (with the GUI tests' decoder), writes an
unfiltered one."""
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "gui"))
from test_gui import png_pixels  # noqa: E402  (one PNG decoder for tests and docs)


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def main():
    src, dst = sys.argv[1], sys.argv[2]
    x, y, w, h = map(int, sys.argv[3:7])
    _, _, rows = png_pixels(src)
    raw = b"".join(b"\0" + rows[r][x * 4:(x + w) * 4] for r in range(y, y + h))
    with open(dst, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    main()
