"""Files the user asks for (export, report, CSV, poster): where they may go, written safely.

check_target() refuses an unusable path and any path inside the data folder (the database,
a backup, anything under it) with a Japanese message; write_atomic() writes a temporary file
beside the target, fsyncs it, moves it into place and fsyncs the folder, so a crash or a full
disk leaves either the old file or the new one, never half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class TargetRefused(Exception):
    """An output path that is not used: `str(exc)` is a Japanese message for the user."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _same_file_in(path: Path, folder: Path) -> bool:
    """True when `path` is a hard link to a file under `folder` (a link the path check misses)."""
    try:
        mine = path.stat()
    except OSError:
        return False
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino):
                return True
    return False


def check_target(out, default_suffix: str, data_folder: str | os.PathLike | None = None) -> Path:
    """The absolute file to write for the user's `out`, or TargetRefused saying why not.

    The suffix the user typed is kept (`a.v2` stays `a.v2`); a name without any suffix
    gets `default_suffix` (`報告書` -> `報告書.pdf`).
    """
    text = "" if out is None else str(out)
    if not text.strip():
        raise TargetRefused("保存先のファイル名を指定してください。")
    target = Path(text).expanduser()
    if text.rstrip().endswith(("/", os.sep)) or target.name in ("", ".", ".."):
        raise TargetRefused(f"「{text}」はフォルダです。保存するファイルの名前まで指定してください。")
    for candidate in (target, target.with_name(target.name + default_suffix)):
        if candidate.is_dir():
            raise TargetRefused(f"「{os.path.abspath(candidate)}」はフォルダです。"
                                "保存するファイルの名前まで指定してください。")
        if target.suffix:
            break
    if not target.suffix:
        target = target.with_name(target.name + default_suffix)
    target = Path(os.path.abspath(target))
    if data_folder is not None:
        folder = Path(os.path.abspath(data_folder))
        real = Path(os.path.realpath(target))
        if _inside(target, folder) or _inside(real, Path(os.path.realpath(folder))) or \
                (target.exists() and _same_file_in(target, folder)):
            raise TargetRefused(f"データの保存場所（{folder}）の中には保存できません。回答データやバックアップを"
                                "守るため、別の場所（例：ドキュメント）を指定してください。")
    parent = target.parent
    if not parent.is_dir():
        raise TargetRefused(f"保存先のフォルダがありません：{parent}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise TargetRefused(f"保存先のフォルダ（{parent}）に書き込む権限がありません。")
    return target


def write_atomic(target: str | os.PathLike, data: bytes | str) -> None:
    """Write `data` to `target` whole or not at all (raises OSError; nothing partial is left)."""
    target = Path(target)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def fsync_file(path: Path) -> None:
    """Flush a file's bytes to the disk. Opened for writing: Windows' fsync (_commit) refuses a
    read-only handle."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make renames in the folder durable (POSIX; Windows has no folder handles to flush)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """fsync_folder where it can be done; a folder that cannot be opened is left as it is."""
    try:
        fsync_folder(folder)
    except OSError:
        pass
