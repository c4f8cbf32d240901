"""`export`, `import` and `backup list|create|restore`, on the data use cases (app/data.py).

Success goes to stdout; a failure raises, and cli.errors.guarded says why on stderr.
"""

from __future__ import annotations

from pathlib import Path

from ..app import data
from .errors import BAD_ARGUMENT, fail, guarded


@guarded
def cmd_export(args, folder: Path) -> int:
    if data.has_data(folder):  # (without data, say that first)
        data.export_target(args.out, folder)
    with data.opened(folder) as ctx:
        print(data.export_to(ctx, args.out).text())
    return 0


@guarded
def cmd_import(args, folder: Path) -> int:
    registry = data.registry_for(folder)
    # the file alone first: a bad file does not even create the data folder
    checked = data.read_import_file(Path(args.file).expanduser(), registry)
    with data.opened(folder, must_exist=False, auto_backup=False) as ctx:
        done = data.import_from(ctx, Path(args.file), checked)
    print(f"読み込みました：{args.file}" if done.changed else
          f"読み込みました：{args.file}（すべて同じ内容が既にあるため、何も変更していません）")
    for line in done.lines:
        print(f"・{line}")
    if done.backup is not None:
        print(f"読み込む前のデータはバックアップ「{done.backup.name}」にあります。")
    return 0


def _list(folder: Path) -> int:
    found = data.list_backups(folder)
    where = data.backup_folder(folder)
    if not found:
        print(f"バックアップはありません（{where}）。")
        return 0
    print(f"バックアップ（新しい順、{where}）：")
    for b in found:
        print(f"  {b.path.name}  {b.label}  {b.size / 1024:,.0f} KB")
    return 0


def _create(folder: Path) -> int:
    before = {b.path for b in data.list_backups(folder)}
    with data.opened(folder) as ctx:
        path, made = data.create_backup(ctx, before)
    print(f"バックアップを作成しました：{path}" if made else
          f"同じ内容のバックアップが既にあるため、新しくは作成しませんでした：{path}")
    return 0


def _restore(folder: Path, name: str) -> int:
    backup = data.find_backup(folder, name)
    if backup is None:
        return fail(f"バックアップ「{name}」が見つかりません。"
                    "「backup list」で表示される名前か、ファイルのパスを指定してください。")
    moved = data.restore_folder(folder, backup)
    kept = f"元のデータは「{moved.name}」として保管しました（削除していません）。" if moved else ""
    print(f"バックアップ「{backup.name}」から復元しました。{kept}")
    return 0


@guarded
def cmd_backup(args, folder: Path) -> int:
    action = args.backup_command
    if action == "list":
        return _list(folder)
    if action == "create":
        return _create(folder)
    if action == "restore":
        return _restore(folder, args.file)
    return fail(f"不明な操作です：{action}", BAD_ARGUMENT)
