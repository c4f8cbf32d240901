"""All benchmark figures in one command: a table, then the same as JSON.

    python benchmarks/run.py [--quick] [--json OUT]

Figures (goals from issue 10; figures are reported, never pass/fail):
  - cold start to the main window painted (`python -m hospital_sec_desk --smoke`, offscreen)
    against a bare QApplication showing one empty QMainWindow (benchmarks/bare_window.py),
    run alternately in the same run; medians and their ratio (goal <= 2.0);
  - the full report PDF: time and size (bench_report.measure_report; goals <= 0.3 s, <= 300 KB);
  - saving one answer: p50/p99 over 1,000 saves (bench_storage.measure_save_latency; p99 <= 10 ms);
  - the history comparison with 10 years (bench_history.measure_comparison; goal <= 100 ms);
  - peak RSS with the wizard open (benchmarks/rss_wizard.py in a subprocess; goal <= 150 MB).

--quick takes fewer runs (for CI). Each section runs in its own process (a crash costs only its
figures). A benchmark module that does not exist yet is reported as "not available". The exit
code is 0 unless a benchmark crashed (then 1); the figures never decide it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
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
    "first_start": (3, 7),
    "report": (3, 9),
    "history": (5, 21),
    "rss": (1, 3),
}
SAVES = 1000
HISTORY_YEARS = 10


# -- helpers -------------------------------------------------------------------------
def qt_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("HOSPITAL_SEC_DESK_DATA_DIR", None)
    return env


def run_timed(cmd: list[str]) -> float:
    """Wall time of one process from spawn to exit; raises when it fails."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=qt_env(), cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=180)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[1:])} exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
    return elapsed


def median(values: list[float]) -> float:
    return statistics.median(values)


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


def load(module: str, func: str):
    """The benchmark function, or None when its module (or the function) is not there yet."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise
    return getattr(mod, func, None)


def call_with(fn, **wanted):
    """Call fn passing only the keyword arguments its signature accepts."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn()
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return fn(**wanted)
    return fn(**{k: v for k, v in wanted.items() if k in params})


def pick(result, names: tuple[str, ...]):
    """The first of `names` present in a result dict (or attribute of a result object)."""
    for name in names:
        if isinstance(result, dict) and result.get(name) is not None:
            return result[name]
        if not isinstance(result, dict) and getattr(result, name, None) is not None:
            return getattr(result, name)
    return None


def seconds_of(result, base: tuple[str, ...] = ("median", "time", "elapsed", "seconds", "p50")) -> float | None:
    """A duration in seconds from a result, whatever unit its key names (…_s or …_ms)."""
    if isinstance(result, (int, float)):
        return float(result)
    for stem in base:
        for name, scale in ((f"{stem}_s", 1.0), (f"{stem}_ms", 1e-3), (stem, 1.0)):
            value = pick(result, (name,))
            if isinstance(value, (int, float)):
                return float(value) * scale
    for name, scale in (("seconds", 1.0), ("s", 1.0), ("ms", 1e-3)):
        value = pick(result, (name,))
        if isinstance(value, (int, float)):
            return float(value) * scale
    return None


def plain(value):
    """JSON-able copy of a result (dataclasses and objects as dicts, bytes dropped)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items() if not isinstance(v, (bytes, bytearray))}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "__dict__"):
        return plain({k: v for k, v in vars(value).items() if not k.startswith("_")})
    return str(value)


def row(key: str, figure: str, value=None, unit: str = "", goal=None, *, status: str = "",
        note: str = "", **extra) -> dict:
    """One line of the table. status: measured | not available | skipped | error."""
    if not status:
        status = "measured" if value is not None else "error"
    meets = None if goal is None or value is None else value <= goal
    return {"key": key, "figure": figure, "value": value, "unit": unit, "goal": goal,
            "meets_goal": meets, "status": status, "note": note, **extra}


# -- the data folder the app starts on -----------------------------------------------
def populate(folder: Path) -> None:
    """A facility, this 年度's assessments and answers: the home screen an everyday start shows."""
    from hospital_sec_desk.app.context import AppContext
    from hospital_sec_desk.domain.answers import AnswerRecord

    ctx = AppContext.open(folder)
    try:
        ctx.store.save_facility(name="ベンチマーク病院", corporation="医療法人ベンチ会", beds=80,
                                prefecture="東京都", respondent_name="計測 太郎")
        year = ctx.current_year()
        ids = ctx.ensure_year(year)
        for questionnaire, aid in ids.items():
            edition = ctx.edition_for(year, questionnaire)
            for item in edition.items:
                if item.type == "single" and item.choices:
                    ctx.store.save_answer(aid, item.key, AnswerRecord({"choice": item.choices[0].key}))
    finally:
        ctx.close()


