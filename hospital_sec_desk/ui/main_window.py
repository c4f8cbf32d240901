"""The main window: a stack of screens (setup, home, wizard, contacts, print, history)."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QRect, QSize, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from ..app import StorageError, prefs, sessions
from ..app.context import AppContext
from ..domain.fiscal import nendo_label
from .after_paint import AfterFirstPaint
from .errors import run_guarded, show_error
from .home import NEW_YEAR, HomeScreen
from .style import STYLE

# screen key -> (module, class); each class takes (ctx, parent) and has a `done` signal.
SCREENS = {
    "contacts": ("hospital_sec_desk.ui.contacts_screen", "ContactsScreen"),
    "print": ("hospital_sec_desk.ui.print_screen", "PrintScreen"),
    "history": ("hospital_sec_desk.ui.history_screen", "HistoryScreen"),
    "bcp": ("hospital_sec_desk.ui.bcp_screen", "BcpScreen"),
    "drills": ("hospital_sec_desk.ui.drill_screen", "DrillScreen"),
}


class MainWindow(QMainWindow):
    sync_failed = Signal()  # emitted in the storage's flusher thread, received in this one

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.after_paint = AfterFirstPaint(self)  # what can wait runs after the first frame
        self.year = ctx.current_year()
        self.setStyleSheet(STYLE)
        self._placed = False
        self.place_on_screen()
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("page")
        self.setCentralWidget(self.stack)
        self.wizard = None
        self.screen_key = ""
        if ctx.has_facility():
            self.show_home()
        else:
            self.show_setup(first_run=True)
        # a save's fsync that failed after the save returned: told by the flusher's thread, shown here
        # (an automatic connection: emitted in another thread, it is queued to this one; naming
        # Qt.ConnectionType would build PySide6's whole Qt namespace at every start)
        self.sync_failed.connect(self._check_sync)
        notify = self.sync_failed.emit
        ctx.watch_sync(notify)
        self.destroyed.connect(lambda *_: ctx.sync_listener is notify and ctx.watch_sync(None))

    # -- saves that could not be put on the disk afterwards (storage/flusher.py) ---------------
    def _check_sync(self) -> None:
        """Whatever screen is open: say so at once (the next save is refused until the storage
        recovers, so nothing pretends to be saved afterwards)."""
        problem = sessions.sync_problem(self.ctx)
        if problem is not None:
            show_error(QApplication.activeModalWidget() or self, "保存できませんでした", problem)

    def _may_close_unsynced(self) -> bool:
        """Closing: every save on the disk, else the user chooses to close anyway or stay."""
        why = sessions.unsynced_at_close(self.ctx)
        if why is None:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "ディスクに書き込めませんでした",
                          f"保存した内容を、ディスクに書き込めませんでした（{why}）。", QMessageBox.StandardButton.NoButton,
                          self)
        box.setInformativeText("内容は消えていませんが、終了後に停電などがあると失われるおそれがあります。"
                               "「終了しない」で戻り、ディスクの空き容量や接続を確かめてから、もう一度終了して"
                               "ください（書き込みをやり直します）。")
        quit_ = box.addButton("このまま終了する", QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("終了しない", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is quit_

    # -- place on the screen ---------------------------------------------------------
    def _screen(self):
        return self.screen() or QGuiApplication.primaryScreen()

    def _screen_area(self) -> tuple[str, prefs.Rect]:
        screen = self._screen()
        area = screen.availableGeometry()  # without the taskbar, in logical pixels
        full = screen.geometry()
        key = prefs.screen_key(screen.name(), full.width(), full.height())
        return key, prefs.Rect(area.x(), area.y(), area.width(), area.height())

    def place_on_screen(self) -> None:
        """Size and place the window from the screen's available area (never larger), where it
        was last time on this screen; the minimum fits a 1024×600 screen."""
        key, area = self._screen_area()
        self.setMinimumSize(QSize(*prefs.minimum_size(area)))
        rect = prefs.window_geometry(self.ctx, key, area)
        self._wanted = rect  # the frame's place and size; the frame is known only once shown
        frame = self.frameGeometry().size() - self.geometry().size()  # title bar and borders
        self.resize(max(self.minimumWidth(), rect.width - frame.width()),
                    max(self.minimumHeight(), rect.height - frame.height()))
        self.move(rect.x, rect.y)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Once the frame (title bar, borders) is known, keep all of it inside the available area."""
        super().showEvent(event)
        if not self._placed:
            self._placed = True
            _key, area = self._screen_area()
            frame = self.frameGeometry()
            # from the wanted frame, not the shown one: before show() the frame's size was unknown
            # (taken as 0), so the inside got the whole size and the window grew by its frame at
            # every start (and wrote its place at every close)
            fitted = prefs.fit(self._wanted, area)
            extra = frame.size() - self.geometry().size()
            # the minimum is for the inside: with the frame it must still fit the area
            self.setMinimumSize(min(self.minimumWidth(), area.width - extra.width()),
                                min(self.minimumHeight(), area.height - extra.height()))
            if (fitted.width, fitted.height) != (frame.width(), frame.height()):
                self.resize(fitted.width - extra.width(), fitted.height - extra.height())
            if (fitted.x, fitted.y) != (frame.x(), frame.y()):
                self.move(fitted.x, fitted.y)

    def remember_place(self) -> bool:
        key, _area = self._screen_area()
        g: QRect = self.frameGeometry()
        return prefs.remember_window_geometry(self.ctx, key, prefs.Rect(g.x(), g.y(), g.width(), g.height()))

    def _set(self, widget: QWidget, key: str) -> None:
        old = self.stack.currentWidget()
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        self.screen_key = key
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        name = self.ctx.facility()["name"]
        # Qt appends the application display name (the app's title) itself: not repeated here.
        self.setWindowTitle(f"{name}　{nendo_label(self.year)}" if name else "")

    def show_home(self) -> None:
        if self.wizard is not None and not self.wizard.flush():
            return  # a memo could not be saved: the wizard stays, its dialog said why
        self.wizard = None
        run_guarded(self, "保存できませんでした", lambda: self.ctx.remember_year(self.year))
        home = HomeScreen(self.ctx, self.year, self.stack)  # built in place: no re-styling on adding
        home.open_wizard.connect(self.open_wizard)
        home.open_screen.connect(self.open_screen)
        home.year_chosen.connect(self.choose_year)
        home.switch_edition.connect(self.switch_edition)
        self.home = home
        self._set(home, "home")

    def show_setup(self, first_run: bool = False) -> None:
        from .setup_screen import SetupScreen  # only the first run and 施設情報 need it

        setup = SetupScreen(self.ctx, self.year, first_run, self)
        setup.saved.connect(self.show_home)
        setup.cancelled.connect(self.show_home)
        self._set(setup, "setup")

    def open_wizard(self, questionnaire: str, start: str = "resume", year: int | None = None,
                    read_only: bool = False) -> None:
        from .wizard import WizardScreen

        if year is not None and year != self.year:
            self.year = year
        wizard = WizardScreen(self.ctx, self.year, questionnaire, start, read_only, self)
        wizard.done.connect(self.show_home)
        wizard.open_print.connect(lambda: self.open_screen("print"))
        self.wizard = wizard
        self._set(wizard, "wizard")
        wizard.focus_current()  # keyboard ready at once: number keys answer, Enter goes on

    def open_item(self, year: int, questionnaire: str, item_key: str) -> None:
        """From 過去の回答: earlier years open read-only unless the user chooses to edit."""
        self.open_wizard(questionnaire, item_key, year=year, read_only=sessions.opens_read_only(self.ctx, year))

    def open_screen(self, key: str) -> None:
        if key == "setup":
            self.show_setup()
            return
        if key == "data":
            from .data_dialog import DataDialog

            dialog = DataDialog(self.ctx, self)
            dialog.restore_requested.connect(self.restore_backup)
            dialog.exec()
            self.show_home()
            return
        if key == "glossary":
            from .glossary_view import GlossaryDialog

            GlossaryDialog(self).exec()
            return
        module, cls = SCREENS[key]
        screen = getattr(importlib.import_module(module), cls)(self.ctx, self)
        if hasattr(screen, "set_year"):
            screen.set_year(self.year)
        screen.done.connect(self.show_home)
        if hasattr(screen, "open_item"):
            screen.open_item.connect(self.open_item)
        self._set(screen, key)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Write what is still being typed before the window closes; stay open if it cannot be saved."""
        if self.wizard is not None and not self.wizard.flush():
            event.ignore()
            return
        self.remember_place()
        if not self._may_close_unsynced():
            event.ignore()
            return
        super().closeEvent(event)

    def restore_backup(self, backup) -> None:
        try:
            moved = self.ctx.restore(backup)
        except StorageError as exc:
            QMessageBox.critical(self, "復元できません", str(exc))
            return
        self.year = self.ctx.current_year()
        note = f"\n復元前のデータは「{moved.name}」として保管しました。" if moved else ""
        QMessageBox.information(self, "復元しました", f"バックアップ「{backup.name}」から復元しました。{note}")

    def switch_edition(self, questionnaire: str) -> None:
        from .edition_dialog import EditionDialog

        if EditionDialog(self.ctx, self.year, questionnaire, self).exec() == EditionDialog.DialogCode.Accepted:
            self.show_home()

    def choose_year(self, year: int) -> None:
        if year == NEW_YEAR:
            self.start_new_year()
            return
        self.year = year
        self.show_home()

    def start_new_year(self) -> None:
        from .new_year_dialog import NewYearDialog

        dialog = NewYearDialog(self.ctx, self)
        if dialog.exec() != NewYearDialog.DialogCode.Accepted:
            self.show_home()
            return
        year, editions, carry = dialog.result_values()
        if not run_guarded(self, "年度を始められませんでした", lambda: self.ctx.start_year(year, editions, carry)):
            self.show_home()
            return
        self.year = year
        if carry:
            # Show only what needs confirming: the survey's review page lists the carry-overs.
            self.open_wizard(self.ctx.registry.questionnaires()[0], "review")
        else:
            self.show_home()

