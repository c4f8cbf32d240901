"""CJK line breaking for pdf_base.Para: reportlab's own algorithm, on cached glyph widths.

reportlab (5.x) breaks a CJK paragraph glyph by glyph: a str subclass per glyph, a stringWidth
call per glyph and, for paragraphs of several fragments (colour, <br/>, a kept date), a frag
comparison per glyph — the costliest step of the whole report. The functions here compute the
same lines with the same arithmetic:

- a glyph's width is stringWidth of that glyph alone (exactly what reportlab computes), kept
  per font and size;
- greedy breaking with reportlab's fuzz, its look-back inside a non-Asian run and its kinsoku
  rule (a character that cannot start a line hangs in the margin), in the same order;
- a line's words are runs of equal fragments (sameFrag), compared once per fragment boundary
  instead of once per glyph (a fragment is always equal to itself).

Only plain fragments take this path: one with an image, a callback or a non-string text goes
through reportlab's code (`supported` says which).
"""

from __future__ import annotations

from unicodedata import category

from reportlab.lib.rl_accel import sameFrag
from reportlab.lib.textsplit import ALL_CANNOT_START, dumbSplit
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, ParaLines
from reportlab.rl_config import _FUZZ

_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
_WIDTHS_MAX = 400  # (font, size) tables; the poster tries many sizes while it fits itself


def widths(font: str, size: float, text: str) -> list[float]:
    """The width of each glyph of `text`, as stringWidth(glyph, font, size) gives it."""
    table = _WIDTHS.get((font, size))
    if table is None:
        if len(_WIDTHS) >= _WIDTHS_MAX:
            _WIDTHS.clear()
        table = _WIDTHS[(font, size)] = {}
    try:
        return [table[ch] for ch in text]
    except KeyError:
        for ch in text:
            if ch not in table:
                table[ch] = stringWidth(ch, font, size)
        return [table[ch] for ch in text]


def supported(frags) -> bool:
    return all(isinstance(getattr(f, "text", None), str) and not hasattr(f, "cbDefn") for f in frags)


def single(frag, max_widths: list[float]) -> list:
    """reportlab's single-fragment path (textsplit.wordSplit): [[extraSpace, text], …]."""
    text = frag.text
    return dumbSplit(text, widths(frag.fontName, frag.fontSize, text), max_widths)


def _line(chars, frags, ws, start, stop, max_width, width_used, extra_space, line_break):
    """makeCJKParaLine for glyphs start:stop."""
    words = []
    max_size = max_ascent = min_descent = 0
    run_frag, run_start = None, start
    seen = None
    for i in range(start, stop):
        f = frags[i]
        if f is not seen:  # font metrics and the frag comparison once per fragment
            seen = f
            size = f.fontSize
            ascent, descent = getAscentDescent(f.fontName, size)
            max_size = max(max_size, size)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
            same = run_frag is not None and sameFrag(run_frag, f)
        else:
            same = run_frag is not None and not (hasattr(f, "lineBreak") or hasattr(f, "cbDefn"))
            if not same and run_frag is not None:
                same = bool(sameFrag(run_frag, f))
        if not same:
            if run_frag is not None:
                word = run_frag.clone()
                word.text = "".join(chars[run_start:i])
                words.append(word)
            run_frag, run_start = f, i
    if run_frag is not None:
        word = run_frag.clone()
        word.text = "".join(chars[run_start:stop])
        words.append(word)
    return FragLine(kind=1, extraSpace=extra_space, wordCount=1, words=words, fontSize=max_size,
                    ascent=max_ascent, descent=min_descent, maxWidth=max_width,
                    currentWidth=width_used, lineBreak=line_break)


def split(frags, max_widths: list[float]) -> ParaLines:
    """reportlab's cjkFragSplit for plain fragments (see `supported`)."""
    chars: list[str] = []
    owner: list = []
    ws: list[float] = []
    for f in frags:
        text = f.text
        if text:
            chars.extend(text)
            owner.extend([f] * len(text))
            ws.extend(widths(f.fontName, f.fontSize, text))
        else:
            chars.append(text)
            owner.append(f)
            ws.append(0.0)
    lines = []
    i = width_used = start = 0
    max_width = max_widths[0]
    n = len(chars)
    while i < n:
        u = chars[i]
        w = ws[i]
        i += 1
        width_used += w
        line_break = hasattr(owner[i - 1], "lineBreak")
        if (width_used > max_width + _FUZZ and width_used > 0) or line_break:
            extra_space = max_width - width_used
            if not line_break:
                if ord(u) < 0x3000:  # inside a non-Asian run: look back for a space or a kanji
                    limit = (start + i) >> 1
                    for j in range(i - 1, limit, -1):
                        uj = chars[j]
                        if uj and category(uj) == "Zs" or ord(uj) >= 0x3000:
                            k = j + 1
                            if k < i:
                                j = k + 1
                                extra_space += sum(ws[ii] for ii in range(j, i))
                                w = ws[k]
                                u = chars[k]
                                i = j
                                break
                if u not in ALL_CANNOT_START and i > start + 1:  # kinsoku: it hangs, else back
                    i -= 1
                    extra_space += w
            lines.append(_line(chars, owner, ws, start, i, max_width, width_used, extra_space,
                               line_break))
            try:
                max_width = max_widths[len(lines)]
            except IndexError:
                max_width = max_widths[-1]
            start = i
            width_used = 0
    if width_used > 0:
        lines.append(_line(chars, owner, ws, start, n, max_width, width_used, max_width - width_used,
                           False))
    return ParaLines(kind=1, lines=lines)
