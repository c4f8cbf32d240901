"""Figures for the planning outputs: the BCP document as PDF and .docx, the Excel workbook.

    .venv/bin/python benchmarks/bench_planning.py [--runs N]

Builds the sample hospital of tests/planning/sample.py (2 vendors, 3 drill records) and a large
one (70 vendors, 40 drill records) in a temporary data folder and prints, for each output, the
median CPU time of the build over N runs (warm: the first run is left out; CPU time, so that
other jobs on the machine do not inflate it) and the size. Figures, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hospital_sec_desk.app import planning  # noqa: E402
from hospital_sec_desk.app.context import AppContext  # noqa: E402
from tests.planning import sample  # noqa: E402


def _large(ctx) -> None:
    for i in range(68):
        ctx.store.save_contact(category="vendor", organization=f"保守会社{i:02d}株式会社", name=f"担当{i}",
                               systems="部門システム", phone=f"03-0000-{i:04d}")
    for i in range(37):
        planning.save_drill(ctx, {"held_on": f"20{23 + i % 4}-{i % 12 + 1:02d}-10", "kind": "訓練",
                                  "topic": f"訓練{i}", "improvements": "連絡網を見直す" * 5})


def measure(runs: int) -> list[tuple[str, float, int]]:
    out = []
    for label, grow in (("sample", None), ("70 vendors", _large)):
        with tempfile.TemporaryDirectory() as tmp:
            ctx = AppContext.open(Path(tmp))
            sample.populate(ctx)
            if grow:
                grow(ctx)
            for kind, fn in (("BCP PDF", planning.bcp_pdf), ("BCP .docx", planning.bcp_docx),
                             ("Excel", lambda c, y, _t=None: planning.workbook(c, y))):
                times, size = [], 0
                for _ in range(runs + 1):
                    start = time.process_time()
                    size = len(fn(ctx, sample.YEAR, sample.TODAY) if kind != "Excel" else fn(ctx, sample.YEAR))
                    times.append(time.process_time() - start)
                out.append((f"{kind}, {label}", statistics.median(times[1:]), size))
            ctx.close()
    return out


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--runs", type=int, default=5)
    opts = args.parse_args(argv)
    for figure, seconds, size in measure(opts.runs):
        print(f"{figure:<28} {seconds * 1000:8.1f} ms CPU  {size / 1024:8.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