# -- (a) cold start ----------------------------------------------------------------------
def bench_start(runs: int, first_runs: int, work: Path) -> list[dict]:
    data = work / "start-data"
    populate(data)
    app = [sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(data), "--smoke"]
    bare = [sys.executable, str(BENCH / "bare_window.py")]
    for _ in range(2):  # warm-up: .pyc files, the page cache, the app's first backup of the folder
        run_timed(app)
        run_timed(bare)
    app_t: list[float] = []
    bare_t: list[float] = []
    for i in range(runs):  # alternate the order so drift on the machine hits both alike
        pair = [(app, app_t), (bare, bare_t)]
        for cmd, out in (pair if i % 2 == 0 else pair[::-1]):
            out.append(run_timed(cmd))
    first_t: list[float] = []
    first_bare: list[float] = []
    for i in range(first_runs):  # a brand-new data folder: creates the database and its schema
        fresh = [sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(work / f"first-{i}"), "--smoke"]
        first_t.append(run_timed(fresh))
        first_bare.append(run_timed(bare))
    a, b = median(app_t), median(bare_t)
    fa, fb = median(first_t), median(first_bare)
    return [
        row("start_app_s", "cold start: app --smoke to window painted (median)", round(a, 3), "s",
            note=f"{runs} runs, existing data folder", runs_s=[round(t, 3) for t in app_t]),
        row("start_bare_s", "cold start: bare QApplication + empty QMainWindow (median)", round(b, 3), "s",
            note=f"{runs} runs, alternating with the app", runs_s=[round(t, 3) for t in bare_t]),
        row("start_ratio", "cold start ratio app / bare", round(a / b, 2), "x", 2.0),
        row("first_start_ratio", "first start (new data folder) ratio app / bare", round(fa / fb, 2), "x",
            note=f"{first_runs} runs: app {fa:.3f} s, bare {fb:.3f} s (for information)",
            app_runs_s=[round(t, 3) for t in first_t], bare_runs_s=[round(t, 3) for t in first_bare]),
    ]


# -- (b) the report --------------------------------------------------------------------
def bench_report(runs: int) -> list[dict]:
    fn = load("bench_report", "measure_report")
    if fn is None:
        return [row("report_s", "full report PDF: time", status="not available",
                    note="benchmarks/bench_report.py (measure_report) not there yet", goal=0.3, unit="s"),
                row("report_kb", "full report PDF: size", status="not available", goal=300, unit="KB")]
    result = call_with(fn, runs=runs)
    secs = seconds_of(result)
    size = pick(result, ("size_bytes", "bytes", "pdf_bytes", "size"))
    kb = pick(result, ("size_kb", "kb"))
    if kb is None and isinstance(size, (int, float)):
        kb = size / 1024
    extras = (("pages", pick(result, ("pages", "page_count"))), ("runs", pick(result, ("runs",))),
              ("CPU median s", pick(result, ("cpu_median_s",))),
              ("first build s (fonts, imports)", pick(result, ("first_build_s",))))
    note = ", ".join(f"{k} {v}" for k, v in extras if v is not None)
    return [row("report_s", "full report PDF: time (median)", None if secs is None else round(secs, 3), "s", 0.3,
                note=note, raw=plain(result)),
            row("report_kb", "full report PDF: size", None if kb is None else round(float(kb), 1), "KB", 300)]


# -- (c) saving one answer ---------------------------------------------------------------
def bench_save() -> list[dict]:
    fn = load("bench_storage", "measure_save_latency")
    if fn is None:
        return [row("save_p99_ms", "save one answer: p99", status="not available", goal=10, unit="ms",
                    note="benchmarks/bench_storage.py not there")]
    folder = Path(tempfile.gettempdir())
    result = call_with(fn, n=SAVES, synchronous="FULL")
    fs = fs_type(folder)
    note = f"n={result.get('n', SAVES)}, WAL, synchronous={result.get('synchronous', '?')}, on {fs or '?'}"
    if fs == "tmpfs":
        note += " (RAM: fsync costs nothing, figure too good)"
    return [row("save_p50_ms", "save one answer: p50", result.get("p50_ms"), "ms", note=note),
            row("save_p99_ms", "save one answer: p99", result.get("p99_ms"), "ms", 10, raw=plain(result))]


