"""Build resources/fonts/hsd-names-fallback.ttf once (the result is committed; not run at build time).

The report font IPAexGothic lacks some characters of personal names (𠮷, and the JIS X 0213
kanji beyond its set). This takes IPAmj明朝 (Debian fonts-ipamj-mincho, IPA Font License v1.0)
and keeps only the glyphs for: every JIS X 0213:2004 character IPAexGothic lacks, plus the few
well-known name characters outside JIS X 0213 listed in EXTRA. Layout tables, hinting and vertical
metrics are dropped. As the IPA Font License requires of a derived program, the font is renamed.

Run: .venv/bin/python packaging/make_name_font.py   (needs fonttools: pip install fonttools)
Size: 1.28 MB for 3,108 characters (the full IPAmj set IPAexGothic lacks would be 18.7 MB).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")
BASE = ROOT / "resources" / "fonts" / "ipaexg.ttf"
OUT = ROOT / "resources" / "fonts" / "hsd-names-fallback.ttf"
FAMILY = "HSD Names Fallback"
EXTRA = "𠮷"  # つちよし: not in JIS X 0213, common in surnames (𠮷田, 𠮷野)


def in_jis_x_0213(cp: int) -> bool:
    try:
        chr(cp).encode("euc_jis_2004")
    except UnicodeEncodeError:
        return False
    return True


def main() -> int:
    base = set(TTFont(BASE).getBestCmap())
    source = TTFont(SOURCE)
    have = set(source.getBestCmap())
    wanted = sorted(cp for cp in have - base if in_jis_x_0213(cp) or chr(cp) in EXTRA)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.drop_tables += ["vhea", "vmtx", "GSUB", "GPOS", "VORG"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=wanted)
    sub.subset(source)
    names = source["name"]
    for rec in names.names:
        if rec.nameID in (1, 4, 16):
            rec.string = FAMILY
        elif rec.nameID in (3, 6):
            rec.string = FAMILY.replace(" ", "")
    source.save(OUT)
    print(f"{OUT.name}: {len(wanted)} characters, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
