"""Where the start-up time goes, in process: the steps of `hospital-sec-desk --smoke`, timed
with perf_counter by wrapping the app's functions from outside (no app code is changed).

    QT_QPA_PLATFORM=offscreen python benchmarks/startup_breakdown.py DATA_DIR [--no-style] [--until-paint]

Prints one JSON object: milliseconds per step, in the order `run_gui` runs them (the imports
of the CLI and of ui.launch, QApplication set-up with font registration and translations,
opening the data folder with the start-up backup, migrations and the editions, the main window
with its home screen, readiness panel and style sheet, the first paint, closing). benchmarks/
breakdown.py runs it in new processes and takes medians; `python -X importtime` gives the
import figures. --no-style builds the window without its style sheet (to see what it costs).
--until-paint prints the figures and ends the process (os._exit) right after the first paint:
run under `valgrind --tool=callgrind` it counts the instructions to the first paint only, e.g.
to check that a start whose data changed since the last backup does the same work before its
paint as an unchanged one (the backup comes after it).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()
C0 = time.process_time()

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ms: dict[str, float] = {}  # wall time
cpu: dict[str, float] = {}  # CPU time (what contention on the machine does not inflate): of the whole
# process for the steps, of the calling thread for the wrapped functions (the start-up backup runs
# in its own thread, beside the main thread's work after the paint)
gone: list[str] = []


_cpu_mark = [0.0]


def step(name: str, start: float) -> float:
    now, c = time.perf_counter(), time.process_time()
    ms[name] = round((now - start) * 1000, 2)
    cpu[name] = round((c - _cpu_mark[0]) * 1000, 2)
    _cpu_mark[0] = c
    return now


def wrap(owner, attr: str, name: str) -> None:
    """Time every call of owner.attr into ms[name] (summed); a step the app no longer has (the
    code moved) is listed as "(gone)" and skipped, so the breakdown keeps working."""
    original = getattr(owner, attr, None)
    if original is None:
        gone.append(f"{name.strip()} ({getattr(owner, '__name__', owner)}.{attr})")
        return

    def timed(*args, **kwargs):
        start, c = time.perf_counter(), time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            ms[name] = round(ms.get(name, 0.0) + (time.perf_counter() - start) * 1000, 2)
            cpu[name] = round(cpu.get(name, 0.0) + (time.thread_time() - c) * 1000, 2)

    setattr(owner, attr, timed)


def main(argv: list[str]) -> None:
    import json

    folder = Path(argv[0])
    t = time.perf_counter()
    _cpu_mark[0] = time.process_time()
    from hospital_sec_desk.cli import main as _cli_main  # noqa: F401 - what `-m hospital_sec_desk` imports

    t = step("import cli (parser, app.data, paths)", t)
    from hospital_sec_desk.ui import launch

    t = step("import ui.launch (app.context, storage, domain, then PySide6, qt_setup)", t)
    from hospital_sec_desk.app import context as app_context
    from hospital_sec_desk.storage import backup, database, startup_backup
    from hospital_sec_desk.ui import qt_setup

    wrap(qt_setup, "register_bundled_font", "  font registration (Qt)")
    wrap(qt_setup, "install_translations", "  Qt translations")
    wrap(backup, "backup_if_changed", "  start-up backup check/copy (a worker thread once deferred)")
    wrap(getattr(backup, "digest", backup), "of_connection", "    content digest (in the backup)")
    wrap(backup, "copy_from", "    copy into the temporary file, fsync (in the backup)")
    wrap(backup, "fsync_dir", "    fsync of backups/ after the rename (in the backup)")
    wrap(backup, "prune", "    retention, digest cache (in the backup)")
    wrap(startup_backup.StartupBackup, "wait", "  waiting for the start-up backup (at close)")
    wrap(database, "_examine", "  integrity + version check")
    wrap(database, "_connect_and_migrate", "  connect + migrations")
    wrap(app_context, "registry_for", "  editions (registry_for)")
    wrap(app_context, "ensure_default_contacts", "  default contacts")
    wrap(app_context, "default_contacts", "  default contacts")
    t = time.perf_counter()
    _cpu_mark[0] = time.process_time()
    app = launch.make_app(["hospital-sec-desk"])
    t = step("make_app (QApplication, font, translations)", t)
    ctx = launch.open_context(folder)
    t = step("open_context (lock, checks, backup, migrations, editions)", t)
    from hospital_sec_desk.ui import home, main_window

    t = step("import ui.main_window + home", t)
    if "--no-style" in argv:
        main_window.STYLE = ""
    wrap(main_window.MainWindow, "setStyleSheet", "  setStyleSheet(STYLE)")
    wrap(home.HomeScreen, "fill_readiness", "  readiness panel (after the first paint)")
    wrap(home.HomeScreen, "_card", "  questionnaire cards")
    wrap(home.HomeScreen, "notices", "  notices")
    wrap(home.HomeScreen, "__init__", "  home screen (with readiness panel)")
    win = main_window.MainWindow(ctx)
    hook = getattr(win, "after_paint", None)
    if hook is not None and hasattr(ctx, "after_first_paint"):  # as ui.launch.run_gui queues it
        hook.later(ctx.after_first_paint, first=True)
    t = step("MainWindow(ctx) (style sheet, home screen)", t)
    win.show()
    t = step("show()", t)
    win.grab()
    t = step("first paint (grab)", t)
    if "--until-paint" in argv:
        print(json.dumps({"wall": ms, "cpu": cpu}, ensure_ascii=False), flush=True)
        os._exit(0)
    if hook is not None:
        hook.run_pending()
        t = step("after the first paint: deferred work (readiness, backup, ...)", t)
    app.processEvents()
    t = step("processEvents after paint", t)
    win.close()
    ctx.close()
    step("close (waits for the start-up backup)", t)
    ms["total in process (script start to closed)"] = round((time.perf_counter() - T0) * 1000, 2)
    cpu["total in process (script start to closed)"] = round((time.process_time() - C0) * 1000, 2)
    missing = {f"(gone) {g}": 0.0 for g in gone}
    print(json.dumps({"wall": {**ms, **missing}, "cpu": {**cpu, **missing}}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
