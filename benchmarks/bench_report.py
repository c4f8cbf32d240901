"""The full report (every part), cold as a command and warm in one process, for two hospitals:

  - "6 vendors": two years, 6 vendor contacts among 12 contacts (goal: <= 0.3 s cold);
  - "70 vendors": two years, 70 vendors among 200 contacts (goal: <= 1 s cold).

cold: `python -m hospital_sec_desk --data-dir D print --year 2026 --out F --parts <all>`, a new
process each time, wall time from spawn to exit and its CPU time (user + system: contention on a
shared machine inflates wall time more), after one untimed run (bytecode caches, the start-up
backup, the parsed-font cache `cache/fonts.pickle`). `cold_no_font_cache`: the same with that
cache deleted before each run (a first print). warm: in one process, load the report context and
build the PDF again (after one untimed build: fonts, imports). Data built by
benchmarks/sample_data.py. `main` alternates the two hospitals run by run (and the cached and
uncached variants), so a change of load on the machine affects both alike; it prints the load
average before and after.

    python benchmarks/bench_report.py [RUNS] [--instructions]

--instructions (needs valgrind): also one cold print per hospital under callgrind, which prints
the instructions it executed: deterministic to about 0.1 %, so before/after comparisons hold on
a loaded shared machine where wall times do not.
"""

from __future__ import annotations

import io
import os
import re
import shutil
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

SIZES = {"6": (6, 12), "70": (70, 200)}  # key -> (vendors, contacts)
GOALS_S = {"6": 0.3, "70": 1.0}
GOAL_KB = 300


def _pages(data: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # a test-only dependency; the page count is for information
        return None
    return len(PdfReader(io.BytesIO(data)).pages)


def _cold_cpu(folder: Path, out: Path, parts: list[str], *, font_cache: bool = True) -> tuple[float, float]:
    """(wall, CPU) seconds of one print command; without `font_cache`, cache/fonts.pickle is
    deleted first."""
    from bench_start import _children_cpu, child_env

    if not font_cache:
        (folder / "cache" / "fonts.pickle").unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(folder), "print",
           "--year", "2026", "--out", str(out), "--parts", ",".join(parts)]
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=child_env(), cwd=ROOT, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu0
    if proc.returncode != 0:
        raise RuntimeError(f"print exited {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-800:]}")
    return elapsed, cpu


def cold_instructions(folder: Path, out: Path, parts: list[str]) -> int | None:
    """Instructions of one print command under valgrind's callgrind; None without valgrind."""
    from bench_start import child_env

    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    cmd = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m",
           "hospital_sec_desk", "--data-dir", str(folder), "print", "--year", "2026", "--out", str(out),
           "--parts", ",".join(parts)]
    proc = subprocess.run(cmd, env=child_env(), cwd=ROOT, capture_output=True, text=True, timeout=900)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind print exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
    return int(found.group(1))


def _cold(folder: Path, out: Path, parts: list[str]) -> float:
    return _cold_cpu(folder, out, parts)[0]


def _figures(samples: list[tuple[float, float]]) -> dict:
    return {"n": len(samples), "median_s": round(statistics.median(w for w, _ in samples), 4),
            "cpu_median_s": round(statistics.median(c for _, c in samples), 4),
            "runs_s": [round(w, 4) for w, _ in samples], "runs_cpu_s": [round(c, 4) for _, c in samples]}


