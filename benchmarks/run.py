"""All benchmark figures in one command: a table (figure, goal, measured, n), then the JSON.

    python benchmarks/run.py [--quick] [--json OUT]

What a user feels, each section in its own process (a crash costs only its figures):
  - cold start, app against a bare Qt window, alternating pairs, start to first paint and start
    to exit, 10 years of data: unchanged since the last start, and changed since the last backup
    (the start-up backup runs); and the first start on a new folder (benchmarks/bench_start.py);
  - the full report (every part), cold as a command and warm, 6 vendors + two years and
    70 vendors / 200 contacts (benchmarks/bench_report.py);
  - save latency through a real click on an answer and real keystrokes in the memo, in the
    wizard (benchmarks/bench_ui_save.py); the Store API save for reference (bench_storage.py);
  - the history comparison and screen with 10 years (bench_history.py);
  - peak RSS: main window, survey wizard, then the print preview of every part (rss_wizard.py).

"First paint" is the end of the first frame any widget of the process paints (paint_probe.py).
The app defers some start-up work until that frame is done (ui/after_paint.py: the readiness
panel, the start-up backup of changed data in a worker thread); --smoke runs that work right after
its forced paint and waits for the backup before it exits, so "start to exit" includes all of it.
Only the idle warm-up of the write path (sqlite-utils, 400 ms after the paint) is not included.
Goals from the issues; figures are reported, never pass/fail. Bytecode caches are allowed on
both sides of the start comparison (PYTHONDONTWRITEBYTECODE is removed) and warmed once.
--quick takes fewer runs (for CI; under ~90 s on 2 cores). The exit code is 0 unless a section
crashed (then 1). Sample data is built by benchmarks/sample_data.py through the AppContext.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for _p in (str(ROOT), str(BENCH)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

RUNS = {  # (quick, full)
    "start": (5, 15),
    "report": (3, 9),
    "report_70": (1, 5),
    "ui_saves": (100, 500),
    "store_saves": (300, 1000),
    "history": (5, 21),
    "rss": (1, 3),
}
START_GOAL = 1.6  # x the bare window, issue 17
HISTORY_YEARS = 10


def row(key: str, figure: str, value=None, unit: str = "", goal=None, *, n=None, shown: str = "",
        status: str = "", note: str = "", **extra) -> dict:
    """One line of the table. status: measured | not available | skipped | error."""
    if not status:
        status = "measured" if value is not None else "error"
    meets = None if goal is None or value is None else value <= goal
    return {"key": key, "figure": figure, "value": value, "unit": unit, "goal": goal, "n": n,
            "shown": shown, "meets_goal": meets, "status": status, "note": note, **extra}


def fs_type(path: Path) -> str:
    """The file system holding `path` (from /proc/mounts), e.g. ext4 or tmpfs; '' if unknown."""
    try:
        mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return ""
    best, kind = "", ""
    target = str(path.resolve())
    for fields in mounts:
        if len(fields) >= 3 and (target == fields[1] or target.startswith(fields[1].rstrip("/") + "/")):
            if len(fields[1]) >= len(best):
                best, kind = fields[1], fields[2]
    return kind


# -- sections ----------------------------------------------------------------------------
VARIANTS = {"unchanged": "10 years, unchanged", "changed": "10 years, changed since last backup",
            "first": "first start, new folder"}


def sec_start(variant: str, runs: dict, work: Path) -> list[dict]:
    from bench_start import measure_start

    r = measure_start(variant, runs["start"], work)
    label = VARIANTS[variant]
    goal = None if variant == "first" else START_GOAL
    rows = []
    for kind, what in (("paint", "start to first paint"), ("exit", "start to exit (--smoke)"),
                       ("cpu", "CPU time to exit")):
        a, b = r[f"app_{kind}"], r[f"bare_{kind}"]
        if not a["n"]:
            continue  # no CPU figures on this platform
        rows.append(row(f"start_{variant}_{kind}_ratio", f"{what}, {label}: app / bare", r[f"ratio_{kind}"], "x",
                        goal if kind != "cpu" else None, n=a["n"], shown=f"{r[f'ratio_{kind}']}x ({a['median_s']} s / {b['median_s']} s)",
                        note=f"median of per-pair ratios {r[f'pair_ratio_{kind}_median']}x", raw=r if kind == "exit" else None))
    return rows


def sec_report(size: str, runs: dict, work: Path) -> list[dict]:
    from bench_report import GOAL_KB, GOALS_S, measure_report

    n = runs["report"] if size == "6" else runs["report_70"]
    r = measure_report(size, n, warm_command=size == "6" or not runs["quick"])
    what = f"{r['vendors']} vendors, {r['contacts']} contacts, two years, every part"
    info = f"{r['pages']} pages, {r['size_kb']} KB"
    rows = [row(f"report_{size}_cold_s", f"report cold (print command), {what}", r["cold"]["median_s"], "s",
                GOALS_S[size], n=r["cold"]["n"], note=info, raw=r),
            row(f"report_{size}_warm_s", f"report warm (in process), {what}", r["warm"]["median_s"], "s",
                n=r["warm"]["n"], note=f"CPU {r['warm']['cpu_median_s']} s; a first one-part build (fonts) {r['warm']['first_part_build_s']} s")]
    if size == "6":
        rows.append(row("report_6_kb", f"report size, {what}", r["size_kb"], "KB", GOAL_KB, n=1, note=info))
    return rows


def sec_ui_save(runs: dict, work: Path) -> list[dict]:
    from bench_ui_save import measure_ui_save

    r = measure_ui_save(runs["ui_saves"])
    fs = fs_type(Path(tempfile.gettempdir()))
    where = f"10 years of data, on {fs or '?'}" + (" (RAM: fsync costs nothing)" if fs == "tmpfs" else "")
    c, e, lg = r["click"], r["key_empty"], r["key_long"]
    saved = r["memo_saved_after_typing_ms"]
    return [row("click_p50_ms", "click on an answer (QTest, wizard): p50", c["p50_ms"], "ms", n=c["n"], note=where),
            row("click_p99_ms", "click on an answer (QTest, wizard): p99", c["p99_ms"], "ms", 10, n=c["n"],
                note=f"answer stored correctly: {r['click_saved_correctly']}", raw=r),
            row("key_empty_p99_ms", "keystroke in an empty memo: p99", e["p99_ms"], "ms", n=e["n"],
                note=f"p50 {e['p50_ms']} ms"),
            row("key_long_p99_ms", f"keystroke in a {r['memo_chars']:,}-character memo: p99", lg["p99_ms"], "ms",
                n=lg["n"], note=f"p50 {lg['p50_ms']} ms"),
            row("memo_saved_ms", "memo in the database after typing stops", saved["empty"], "ms", 1000, n=1,
                note=f"with the long memo {saved['long']} ms (what a kill -9 then would lose)")]


def sec_store_save(runs: dict, work: Path) -> list[dict]:
    from bench_storage import measure_save_latency

    r = measure_save_latency(runs["store_saves"])
    fs = fs_type(Path(tempfile.gettempdir()))
    return [row("store_save_p99_ms", "Store.save_answer alone (WAL, synchronous=NORMAL; -wal fsynced by the flusher): p99",
                r["p99_ms"], "ms", n=r["n"], note=f"p50 {r['p50_ms']} ms, on {fs or '?'}", raw=r),
            row("save_durable_p99_ms", "a save on the disk after it returned (the flusher's fsync): p99",
                r["durable_p99_ms"], "ms", n=r["durable_n"], note=f"p50 {r['durable_p50_ms']} ms")]


def sec_history(runs: dict, work: Path) -> list[dict]:
    from bench_history import measure_comparison

    r = measure_comparison(HISTORY_YEARS, runs["history"])
    rows = [row("history_ms", "history comparison, 10 years: load + tables + trend", r["median_ms"], "ms", 100,
                n=r["runs"], raw=r)]
    if r.get("screen_median_ms") is not None:
        rows.append(row("history_screen_ms", "history screen, 10 years: open + paint", r["screen_median_ms"], "ms",
                        100, n=r["runs"]))
    return rows


def sec_rss(runs: dict, work: Path) -> list[dict]:
    if os.name == "nt":
        return [row("rss_mb", "peak RSS", status="skipped", goal=150, unit="MB",
                    note="Windows: not measured (no resource module; psutil is not a dependency)")]
    from sample_data import report_hospital

    from hospital_sec_desk.app.context import AppContext

    rows = []
    for vendors, contacts in ((70, 200),) if runs["quick"] else ((6, 12), (70, 200)):
        data = work / f"rss-{vendors}"
        ctx = AppContext.open(data)
        try:
            report_hospital(ctx, vendors, contacts)
        finally:
            ctx.close()
        got = []
        for _ in range(runs["rss"]):
            proc = subprocess.run([sys.executable, str(BENCH / "rss_wizard.py"), str(data)], env=qt_env(),
                                  cwd=ROOT, capture_output=True, text=True, timeout=300)
            if proc.returncode != 0:
                raise RuntimeError(f"rss_wizard.py exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
            got.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        if "skipped" in got[0]:
            return [row("rss_mb", "peak RSS", status="skipped", goal=150, unit="MB", note=got[0]["skipped"])]
        peak = statistics.median(g["maxrss_kb"] for g in got) / 1024
        wiz = statistics.median(g["wizard_maxrss_kb"] for g in got) / 1024
        rows.append(row(f"rss_{vendors}_mb", f"peak RSS: wizard, then print preview ({vendors} vendors)",
                        round(peak, 1), "MB", 150, n=len(got),
                        note=f"{got[0]['preview_pages']} preview pages scrolled; after the wizard alone "
                             f"{wiz:.1f} MB ({got[0]['pages_painted']} pages); the report's worker process "
                             f"{statistics.median(g.get('worker_maxrss_kb') or 0 for g in got) / 1024:.1f} MB; "
                             f"first preview page {statistics.median(g.get('open_to_page_s', 0) for g in got):.2f} s "
                             f"after opening 印刷", runs_mb=[g["maxrss_kb"] for g in got]))
    return rows


def qt_env() -> dict[str, str]:
    from bench_start import child_env

    return child_env()


# (name, key of the row reported if it crashes, function(runs, work) -> rows)
SECTIONS = (
    ("start unchanged", "start_unchanged_exit_ratio", lambda runs, work: sec_start("unchanged", runs, work)),
    ("start changed", "start_changed_exit_ratio", lambda runs, work: sec_start("changed", runs, work)),
    ("first start", "start_first_exit_ratio", lambda runs, work: sec_start("first", runs, work)),
    ("report 6 vendors", "report_6_cold_s", lambda runs, work: sec_report("6", runs, work)),
    ("report 70 vendors", "report_70_cold_s", lambda runs, work: sec_report("70", runs, work)),
    ("click and keystroke", "click_p99_ms", sec_ui_save),
    ("store save", "store_save_p99_ms", sec_store_save),
    ("history", "history_ms", sec_history),
    ("peak RSS", "rss_6_mb", sec_rss),
)


# -- the machine -------------------------------------------------------------------------
def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {"platform": platform.platform(), "cpu": cpu or platform.processor() or platform.machine(),
            "cores": os.cpu_count(), "python": platform.python_version(), "pyside6": "", "qt": ""}
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        info["pyside6"], info["qt"] = PySide6.__version__, qVersion()
    except ImportError:
        pass
    return info


def load_average() -> str:
    """The 1/5/15-minute load average (other work on the machine skews the figures), '' if unknown."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


