"""Save latency as the user feels it: a real click on an answer control and real keystrokes in
the memo, through the main window and the survey wizard (QTest, offscreen), on 10 years of data.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui_save.py [N]
    python benchmarks/bench_ui_save.py --instructions   # instructions per click (valgrind)

- click: QTest.mouseClick on `answer:survey:<item>:<choice>` (alternating two choices, so each
  click changes the answer), timed until the event queue is empty again (the handler, the save
  and the updates it posts); of which the Store's save (one transaction, WAL, synchronous=NORMAL:
  no fsync on the GUI thread; the Store's flusher thread fsyncs the -wal right after), and the
  rest; how many fsyncs of the -wal the flusher made (bursts are coalesced); the GUI thread's CPU time per click (what the load of
  other processes does not inflate); and how much of the side list each click repaints;
- key: QTest.keyClick of one character into `memo:survey:<item>`, timed the same way, on an
  empty memo and on one of 5,000 characters;
- memo saved: after a burst of typing stops, how long until the typed text is in the database,
  read through a second, read-only SQLite connection (what a kill -9 at that moment would keep).

The data folder is built by benchmarks/sample_data.py through the AppContext. Figures only; the
load average before and after is printed (the machine may be shared: compare runs of equal load).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
for _p in (str(BENCH.parent), str(BENCH)):
    if _p not in sys.path:
        sys.path.insert(0, _p)


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))], 3)


def _summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": _pct(ms, 0.5), "p99_ms": _pct(ms, 0.99), "max_ms": round(max(ms), 3),
            "mean_ms": round(statistics.fmean(ms), 3)}


def _open_wizard(years: int):
    """A data folder of `years` years, the main window with the survey wizard on the first
    applicable single-choice item of two or more choices, painted once.
    Returns (tmp, folder, app, ctx, win, wizard, item)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from sample_data import build

    from hospital_sec_desk.ui.launch import open_context
    from hospital_sec_desk.ui.qt_setup import make_app

    tmp = tempfile.TemporaryDirectory(prefix="bench-ui-save-")
    folder = build(Path(tmp.name) / "data", years)
    app = make_app(["bench-ui-save"])
    ctx = open_context(folder)
    from PySide6.QtWidgets import QApplication

    from hospital_sec_desk.ui.main_window import MainWindow

    win = MainWindow(ctx)
    win.resize(1280, 720)
    win.show()
    QApplication.processEvents()
    win.open_wizard("survey", "restart")
    wizard = win.wizard
    item = next(i for i in wizard.edition.items if i.type == "single" and len(i.choices) >= 2
                and wizard.session.applicable().get(i.key, False))
    wizard.go(item.key)
    QApplication.processEvents()
    win.grab()
    return tmp, folder, app, ctx, win, wizard, item


def click_loop(n: int, years: int = 10) -> None:
    """Only the clicks of measure_ui_save (two to warm up, then n), for valgrind: the
    instructions of a click are those of a run of N2 clicks less a run of N1, over N2 - N1."""
    tmp, _folder, app, ctx, win, _wizard, item = _open_wizard(years)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QApplication

    choices = [c.key for c in item.choices[:2]]
    for k in range(n + 2):
        btn = win.findChild(QAbstractButton, f"answer:survey:{item.key}:{choices[k % 2]}")
        QTest.mouseClick(btn, Qt.MouseButton.LeftButton)
        QApplication.processEvents()
    ctx.store.flush()
    win.close()
    ctx.close()
    app.processEvents()
    tmp.cleanup()


