"""Planning use cases: the training/drill log, the BCP document (PDF / Word), the Excel workbook.

ui/drill_screen.py, ui/bcp_screen.py and home call these only. Bad input raises
domain.drills.DrillError (Japanese messages, nothing saved); storage problems raise a
StorageError whose text is a Japanese sentence.

The BCP text flow: the hospital edits a section's body in the app (kept per 年度 in the
database); building the document always takes the stored edits and refreshes only the
facts around them. A .docx opened in Word is the hospital's own copy: edits made in Word
do not come back into the app.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

from ..domain import drills as drill_rules
from ..domain.bcp_document import BcpDocument, BcpInput, QuestionnaireAnswers, build, clean_edit, load_spec
from ..fileio import TargetRefused, check_target, write_atomic
from ..reports.context import load_context
from ..storage.errors import StorageError, logged
from .context import AppContext
from .drills import (  # noqa: F401 - the drill log's use cases, also reached through this module
    KINDS,
    DrillError,
    delete_drill,
    drill_reminder,
    drill_summaries,
    drills,
    planning_store,
    readiness_facts,
    recorded_facts,
    save_drill,
    today_or,
)
from .errors import user_message
from .snapshot import report_context  # noqa: F401 - also reached through this module

WORD_EDITS_NOTE = ("Wordで開いたファイルを編集しても、その内容はアプリには戻りません。"
                   "アプリで作り直すと、アプリで編集した本文と最新の登録内容から作られます。"
                   "本文をアプリに残したいときは、この画面で編集してください。")


class FileNotWritten(StorageError):
    """The output file could not be written; nothing was created or changed."""



def _writer(module: str, name: str):
    """A document writer of reports/ (reportlab, python-docx, openpyxl: ~0.4 s of imports),
    loaded when a document is made — the home screen's 加算 panel reads this module's facts."""
    return getattr(importlib.import_module(f"{__package__.rsplit('.', 1)[0]}.reports.{module}"), name)
# What a planning use case raises for the user: each one's str() is a Japanese sentence.
USER_ERRORS = (StorageError, TargetRefused, drill_rules.DrillError)


def message(exc: BaseException) -> str:
    """The Japanese text for any failure of a planning use case (the detail of others is logged)."""
    return str(exc) if isinstance(exc, USER_ERRORS) else user_message(exc)


# -- the BCP document -----------------------------------------------------------------

def bcp_sections() -> list[tuple[str, str, str]]:
    """(key, heading, our default body) of every section, in document order."""
    return [(s.key, f"{s.number}　{s.title}", s.body) for s in load_spec().sections()]


def bcp_edits(ctx: AppContext, year: int) -> dict[str, str]:
    return planning_store(ctx).bcp_edits(year)


def save_bcp_text(ctx: AppContext, year: int, section_key: str, text: str) -> bool:
    """Keep the hospital's body of one section for that 年度; returns True when an edit is stored.

    Text equal to our default (or empty) removes the edit: the section follows our text again.
    """
    spec = load_spec().section(section_key)
    if spec is None:
        raise KeyError(section_key)
    body = clean_edit(text)
    keep = body if body and body != spec.body else ""
    planning_store(ctx).save_bcp_edit(year, section_key, keep)
    return bool(keep)


def bcp_input(ctx: AppContext, year: int, today: dt.date | None = None) -> BcpInput:
    report = load_context(ctx.store, ctx.registry, year)
    answers = {a.edition.questionnaire: QuestionnaireAnswers(a.edition, a.records, a.actions)
               for a in report.assessments}
    return BcpInput(year, report.facility, report.contacts, answers, drills(ctx), bcp_edits(ctx, year),
                    today_or(today))


def bcp_document(ctx: AppContext, year: int, today: dt.date | None = None) -> BcpDocument:
    return build(bcp_input(ctx, year, today))


def bcp_pdf(ctx: AppContext, year: int, today: dt.date | None = None) -> bytes:
    return _writer("bcp_pdf", "build_bcp_pdf")(bcp_document(ctx, year, today))


def bcp_docx(ctx: AppContext, year: int, today: dt.date | None = None) -> bytes:
    return _writer("bcp_docx", "build_bcp_docx")(bcp_document(ctx, year, today))


def workbook(ctx: AppContext, year: int) -> bytes:
    """行動計画, 回答 and 研修・訓練 of the year as .xlsx bytes."""
    return _writer("xlsx_export", "export_xlsx")(load_context(ctx.store, ctx.registry, year), drills(ctx))


# -- files ----------------------------------------------------------------------------

def _write(ctx: AppContext, out, suffix: str, data_fn) -> Path:
    """Check the target (TargetRefused), build, write atomically; OSError -> FileNotWritten."""
    target = check_target(out, suffix, ctx.folder)
    data = data_fn()
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise FileNotWritten(f"ファイルを保存できませんでした（{logged('planning write', exc)}）。"
                             f"ファイルは作られていません。場所：{target}") from exc
    return target


def write_bcp_pdf(ctx: AppContext, year: int, out) -> Path:
    return _write(ctx, out, ".pdf", lambda: bcp_pdf(ctx, year))


def write_bcp_docx(ctx: AppContext, year: int, out) -> Path:
    return _write(ctx, out, ".docx", lambda: bcp_docx(ctx, year))


def write_workbook(ctx: AppContext, year: int, out) -> Path:
    return _write(ctx, out, ".xlsx", lambda: workbook(ctx, year))
