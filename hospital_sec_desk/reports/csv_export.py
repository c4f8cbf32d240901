"""CSV of the year's answers: UTF-8 with BOM and CRLF, so Japanese Excel opens it as is.

One row per item of every questionnaire of the year. Cells that Excel would read as
a formula (starting with = + - @, or a tab / carriage return) get a leading ' .
"""

from __future__ import annotations

import csv
import io

from .context import ReportContext
from .rows import format_stamp, item_rows, questionnaire_label, vendor_label

HEADER = ("調査票", "番号", "質問", "回答", "状態", "メモ", "ベンダー確認", "更新日時")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard(value: object) -> str:
    """Neutralise CSV formula injection: a cell Excel would evaluate is prefixed with '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


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

