"""Output use cases for the screens: the bytes the print and 連絡先 screens preview, and the
notices they show before printing, and `save_file` for what the user saves from them (the
same checks as the CLI's writers in app/output.py).
"""

from __future__ import annotations

from pathlib import Path

from ..fileio import check_target, write_atomic
from ..reports.contact_chart import build_chart
from ..reports.context import ReportContext
from ..reports.csv_export import export_csv
from ..reports.poster import build_poster, confirmed_label, poster_fit, poster_notices, unprintable_message
from ..reports.report import DEFAULT_PARTS, build_report, part_labels
from .context import AppContext
from .snapshot import report_context

__all__ = ["DEFAULT_PARTS", "confirmed_label", "unprintable_message"]


def report_parts() -> dict[str, str]:
    """Every part of the report: key -> Japanese label, in report order."""
    return part_labels()


def _context(ctx: AppContext, year: int, history: bool = False) -> ReportContext:
    return report_context(ctx, year, with_history=history)


def has_previous_year(ctx: AppContext, year: int) -> bool:
    """Whether the year before has assessments (the 前年度からの変更点 part needs them)."""
    return bool(ctx.store.assessments(ctx.previous_year(year)))


def save_file(ctx: AppContext, chosen: str, data: bytes, suffix: str) -> Path:
    """Write what a screen built to the file the user chose, checked as the CLI checks it:
    never inside the data folder, the suffix the user typed kept, atomically.
    Raises TargetRefused or OSError (app.errors.user_message gives the Japanese)."""
    target = check_target(chosen, suffix, ctx.folder)
    write_atomic(target, data)
    return target


def report_pdf(ctx: AppContext, year: int, parts: list[str]) -> bytes:
    return build_report(_context(ctx, year, history=True), parts)


def answers_csv(ctx: AppContext, year: int) -> bytes:
    return export_csv(_context(ctx, year))


def poster_pdf(ctx: AppContext, year: int, size: str = "A4") -> bytes:
    return build_poster(_context(ctx, year), size)


def chart_pdf(ctx: AppContext, year: int) -> bytes:
    return build_chart(_context(ctx, year))


def poster_warnings(ctx: AppContext, year: int, size: str = "A4") -> list[str]:
    """Japanese notices to show before the poster is printed: the shipped 厚生労働省 entry the
    hospital never confirmed, and contacts that do not fit one sheet (A3 / second sheet offered)."""
    return poster_notices(_context(ctx, year), size)


def poster_fits(ctx: AppContext, year: int, size: str = "A4") -> bool:
    return poster_fit(_context(ctx, year), size).fits