def measure_report(size: str = "6", runs: int = 5, cold_runs: int | None = None, warm_command: bool = True) -> dict:
    """`warm_command`: one untimed print command first (bytecode caches); without it (--quick,
    after an earlier section wrote them) the start-up backup is settled in process instead."""
    from sample_data import report_hospital

    from hospital_sec_desk.app.context import AppContext
    from hospital_sec_desk.reports import report
    from hospital_sec_desk.reports.context import load_context

    vendors, contacts = SIZES[size]
    parts = list(report.PARTS)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        folder = Path(tmp) / "data"
        ctx = AppContext.open(folder)
        try:
            info = report_hospital(ctx, vendors, contacts)
        finally:
            ctx.close()
        out = Path(tmp) / "report.pdf"
        if warm_command:
            _cold(folder, out, parts)  # untimed: bytecode, start-up backup of the new data
        else:
            AppContext.open(folder).close()  # untimed: the start-up backup of the new data
        cold = [_cold_cpu(folder, out, parts) for _ in range(cold_runs or runs)]
        cold_bytes = out.stat().st_size
        ctx = AppContext.open(folder)
        try:
            t0 = time.perf_counter()  # untimed first build of one part: fonts, lazy imports
            report.build_report(load_context(ctx.store, ctx.registry, 2026, with_history=True), parts[:1])
            first = time.perf_counter() - t0
            warm, cpu = [], []
            for _ in range(runs):
                w, c = time.perf_counter(), time.process_time()
                data = report.build_report(load_context(ctx.store, ctx.registry, 2026, with_history=True), parts)
                warm.append(time.perf_counter() - w)
                cpu.append(time.process_time() - c)
        finally:
            ctx.close()
    return {"size": size, **info, "parts": parts, "pages": _pages(data), "size_kb": round(len(data) / 1024, 1),
            "cold_kb": round(cold_bytes / 1024, 1), "cold_bytes": cold_bytes, "cold": _figures(cold),
            "warm": {"n": len(warm), "median_s": round(statistics.median(warm), 4),
                     "cpu_median_s": round(statistics.median(cpu), 4), "first_part_build_s": round(first, 4)}}


def measure_cold_alternating(runs: int = 5, instructions: bool = False) -> dict:
    """Cold print commands for both hospitals, alternating run by run: with the font cache, and
    (every other round) without it. Returns per size: pages, bytes, cold and cold_no_font_cache."""
    from sample_data import report_hospital

    from hospital_sec_desk.app.context import AppContext
    from hospital_sec_desk.reports import report

    parts = list(report.PARTS)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        folders, results = {}, {}
        for size, (vendors, contacts) in SIZES.items():
            folders[size] = Path(tmp) / f"data{size}"
            ctx = AppContext.open(folders[size])
            try:
                results[size] = {"size": size, **report_hospital(ctx, vendors, contacts)}
            finally:
                ctx.close()
            _cold_cpu(folders[size], Path(tmp) / f"r{size}.pdf", parts)  # untimed: bytecode, backup, cache
        samples = {(size, cached): [] for size in SIZES for cached in (True, False)}
        for i in range(runs):
            for size in SIZES:
                samples[(size, True)].append(_cold_cpu(folders[size], Path(tmp) / f"r{size}.pdf", parts))
            if i % 2 == 0:
                for size in SIZES:
                    samples[(size, False)].append(
                        _cold_cpu(folders[size], Path(tmp) / f"r{size}.pdf", parts, font_cache=False))
        for size in SIZES:
            data = (Path(tmp) / f"r{size}.pdf").read_bytes()
            results[size].update(pages=_pages(data), bytes=len(data), cold=_figures(samples[(size, True)]),
                                 cold_no_font_cache=_figures(samples[(size, False)]))
            if instructions:
                results[size]["instructions"] = cold_instructions(folders[size], Path(tmp) / f"r{size}.pdf", parts)
    return results


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "?"


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 5
    print(f"load average before: {_load()} ({os.cpu_count()} CPUs)")
    cold = measure_cold_alternating(runs, instructions="--instructions" in argv)
    for size in SIZES:
        r = measure_report(size, runs, cold_runs=1)  # warm figures (one more cold run, not shown)
        c, nc = cold[size]["cold"], cold[size]["cold_no_font_cache"]
        print(f"{r['vendors']} vendors, {r['contacts']} contacts: {cold[size]['pages']} pages, "
              f"{cold[size]['bytes']:,} bytes ({cold[size]['bytes'] // 1024 + 1} KB as the app shows it"
              f"{f'; goal <= {GOAL_KB} KB' if size == '6' else ''}); "
              f"cold {c['median_s']:.3f} s wall, {c['cpu_median_s']:.3f} s CPU (n={c['n']}, goal <= {GOALS_S[size]} s); "
              f"cold without the font cache {nc['median_s']:.3f} s wall, {nc['cpu_median_s']:.3f} s CPU (n={nc['n']}); "
              f"warm {r['warm']['median_s']:.3f} s wall, {r['warm']['cpu_median_s']:.3f} s CPU (n={r['warm']['n']})"
              + (f"; cold under callgrind {cold[size]['instructions'] / 1e6:,.0f} M instructions"
                 if cold[size].get("instructions") else ""))
    print(f"load average after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
