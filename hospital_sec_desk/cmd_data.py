"""Command line: export, import and backup (list / create / restore).

Each function takes (args, folder) and returns the exit code: 0 on success, 1 when
the data or the file is the problem (the message says what), 2 for a bad argument.
Messages go to stdout on success and stderr on failure, in Japanese.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .fileio import write_atomic as write_atomically
from .storage import backup as backups
from .storage.database import DB_NAME, open_store
from .storage.errors import AlreadyRunning, StorageError
from .storage.exchange import apply_import, check_document, dumps, export_all, load_import_file, plan_import


def _fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


def _busy(exc: AlreadyRunning) -> int:
    return _fail(f"{exc}\nウィンドウを閉じてから、もう一度実行してください。")




def _open(folder: Path):
    """The open store, or the exit code after saying why it could not be opened."""
    try:
        return open_store(folder)
    except AlreadyRunning as exc:
        return _busy(exc)
    except StorageError as exc:
        return _fail(str(exc))


def cmd_export(args, folder: Path) -> int:
    out = Path(args.out).expanduser()
    if not (Path(folder) / DB_NAME).exists():
        return _fail(f"データフォルダ（{folder}）にデータがありません。書き出すものがありません。")
    if not out.parent.is_dir():
        return _fail(f"書き出し先のフォルダ（{out.parent}）がありません。")
    store = _open(folder)
    if isinstance(store, int):
        return store
    try:
        data = export_all(store)
    finally:
        store.close()
    try:
        write_atomically(out, dumps(data))
    except OSError as exc:
        return _fail(f"書き出せませんでした（{out}：{exc.strerror}）。")
    answers = sum(len(a["answers"]) for a in data["assessments"])
    print(f"書き出しました：{out}（調査 {len(data['assessments'])} 件、回答 {answers} 件、"
          f"連絡先 {len(data['contacts'])} 件）")
    return 0


def cmd_import(args, folder: Path) -> int:
    from .app.context import registry_for

    registry = registry_for(folder)
    try:  # the file alone first: a bad file does not even create the data folder
        data = load_import_file(args.file)
        check_document(data, registry)
    except StorageError as exc:
        return _fail(str(exc))
    store = _open(folder)
    if isinstance(store, int):
        return store
    try:
        plan = plan_import(store, data, registry)
        if store.assessments() or store.contacts() or store.has_facility():
            backups.make_backup(store.path, "import")
        result = apply_import(store, plan)
    except StorageError as exc:
        return _fail(str(exc))
    finally:
        store.close()
    print(f"読み込みました：{args.file}")
    for line in result.summary():
        print(f"・{line}")
    return 0


def _find_backup(folder: Path, name: str) -> Path | None:
    given = Path(name).expanduser()
    if given.is_file():
        return given
    candidate = Path(folder) / backups.BACKUP_DIR / given.name
    return candidate if candidate.is_file() else None


def cmd_backup(args, folder: Path) -> int:
    folder = Path(folder)
    action = args.backup_command
    if action == "list":
        found = backups.list_backups(folder)
        if not found:
            print(f"バックアップはありません（{folder / backups.BACKUP_DIR}）。")
            return 0
        print(f"バックアップ（新しい順、{folder / backups.BACKUP_DIR}）：")
        for p in found:
            print(f"  {p.name}  {p.stat().st_size / 1024:,.0f} KB")
        return 0
    if action == "create":
        if not (folder / DB_NAME).exists():
            return _fail(f"データフォルダ（{folder}）にデータがありません。")
        before = set(backups.list_backups(folder))
        store = _open(folder)
        if isinstance(store, int):
            return store
        try:
            made = [p for p in backups.list_backups(folder) if p not in before]
            target = made[0] if made else backups.make_backup(store.path, "manual")
        finally:
            store.close()
        print(f"バックアップを作成しました：{target}")
        return 0
    if action == "restore":
        backup = _find_backup(folder, args.file)
        if backup is None:
            return _fail(f"バックアップ「{args.file}」が見つかりません。"
                         "「backup list」で表示される名前か、ファイルのパスを指定してください。")
        try:
            moved = backups.restore_folder(folder, backup)
        except AlreadyRunning as exc:
            return _busy(exc)
        except StorageError as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(f"復元できませんでした（{exc.strerror}）。")
        kept = f"元のデータは「{moved.name}」として保管しました（削除していません）。" if moved else ""
        print(f"バックアップ「{backup.name}」から復元しました。{kept}")
        return 0
    return _fail(f"不明な操作です：{action}", 2)
