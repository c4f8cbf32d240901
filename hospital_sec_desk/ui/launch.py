"""Start the GUI: open the data folder (with friendly Japanese errors), show the window."""

from __future__ import annotations

import sys
from pathlib import Path

# The data layer (sqlite-utils, the domain) is imported before PySide6 on purpose: once PySide6
# is loaded, shiboken's import hook inspects the source of every module imported after it, which
# cost about 25 ms of the cold start (benchmarks/run.py). Keep non-Qt imports above this line.
from ..app.context import AppContext
from ..storage.errors import AlreadyRunning, DatabaseDamaged, StorageError

# isort: split
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from .qt_setup import make_app


def open_context(folder: Path, parent=None) -> AppContext | None:
    """Open the folder; on a damaged file offer the newest good backup. None = give up."""
    from ..storage import backup as backups

    for _attempt in range(3):
        try:
            return AppContext.open(folder)
        except AlreadyRunning as exc:
            QMessageBox.information(parent, "起動済みです", str(exc))
            return None
        except DatabaseDamaged as exc:
            if not exc.backups:
                QMessageBox.warning(parent, "データファイルの破損", f"{exc}\n新しい空のデータで開始します。")
                continue
            newest = exc.backups[0]
            box = QMessageBox(QMessageBox.Icon.Warning, "データファイルの破損",
                              f"{exc}\n\n最新のバックアップ「{newest.name}」から復元しますか？",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
            if box.exec() == QMessageBox.StandardButton.Yes:
                try:
                    backups.restore_folder(Path(folder), newest)
                except StorageError as err:
                    QMessageBox.critical(parent, "復元できません", str(err))
                    return None
        except StorageError as exc:
            QMessageBox.critical(parent, "データを開けません", str(exc))
            return None
    return None


def run_gui(folder: Path, smoke: bool = False) -> int:
    app = make_app(sys.argv[:1])
    ctx = open_context(folder)
    if ctx is None:
        return 1
    from .main_window import MainWindow

    win = MainWindow(ctx)
    win.show()
    if smoke:
        def finish() -> None:
            win.grab()  # forces a full paint of the window
            win.close()
            app.quit()

        QTimer.singleShot(0, finish)
    code = app.exec()
    ctx.close()
    return code
