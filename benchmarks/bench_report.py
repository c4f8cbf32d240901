"""Benchmark: build the full report PDF (every part) from a populated database.

    .venv/bin/python benchmarks/bench_report.py [RUNS]

Goal on the CI machine: median ≤ 0.3 s and ≤ 300 KB. A figure printed, not a timed test.
The database is the sample hospital year (reports/demo_data.py) in a temporary folder;
the first build (font registration, imports) is a warm-up and not counted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOAL_SECONDS = 0.3
GOAL_KB = 300


def measure_report(runs: int = 5) -> dict:
    """Median wall time of `runs` full builds (all parts), the CPU time, the PDF's size and pages."""
    from hospital_sec_desk.app.context import AppContext
    from hospital_sec_desk.reports import report
    from hospital_sec_desk.reports.context import load_context
    from hospital_sec_desk.reports.demo_data import populate

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        app = AppContext.open(Path(tmp) / "data")
        try:
            populate(app)
            parts = list(report.PARTS)
            t0 = time.perf_counter()
            warm = report.build_report(load_context(app.store, app.registry, 2026, with_history=True), parts)
            first = time.perf_counter() - t0
            walls, cpus = [], []
            for _ in range(max(1, runs)):
                w, c = time.perf_counter(), time.process_time()
                ctx = load_context(app.store, app.registry, 2026, with_history=True)
                data = report.build_report(ctx, parts)
                walls.append(time.perf_counter() - w)
                cpus.append(time.process_time() - c)
        finally:
            app.close()
    import io

    from pypdf import PdfReader

    return {
        "median_s": round(statistics.median(walls), 4),
        "min_s": round(min(walls), 4),
        "cpu_median_s": round(statistics.median(cpus), 4),
        "first_build_s": round(first, 4),
        "size_kb": round(len(data) / 1024, 1),
        "pages": len(PdfReader(io.BytesIO(data)).pages),
        "parts": parts,
        "runs": max(1, runs),
        "same_size_as_warmup": len(warm) == len(data),
    }


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 5
    r = measure_report(runs)
    ok_t = "OK" if r["median_s"] <= GOAL_SECONDS else "目標超過"
    ok_s = "OK" if r["size_kb"] <= GOAL_KB else "目標超過"
    print(f"full report ({len(r['parts'])} parts: {', '.join(r['parts'])}), {r['pages']} pages, {r['runs']} runs")
    print(f"  median {r['median_s']:.3f} s (min {r['min_s']:.3f} s, CPU {r['cpu_median_s']:.3f} s; "
          f"first build incl. font load {r['first_build_s']:.3f} s)  goal ≤ {GOAL_SECONDS} s: {ok_t}")
    print(f"  size {r['size_kb']:.1f} KB  goal ≤ {GOAL_KB} KB: {ok_s}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
