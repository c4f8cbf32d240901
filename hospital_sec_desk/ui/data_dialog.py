"""「データの管理」: export / import everything as JSON, back up now, restore a backup.

Every action goes through the data use cases (app/data.py); a refused target (inside the
data folder, a folder, no permission) or a failed write is said in a Japanese dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ..app import data
from ..app.context import AppContext
from .widgets import label


def documents_folder() -> Path:
    """Where the native file dialogs open: the user's Documents folder (else the home folder)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


class DataDialog(QDialog):
    restore_requested = Signal(object)  # Path of the chosen backup

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("データの管理")
        self.setMinimumWidth(440)  # the longest button text fits with room on both sides
        lay = QVBoxLayout(self)
        lay.addWidget(label(f"データの保存場所：{ctx.folder}", "muted"))
        for key, text, slot in (
            ("export", "すべてのデータを書き出す（JSONファイル）…", self.export),
            ("usb", "USBメモリなど別のフォルダに書き出す…", self.export_to_folder),
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

    def suggested_export_path(self) -> Path:
        """Documents/<facility name, made safe>_データ.json: always inside the Documents folder."""
        return documents_folder() / data.suggested_export_name(self.ctx)

    def export(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, "データを書き出す", str(self.suggested_export_path()),
                                              "JSON (*.json)")
        return self.export_file(Path(path)) if path else None

    def export_file(self, path: Path) -> Path | None:
        try:
            done = data.export_to(self.ctx, path)
        except data.USER_ERRORS as exc:
            QMessageBox.warning(self, "書き出せません", data.describe(exc))
            return None
        QMessageBox.information(self, "書き出し", done.text().replace("：", "：\n", 1))
        return done.path

    def export_to_folder(self) -> Path | None:
        """The export under its suggested name in a chosen folder (e.g. a USB stick)."""
        folder = QFileDialog.getExistingDirectory(self, "書き出す先のフォルダ（USBメモリなど）", str(documents_folder()))
        return self.export_file(Path(folder) / data.suggested_export_name(self.ctx)) if folder else None

    def import_(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(self, "データを読み込む", str(documents_folder()), "JSON (*.json)")
        return bool(path) and self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        try:
            done = data.import_from(self.ctx, path)
        except data.USER_ERRORS as exc:
            QMessageBox.warning(self, "読み込めません", data.describe(exc))
            return False
        head = "読み込みました。" if done.changed else "同じ内容が既にあるため、何も変更していません。"
        QMessageBox.information(self, "読み込み", head + "\n" + "\n".join(done.lines))
        return True

    def backup_now(self) -> None:
        try:
            made, new = data.create_backup(self.ctx)
        except data.USER_ERRORS as exc:
            QMessageBox.warning(self, "バックアップ", f"バックアップを作成できませんでした：{data.describe(exc)}")
            return
        text = "バックアップを作成しました" if new else "同じ内容のバックアップが既にあります"
        QMessageBox.information(self, "バックアップ", f"{text}：{made.name}")

    def restore(self) -> None:
        good = data.list_backups(self.ctx.folder, good_only=True)
        if not good:
            QMessageBox.information(self, "バックアップから復元", "利用できるバックアップがありません。")
            return
        names = [b.label for b in good]
        name, ok = QInputDialog.getItem(self, "バックアップから復元", "復元するバックアップ（新しい順）：",
                                        names, 0, False)
        if not ok:
            return
        answer = QMessageBox.question(
            self, "バックアップから復元",
            f"「{name}」の内容に戻します。今のデータは別の名前で保管します（削除しません）。よろしいですか？")
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_requested.emit(good[names.index(name)].path)
            self.accept()
