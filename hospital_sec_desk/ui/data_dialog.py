"""「データの管理」: export / import everything as JSON, back up now, restore a backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ..app.context import AppContext
from ..storage import backup as backups
from ..storage.errors import StorageError
from ..storage.exchange import dumps, export_all, import_all, load_import_file
from .pdf_preview import write_atomic
from .widgets import label


class DataDialog(QDialog):
    restore_requested = Signal(object)  # Path of the chosen backup

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("データの管理")
        lay = QVBoxLayout(self)
        lay.addWidget(label(f"データの保存場所：{ctx.folder}", "muted"))
        for key, text, slot in (
            ("export", "すべてのデータを書き出す（JSONファイル）…", self.export),
            ("import", "書き出したファイルを読み込む…", self.import_),
            ("backup", "今すぐバックアップを作成", self.backup_now),
            ("restore", "バックアップから復元…", self.restore),
        ):
            btn = QPushButton(text, self)
            btn.setObjectName(f"data:{key}")
            btn.setMinimumHeight(40)
            btn.clicked.connect(slot)
            lay.addWidget(btn)
        lay.addWidget(label("バックアップは起動時（データが変わったとき）に自動で作成され、"
                            "直近10件と過去12か月の各月1件が保管されます。", "muted"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def export(self) -> Path | None:
        name = f"{self.ctx.store.facility()['name'] or 'hospital'}_データ.json"
        path, _ = QFileDialog.getSaveFileName(self, "データを書き出す", str(Path.home() / name), "JSON (*.json)")
        if not path:
            return None
        target = Path(path)
        try:
            write_atomic(target, dumps(export_all(self.ctx.store)).encode("utf-8"))
        except OSError as exc:
            QMessageBox.warning(self, "書き出せません", f"書き出せませんでした：{exc.strerror}")
            return None
        QMessageBox.information(self, "書き出し", f"書き出しました：\n{target}")
        return target

    def import_(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(self, "データを読み込む", str(Path.home()), "JSON (*.json)")
        return bool(path) and self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        try:
            result = import_all(self.ctx.store, load_import_file(path), self.ctx.registry)
        except StorageError as exc:
            QMessageBox.warning(self, "読み込めません", str(exc))
            return False
        QMessageBox.information(self, "読み込み", "読み込みました。\n" + "\n".join(result.summary()))
        return True

    def backup_now(self) -> None:
        try:
            made = backups.make_backup(self.ctx.store.path, "manual")
        except (OSError, StorageError) as exc:
            QMessageBox.warning(self, "バックアップ", f"バックアップを作成できませんでした：{exc}")
            return
        QMessageBox.information(self, "バックアップ", f"バックアップを作成しました：{made.name}")

    def restore(self) -> None:
        good = backups.good_backups(self.ctx.folder)
        if not good:
            QMessageBox.information(self, "バックアップから復元", "利用できるバックアップがありません。")
            return
        names = [p.name for p in good]
        name, ok = QInputDialog.getItem(self, "バックアップから復元", "復元するバックアップ（新しい順）：",
                                        names, 0, False)
        if not ok:
            return
        answer = QMessageBox.question(
            self, "バックアップから復元",
            f"「{name}」の内容に戻します。今のデータは別の名前で保管します（削除しません）。よろしいですか？")
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_requested.emit(good[names.index(name)])
            self.accept()
