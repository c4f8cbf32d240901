"""Opening 過去の回答 with 10 years of data (goal: <= 100 ms).

Builds a data folder with `years` years (every questionnaire, every item answered, the newest
years on the newest survey edition) through the Store API, then times
  - median_ms: loading every year's answers (load_history) and building the comparison
    table of every questionnaire plus the trend points;
  - screen_median_ms: opening HistoryScreen (its own load, model, table and chart, laid out and
    painted once at 1280×720), offscreen, when Qt is available.

    python benchmarks/bench_history.py [YEARS] [--runs N]

Importing this module has no side effects; benchmarks/run.py calls measure_comparison.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

for _p in (str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)):
    if _p not in sys.path:  # the checkout and benchmarks/ (sample_data)
        sys.path.insert(0, _p)


from sample_data import fill_years as fill  # noqa: E402 - after the path set-up above


def _median_ms(fn, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 2)


def _screen_ms(ctx, runs: int) -> float | None:
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from hospital_sec_desk.ui.history_screen import HistoryScreen
        from hospital_sec_desk.ui.qt_setup import make_app
    except ImportError:
        return None
    make_app(["bench-history"])

    from PySide6.QtWidgets import QApplication

    def construct() -> None:  # build, lay out and paint once, as opening the screen does
        screen = HistoryScreen(ctx)
        screen.resize(1280, 720)
        screen.show()
        screen.grab()
        screen.close()
        screen.deleteLater()
        QApplication.processEvents()

    construct()  # first use loads fonts and styles; not part of the figure
    return _median_ms(construct, runs)


def measure_comparison(years: int = 10, runs: int = 5, with_screen: bool = True) -> dict:
    from hospital_sec_desk.app.context import AppContext
    from hospital_sec_desk.app.history import load_history
    from hospital_sec_desk.domain.compare import build_comparison, questionnaires_in
    from hospital_sec_desk.domain.trend import build_trend

    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        ctx = AppContext.open(Path(tmp) / "data")
        try:
            span = fill(ctx, years)
            sizes: dict[str, tuple[int, int]] = {}

            def open_comparison() -> None:
                history = load_history(ctx)
                for q in questionnaires_in(history, ctx.registry.questionnaires()):
                    comp = build_comparison(history, q)
                    sizes[q] = (len(comp.rows), len(comp.changed_cells()))
                build_trend(history)

            open_comparison()  # warm-up (imports, edition caches)
            median = _median_ms(open_comparison, runs)
            screen = _screen_ms(ctx, runs) if with_screen else None
        finally:
            ctx.close()
    return {"years": len(span), "runs": runs, "median_ms": median, "screen_median_ms": screen,
            "rows": {q: r for q, (r, _c) in sizes.items()},
            "changed_cells": {q: c for q, (_r, c) in sizes.items()}}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("years", nargs="?", type=int, default=10)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args(argv)
    r = measure_comparison(args.years, args.runs)
    print(f"history comparison, {r['years']} years, median of {r['runs']} runs (goal <= 100 ms)")
    print(f"  load + build tables + trend : {r['median_ms']:8.2f} ms   rows {r['rows']}")
    screen = r["screen_median_ms"]
    print(f"  HistoryScreen (offscreen)   : {screen:8.2f} ms" if screen is not None
          else "  HistoryScreen (offscreen)   : not measured (no Qt)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
