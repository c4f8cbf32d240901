"""Start the GUI: open the data folder (with friendly Japanese errors), show the window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

# The data layer (sqlite-utils, the domain) is imported before PySide6 on purpose: once PySide6
# is loaded, shiboken's import hook inspects the source of every module imported after it, which
# cost about 25 ms of the cold start (benchmarks/run.py). Keep non-Qt imports above this line.
# The application modules the home screen uses are loaded here for the same reason.
from ..app import contacts, drills, editions, prefs, sessions  # noqa: F401
from ..app.context import AppContext
from ..app.errors import (
    AlreadyRunning,
    DatabaseDamaged,
    DatabaseMissing,
    StorageError,
    restore_before_open,
    user_message,
)

# isort: split
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from .qt_setup import DEFER_FONT, make_app, register_bundled_font

RESTORE, START_EMPTY, QUIT = "restore", "empty", "quit"
WARM_UP_MS = 400  # after the first paint, idle: load the write path (sqlite-utils) before a save


def _offer(parent, title: str, text: str, backups: list[Path]) -> str:
    """Ask what to do when the data is damaged or missing: restore the newest good backup,
    start with empty data, or quit (nothing changes then)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    restore = None
    if backups:
        box.setInformativeText(f"最新のバックアップ「{backups[0].name}」から復元しますか？")
        restore = box.addButton("バックアップから復元", QMessageBox.ButtonRole.AcceptRole)
    empty = box.addButton("空のデータで始める", QMessageBox.ButtonRole.DestructiveRole)
    quit_ = box.addButton("終了", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or quit_)
    box.exec()
    clicked = box.clickedButton()
    return RESTORE if clicked is restore and restore else START_EMPTY if clicked is empty else QUIT


def open_context(folder: Path, parent=None) -> AppContext | None:
    """Open the folder. Damaged or missing data: offer the newest good backup. Anything that
    cannot be read or written now: say so in Japanese (nothing was changed). None = give up."""
    create = False
    for _attempt in range(4):
        try:
            return AppContext.open(folder, create=create, defer_backup=True)
        except AlreadyRunning as exc:
            QMessageBox.information(parent, "起動済みです", str(exc))
            return None
        except (DatabaseDamaged, DatabaseMissing) as exc:
            title = "データファイルの破損" if isinstance(exc, DatabaseDamaged) else "データファイルがありません"
            choice = _offer(parent, title, str(exc), exc.backups)
            if choice == QUIT:
                return None
            if choice == START_EMPTY:
                create = True
                continue
            try:
                restore_before_open(Path(folder), exc.backups[0])
            except StorageError as err:
                QMessageBox.critical(parent, "復元できません", str(err))
                return None
        except Exception as exc:  # noqa: BLE001 - the user sees Japanese, the log the detail
            QMessageBox.critical(parent, "データを開けません", user_message(exc))
            return None
    return None


def collect_from_now_on() -> None:
    """After the first paint: the garbage collector, paused by the program's entry for the
    start (cli.dispatch: its passes over the objects the imports and the editions make cost
    about 2 % of the start to the first paint, valgrind), runs again. What the start made is
    frozen first (gc.freeze): it lives as long as the window, and later collections — during
    a click or a keystroke — no longer walk over it."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run_gui(folder: Path, smoke: bool = False) -> int:
    app = make_app(sys.argv[:1], defer_font=DEFER_FONT)
    ctx = open_context(folder)
    if ctx is None:
        return 1
    from .main_window import MainWindow

    win = MainWindow(ctx)
    # After the first paint (ui/after_paint.py): the start-up backup first (a worker thread), then
    # the home screen's deferred parts; later, in idle time, the write path is loaded.
    win.after_paint.later(ctx.after_first_paint, first=True)
    if DEFER_FONT:
        win.after_paint.later(register_bundled_font)
    win.after_paint.later(lambda: QTimer.singleShot(WARM_UP_MS, ctx.warm_up))
    win.after_paint.later(collect_from_now_on)
    win.show()
    if smoke:
        def finish() -> None:
            win.grab()  # forces a full paint of the window
            win.after_paint.run_pending()  # and what the first paint starts (the idle warm-up excepted)
            win.close()
            app.quit()

        QTimer.singleShot(0, finish)
    code = app.exec()
    ctx.close()
    return code
