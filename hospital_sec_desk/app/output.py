"""Output use cases: the report PDF, the answers as CSV, the 院内掲示用 poster.

Each checks its target first (fileio.check_target: never inside the data folder, the suffix
the user typed kept), builds the bytes through reports/, and writes them atomically.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.record import record
from ..fileio import check_target, write_atomic
from ..reports.fonts import use_cache as use_font_cache
from ..reports.poster import build_poster
from ..reports.report import DEFAULT_PARTS, build_report, part_labels
from ..storage.errors import StorageError
from .context import CACHE_DIR, AppContext
from .folder import BadArgument
from .snapshot import report_context

POSTER_SIZES = ("A4", "A3")

class NoYear(StorageError):
    """The wanted 年度 has no data (or there is none at all)."""


@record(frozen=False)
class Saved:
    path: Path
    size: int
    what: str = ""

    def text(self) -> str:
        what = f"{self.what}を" if self.what else ""
        return f"{what}保存しました：{self.path}（{self.size // 1024 + 1} KB）"


def parts() -> dict[str, str]:
    """Every part `print --parts` accepts: key -> Japanese label, in report order."""
    return part_labels()


def parse_parts(text: str | None) -> list[str]:
    """'cover, answers' -> ['cover', 'answers']; None or '' -> the default parts."""
    if text is None or not text.strip():
        return list(DEFAULT_PARTS)
    available = parts()
    keys = [k.strip() for k in text.split(",") if k.strip()]
    bad = [k for k in keys if k not in available]
    if bad or not keys:
        valid = "、".join(f"{k}（{label}）" for k, label in available.items())
        raise BadArgument(f"--parts に指定できない名前があります：{', '.join(bad) or '（空）'}\n"
                        f"指定できる名前：{valid}")
    return keys


def poster_size(text: str | None) -> str:
    size = (text or "A4").upper()
    if size not in POSTER_SIZES:
        raise BadArgument(f"用紙サイズは A4 か A3 を指定してください（指定：{text}）。")
    return size


def pick_year(ctx: AppContext, wanted: int | None) -> int:
    """The wanted 年度 (default: the newest with data); NoYear says which years exist."""
    years = ctx.store.years()
    if not years:
        raise NoYear("まだ回答のデータがありません。アプリで回答を入力してから実行してください。")
    if wanted is None:
        return max(years)
    if wanted not in years:
        listed = "、".join(f"{y}年度" for y in years)
        raise NoYear(f"{wanted}年度のデータがありません。データのある年度：{listed}")
    return wanted


def _save(target: Path, data: bytes, what: str = "") -> Saved:
    write_atomic(target, data)
    return Saved(target, len(data), what)


def check_out(out, suffix: str, data_folder: Path) -> Path:
    """The file that `out` names, checked before anything is opened or built (TargetRefused)."""
    return check_target(out, suffix, data_folder)


def write_report(ctx: AppContext, out, year: int | None = None, chosen: list[str] | None = None) -> Saved:
    target = check_target(out, ".pdf", ctx.folder)
    year = pick_year(ctx, year)
    use_font_cache(ctx.folder / CACHE_DIR)  # parsed fonts kept by content (reports/font_cache.py)
    pdf = build_report(report_context(ctx, year, with_history=True),
                       chosen if chosen is not None else list(DEFAULT_PARTS))
    return _save(target, pdf)


def write_csv(ctx: AppContext, out, year: int | None = None) -> Saved:
    from ..reports.csv_export import export_csv  # (not on the print command's path: csv, 2 ms)

    target = check_target(out, ".csv", ctx.folder)
    year = pick_year(ctx, year)
    return _save(target, export_csv(report_context(ctx, year)))


def write_poster(ctx: AppContext, out, size: str = "A4") -> Saved:
    target = check_target(out, ".pdf", ctx.folder)
    size = poster_size(size)
    use_font_cache(ctx.folder / CACHE_DIR)
    pdf = build_poster(report_context(ctx, ctx.current_year()), size)
    return _save(target, pdf, f"院内掲示用ポスター（{size}）")
