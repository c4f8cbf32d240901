"""The 印刷 screen builds its report in a worker process: the same bytes as a build in this
process, a busy bar and 「作成を中止」 while it runs, a modal progress dialog that can cancel
when a button waits for it, a Japanese message when the worker dies (kill -9), the worker kept
for the next build while the screen is shown, and no worker left running after cancelling,
leaving the screen or closing the window."""

from __future__ import annotations

import os
import re
import signal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from hospital_sec_desk.app.planning import report_context
from hospital_sec_desk.reports.report import build_report
from hospital_sec_desk.ui.main_window import MainWindow
from hospital_sec_desk.ui.print_screen import PrintScreen
from tests.sample_data import populate

PARTS = ["cover", "summary", "answers", "poster"]


def alive(pid: int) -> bool:
    """The process exists and is not a zombie (a reaped child is gone from /proc)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def without_id(pdf: bytes) -> bytes:
    """The PDF without its random /ID and its creation/modification stamps."""
    return re.sub(rb"D:\d{14}[^)]*", b"D:", re.sub(rb"/ID\s*\[<[0-9a-fA-F]+>\s*<[0-9a-fA-F]+>\]", b"/ID", pdf))


def choose(screen: PrintScreen, parts: list[str]) -> None:
    for key, box in screen.boxes.items():
        box.blockSignals(True)
        box.setChecked(key in parts)
        box.blockSignals(False)
    screen._changed()


@pytest.fixture
def screen(qtbot, ctx):
    populate(ctx)
    widget = PrintScreen(ctx)
    qtbot.addWidget(widget)
    widget.set_year(2026)
    widget.resize(1366, 768)
    widget.show()
    choose(widget, PARTS)
    yield widget
    widget.cancel_build()


def started(qtbot, screen: PrintScreen) -> int:
    assert screen.start_build()
    pid = screen.worker_pid()
    assert pid is not None and pid != os.getpid() and alive(pid)
    return pid


def test_worker_builds_the_same_bytes_is_kept_for_the_next_build_and_ends_with_the_screen(
        qtbot, screen, ctx):
    pid = started(qtbot, screen)
    assert screen.busy.isVisible() and screen.cancel_button.isVisible()
    assert "作成しています" in screen.status.text()
    with qtbot.waitSignal(screen.built, timeout=60000) as blocker:
        pass
    assert blocker.args == [True]
    assert screen.worker_pid() is None and screen.idle_worker_pid() == pid and alive(pid)
    assert not screen.busy.isVisible() and not screen.cancel_button.isVisible()
    here = build_report(report_context(ctx, 2026, with_history=True), PARTS)
    assert without_id(screen.preview.data) == without_id(here)
    assert screen.preview.page_count() > 3
    assert "ページ" in screen.status.text()
    # the poster's notices come from the worker too (the shipped 厚生労働省 entry is unconfirmed)
    assert screen.poster_notes.isVisibleTo(screen) and "厚生労働省" in screen.poster_notes.text()
    choose(screen, ["gmis"])
    assert started(qtbot, screen) == pid  # the same, warm worker
    with qtbot.waitSignal(screen.built, timeout=60000):
        pass
    assert screen.preview.page_count() == 1
    screen.hide()
    assert not alive(pid) and screen.idle_worker_pid() is None


def test_cancel_ends_the_worker_and_keeps_nothing_half_built(qtbot, screen):
    pid = started(qtbot, screen)
    screen.cancel_button.click()
    assert not alive(pid) and not screen.building()
    assert screen.preview.data == b"" and screen.preview.page_count() == 0
    assert "中止しました" in screen.status.text()
    assert not screen.busy.isVisible()


def test_killed_worker_is_said_in_japanese(qtbot, screen, monkeypatch):
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: said.append((title, text)))
    pid = started(qtbot, screen)
    os.kill(pid, signal.SIGKILL)
    with qtbot.waitSignal(screen.built, timeout=20000) as blocker:
        pass
    assert blocker.args == [False]
    assert said and "途中で終了" in said[0][1] and "Traceback" not in said[0][1]
    assert not said[0][1].isascii() and "作成できませんでした" in screen.status.text()
    assert screen.preview.data == b""
    assert screen.refresh()  # and the next build works
    assert screen.preview.page_count() > 3


def test_refresh_waits_behind_a_modal_dialog_that_can_cancel(qtbot, screen):
    seen: dict = {}

    def press_cancel():
        dialog = screen.findChild(QProgressDialog, "print:progress")
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, press_cancel)
            return
        seen["modal"] = dialog.windowModality()
        seen["pid"] = screen.worker_pid()
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "中止").click()

    QTimer.singleShot(0, press_cancel)
    assert screen.refresh() is False
    assert seen["modal"] == Qt.WindowModality.WindowModal
    assert seen["pid"] is not None and not alive(seen["pid"])
    assert "中止しました" in screen.status.text()
    assert screen.refresh() is True and screen.preview.page_count() > 3  # no dialog pressed: it waits


def test_leaving_the_screen_and_closing_the_window_end_the_worker(qtbot, ctx):
    populate(ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.open_screen("print")
    screen = win.stack.currentWidget()
    assert screen.refresh()
    assert screen.preview.page_count() > 0
    kept = screen.idle_worker_pid()
    pid = started(qtbot, screen)  # the ticks are unchanged: a rebuild, stale or not
    assert pid == kept
    win.show_home()
    assert not alive(pid)
    assert screen.preview.data == b"" and screen.preview.page_count() == 0  # the document is dropped
    win.open_screen("print")
    screen = win.stack.currentWidget()
    pid = started(qtbot, screen)
    win.close()
    assert not alive(pid) and not screen.building() and screen.idle_worker_pid() is None


# A script that opens the print screen on sample data with every part ticked (run as a child).
PRINT_SCREEN_RUN = """
import os
import signal
import sys
from multiprocessing import resource_tracker
from pathlib import Path
from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.ui.print_screen import PrintScreen
from hospital_sec_desk.ui.qt_setup import make_app
from tests.sample_data import populate

