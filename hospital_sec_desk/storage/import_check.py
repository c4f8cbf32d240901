"""Reading and validating an export file before anything is written.

Every problem is collected (not only the first) as "<where>：<what>" in Japanese, where
<where> is a path into the file such as `assessments[0].answers.bcp.value.choice`.
docs/data-format.md describes the format; docs/export.schema.json is its JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

from ..domain.answer_kinds import at, check_value
from ..domain.contacts import SEEDED_KEY
from ..domain.edition import Item
from .errors import ImportRejected
from .store import CONTACT_FIELDS, FACILITY_FIELDS

FORMAT_NAME = "hospital-sec-desk-export"
FORMAT_VERSION = 2  # 2: with drills and bcp_text (exchange_planning.py); 1 still imports
# Bounds of an import file (docs/data-format.md, "What import checks"): a file beyond them is
# refused before it is parsed into objects, so a hostile file costs seconds and little memory.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CONTAINERS = 100_000  # JSON objects and arrays in the whole file
MAX_VALUES = 1_000_000  # values in the whole file (counted by their separators)
MAX_CONTACTS = 5_000
MAX_ASSESSMENTS = 1_000
MAX_DIGITS = 20  # digits of one number (the largest the format uses is 100,000)
MAX_PROBLEMS = 100  # problems listed; the rest are counted
MAX_TEXT = 10_000
CONTACT_CATEGORIES = ("inhouse", "vendor", "outside")
SEEDED = SEEDED_KEY  # the default contacts were added once
# Settings carried by the export, with the kind of value each holds ("flag": only "1").
EXPORTED_SETTINGS = {"contacts_confirmed_on": "date", SEEDED: "flag"}
REF_RE = re.compile(r"[A-Za-z0-9_-]{1,40}")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_YEARS = (2000, 2200)  # the years a date typed in the app can have (domain.text.parse_date)
DATETIME_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?")
ROOT = "(ファイル全体)"
# The keys of each fixed-shape object in the file; all are required, no others allowed.
TOP_KEYS = ("format", "format_version", "app_version", "exported_at",
            "facility", "settings", "contacts", "assessments", "drills", "bcp_text")
FACILITY_KEYS = (*FACILITY_FIELDS, "updated_at")
CONTACT_KEYS = ("ref", *CONTACT_FIELDS, "updated_at")
ASSESSMENT_KEYS = ("year", "questionnaire", "edition", "created_at", "closed", "last_item",
                   "answers", "action_items")
ANSWER_KEYS = ("value", "memo", "vendor_flag", "vendor", "state", "updated_at")
ACTION_KEYS = ("owner", "due", "status", "note", "updated_at")


where = at  # the location of `key` inside `parent`, as shown in messages: a.b[0].c


def _type_name(value) -> str:
    names = {bool: "真偽値", int: "整数", float: "小数", str: "文字列", list: "配列", dict: "オブジェクト"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


# A JSON string literal (the unrolled form, fast on long strings); removed before counting.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)


def too_big(size: int) -> str:
    return f"{ROOT}：ファイルが大きすぎます（{size:,} バイト、上限 {MAX_FILE_BYTES:,} バイト）"


def _count_elements(text: str) -> None:
    """Refuse a file with more objects, arrays or values than the format can need.

    Counting the raw characters gives upper bounds, enough for every real file; only when a
    bound is exceeded are the strings taken out (their brackets and commas are not elements).
    """
    containers, values = text.count("{") + text.count("["), text.count(",") + 1
    if containers <= MAX_CONTAINERS and values <= MAX_VALUES:
        return
    strings = (text.count('"') - text.count('\\"')) // 2
    if strings <= 2 * MAX_VALUES:  # (each value has at most one key)
        skeleton = _STRING.sub("", text)
        containers, values = skeleton.count("{") + skeleton.count("["), skeleton.count(",") + 1
    else:
        values = strings
    if containers > MAX_CONTAINERS or values > MAX_VALUES:
        raise ImportRejected([f"{ROOT}：要素が多すぎます（オブジェクト・配列 {containers:,} 個、値 約 {values:,} 個。"
                              f"上限はそれぞれ {MAX_CONTAINERS:,} 個、{MAX_VALUES:,} 個）"])


def _number(kind):
    def parse(text: str):
        digits = sum(ch.isdigit() for ch in text)
        if digits > MAX_DIGITS:
            raise ValueError(f"桁数の多すぎる数があります（{digits:,} 桁、上限 {MAX_DIGITS} 桁）")
        return kind(text)
    return parse


def parse_bytes(raw: bytes) -> dict:
    """Decode and parse an export file; raise ImportRejected saying where it is broken."""
    if len(raw) > MAX_FILE_BYTES:
        raise ImportRejected([too_big(len(raw))])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ImportRejected([f"{line}行目（先頭から {exc.start} バイト目）：UTF-8 として読めない文字があります"]) from exc

    def no_duplicates(pairs):
        seen: dict = {}
        for key, value in pairs:
            if key in seen:
                raise ValueError(f"キー「{key[:50]}」が重複しています")
            seen[key] = value
        return seen

    def no_constant(name):
        raise ValueError(f"JSONでは使えない値 {name} があります")

    _count_elements(text)
    try:
        data = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant,
                          parse_int=_number(int), parse_float=_number(float))
    except json.JSONDecodeError as exc:
        raise ImportRejected([f"{exc.lineno}行目 {exc.colno}文字目：JSONとして読めません（{exc.msg}）"]) from exc
    except ValueError as exc:
        raise ImportRejected([f"{ROOT}：{exc}"]) from exc
    except RecursionError as exc:
        raise ImportRejected([f"{ROOT}：入れ子が深すぎます"]) from exc
    if not isinstance(data, dict):
        raise ImportRejected([f"{ROOT}：JSONオブジェクトではありません（{_type_name(data)}）"])
    return data


class Checker:
    """Collects problems; each check returns True when the value is acceptable."""

    def __init__(self) -> None:
        self.problems: list[str] = []  # the first MAX_PROBLEMS
        self.count = 0  # all of them

    def fail(self, loc: str, what: str) -> bool:
        self.count += 1
        if self.count <= MAX_PROBLEMS:
            self.problems.append(f"{loc or ROOT}：{what}")
        return False

    def rejected(self) -> ImportRejected:
        """The problems to report: the first MAX_PROBLEMS, with the count of all of them."""
        return ImportRejected(self.problems, total=self.count)

    def obj(self, value, loc: str, required: tuple[str, ...]) -> bool:
        """An object with exactly the `required` keys (missing and unknown keys reported)."""
        if not isinstance(value, dict):
            return self.fail(loc, f"オブジェクトではありません（{_type_name(value)}）")
        ok = True
        for key in required:
            if key not in value:
                ok = self.fail(where(loc, key), "必要な項目がありません")
        for key in value:
            if key not in required:
                ok = self.fail(where(loc, key), "不明な項目です")
        return ok

    def mapping(self, value, loc: str) -> bool:
        if not isinstance(value, dict):
            return self.fail(loc, f"オブジェクトではありません（{_type_name(value)}）")
        return True

    def array(self, value, loc: str, max_len: int | None = None) -> bool:
        if not isinstance(value, list):
            return self.fail(loc, f"配列ではありません（{_type_name(value)}）")
        if max_len is not None and len(value) > max_len:
            return self.fail(loc, f"件数が多すぎます（{len(value):,} 件、上限 {max_len:,} 件）")
        return True

    def text(self, value, loc: str, *, max_len: int = MAX_TEXT) -> bool:
        if not isinstance(value, str):
            return self.fail(loc, f"文字列ではありません（{_type_name(value)}）")
        if len(value) > max_len:
            return self.fail(loc, f"長すぎます（{len(value):,} 文字、上限 {max_len:,} 文字）")
        for i, ch in enumerate(value):
            if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cs"):
                return self.fail(loc, f"使えない制御文字 U+{ord(ch):04X} があります（{i + 1} 文字目）")
        return True

    def choice(self, value, loc: str, allowed, label: str = "値") -> bool:
        if not self.text(value, loc, max_len=200):
            return False
        if value not in allowed:
            shown = "、".join(allowed) if len(allowed) <= 12 else f"{len(allowed)} 種類"
            return self.fail(loc, f"{label}「{value[:50]}」は使えません（使えるもの：{shown}）")
        return True

    def boolean(self, value, loc: str) -> bool:
        if not isinstance(value, bool):
            return self.fail(loc, f"真偽値（true / false）ではありません（{_type_name(value)}）")
        return True

    def integer(self, value, loc: str, low: int, high: int) -> bool:
        if isinstance(value, bool) or not isinstance(value, int):
            return self.fail(loc, f"整数ではありません（{_type_name(value)}）")
        if not low <= value <= high:
            return self.fail(loc, f"範囲外の数です（{value}、{low}〜{high}）")
        return True

    def date(self, value, loc: str, *, empty_ok: bool = False) -> bool:
        if not self._iso(value, loc, empty_ok, DATE_RE, dt.date.fromisoformat, "日付（例 2026-04-01）"):
            return False
        low, high = DATE_YEARS
        if value and not low <= int(value[:4]) <= high:
            return self.fail(loc, f"年が範囲外です（「{value}」、{low}〜{high}年）")
        return True

    def datetime(self, value, loc: str, *, empty_ok: bool = False) -> bool:
        return self._iso(value, loc, empty_ok, DATETIME_RE, dt.datetime.fromisoformat,
                         "日時（例 2026-04-01T09:30:00+09:00）")

    def _iso(self, value, loc: str, empty_ok: bool, pattern, parse, what: str) -> bool:
        if not self.text(value, loc, max_len=40):
            return False
        if empty_ok and value == "":
            return True
        try:
            ok = bool(pattern.fullmatch(value)) and parse(value) is not None
        except ValueError:
            ok = False
        return ok or self.fail(loc, f"{what}ではありません（「{value[:40]}」）")

    def ref(self, value, loc: str) -> bool:
        if not self.text(value, loc, max_len=40):
            return False
        return bool(REF_RE.fullmatch(value)) or self.fail(loc, "参照名は英数字・-・_ の 1〜40 文字です")

    # -- answer values, checked against the edition's item ----------------------
    def answer_value(self, value, loc: str, item: Item) -> None:
        """The value's shape belongs to its item's kind (domain/answer_kinds.py)."""
        check_value(item, value, loc, self)
