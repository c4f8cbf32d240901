"""`print` and `csv` commands: the report as PDF, the answers as CSV (UTF-8 with BOM).

    hospital-sec-desk --data-dir D print --year 2026 --out 報告書.pdf [--parts cover,answers,gmis]
    hospital-sec-desk --data-dir D csv --year 2026 --out 回答.csv

Messages are Japanese; the exit code is 0 on success, 1 when the data cannot be
opened or written, 2 for a wrong argument.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .app.context import AppContext
from .fileio import write_atomic
from .storage.errors import StorageError


def _err(message: str) -> None:
    print(message, file=sys.stderr)




def parse_parts(text: str | None, available: dict[str, str], default: tuple[str, ...]) -> list[str]:
    """'cover, answers' -> ['cover', 'answers']; raises ValueError with a Japanese message."""
    if text is None or not text.strip():
        return list(default)
    keys = [k.strip() for k in text.split(",") if k.strip()]
    bad = [k for k in keys if k not in available]
    if bad or not keys:
        valid = "、".join(f"{k}（{label}）" for k, label in available.items())
        raise ValueError(f"--parts に指定できない名前があります：{', '.join(bad) or '（空）'}\n"
                         f"指定できる名前：{valid}")
    return keys


def _open(folder: Path) -> AppContext | None:
    try:
        return AppContext.open(folder)
    except StorageError as exc:
        _err(f"データを開けません：{exc}")
        return None


def _year(app: AppContext, wanted: int | None) -> int | None:
    years = app.store.years()
    if not years:
        _err("まだ回答のデータがありません。アプリで回答を入力してから実行してください。")
        return None
    if wanted is None:
        return max(years)
    if wanted not in years:
        listed = "、".join(f"{y}年度" for y in years)
        _err(f"{wanted}年度のデータがありません。データのある年度：{listed}")
        return None
    return wanted


def _target(out: str, suffix: str) -> Path | None:
    target = Path(out).expanduser()
    if target.suffix.lower() != suffix:
        target = target.with_name(target.name + suffix)
    if not target.parent.is_dir():
        _err(f"保存先のフォルダがありません：{target.parent}")
        return None
    return target


def _save(target: Path, data: bytes) -> int:
    try:
        write_atomic(target, data)
    except OSError as exc:
        _err(f"書き込めませんでした：{target}（{exc.strerror or exc}）")
        return 1
    print(f"保存しました：{target}（{len(data) // 1024 + 1} KB）")
    return 0


def cmd_print(args, folder: Path) -> int:
    from .reports.context import load_context
    from .reports.report import DEFAULT_PARTS, build_report, part_labels

    try:
        parts = parse_parts(getattr(args, "parts", None), part_labels(), DEFAULT_PARTS)
    except ValueError as exc:
        _err(str(exc))
        return 2
    return _render(args, folder, ".pdf",
                   lambda app, year: build_report(load_context(app.store, app.registry, year,
                                                               with_history=True), parts))


def _render(args, folder: Path, suffix: str, make) -> int:
    """Open the data, pick the year, `make(app, year) -> bytes`, save atomically."""
    target = _target(args.out, suffix)
    if target is None:
        return 2
    app = _open(folder)
    if app is None:
        return 1
    try:
        year = _year(app, getattr(args, "year", None))
        if year is None:
            return 1
        data = make(app, year)
    finally:
        app.close()
    return _save(target, data)


def cmd_csv(args, folder: Path) -> int:
    from .reports.context import load_context
    from .reports.csv_export import export_csv

    return _render(args, folder, ".csv",
                   lambda app, year: export_csv(load_context(app.store, app.registry, year)))
