"""Save latency of one answer (one short transaction): the shipped NORMAL + flusher against FULL.

We ship WAL + synchronous=NORMAL with the Store's flusher thread (storage/flusher.py): the commit
returns once the transaction is in the -wal (a crash of the app loses nothing) and the flusher
fsyncs the -wal right after, so the answer survives a power cut milliseconds later. Measured
through the real Store.save_answer:
- NORMAL (shipped): the save as the GUI thread feels it, and `durable` — from the save's return
  until the flusher's fsync of it is done (a second pass: each save waits for it);
- FULL: the previous design (the fsync inside the commit, on the saving thread), flusher off;
- NORMAL-unsynced: NORMAL with the flusher off (what the thread adds to the save itself).

    python benchmarks/bench_storage.py [N] [--dir FOLDER]

Importing this module has no side effects; benchmarks/run.py calls the functions.
Note: on tmpfs (RAM) fsync costs nothing; pass --dir on a real disk for meaningful figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__" and not __package__:  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SETTINGS = ("NORMAL", "FULL", "NORMAL-unsynced")
_SYNC_NAMES = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


def _percentile(sorted_ms: list[float], q: float) -> float:
    index = min(len(sorted_ms) - 1, max(0, round(q * (len(sorted_ms) - 1))))
    return sorted_ms[index]


def measure_save_latency(n: int = 1000, synchronous: str = "NORMAL", folder: str | Path | None = None) -> dict:
    """Time n save_answer calls on a fresh store; returns p50/p99 in milliseconds.

    `synchronous` overrides what open_store sets on the connection (FULL and NORMAL-unsynced
    without the flusher); `shipped` reports what open_store set before the override, so a change
    there is visible. NORMAL adds `durable_*`: each save then waits for the flusher.
    """
    from hospital_sec_desk.domain.answers import AnswerRecord
    from hospital_sec_desk.storage.database import open_store

    if synchronous not in SETTINGS:
        raise ValueError(synchronous)
    with tempfile.TemporaryDirectory(prefix="bench-storage-", dir=folder) as tmp:
        store = open_store(Path(tmp) / "data", auto_backup=False)
        try:
            shipped = _SYNC_NAMES[store.db.execute("PRAGMA synchronous").fetchone()[0]]
            aid = store.ensure_assessment(2026, "survey", "r6")
            store.flush()
            if synchronous != "NORMAL":
                store.db.after_commit = None  # the flusher off: the fsync is the commit's, or none
            store.db.execute(f"PRAGMA synchronous = {synchronous.split('-')[0]}")
            keys = [f"item_{i:03d}" for i in range(60)]
            timings, durable = [], []
            for i in range(n):
                record = AnswerRecord({"choice": "yes" if i % 2 else "no"}, memo=f"メモ {i}")
                start = time.perf_counter_ns()
                store.save_answer(aid, keys[i % len(keys)], record)
                timings.append((time.perf_counter_ns() - start) / 1e6)
            if synchronous == "NORMAL":
                store.flush()
                for i in range(max(1, n // 5)):
                    store.save_answer(aid, keys[i % len(keys)], AnswerRecord({"choice": "yes"}, memo=f"{i}"))
                    start = time.perf_counter_ns()
                    store.flush()
                    durable.append((time.perf_counter_ns() - start) / 1e6)
        finally:
            store.close()
    timings.sort()
    durable.sort()
    extra = {"durable_n": len(durable), "durable_p50_ms": round(_percentile(durable, 0.50), 3),
             "durable_p99_ms": round(_percentile(durable, 0.99), 3)} if durable else {}
    return {
        "synchronous": synchronous,
        "shipped": shipped,
        "n": n,
        "p50_ms": round(_percentile(timings, 0.50), 3),
        "p99_ms": round(_percentile(timings, 0.99), 3),
        "mean_ms": round(statistics.fmean(timings), 3),
        "max_ms": round(timings[-1], 3),
        **extra,
    }


def compare(n: int = 1000, folder: str | Path | None = None) -> list[dict]:
    """Every setting, the shipped one (NORMAL + flusher) first."""
    return [measure_save_latency(n, s, folder) for s in SETTINGS]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", nargs="?", type=int, default=1000)
    p.add_argument("--dir", default=None, help="where to create the temporary database")
    args = p.parse_args(argv)
    results = compare(args.n, args.dir)
    print(f"save_answer latency, n={args.n} (WAL; open_store ships synchronous={results[0]['shipped']})")
    for r in results:
        print(f"  synchronous={r['synchronous']:<15}  p50 {r['p50_ms']:8.3f} ms   p99 {r['p99_ms']:8.3f} ms"
              f"   mean {r['mean_ms']:8.3f} ms   max {r['max_ms']:8.3f} ms")
        if "durable_p50_ms" in r:
            print(f"  {'':<27}durable after the save returned (flusher, n={r['durable_n']}): "
                  f"p50 {r['durable_p50_ms']:.3f} ms   p99 {r['durable_p99_ms']:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
