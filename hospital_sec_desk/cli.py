"""Command line: `hospital-sec-desk [--data-dir DIR] [--smoke] [COMMAND …]`.

Without a command the window opens. Each command lives in its own module and is
imported only when used, so the GUI start stays light.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import APP_TITLE, __version__

# command -> "module:function"; each function takes (args, folder) and returns an exit code.
COMMANDS = {
    "export": "hospital_sec_desk.cmd_data:cmd_export",
    "import": "hospital_sec_desk.cmd_data:cmd_import",
    "backup": "hospital_sec_desk.cmd_data:cmd_backup",
    "print": "hospital_sec_desk.cmd_print:cmd_print",
    "csv": "hospital_sec_desk.cmd_print:cmd_csv",
    "poster": "hospital_sec_desk.cmd_poster:cmd_poster",
}
PARTS = "cover,summary,answers,actions,changes,gmis,inquiry,poster,chart"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hospital-sec-desk",
        description=f"{APP_TITLE}：コマンドなしで起動するとウィンドウが開きます。",
    )
    p.add_argument("--data-dir", metavar="DIR",
                   help="データフォルダ（既定: 利用者ごとのフォルダ。環境変数 HOSPITAL_SEC_DESK_DATA_DIR でも指定可）")
    p.add_argument("--smoke", action="store_true",
                   help="メインウィンドウを開いて描画し、すぐに終了する（動作確認用）")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    e = sub.add_parser("export", help="すべてのデータをJSONファイルに書き出す")
    e.add_argument("out", metavar="OUT.json")
    i = sub.add_parser("import", help="JSONファイルからデータを読み込む（検証してから一括で書き込み）")
    i.add_argument("file", metavar="IN.json")
    b = sub.add_parser("backup", help="バックアップの一覧・作成・復元")
    bsub = b.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    bsub.add_parser("list", help="バックアップの一覧")
    bsub.add_parser("create", help="今すぐバックアップを作成")
    r = bsub.add_parser("restore", help="バックアップから復元（現在のファイルは別名で保管）")
    r.add_argument("file", metavar="BACKUP", help="バックアップファイル名（list の表示名）またはパス")

    pr = sub.add_parser("print", help="報告書をPDFで作成")
    pr.add_argument("--year", type=int, help="年度（西暦、4月の年。既定: 最新の年度）")
    pr.add_argument("--out", required=True, metavar="FILE.pdf")
    pr.add_argument("--parts", default=None, help=f"含める部分（カンマ区切り）: {PARTS}")
    c = sub.add_parser("csv", help="回答をCSV（UTF-8 BOM付き）で書き出す")
    c.add_argument("--year", type=int)
    c.add_argument("--out", required=True, metavar="FILE.csv")

    po = sub.add_parser("poster", help="院内掲示用ポスターをPDFで作成")
    po.add_argument("--out", required=True, metavar="FILE.pdf")
    po.add_argument("--size", choices=["A4", "A3"], default="A4")
    return p


def has_display() -> bool:
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from .paths import data_dir

    folder = data_dir(args.data_dir)
    if args.command:
        module, func = COMMANDS[args.command].split(":")
        try:
            handler = getattr(importlib.import_module(module), func)
        except (ImportError, AttributeError):
            print(f"このコマンド（{args.command}）はまだ使えません。", file=sys.stderr)
            return 2
        return int(handler(args, folder) or 0)
    if not has_display():
        print("No display found (画面がありません): run headless with "
              "`QT_QPA_PLATFORM=offscreen hospital-sec-desk --smoke`, or use a command such as "
              "`hospital-sec-desk print --help`.", file=sys.stderr)
        return 1
    from .ui.launch import run_gui

    return run_gui(folder, smoke=args.smoke)


if __name__ == "__main__":
    sys.exit(main())