# -- output ------------------------------------------------------------------------------
def fmt_value(r: dict) -> str:
    if r["status"] != "measured":
        return r["status"]
    return r.get("shown") or f"{r['value']} {r['unit']}".strip()


def fmt_goal(r: dict) -> str:
    return "" if r["goal"] is None else f"<= {r['goal']} {r['unit']}".strip()


def fmt_verdict(r: dict) -> str:
    if r["meets_goal"] is None:
        return ""
    return "met" if r["meets_goal"] else "MISSED"


def table(rows: list[dict]) -> str:
    head = ("figure", "goal", "measured (median)", "n", "")
    cells = [(r["figure"], fmt_goal(r), fmt_value(r), "" if r.get("n") is None else str(r["n"]), fmt_verdict(r))
             for r in rows]
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)).rstrip() for cell in cells]
    notes = [f"  {r['figure']}: {r['note']}" for r in rows if r["note"]]
    return "\n".join(lines + (["", "notes:", *notes] if notes else []))


ROWS_MARK = "BENCH-ROWS "


def run_section(name: str, quick: bool, work: Path) -> int:
    """Child mode: one section, its rows as one JSON line on stdout."""
    runs = {k: v[0] if quick else v[1] for k, v in RUNS.items()} | {"quick": quick}
    _name, _key, fn = next(s for s in SECTIONS if s[0] == name)
    rows = fn(runs, work)
    print(ROWS_MARK + json.dumps(rows, ensure_ascii=False), flush=True)
    return 0


