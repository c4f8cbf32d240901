"""Peak memory as a session uses it: one process opens the main window and the survey wizard
(offscreen), steps through every page painting each, then opens 印刷 with every part ticked,
builds the preview and scrolls through it painting each step; prints its peak RSS as JSON
(after the wizard and after the print preview); the time to the first painted preview page from
opening 印刷 (its standard parts), from ticking every part (the screen waits 400 ms for more ticks
first) and from 「プレビュー更新」 (refresh(), the same parts built again); and the worker's peak RSS (the report is built in a worker process: its memory
is not the window's, but it is the machine's while it runs). The worker's figure is its VmHWM read
from /proc every 10 ms while it builds (Linux); RUSAGE_CHILDREN is not used for it, as a child
started by vfork+exec inherits the window's high-water mark there.

    QT_QPA_PLATFORM=offscreen python benchmarks/rss_wizard.py DATA_DIR

Uses resource.getrusage(RUSAGE_SELF).ru_maxrss (kilobytes on Linux, bytes on macOS).
Windows has no `resource` module and psutil is not a dependency: it prints a skip note.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

if __name__ == "__main__" and not __package__:  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str]) -> int:
    try:
        import resource
    except ImportError:
        print(json.dumps({"skipped": "no resource module on this platform (psutil is not a dependency)"}))
        return 0

    def peak_kb(who=resource.RUSAGE_SELF) -> float:
        usage = resource.getrusage(who).ru_maxrss
        return usage / 1024 if sys.platform == "darwin" else usage

    from hospital_sec_desk.ui.launch import open_context
    from hospital_sec_desk.ui.qt_setup import make_app

    app = make_app(["hospital-sec-desk-bench"])
    ctx = open_context(Path(argv[0]))
    if ctx is None:
        print(json.dumps({"error": "could not open the data folder"}))
        return 1
    from PySide6.QtWidgets import QAbstractScrollArea

    from hospital_sec_desk.ui.main_window import MainWindow
    from hospital_sec_desk.ui.wizard import REVIEW

    win = MainWindow(ctx)
    win.resize(1280, 720)
    win.show()
    app.processEvents()
    win.open_wizard("survey", "restart")
    pages = 0
    wizard = win.wizard
    for _ in range(200):  # every applicable item, then the review page
        app.processEvents()
        win.grab()
        pages += 1
        if wizard.current_key == REVIEW:
            break
        wizard.forward()
    after_wizard = peak_kb()
    from PySide6.QtCore import QTimer

    worker = {"hwm_kb": 0, "samples": 0}
    screen = None

    def sample() -> None:
        pid = screen.worker_pid() if hasattr(screen, "worker_pid") else None
        if pid is None:
            return
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        worker["hwm_kb"] = max(worker["hwm_kb"], int(line.split()[1]))
                        worker["samples"] += 1
        except OSError:
            pass

    def painted_when(done, limit_s: float = 300.0) -> float:
        """Seconds until `done()` holds and the window has painted it (events processed meanwhile)."""
        t0 = time.perf_counter()
        while not done() and time.perf_counter() - t0 < limit_s:
            app.processEvents()
            time.sleep(0.005)
        app.processEvents()
        win.grab()
        return time.perf_counter() - t0

    sampler = QTimer()
    sampler.setInterval(10)
    sampler.timeout.connect(sample)
    sampler.start()
    # as a user: open 印刷 (its standard parts are previewed by themselves), then tick every part
    opened = time.perf_counter()
    win.open_screen("print")
    screen = win.stack.currentWidget()
    painted_when(lambda: screen.preview.page_count() > 0)
    open_s = time.perf_counter() - opened
    standard_pages = screen.preview.page_count()
    for box in screen.boxes.values():
        box.setChecked(True)
    tick_s = painted_when(lambda: screen.preview.page_count() not in (0, standard_pages))
    started = time.perf_counter()  # and 「プレビュー更新」: the same parts again, waited for
    built = screen.refresh()
    pdf_pages = screen.preview.page_count()
    app.processEvents()
    win.grab()
    first_page_s = time.perf_counter() - started
    sampler.stop()
    area = screen.preview.findChild(QAbstractScrollArea)
    steps = 0
    if area is not None:
        bar = area.verticalScrollBar()
        for k in range(1, 21):  # scroll through the whole preview, painting each step
            bar.setValue(bar.maximum() * k // 20)
            app.processEvents()
            win.grab()
            steps += 1
    after_preview = peak_kb()
    idle_kb = None  # the worker kept for the next build while 印刷 is shown
    idle = screen.idle_worker_pid() if hasattr(screen, "idle_worker_pid") else None
    if idle is not None:
        with open(f"/proc/{idle}/status", encoding="ascii") as f:
            idle_kb = next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), None)
    win.close()
    ctx.close()
    print(json.dumps({"maxrss_kb": after_preview, "wizard_maxrss_kb": after_wizard, "pages_painted": pages,
                      "preview_built": built, "preview_pages": pdf_pages, "preview_scroll_steps": steps,
                      "open_to_page_s": round(open_s, 3), "standard_pages": standard_pages,
                      "tick_to_page_s": round(tick_s, 3), "first_page_s": round(first_page_s, 3),
                      "worker_maxrss_kb": worker["hwm_kb"] or None, "worker_samples": worker["samples"],
                      "idle_worker_rss_kb": idle_kb}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
