#!/usr/bin/env python3
"""Builds the renderer's bundled fallback font for rare Han characters.

Names of people hold characters that Noto Serif SC / Noto Sans SC (the body and
heading fonts) lack: CJK Extension B-F and the compatibility ideographs. This script
takes them from Debian's `fonts-hanazono` (花園明朝 A and B, GlyphWiki project, under
the Hanazono Font License, which permits modified copies; see fonts/LICENSES.md),
keeps only the Han ideographs the Noto fonts do not have, and cuts them into chunks
of consecutive code points, each a small TrueType font compressed with zlib. The
renderer embeds the chunks in its binary and inflates one only when a character in
its range is first needed (typeset/src/fallback.rs).

Not part of the build or the tests: run it only to rebuild the committed chunks,
e.g. for a newer fonts-hanazono. Needs Python 3 with fontTools (`pip install
fonttools`) and `apt-get download` (Debian). Output is deterministic for the same
input fonts.

    scripts/make-fallback-fonts.py            # writes src-tauri/crates/typeset/fonts/fallback/
"""

import io
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zlib

from fontTools import subset
from fontTools.ttLib import TTFont

REPO = pathlib.Path(__file__).resolve().parent.parent
FONTS = REPO / "src-tauri/crates/typeset/fonts"
OUT = FONTS / "fallback"

# Han ideograph ranges worth a fallback (the URO and Ext A are in Noto already, but
# whatever Noto lacks there is taken too).
HAN = [
    (0x3400, 0x4DBF),  # Ext A
    (0x4E00, 0x9FFF),  # URO
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x2FFFF),  # plane 2: Ext B-F, I, compatibility supplement
    (0x30000, 0x3FFFF),  # plane 3: Ext G-H
]

# Raw glyph bytes per chunk: ~2.4 MB raw is ~1.4 MB compressed and inflates in a
# few milliseconds, so a rare name costs one small chunk, not the whole 30 MB face.
CHUNK_GLYF_BYTES = 2_400_000


def is_han(u):
    return any(a <= u <= b for a, b in HAN)


def hanazono_dir(work):
    """The .ttf files of fonts-hanazono, from `apt-get download` (no install)."""
    subprocess.run(["apt-get", "download", "fonts-hanazono"], cwd=work, check=True)
    deb = next(pathlib.Path(work).glob("fonts-hanazono_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), "x"], cwd=work, check=True)
    return pathlib.Path(work) / "x/usr/share/fonts/truetype/hanazono", deb.name


def glyph_sizes(font, cmap):
    """Bytes of each code point's outline in `font`."""
    loca = font["loca"]
    order = font.getGlyphOrder()
    gid = {name: i for i, name in enumerate(order)}
    return {u: loca[gid[n] + 1] - loca[gid[n]] for u, n in cmap.items()}


def chunks(codepoints, sizes):
    """Consecutive runs of code points, each with about CHUNK_GLYF_BYTES of outlines and
    none spanning a wide gap (so the ranges of the two source faces never overlap)."""
    run, total = [], 0
    for u in codepoints:
        if run and (total + sizes[u] > CHUNK_GLYF_BYTES or u - run[-1] > 0x800):
            yield run
            run, total = [], 0
        run.append(u)
        total += sizes[u]
    if run:
        yield run


def subset_font(path, unicodes, ps_name):
    """A TrueType font of just `unicodes`, no hinting, layout or vertical tables."""
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.drop_tables += ["BASE", "GDEF", "GSUB", "GPOS", "FFTM", "vhea", "vmtx", "gasp", "prop"]
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.recalc_timestamp = False
    font = TTFont(path)
    sub = subset.Subsetter(options=opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    name = font["name"]
    for rec in name.names:
        if rec.nameID == 6:
            rec.string = ps_name
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main():
    noto = set()
    for f in ["NotoSerifSC_400Regular.ttf", "NotoSansSC_700Bold.ttf"]:
        noto |= set(TTFont(FONTS / f, lazy=True).getBestCmap())
    with tempfile.TemporaryDirectory() as work:
        src, deb = hanazono_dir(work)
        plan = []  # (source file, code points)
        taken = set()
        # B first: its Ext B-F outlines are the newer ones where A has a few too.
        for face in ["HanaMinB.ttf", "HanaMinA.ttf"]:
            font = TTFont(src / face)
            cmap = font.getBestCmap()
            want = sorted(u for u in cmap if is_han(u) and u not in noto and u not in taken)
            taken |= set(want)
            sizes = glyph_sizes(font, {u: cmap[u] for u in want})
            for run in chunks(want, sizes):
                plan.append((src / face, run))
        plan.sort(key=lambda p: p[1][0])

        if OUT.exists():
            shutil.rmtree(OUT)
        OUT.mkdir(parents=True)
        index = []
        raw_total = packed_total = 0
        for path, run in plan:
            lo, hi = run[0], run[-1]
            stem = path.stem  # HanaMinA / HanaMinB
            ps_name = f"{stem}-SD{lo:05X}"
            ttf = subset_font(path, run, ps_name)
            packed = zlib.compress(ttf, 9)
            name = f"{lo:05X}-{hi:05X}.ttf.z"
            (OUT / name).write_bytes(packed)
            index.append((lo, hi, len(run), len(ttf), name))
            raw_total += len(ttf)
            packed_total += len(packed)
            print(f"{name}: {len(run)} characters, {len(ttf)} -> {len(packed)} bytes", file=sys.stderr)

    lines = [
        "// Generated by scripts/make-fallback-fonts.py from Debian's fonts-hanazono",
        f"// ({deb}); do not edit.",
        "// Chunks of consecutive code points: (first, last,",
        "// zlib-compressed TrueType font). Ranges are sorted and do not overlap.",
        "#[rustfmt::skip]",
        "pub(crate) static CHUNKS: &[(u32, u32, &[u8])] = &[",
    ]
    for lo, hi, n, raw, name in index:
        lines.append(f'    (0x{lo:05X}, 0x{hi:05X}, include_bytes!("../fonts/fallback/{name}")), // {n} chars, {raw} B')
    lines.append("];")
    (REPO / "src-tauri/crates/typeset/src/fallback_chunks.rs").write_text("\n".join(lines) + "\n")
    print(
        f"{len(index)} chunks, {len(taken)} characters: {raw_total} bytes of fonts, {packed_total} compressed",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
