"""The year's action plan, answers and drill log as one Excel workbook (.xlsx, openpyxl).

Sheets: 行動計画 (source item, 担当, 期限, 状況, memo), 回答 (every item), 研修・訓練.
Each sheet has a bold header row, fixed widths, a frozen header (and source columns),
dates as real Excel dates (yyyy/mm/dd) and item numbers stored as text, so 2-1 or 1-1
never turn into dates. Every text cell is stored as a string, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.bcp_facts import ACTION_STATUS_LABELS
from ..domain.drills import Drill, newest_first
from .context import ReportContext
from .rows import action_rows, item_rows, short_label

DATE_FORMAT = "yyyy/mm/dd"
HEAD_FILL = PatternFill("solid", fgColor="DCE4EE")
XL_FONT = "游ゴシック"   # shipped with Windows/Office; Excel substitutes when missing
CELL_MAX = 32_000        # Excel's cell limit is 32,767 characters

ACTION_HEAD = (("調査票", 14), ("番号", 8), ("項目", 50), ("回答", 16), ("担当", 18), ("期限", 12),
               ("状況", 9), ("メモ", 40))
ANSWER_HEAD = (("調査票", 14), ("番号", 8), ("質問", 56), ("回答", 30), ("状態", 16), ("メモ", 40),
               ("更新日", 12))
DRILL_HEAD = (("実施日", 12), ("種類", 12), ("テーマ・研修名", 30), ("参加人数", 9), ("気づいた課題", 40),
              ("決めた改善策", 40), ("次回予定日", 12))


def _date(value: object) -> dt.date | None:
    text = str(value or "").strip()[:10]
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _text(value: object) -> str:
    return ("" if value is None else str(value))[:CELL_MAX]


def _sheet(ws: Worksheet, head: tuple[tuple[str, int], ...], rows: Iterable[list], *, date_cols: set[int],
           text_cols: set[int], freeze: str) -> None:
    ws.append([h for h, _ in head])
    for n, (_, width) in enumerate(head, start=1):
        c = ws.cell(row=1, column=n)
        c.font = Font(name=XL_FONT, bold=True)
        c.fill = HEAD_FILL
        c.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(n)].width = width
    for r, row in enumerate(rows, start=2):
        for n, value in enumerate(row, start=1):
            c = ws.cell(row=r, column=n)
            if n in date_cols:
                c.value = _date(value)
                if c.value is None and str(value or "").strip():
                    c.value = _text(value)          # typed but not a date: kept as text
                else:
                    c.number_format = DATE_FORMAT
            elif isinstance(value, int) and n not in text_cols:
                c.value = value
            else:
                c.value = _text(value)
                c.data_type = TYPE_STRING          # never a formula, never a number or date
                if n in text_cols:
                    c.number_format = "@"
            c.font = Font(name=XL_FONT)
            c.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(head))}{max(1, ws.max_row)}"
    ws.sheet_view.zoomScale = 100


def _action_rows(ctx: ReportContext) -> list[list]:
    out = []
    for row in action_rows(ctx):
        act = row.action or {}
        out.append([short_label(row.assessment), row.item.number, row.item.title, row.text,
                    act.get("owner") or "", act.get("due") or "",
                    ACTION_STATUS_LABELS.get(act.get("status") or "open", ""), act.get("note") or row.memo])
    return out


def _answer_rows(ctx: ReportContext) -> list[list]:
    out = []
    for a in ctx.assessments:
        for r in item_rows(a):
            stamp = r.record.updated_at if r.record else ""
            out.append([short_label(a), r.item.number, r.item.title, r.text if r.applicable else "",
                        r.status, r.memo, stamp])
    return out


def _drill_rows(drills: Iterable[Drill]) -> list[list]:
    return [[d.held_on.isoformat(), d.kind, d.topic, d.participants if d.participants is not None else "",
             d.findings, d.improvements, d.next_on.isoformat() if d.next_on else ""]
            for d in newest_first(drills)]


def export_xlsx(ctx: ReportContext, drills: Iterable[Drill] = ()) -> bytes:
    """The workbook's bytes: 行動計画, 回答 and 研修・訓練 sheets for the context's year."""
    wb = Workbook()
    ws = wb.active
    ws.title = "行動計画"
    _sheet(ws, ACTION_HEAD, _action_rows(ctx), date_cols={6}, text_cols={2}, freeze="D2")
    _sheet(wb.create_sheet("回答"), ANSWER_HEAD, _answer_rows(ctx), date_cols={7}, text_cols={2}, freeze="D2")
    _sheet(wb.create_sheet("研修・訓練"), DRILL_HEAD, _drill_rows(drills), date_cols={1, 7}, text_cols=set(),
           freeze="B2")
    name = str(ctx.facility.get("name") or "").strip()
    wb.properties.title = f"{name} {ctx.nendo} 行動計画と回答".strip()
    wb.properties.creator = "病院サイバーセキュリティ点検デスク"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

