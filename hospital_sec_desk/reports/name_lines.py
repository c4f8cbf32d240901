"""Line breaking for names on the poster: never inside a word, a number or a phone number.

reportlab breaks Japanese text at any character (「医療技術情報推/進室」). A name, an office or a
company is broken here instead, in this order of preference:

1. between the parts of a text: the items of a run of details (「　」), then its words (spaces:
   「医政局 研究開発振興課 医療技術情報推進室」 breaks only between 局, 課 and 室);
2. inside a word, at a natural boundary: after 局・課・部・室・係, after 「・」「、」 or a closing
   bracket, before an opening bracket, around 株式会社 and the other legal forms — never before
   a character that makes the boundary a compound (課長, 部門, 室内) or cannot start a line;
3. a part that still does not fit on a line of its own is printed slightly smaller on that line,
   down to `min_ratio` of the size;
4. only then does it wrap character by character (reportlab's CJK rules, which keep a run of
   digits, letters and hyphens together where it can).

`fit_lines` returns the lines (text, size, may_wrap); the poster makes one paragraph of each.
Widths are measured with the bundled font at size 1 and scaled (cached per text).
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.lib.textsplit import ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import register_fonts
from .pdf_base import clean

# A break after these ends an organisational unit (医政局 / 研究開発振興課 / 推進室) ...
_UNIT_END = "局課部室係"
# ... unless the next character makes a compound with it (局長, 部門, 課員, 室内, 部品, 部署, 部分).
_COMPOUND_NEXT = set("長門員内外品署分位屋材会")
_OPEN = "（「『【〔［｛〈《(["
_CLOSE_OR_LIST = "）」』】〕］｝〉》)]・、，,：:"
_LEGAL_FORMS = re.compile(
    "株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|公益社団法人|公益財団法人"
    "|社会医療法人|医療法人社団|医療法人財団|医療法人|独立行政法人|国立研究開発法人|地方独立行政法人")


@lru_cache(maxsize=8192)
def unit_width(text: str) -> float:
    """The width of `text` at size 1 in the bundled font (as printed: cleaned)."""
    return stringWidth(clean(text), register_fonts(), 1.0)


def _boundaries(word: str) -> list[int]:
    """Positions inside `word` where it may break (level 2 of the module's docstring)."""
    cuts = set()
    for m in _LEGAL_FORMS.finditer(word):
        cuts.update((m.start(), m.end()))
    for i, ch in enumerate(word[:-1], 1):
        nxt = word[i]
        if ch in _CLOSE_OR_LIST or (ch in _UNIT_END and nxt not in _COMPOUND_NEXT):
            cuts.add(i)
        if nxt in _OPEN:
            cuts.add(i)
    return sorted(c for c in cuts if 0 < c < len(word) and word[c] not in ALL_CANNOT_START)


JOINERS = ("　", " ", "", "")  # what joins two pieces of each level on one line
LEVELS = 4  # 0: details' items, 1: words, 2: natural boundaries, 3: script changes


def _script(ch: str) -> str:
    o = ord(ch)
    if 0x30A0 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F:
        return "katakana"
    if 0x3040 <= o <= 0x309F:
        return "hiragana"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o or ch in "々〆":
        return "kanji"
    return "other"


def _script_changes(word: str) -> list[int]:
    """Where a kanji or katakana run starts after another script (名前の|地域, 連携|ネットワーク);
    never before hiragana (長い stays whole) or a character that cannot start a line."""
    return [i for i in range(1, len(word))
            if _script(word[i]) in ("kanji", "katakana") and _script(word[i - 1]) not in ("other", _script(word[i]))
            and word[i] not in ALL_CANNOT_START]


@lru_cache(maxsize=4096)
def _pieces(text: str, level: int) -> tuple[str, ...]:
    """`text` cut at the level's break points (a space joiner is dropped)."""
    if level < 2:
        return tuple(p.strip() for p in text.split(JOINERS[level]) if p.strip())
    cuts = [0, *(_boundaries(text) if level == 2 else _script_changes(text)), len(text)]
    return tuple(text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a)


def fit_lines(text: str, size: float, width: float, min_ratio: float = 0.8, min_size: float = 0.0,
              slack: float = 1.0) -> list[tuple[str, float, bool]]:
    """`text` in lines of at most `width` points: [(line, font size, may wrap further), …].

    Lines are at `size`, filled greedily with the largest parts that fit; a part too wide for
    a line of its own is printed alone at the size that fits, not below max(size × min_ratio,
    min_size), else cut at script changes, else returned with may_wrap=True (reportlab then
    wraps it by character, at `size`). A line typed by the user (a newline) stays a line.
    `slack`: points kept free at the line's end."""
    limit = width - slack + 1e-6
    floor = min(size, max(size * min_ratio, min_size))
    out: list[tuple[str, float, bool]] = []
    for typed in clean(text, fallback=True).split("\n"):
        _close(_fill(typed.strip(), 0, "", size, floor, limit, out), size, out)
    return out


def _close(line: str, size: float, out: list) -> None:
    line = line.rstrip(" 　")
    if line:
        out.append((line, size, False))


def _fits(text: str, size: float, limit: float) -> bool:
    return unit_width(text) * size <= limit


def _fill(text: str, level: int, line: str, size: float, floor: float, limit: float, out: list) -> str:
    """Add `text`'s parts of `level` to the open `line`; returns the line still open."""
    joiner = JOINERS[level]
    for piece in _pieces(text, level):
        trial = f"{line}{joiner}{piece}" if line else piece
        if _fits(trial, size, limit):
            line = trial
            continue
        if _fits(piece, size, limit):  # on a line of its own
            _close(line, size, out)
            line = piece
        elif level == 2 and len(_pieces(piece, 2)) == 1 and _fits(piece, floor, limit):
            _close(line, size, out)  # one unbreakable segment, slightly too wide: smaller, alone
            out.append((piece, limit / unit_width(piece), False))
            line = ""
        elif level + 1 < LEVELS:  # break it further, continuing the open line
            line = _fill(piece, level + 1, f"{line}{joiner}" if line else line, size, floor, limit, out)
        else:  # nothing left but breaking by character
            _close(line, size, out)
            out.append((piece, size, True))
            line = ""
    return line
