"""The full report (every part), cold as a command and warm in one process, for two hospitals:

  - "6 vendors": two years, 6 vendor contacts among 12 contacts (goal: <= 0.3 s cold);
  - "70 vendors": two years, 70 vendors among 200 contacts (goal: <= 1 s cold).

cold: `python -m hospital_sec_desk --data-dir D print --year 2026 --out F --parts <all>`, a new
process each time, wall time from spawn to exit (after one untimed run: bytecode caches, the
start-up backup). warm: in one process, load the report context and build the PDF again
(after one untimed build: fonts, imports). Data built by benchmarks/sample_data.py.

    python benchmarks/bench_report.py [RUNS]
"""

from __future__ import annotations

import io
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


def _cold(folder: Path, out: Path, parts: list[str]) -> float:
    from bench_start import child_env

    cmd = [sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(folder), "print",
           "--year", "2026", "--out", str(out), "--parts", ",".join(parts)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=child_env(), cwd=ROOT, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"print exited {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-800:]}")
    return elapsed


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
        cold = [_cold(folder, out, parts) for _ in range(cold_runs or runs)]
        cold_kb = out.stat().st_size / 1024
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
            "cold_kb": round(cold_kb, 1), "cold": {"n": len(cold), "median_s": round(statistics.median(cold), 4),
                                                    "runs_s": [round(t, 4) for t in cold]},
            "warm": {"n": len(warm), "median_s": round(statistics.median(warm), 4),
                     "cpu_median_s": round(statistics.median(cpu), 4), "first_part_build_s": round(first, 4)}}


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 5
    for size in SIZES:
        r = measure_report(size, runs)
        print(f"{r['vendors']} vendors, {r['contacts']} contacts: {r['pages']} pages, {r['size_kb']} KB; "
              f"cold {r['cold']['median_s']:.3f} s (goal <= {GOALS_S[size]} s), warm {r['warm']['median_s']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
