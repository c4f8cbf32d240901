"""The planning screens from the main window: home's buttons open them, 戻る returns home, and
home reminds (after its first paint) when no drill was held in the last 12 months."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from hospital_sec_desk.app import planning
from hospital_sec_desk.ui.bcp_screen import BcpScreen
from hospital_sec_desk.ui.drill_screen import DrillScreen
from hospital_sec_desk.ui.history_screen import HistoryScreen
from hospital_sec_desk.ui.main_window import MainWindow
from hospital_sec_desk.ui.readiness_panel import ReadinessPanel

from . import sample


def _window(qtbot, ctx) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_home_opens_the_planning_screens(qapp, qtbot, ctx):
    sample.populate(ctx)
    win = _window(qtbot, ctx)
    for key, cls, back in (("bcp", BcpScreen, "bcp-back"), ("drills", DrillScreen, "drills-back")):
        qtbot.mouseClick(win.findChild(QPushButton, f"home:{key}"), Qt.MouseButton.LeftButton)
        assert win.screen_key == key and isinstance(win.stack.currentWidget(), cls)
        qtbot.mouseClick(win.findChild(QPushButton, back), Qt.MouseButton.LeftButton)
        assert win.screen_key == "home"


def test_home_reminds_when_the_last_drill_is_old(qapp, qtbot, ctx):
    sample.populate(ctx, drills=False)
    planning.save_drill(ctx, {"held_on": "2024-05-01", "kind": "訓練", "topic": "連絡訓練"})
    win = _window(qtbot, ctx)
    qtbot.waitUntil(lambda: getattr(win.home, "drill_banner", None) is not None, timeout=5000)
    assert "12か月以上" in win.home.drill_banner.text() and win.home.drill_banner.isVisible()


def test_no_reminder_after_a_recent_drill(qapp, qtbot, ctx):
    sample.populate(ctx)
    win = _window(qtbot, ctx)
    qtbot.waitUntil(lambda: isinstance(win.home.readiness, ReadinessPanel), timeout=5000)  # after-paint work ran
    qtbot.wait(300)                               # the reminder is queued after the panel
    assert getattr(win.home, "drill_banner", None) is None


def test_history_comparison_shows_the_drill_log_per_year(qapp, qtbot, ctx):
    sample.populate(ctx)
    screen = HistoryScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.drill_line.isVisible()
    assert "2026年度：研修 1回、訓練・演習 1回（改善策の記録 1件）" in screen.drill_line.text()
