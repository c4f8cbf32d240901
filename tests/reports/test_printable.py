"""pdf_base.clean and safe decide by code point what the fonts print: the same texts as a check
against sets of the characters themselves (the main font, the names fallback font, controls,
variation selectors, newlines, characters neither font has)."""

from __future__ import annotations

import random
import unicodedata
from functools import lru_cache

from hospital_sec_desk.reports import pdf_base
from hospital_sec_desk.reports.fonts import fallback_coverage, main_coverage


@lru_cache(maxsize=2)
def _chars(fallback: bool) -> frozenset[str]:
    chars = {chr(c) for c in main_coverage()} | {"\n"}
    return frozenset(chars | {chr(c) for c in fallback_coverage()} if fallback else chars)


def _reference_clean(text: str, fallback: bool) -> str:
    chars = _chars(fallback)
    s = pdf_base._SPACES.sub(" ", unicodedata.normalize("NFC", text))
    return "".join(ch if ch in chars else pdf_base._replacement(ch) for ch in s)


def _texts() -> list[str]:
    rnd = random.Random(3)
    main, extra = sorted(main_coverage()), sorted(fallback_coverage())
    odd = ["\x07", "\u200d", "\ufe0f", "\U0001F600", "\u0301", "\uE000", "\n", "\u3000", "&<>"]
    texts = ["医療情報システム", "𠮷野家の髙橋", "行1\n行2", "", "絵文字😀と結合文字e\u0301"]
    for _ in range(300):
        parts = [chr(rnd.choice(main)) for _ in range(rnd.randrange(0, 12))]
        parts += [chr(rnd.choice(extra)) for _ in range(rnd.randrange(0, 3))]
        parts += rnd.sample(odd, rnd.randrange(0, 3))
        rnd.shuffle(parts)
        texts.append("".join(parts))
    return texts


def test_clean_keeps_what_the_fonts_have():
    for text in _texts():
        for fallback in (False, True):
            assert pdf_base.clean(text, fallback=fallback) == _reference_clean(text, fallback), (text, fallback)


def _reference_safe(text: str) -> str:
    """pdf_base._safe as it was written on sets of characters."""
    s = _reference_clean(text, True)
    extra = _chars(True) - _chars(False)
    out, run, in_fb = [], "", False
    for ch in s + "\0":
        fb = ch in extra
        if (fb != in_fb or ch == "\0") and run:
            out.append(f'<font name="{pdf_base.FALLBACK}">{pdf_base.escape(run)}</font>' if in_fb
                       else pdf_base.escape(run))
            run = ""
        in_fb = fb
        run += ch
    return "".join(out).replace("\n", "<br/>")


def test_safe_wraps_the_fallback_characters():
    wrapped = 0
    for text in _texts():
        markup = pdf_base._safe(text, None)
        assert markup == _reference_safe(text), text
        wrapped += "<font" in markup
    assert wrapped > 100


def test_the_fonts_differ():
    assert fallback_coverage() and not (fallback_coverage() & main_coverage())
