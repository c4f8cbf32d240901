"""Japanese phone numbers: normalise what was typed and say (in Japanese) when it looks wrong.

normalize_phone() never throws away what was typed: on a doubtful number it returns the
cleaned text together with a message, and the caller keeps the text as entered.
"""

from __future__ import annotations

import re
import unicodedata

# Every dash-like character a clerk's IME or a copied web page may produce.
_DASHES = "‐‑‒–—―−ｰー─━﹣－⁃˗"
_DASH_RE = re.compile(f"[{_DASHES}]")
_SPACES_RE = re.compile(r"[\s\u3000]+")
_ALLOWED_RE = re.compile(r"^[0-9#\-]+$")
_SHORT_RE = re.compile(r"^(1\d\d|#\d{4})$")  # 110, 119, 171 … and #9110, #7119 …

# Prefix -> (total digits, how to group digits-only input, label for the message).
_SPECIAL = (
    ("0120", 10, (4, 3, 3), "フリーダイヤル（0120）"),
    ("0800", 11, (4, 3, 4), "フリーダイヤル（0800）"),
    ("0570", 10, (4, 3, 3), "ナビダイヤル（0570）"),
    ("050", 11, (3, 4, 4), "IP電話（050）"),
    ("070", 11, (3, 4, 4), "携帯電話（070）"),
    ("080", 11, (3, 4, 4), "携帯電話（080）"),
    ("090", 11, (3, 4, 4), "携帯電話（090）"),
    ("020", 11, (3, 4, 4), "020 で始まる番号"),
)
# Fixed lines whose area code is unambiguous enough to add hyphens to a digits-only entry.
_TWO_DIGIT_AREAS = ("03", "06")

EXAMPLE = "例：03-1234-5678、090-1234-5678、0120-123-456"


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", text or "")
    s = _DASH_RE.sub("-", s)
    s = _SPACES_RE.sub("", s)
    # 03(3595)2430 / (03)3595-2430 -> hyphens
    s = s.replace("(", "-").replace(")", "-")
    if s.startswith("+81"):
        s = "0" + s[3:].lstrip("-")
    s = re.sub(r"-{2,}", "-", s).strip("-")
    return s


def _group(digits: str, sizes: tuple[int, ...]) -> str:
    parts, pos = [], 0
    for n in sizes:
        parts.append(digits[pos:pos + n])
        pos += n
    return "-".join(p for p in parts if p)


def normalize_phone(text: str) -> tuple[str, str | None]:
    """Return (normalised number, None) or (cleaned text, message in Japanese).

    '０３－３５９５－２４３０' -> ('03-3595-2430', None); '' -> ('', None).
    Hyphens the user typed are kept where they were; a digits-only entry gets
    hyphens only where the grouping is certain (0120, 050, mobiles, 03, 06).
    """
    s = _clean(text)
    if not s:
        return "", None
    if not _ALLOWED_RE.match(s):
        if re.search(r"内線|ext|EXT|Ext", s):
            return s, "内線番号は「内線」の欄に入力してください。"
        return s, "電話番号は数字とハイフンで入力してください（使えない文字があります）。"
    digits = s.replace("-", "")
    if "#" in s:
        if _SHORT_RE.match(digits):
            return digits, None
        return s, "「#9110」のように # と4桁の数字で入力してください。"
    if _SHORT_RE.match(digits):
        return digits, None
    if not digits.startswith("0"):
        return s, "市外局番（0から始まる番号）から入力してください。"
    if digits.startswith("00"):
        return s, "国内の番号を0から入力してください（国際電話の番号は使えません）。"
    for prefix, length, groups, label in _SPECIAL:
        if digits.startswith(prefix):
            if len(digits) != length:
                return s, f"{label}の番号は{length}桁です（いま{len(digits)}桁）。"
            return (s if "-" in s else _group(digits, groups)), None
    if len(digits) != 10:
        return s, f"固定電話の番号は市外局番から10桁です（いま{len(digits)}桁）。"
    if "-" in s:
        return s, None
    if digits[:2] in _TWO_DIGIT_AREAS:
        return _group(digits, (2, 4, 4)), None
    return digits, None
