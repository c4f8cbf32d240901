"""A click on an answer repaints only the side-list rows it changes (QListView would lay out and
repaint every row on each change), and what is on screen afterwards is what a fresh paint of the
list shows: no row is left stale, also when branching enables or greys out another entry."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from hospital_sec_desk.ui.wizard import WizardScreen
from tests.ui.helpers import setup_facility, show_active


class PaintLog(QObject):
    def __init__(self):
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())
        return False


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _on_screen_equals_fresh_paint(wizard) -> bool:
    """The side list's pixels as last painted into the window = the list painted anew."""
    _settle()
    vp = wizard.side.viewport()
    pos = vp.mapTo(wizard.window(), QPoint(0, 0))
    screen = wizard.window().windowHandle().screen()
    live = screen.grabWindow(wizard.window().winId(), pos.x(), pos.y(), vp.width(), vp.height()).toImage()
    fresh = vp.grab().toImage().convertToFormat(live.format())
    return live == fresh


def _row_height(wizard) -> int:
    side = wizard.side
    return side.visualItemRect(side.entry("security_officer")).height()


def test_an_answer_repaints_only_the_rows_it_changes(qtbot, ctx):
    setup_facility(ctx, survey="r8")
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    wizard.resize(1280, 720)
    show_active(qtbot, wizard)
    _settle()
    side, log = wizard.side, PaintLog()
    side.viewport().installEventFilter(log)
    qualified = side.entry("officer_qualified")
    for choice, mark, enabled in (("yes", "✓", True), ("no", "✓", False), ("yes", "✓", True)):
        log.rects.clear()
        button = wizard.findChild(QAbstractButton, f"answer:survey:security_officer:{choice}")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(12, button.height() // 2))
        _settle()
        assert side.entry("security_officer").text().startswith(mark)
        assert bool(qualified.flags() & Qt.ItemFlag.ItemIsSelectable) is enabled  # branching followed
        painted = sum(r.height() for r in log.rects)
        assert log.rects, "the changed entries were not repainted"
        # the answered entry and the one branching changed: a few rows, never the whole list
        assert painted <= 3 * _row_height(wizard) < side.viewport().height() // 2, log.rects
        assert _on_screen_equals_fresh_paint(wizard)


def test_moving_on_leaves_no_stale_highlight(qtbot, ctx):
    setup_facility(ctx, survey="r8")
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    wizard.resize(1024, 600)
    show_active(qtbot, wizard)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.current_key == "officer_qualified"
    assert wizard.side.entry("officer_qualified").background().style() != Qt.BrushStyle.NoBrush
    assert wizard.side.entry("security_officer").background().style() == Qt.BrushStyle.NoBrush
    assert _on_screen_equals_fresh_paint(wizard)
