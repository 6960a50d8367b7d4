#!/usr/bin/env python3
"""Generate the portal's own neutral favicon (no crown, no crest).

Writes static/images/favicon.svg and static/images/favicon.ico (16, 32 and
48 px PNG entries) from one shape: a white monogram "A" on a dark teal
(#005a5a) rounded square. Standard library only; deterministic output.

Usage: python3 static/src/make_favicon.py
"""

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "images"

TEAL = (0x00, 0x5A, 0x5A)
WHITE = (0xFF, 0xFF, 0xFF)
SIZE = 32.0  # design grid
RADIUS = 6.0
# The "A": outer outline and triangular counter (even-odd fill).
OUTER = [(7, 27), (14, 5), (18, 5), (25, 27), (21, 27), (19.25, 21.5),
         (12.75, 21.5), (11, 27)]
COUNTER = [(14.0, 17.5), (18.0, 17.5), (16, 11.3)]


def _fmt(n):
    return f"{n:g}"


def svg():
    def pts(poly):
        return " ".join(f"{_fmt(x)} {_fmt(y)}" for x, y in poly)

    d = f"M{pts(OUTER)}Z M{pts(COUNTER)}Z"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" '
        'width="32" height="32">\n'
        f'  <rect width="32" height="32" rx="{_fmt(RADIUS)}" fill="#005a5a"/>\n'
        f'  <path fill="#fff" fill-rule="evenodd" d="{d}"/>\n'
        "</svg>\n"
    )


def _inside(poly, x, y):
    inside = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _in_rounded_square(x, y):
    r = RADIUS
    cx = min(max(x, r), SIZE - r)
    cy = min(max(y, r), SIZE - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def _pixel(px, py, size, ss=4):
    """Return RGBA for one pixel, anti-aliased by ss x ss supersampling."""
    acc = [0.0, 0.0, 0.0]
    alpha = 0
    scale = SIZE / size
    for sy in range(ss):
        for sx in range(ss):
            x = (px + (sx + 0.5) / ss) * scale
            y = (py + (sy + 0.5) / ss) * scale
            if not _in_rounded_square(x, y):
                continue
            alpha += 1
            letter = _inside(OUTER, x, y) and not _inside(COUNTER, x, y)
            colour = WHITE if letter else TEAL
            for k in range(3):
                acc[k] += colour[k]
    if alpha == 0:
        return (0, 0, 0, 0)
    return tuple(round(c / alpha) for c in acc) + (round(255 * alpha / ss**2),)


def _png(size):
    rows = b""
    for py in range(size):
        rows += b"\x00" + b"".join(bytes(_pixel(px, py, size)) for px in range(size))

    def chunk(tag, data):
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def ico(sizes=(16, 32, 48)):
    images = [_png(s) for s in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    for s, data in zip(sizes, images):
        entries += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32,
                               len(data), offset)
        offset += len(data)
    return header + entries + b"".join(images)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(svg(), encoding="utf-8")
    (OUT / "favicon.ico").write_bytes(ico())
    print(f"wrote {OUT / 'favicon.svg'} and {OUT / 'favicon.ico'}")


if __name__ == "__main__":
    main()