# -- (d) the history comparison --------------------------------------------------------
def bench_history(runs: int) -> list[dict]:
    fn = load("bench_history", "measure_comparison")
    if fn is None:
        return [row("history_ms", "history comparison, 10 years", status="not available", goal=100, unit="ms",
                    note="benchmarks/bench_history.py (measure_comparison) not there yet")]
    result = call_with(fn, years=HISTORY_YEARS, runs=runs)
    secs = seconds_of(result)
    years = pick(result, ("years",))
    screen = pick(result, ("screen_median_ms",))
    rows = [row("history_ms", "history comparison, 10 years: load + tables + trend (median)",
                None if secs is None else round(secs * 1000, 1), "ms", 100,
                note=f"years={years}, runs={pick(result, ('runs',))}", raw=plain(result))]
    if isinstance(screen, (int, float)):
        rows.append(row("history_screen_ms", "history screen with 10 years: open + paint (median)",
                        round(float(screen), 1), "ms", 100, note="HistoryScreen built, laid out, painted offscreen"))
    return rows


# -- (e) peak memory -------------------------------------------------------------------
def bench_rss(runs: int, work: Path) -> list[dict]:
    if os.name == "nt":
        return [row("rss_mb", "peak RSS, wizard open", status="skipped", goal=150, unit="MB",
                    note="Windows: not measured (no resource module; psutil is not a dependency)")]
    data = work / "rss-data"
    populate(data)
    peaks, pages = [], None
    for _ in range(runs):
        proc = subprocess.run([sys.executable, str(BENCH / "rss_wizard.py"), str(data)], env=qt_env(), cwd=ROOT,
                              capture_output=True, text=True, timeout=180)
        if proc.returncode != 0:
            raise RuntimeError(f"rss_wizard.py exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        if "skipped" in out:
            return [row("rss_mb", "peak RSS, wizard open", status="skipped", goal=150, unit="MB", note=out["skipped"])]
        peaks.append(out["maxrss_kb"] / 1024)
        pages = out.get("pages_painted")
    return [row("rss_mb", "peak RSS, wizard open (median)", round(median(peaks), 1), "MB", 150,
                note=f"{runs} run(s), main window + survey wizard, {pages} pages painted",
                runs_mb=[round(p, 1) for p in peaks])]


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


# -- output ------------------------------------------------------------------------------
def fmt_value(r: dict) -> str:
    if r["status"] != "measured":
        return r["status"]
    return f"{r['value']} {r['unit']}".strip()


def fmt_goal(r: dict) -> str:
    return "" if r["goal"] is None else f"<= {r['goal']} {r['unit']}".strip()


def fmt_verdict(r: dict) -> str:
    if r["meets_goal"] is None:
        return ""
    return "within goal" if r["meets_goal"] else "MISSES goal"


def table(rows: list[dict]) -> str:
    head = ("figure", "measured", "goal", "vs goal")
    cells = [(r["figure"], fmt_value(r), fmt_goal(r), fmt_verdict(r)) for r in rows]
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)).rstrip() for cell in cells]
    notes = [f"  {r['figure']}: {r['note']}" for r in rows if r["note"]]
    return "\n".join(lines + (["", "notes:", *notes] if notes else []))


# (name, key of the row reported if it crashes, function(runs, work) -> rows)
SECTIONS = (
    ("cold start", "start_ratio", lambda runs, work: bench_start(runs["start"], runs["first_start"], work)),
    ("report", "report_s", lambda runs, work: bench_report(runs["report"])),
    ("save latency", "save_p99_ms", lambda runs, work: bench_save()),
    ("history", "history_ms", lambda runs, work: bench_history(runs["history"])),
    ("peak RSS", "rss_mb", lambda runs, work: bench_rss(runs["rss"], work)),
)
ROWS_MARK = "BENCH-ROWS "


def run_section(name: str, quick: bool, work: Path) -> int:
    """Child mode: one section, its rows as one JSON line on stdout."""
    runs = {k: v[0] if quick else v[1] for k, v in RUNS.items()}
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
    with tempfile.TemporaryDirectory(prefix="hsd-bench-") as tmp:
        for name, key, _fn in SECTIONS:
            print(f"… {name}", file=sys.stderr, flush=True)
            work = Path(tmp) / key
            work.mkdir()
            got, problem = section_in_child(name, key, args.quick, work)
            rows.extend(got)
            if problem:
                crashed.append(f"{name} ({problem})")
    report = {
        "date": dt.date.today().isoformat(),
        "mode": "quick" if args.quick else "full",
        "machine": machine(),
        "seconds_taken": round(time.perf_counter() - started, 1),
        "results": rows,
        "crashed": crashed,
    }
    m = report["machine"]
    print(f"hospital_sec_desk benchmarks ({report['mode']}, {report['date']})")
    print(f"machine: {m['platform']}; {m['cpu']}, {m['cores']} cores; Python {m['python']}, "
          f"PySide6 {m['pyside6']} (Qt {m['qt']})\n")
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