def click_instructions(short: int = 20, long: int = 120) -> dict | None:
    """Instructions per click under valgrind's callgrind (the whole process: the GUI thread and
    the Store's flusher thread): deterministic to well under 1 %, unlike wall times on a shared
    machine. None without valgrind. Takes a few minutes."""
    import re
    import shutil
    import subprocess

    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    script = str(Path(__file__).resolve())
    subprocess.run([sys.executable, script, "--click-loop", "2"], env=env, check=True,
                   capture_output=True)  # bytecode caches written, so both runs compile nothing
    counts = {}
    for n in (short, long):
        proc = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                               script, "--click-loop", str(n)], env=env, capture_output=True, text=True,
                              timeout=1800)
        found = re.search(r"Collected : (\d+)", proc.stderr)
        if proc.returncode != 0 or found is None:
            raise RuntimeError(f"callgrind click loop exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
        counts[n] = int(found.group(1))
    return {"clicks": [short, long], "instructions": [counts[short], counts[long]],
            "per_click": round((counts[long] - counts[short]) / (long - short))}


def measure_ui_save(n: int = 200, years: int = 10, memo_chars: int = 5000) -> dict:
    load_before = os.getloadavg()
    tmp, folder, app, ctx, win, wizard, item = _open_wizard(years)
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QApplication, QPlainTextEdit

    class PaintLog(QObject):
        def __init__(self):
            super().__init__()
            self.heights: list[int] = []

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint:
                self.heights.append(event.rect().height())
            return False

    year = max(ctx.store.years())
    aid = ctx.store.find_assessment(year, "survey")["id"]
    saves: list[float] = []
    store_save = ctx.store.save_answer

    def timed_save(*args, **kwargs):
        start = time.perf_counter()
        try:
            return store_save(*args, **kwargs)
        finally:
            saves.append((time.perf_counter() - start) * 1000)

    ctx.store.save_answer = timed_save  # the session's saver looks it up at each save
    painted = PaintLog()
    wizard.side.viewport().installEventFilter(painted)

    def control(name: str, cls):
        found = win.findChild(cls, name)
        if found is None:
            raise RuntimeError(f"no control named {name}")
        return found

    def timed(action) -> float:
        start = time.perf_counter()
        action()
        QApplication.processEvents()
        return (time.perf_counter() - start) * 1000

    clicks, click_saves, rest, side_rows, cpu = [], [], [], [], []
    row = wizard.side.sizeHintForRow(0) or 1
    choices = [c.key for c in item.choices[:2]]
    for k in range(n + 2):
        btn = control(f"answer:survey:{item.key}:{choices[k % 2]}", QAbstractButton)
        saves.clear()
        painted.heights.clear()
        cpu_start = time.thread_time()
        t = timed(lambda b=btn: QTest.mouseClick(b, Qt.MouseButton.LeftButton))
        if k >= 2:  # the first two load code paths once
            clicks.append(t)
            cpu.append((time.thread_time() - cpu_start) * 1000)
            click_saves.append(sum(saves))
            rest.append(t - sum(saves))
            side_rows.append(sum(painted.heights) / row)
    ctx.store.save_answer = store_save
    wizard.side.viewport().removeEventFilter(painted)
    stored_choice = ctx.store.answers(aid)[item.key].value.get("choice")
    ctx.store.flush()
    wal_fsyncs = ctx.store.flusher.syncs

    reader = sqlite3.connect(f"file:{folder / 'hospital_sec_desk.sqlite3'}?mode=ro", uri=True)

    def memo_in_db() -> str:
        row = reader.execute("SELECT memo FROM answers WHERE assessment_id = ? AND item_key = ?",
                             (aid, item.key)).fetchone()
        return row[0] if row else ""

    def type_keys(count: int) -> tuple[list[float], list[float]]:
        """(wall ms, GUI-thread CPU ms) of each keystroke."""
        memo = control(f"memo:survey:{item.key}", QPlainTextEdit)
        memo.setFocus()
        QTest.keyClick(memo, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        wall, used = [], []
        for c in ("abcdefghij" * (count // 10 + 1))[:count]:
            cpu_start = time.thread_time()
            wall.append(timed(lambda c=c: QTest.keyClick(memo, c)))
            used.append((time.thread_time() - cpu_start) * 1000)
        return wall, used

    def saved_after_typing() -> float | None:
        """ms from the last keystroke until the memo in the database equals the field."""
        memo = control(f"memo:survey:{item.key}", QPlainTextEdit)
        want = memo.toPlainText()
        start = time.perf_counter()
        while time.perf_counter() - start < 5:
            if memo_in_db() == want:
                return round((time.perf_counter() - start) * 1000, 1)
            QTest.qWait(5)
        return None

    empty, empty_cpu = type_keys(n)
    saved_empty = saved_after_typing()
    memo = control(f"memo:survey:{item.key}", QPlainTextEdit)
    memo.setPlainText("点検メモ。" * (memo_chars // 5))
    QApplication.processEvents()
    saved_after_typing()
    long, long_cpu = type_keys(n)
    saved_long = saved_after_typing()
    wizard_rows = round(wizard.side.viewport().height() / row, 1)
    reader.close()
    win.close()
    ctx.close()
    app.processEvents()
    tmp.cleanup()
    return {"years": years, "item": item.key, "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "click": _summary(clicks), "click_store_save": _summary(click_saves),
            "click_without_save": _summary(rest), "click_gui_thread_cpu": _summary(cpu),
            "click_side_list_rows_repainted_mean": round(statistics.fmean(side_rows), 2),
            "side_list_rows_visible": wizard_rows,
            "click_saved_correctly": stored_choice == choices[(n + 1) % 2],
            "wal_fsyncs_by_flusher": wal_fsyncs,
            "key_empty": _summary(empty), "key_long": _summary(long), "memo_chars": memo_chars,
            "key_empty_gui_thread_cpu": _summary(empty_cpu), "key_long_gui_thread_cpu": _summary(long_cpu),
            "memo_saved_after_typing_ms": {"empty": saved_empty, "long": saved_long}}


if __name__ == "__main__":
    import json

    args = sys.argv[1:]
    if args[:1] == ["--click-loop"]:
        click_loop(int(args[1]))
    elif args[:1] == ["--instructions"]:
        print(json.dumps(click_instructions(), indent=1))
    else:
        print(json.dumps(measure_ui_save(int(args[0]) if args else 200), indent=1))
