#!/usr/bin/env python3
"""Draws the sample course's podcast cover, Content/assets/images/podcast-cover.png: three
rings (the three flows) on a plain ground, 1400 × 1400 px, the smallest square Apple
Podcasts accepts. Python's standard library only (zlib and a hand-written PNG)."""
import struct
import sys
import zlib

SIZE = 1400
GROUND, RINGS = (246, 241, 232), [(47, 110, 104), (196, 112, 75), (92, 84, 140)]


def pixel(x, y):
    for number, color in enumerate(RINGS):
        cx, cy = SIZE / 2 + [-230, 230, 0][number], SIZE / 2 + [150, 150, -250][number]
        if 300 ** 2 <= (x - cx) ** 2 + (y - cy) ** 2 <= 360 ** 2:
            return color
    return GROUND


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


rows = b"".join(b"\0" + bytes(v for x in range(SIZE) for v in pixel(x, y)) for y in range(SIZE))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
path = sys.argv[1] if len(sys.argv) > 1 else "Content/assets/images/podcast-cover.png"
open(path, "wb").write(png)
print(f"{path}: {len(png)} bytes")
