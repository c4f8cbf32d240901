"""`hospital-sec-desk poster --out FILE.pdf [--size A3]`: the 院内掲示用 poster as a PDF."""

from __future__ import annotations

import sys
from pathlib import Path

from .fileio import write_atomic as _write_atomic


def cmd_poster(args, folder) -> int:
    from .app.context import AppContext
    from .reports.context import load_context
    from .reports.poster import build_poster
    from .storage.errors import StorageError

    size = (getattr(args, "size", None) or "A4").upper()
    if size not in ("A4", "A3"):
        print(f"用紙サイズは A4 か A3 を指定してください（指定：{size}）。", file=sys.stderr)
        return 2
    target = Path(args.out).expanduser()
    if target.suffix.lower() != ".pdf":
        target = target.with_suffix(".pdf")
    if not target.parent.is_dir():
        print(f"保存先のフォルダがありません：{target.parent}", file=sys.stderr)
        return 2
    try:
        ctx = AppContext.open(Path(folder))
    except StorageError as exc:
        print(f"データを開けません：{exc}", file=sys.stderr)
        return 1
    try:
        data = build_poster(load_context(ctx.store, ctx.registry, ctx.current_year()), size)
    finally:
        ctx.close()
    try:
        _write_atomic(target, data)
    except OSError as exc:
        print(f"ポスターを保存できませんでした：{target}（{exc.strerror or exc}）", file=sys.stderr)
        return 1
    print(f"院内掲示用ポスター（{size}）を保存しました：{target}")
    return 0