def section_in_child(name: str, key: str, quick: bool, work: Path) -> tuple[list[dict], str]:
    """Run a section in its own process, so a crash (even of the interpreter) costs only its
    figures. Returns (rows, '' or what went wrong)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--section", name, "--work", str(work)]
    if quick:
        cmd.append("--quick")
    proc = subprocess.run(cmd, env=qt_env(), cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if proc.stderr.strip():  # the child's messages belong in the CI log
        print(proc.stderr.rstrip(), file=sys.stderr)
    rows = [json.loads(line[len(ROWS_MARK):]) for line in proc.stdout.splitlines() if line.startswith(ROWS_MARK)]
    problem = "" if proc.returncode == 0 else f"exited with code {proc.returncode}"
    if not rows:
        return [row(key, name, status="error", note=f"crashed: {problem or 'no figures'}")], problem or "no figures"
    return rows[-1], problem


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="hospital_sec_desk benchmark figures (table and JSON)")
    p.add_argument("--quick", action="store_true", help="fewer runs (CI)")
    p.add_argument("--json", metavar="OUT", help="also write the JSON to this file")
    p.add_argument("--section", help=argparse.SUPPRESS)  # internal: run one section (child process)
    p.add_argument("--work", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.section:
        return run_section(args.section, args.quick, Path(args.work))
    started = time.perf_counter()
    rows: list[dict] = []
    crashed: list[str] = []
    timing: dict[str, float] = {}
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="hsd-bench-") as tmp:
        for name, key, _fn in SECTIONS:
            print(f"… {name}", file=sys.stderr, flush=True)
            work = Path(tmp) / key
            work.mkdir()
            t = time.perf_counter()
            got, problem = section_in_child(name, key, args.quick, work)
            timing[name] = round(time.perf_counter() - t, 1)
            rows.extend(got)
            if problem:
                crashed.append(f"{name} ({problem})")
    report = {
        "date": dt.date.today().isoformat(),
        "mode": "quick" if args.quick else "full",
        "machine": machine(),
        "seconds_taken": round(time.perf_counter() - started, 1),
        "section_seconds": timing,
        "load_average": {"before": load_before, "after": load_average()},
        "temp_fs": fs_type(Path(tempfile.gettempdir())),
        "results": rows,
        "crashed": crashed,
    }
    m = report["machine"]
    print(f"hospital_sec_desk benchmarks ({report['mode']}, {report['date']})")
    print(f"machine: {m['platform']}; {m['cpu']}, {m['cores']} cores; Python {m['python']}, "
          f"PySide6 {m['pyside6']} (Qt {m['qt']}); load average {report['load_average']['before']} -> "
          f"{report['load_average']['after']}; temp on {report['temp_fs'] or '?'}; {report['seconds_taken']} s\n")
    print(table(rows))
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print("\nJSON:")
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    if crashed:
        print(f"\ncrashed: {'; '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
