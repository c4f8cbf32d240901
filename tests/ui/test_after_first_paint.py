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


PROBE = """
import runpy, sys
sys.argv = ["hospital_sec_desk", "--data-dir", sys.argv[1], "--smoke"]
try:
    runpy.run_module("hospital_sec_desk", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
import PySide6.QtCore as core
print(code, *("Qt" in vars(core), *(m in sys.modules for m in ("sqlite_utils", "reportlab", "openpyxl", "docx"))),
      "hospital_sec_desk.ui.readiness_panel" in sys.modules)
"""


def test_a_start_builds_no_qt_namespace_and_loads_no_write_path_or_document_writers(tmp_path):
    """What a start of an existing folder loads (sqlite-utils, reportlab, openpyxl, python-docx
    and PySide6's Qt namespace cost 25–450 ms each): none of it, the readiness panel still filled."""
    import os
    import subprocess
    import sys

    from hospital_sec_desk.app.context import AppContext

    folder = tmp_path / "data"
    ctx = AppContext.open(folder)
    setup_facility(ctx)
    ctx.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for _ in range(2):  # the first start remembers the window's place (a write); the second only reads
        out = subprocess.run([sys.executable, "-c", PROBE, str(folder)], env=env, capture_output=True,
                             text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "False", "False", "False", "False", "False", "True"]


def test_the_bundled_font_can_be_registered_after_the_first_paint():
    """Windows and macOS (Japanese UI fonts of their own) register the bundled font after the first
    paint: the application font names it as the fallback at once, the file is added when asked."""
    import os
    import subprocess
    import sys

    probe = ("from hospital_sec_desk.ui.qt_setup import BUNDLED_FAMILY, make_app, register_bundled_font; "
             "from PySide6.QtGui import QFontDatabase; app = make_app(['x'], defer_font=True); "
             "print(BUNDLED_FAMILY in app.font().families(), BUNDLED_FAMILY in QFontDatabase.families()); "
             "register_bundled_font(); print(BUNDLED_FAMILY in QFontDatabase.families())")
    out = subprocess.run([sys.executable, "-c", probe], env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "False", "True"]


def test_readiness_status_colours_come_from_the_window_style(qtbot):
    """The status labels are coloured by the window's style sheet (QLabel[status=…]), not each by
    a style sheet of its own: every status the rules can give has its colour, in bold."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from hospital_sec_desk.domain.readiness import MET, NOT_MET, STATUSES, UNKNOWN
    from hospital_sec_desk.ui.style import STYLE

    expected = {MET: "#2e7d32", NOT_MET: "#b00020", UNKNOWN: "#555555"}
    assert set(expected) == set(STATUSES)
    host = QWidget()
    qtbot.addWidget(host)
    host.setStyleSheet(STYLE)
    lay = QVBoxLayout(host)
    labels = {}
    for status in STATUSES:
        lab = QLabel(status, host)
        lab.setProperty("status", status)
        lay.addWidget(lab)
        labels[status] = lab
    plain = QLabel("plain", host)
    lay.addWidget(plain)
    host.show()
    for status, lab in labels.items():
        lab.ensurePolished()
        assert lab.palette().color(QPalette.ColorRole.WindowText).name() == expected[status], status
        assert lab.font().bold(), status
        assert lab.styleSheet() == ""
    plain.ensurePolished()
    assert plain.palette().color(QPalette.ColorRole.WindowText).name() not in expected.values()
    assert not plain.font().bold()


def test_readiness_labels_carry_no_style_sheet_of_their_own(qtbot, ctx):
    setup_facility(ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: len(_readiness_labels(win)) > 0, timeout=5000)
    for lab in _readiness_labels(win):
        assert lab.property("status") in ("met", "not_met", "unknown")
        assert lab.styleSheet() == ""
        assert lab.font().bold()
