#!/usr/bin/env python3
"""A signing table for the benchmarks: `bench-table.py WORK N` writes WORK/sig/0..7.png
(signature-like strokes), WORK/dir.png and WORK/batch.csv with N signers for
`signdesk-cli sign --batch` (header 姓名,工号,部门,employee,director,name:director)."""
import struct, sys, zlib, os
work, n = sys.argv[1], int(sys.argv[2])
def png(seed):
    w, h = 300, 100
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            import math
            on = 20 <= x < 280 and abs(y - (50 + 30 * math.sin((x + seed) / 18))) < 2.5
            row += bytes([20, 24, 40, 255]) if on else bytes(4)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
os.makedirs(f"{work}/sig")
for i in range(8):
    open(f"{work}/sig/{i}.png", "wb").write(png(i * 7))
open(f"{work}/dir.png", "wb").write(png(99))
depts = ["客服部", "安全科", "工程部", "调度中心"]
with open(f"{work}/batch.csv", "w", encoding="utf-8") as f:
    f.write("姓名,工号,部门,employee,director,name:director\n")
    for i in range(n):
        f.write(f"员工{i:04d},E{i:05d},{depts[i % 4]},sig/{i % 8}.png,dir.png,周总监\n")