if __name__ == "__main__":
    app = make_app(["hospital-sec-desk-tests"])
    ctx = AppContext.open(Path(sys.argv[1]))
    populate(ctx)
    screen = PrintScreen(ctx)
    screen.set_year(2026)
    screen.show()
    for box in screen.boxes.values():
        box.setChecked(True)
"""

NO_NETWORK_RUN = PRINT_SCREEN_RUN + """    ok = screen.refresh()
    print("built", ok, screen.preview.page_count())
    screen.close()
    ctx.close()
"""


def test_window_and_worker_open_no_socket(tmp_path):
    """strace follows the window's process and the worker (and multiprocessing's helper):
    no socket of any family is created, none is connected."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    if shutil.which("strace") is None:
        pytest.skip("strace is not installed (.ci/run installs it)")
    script = tmp_path / "run_print.py"
    script.write_text(NO_NETWORK_RUN, encoding="utf-8")
    (tmp_path / "data").mkdir()
    trace = tmp_path / "trace.txt"
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    run = subprocess.run(["strace", "-f", "-qq", "-e", "trace=socket,socketpair,connect", "-o", str(trace),
                          sys.executable, str(script), str(tmp_path / "data")],
                         cwd=root, env=env, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    built = run.stdout.strip().splitlines()[-1].split()
    assert built[:2] == ["built", "True"] and int(built[2]) > 5
    calls = [line for line in trace.read_text().splitlines()
             if re.search(r"\b(socket|socketpair|connect)\(", line)]
    assert calls == [], calls[:5]
    assert "SIGCHLD" in trace.read_text()  # the trace followed a child that ran and ended


def test_a_tick_warms_a_worker_that_the_build_then_uses(qtbot, ctx):
    populate(ctx)
    widget = PrintScreen(ctx)
    qtbot.addWidget(widget)
    widget.set_year(2026)
    widget.show()
    qtbot.waitUntil(widget.building, timeout=5000)  # shown: the standard parts start at once
    first = widget.worker_pid()
    widget.boxes["gmis"].setChecked(not widget.boxes["gmis"].isChecked())  # a real tick
    spare = widget.idle_worker_pid()  # a build is 400 ms away: a worker warms meanwhile
    assert spare is not None and spare != first and alive(spare)
    assert widget.idle_worker_pid() == spare  # still the one warming
    qtbot.waitUntil(lambda: widget.worker_pid() == spare, timeout=5000)  # the delay ran out
    assert not alive(first)  # the build of the old ticks was ended
    widget.hide()
    assert not alive(spare) and not widget.building()
    for box in widget.boxes.values():
        box.setChecked(False)
    widget.show()
    assert widget.idle_worker_pid() is None  # nothing ticked: no worker started


KILLED_RUN = PRINT_SCREEN_RUN + """    screen.start_build()                                # a worker building every part
    screen.boxes["gmis"].setChecked(False)              # and one warming for the next build
    pids = [screen.worker_pid(), screen.idle_worker_pid(), resource_tracker._resource_tracker._pid]
    print(" ".join(str(p) for p in pids), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_window_killed_mid_build_leaves_no_process(tmp_path):
    """kill -9 of the window while its worker builds and a second one warms: both end by
    themselves (their pipes close), and so does multiprocessing's resource tracker."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    script = tmp_path / "killed.py"
    script.write_text(KILLED_RUN, encoding="utf-8")
    (tmp_path / "data").mkdir()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    run = subprocess.run([sys.executable, str(script), str(tmp_path / "data")], cwd=root, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr[-2000:]
    pids = [int(p) for p in run.stdout.split()]
    assert len(pids) == 3 and len(set(pids)) == 3
    deadline = time.monotonic() + 60  # the building one finishes its page layout first
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in pids if alive(p)]
