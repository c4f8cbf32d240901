"""The argument parser of the command line (texts in Japanese)."""

from __future__ import annotations

import argparse

from .. import APP_TITLE, __version__


def _parts_help(parts: dict[str, str] | None) -> str:
    if not parts:
        return "含める部分（カンマ区切り。一覧は「print --help」）"
    return "含める部分（カンマ区切り）: " + ", ".join(f"{k}（{label}）" for k, label in parts.items())


def build_parser(parts: dict[str, str] | None = None) -> argparse.ArgumentParser:
    """`parts` (key -> label, from app.output.parts()) is named in `print --help`."""
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
    pr.add_argument("--parts", default=None, help=_parts_help(parts))
    c = sub.add_parser("csv", help="回答をCSV（UTF-8 BOM付き）で書き出す")
    c.add_argument("--year", type=int)
    c.add_argument("--out", required=True, metavar="FILE.csv")

    po = sub.add_parser("poster", help="院内掲示用ポスターをPDFで作成")
    po.add_argument("--out", required=True, metavar="FILE.pdf")
    po.add_argument("--size", choices=["A4", "A3"], default="A4")

    bc = sub.add_parser("bcp", help="BCPの文書をWord（.docx）で作成（--out に .pdf を付けるとPDF）")
    bc.add_argument("--year", type=int, help="年度（西暦、4月の年。既定: 最新の年度）")
    bc.add_argument("--out", required=True, metavar="FILE.docx",
                    help="保存先（名前が .pdf で終わるとPDF、それ以外はWord。拡張子がなければ .docx）")
    x = sub.add_parser("xlsx", help="行動計画・回答・研修・訓練をExcel（.xlsx）で書き出す")
    x.add_argument("--year", type=int, help="年度（西暦、4月の年。既定: 最新の年度）")
    x.add_argument("--out", required=True, metavar="FILE.xlsx")
    return p
