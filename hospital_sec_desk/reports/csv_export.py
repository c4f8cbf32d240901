"""CSV of the year's answers: UTF-8 with BOM and CRLF, so Japanese Excel opens it as is.

One row per item of every questionnaire of the year. Cells that Excel would read as
a formula (starting with = + - @, or a tab / carriage return) get a leading ' .

Excel (Japanese, opening the file by double-click: no import wizard, every column "General")
turns 「2-1」「1-1」「3/6」 into dates, 「0120000111」 into a number without its leading zero and
long digit strings into rounded numbers. A leading apostrophe is shown as typed in a CSV (it only
hides in a cell typed by hand), so such cells are written as the formula ="2-1": Excel shows its
text result, 2-1, and sorting/filtering see text. Only short cells matching those shapes get it
(a formula string is limited to 255 characters); their quotes are doubled, so the content stays
a string literal and is never evaluated.
"""

from __future__ import annotations

import csv
import io
import re

from .context import ReportContext
from .rows import format_stamp, item_rows, questionnaire_label, vendor_label

HEADER = ("調査票", "番号", "質問", "回答", "状態", "メモ", "ベンダー確認", "更新日時")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# Shapes Excel converts on open: dates/times (2-1, 1/2, 2026.4, 3-6-1, 10:30), digit strings with a
# leading zero or longer than 11 digits (phone numbers with or without - ( ) and spaces), and
# exponent / percent / fraction forms (1E5, 5%, 1 1/2).
_CONVERTED = re.compile(
    r"^(?:\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?"
    r"|\d{1,2}:\d{2}(?::\d{2})?"
    r"|\+?0[\d\-() ]*\d|\d{12,}"
    r"|\d+(?:\.\d+)?[eE][+-]?\d+|\d+(?:\.\d+)?%|\d+ \d+/\d+)$")
TEXT_FORMULA_MAX = 250


def as_text(value: str) -> str:
    """A cell Excel would convert to a date or number, written so that it stays text."""
    if len(value) <= TEXT_FORMULA_MAX and _CONVERTED.match(value.strip()):
        return '="' + value.replace('"', '""') + '"'
    return value


def guard(value: object) -> str:
    """Neutralise CSV formula injection: a cell Excel would evaluate is prefixed with '."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return as_text(text)


def csv_rows(ctx: ReportContext) -> list[list[str]]:
    rows: list[list[str]] = []
    for a in ctx.assessments:
        for r in item_rows(a):
            vendor = ""
            if r.record is not None and r.record.vendor_flag:
                vendor = f"要確認（{vendor_label(ctx.contact(r.record.vendor_id))}）"
            rows.append([questionnaire_label(a), r.item.number, r.item.title,
                         r.text if r.applicable else "", r.status, r.memo, vendor,
                         format_stamp(r.record.updated_at) if r.record else ""])
    return rows


def export_csv(ctx: ReportContext) -> bytes:
    """The CSV file's bytes (BOM + header + one row per item)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for row in csv_rows(ctx):
        writer.writerow([guard(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")

