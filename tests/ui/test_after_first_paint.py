"""Start-up work after the first paint (ui/after_paint.py): the readiness panel is a placeholder
in the first frame and filled right after it; queued work never runs before the window paints;
the window keeps its remembered size from one start to the next (no write at every close)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from hospital_sec_desk.ui import after_paint
from hospital_sec_desk.ui.main_window import MainWindow
from tests.ui.helpers import setup_facility


def _readiness_labels(win) -> list[QLabel]:
    return [w for w in win.findChildren(QLabel) if w.objectName().startswith("readiness:")]


def test_readiness_is_filled_right_after_the_first_paint(qtbot, ctx):
    setup_facility(ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    assert not win.after_paint.painted and _readiness_labels(win) == []  # a placeholder card
    assert any(w.text() == "回答から判定しています…" for w in win.findChildren(QLabel))
    win.show()
    qtbot.waitUntil(lambda: len(_readiness_labels(win)) > 0, timeout=5000)
    assert win.after_paint.painted
    assert not any(w.text() == "回答から判定しています…" and w.isVisible() for w in win.findChildren(QLabel))
    panel = win.home.readiness
    assert panel.year == 2026 and panel.results  # the rules were evaluated for the year shown
    lay = panel.layout()

    def fits() -> bool:  # once laid out, the panel is as tall as its content needs: nothing clipped
        need = lay.totalHeightForWidth(panel.width()) if lay.hasHeightForWidth() else lay.totalMinimumSize().height()
        return panel.isVisible() and panel.height() >= need

    qtbot.waitUntil(fits, timeout=5000)


def test_queued_work_waits_for_the_paint_and_later_work_runs_at_once(qtbot, ctx):
    setup_facility(ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    ran: list[str] = []
    win.after_paint.later(lambda: ran.append("queued"))
    win.after_paint.later(lambda: ran.append("first"), first=True)
    for _ in range(3):
        QApplication.processEvents()  # the window is not shown: nothing painted, nothing runs
    assert ran == []
    win.show()
    qtbot.waitUntil(lambda: len(ran) == 2, timeout=5000)
    assert ran == ["first", "queued"]
    after_paint.later(win.home, lambda: ran.append("after"))  # painted already: next loop turn
    assert ran == ["first", "queued"]
    qtbot.waitUntil(lambda: ran[-1:] == ["after"], timeout=5000)


def test_a_widget_outside_a_window_with_a_hook_runs_its_work_at_once(qtbot):
    from PySide6.QtWidgets import QWidget

    alone = QWidget()
    qtbot.addWidget(alone)
    ran = []
    after_paint.later(alone, lambda: ran.append(1))
    assert ran == [1]


def test_the_window_keeps_its_size_from_one_start_to_the_next(qtbot, ctx):
    setup_facility(ctx)
    places = []
    for _ in range(3):
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitUntil(lambda w=win: w.after_paint.painted, timeout=5000)
        win.close()
        places.append(ctx.store.db.execute("SELECT value FROM settings WHERE key LIKE 'window_geometry%'").fetchall())
    assert places[0] and places[0] == places[1] == places[2]


def test_a_failing_task_does_not_keep_the_others_from_running(qtbot, ctx, caplog):
    setup_facility(ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    ran = []
    win.after_paint.later(lambda: 1 / 0)
    win.after_paint.later(lambda: ran.append("after"))
    win.after_paint.run_pending()
    assert ran == ["after"] and "work after the first paint failed" in caplog.text
