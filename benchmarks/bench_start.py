"""Cold start as a user feels it: the app against a bare Qt window, in alternating pairs.

Every sample is one new process run through benchmarks/paint_probe.py, which gives two figures:
start to first paint (the first frame of the window done) and start to exit (`--smoke` paints
once and quits); the child's CPU time (user + system) is recorded too, as a check that other
work on a shared machine does not inflate. The app side is `python -m hospital_sec_desk --data-dir D --smoke`, the bare
side benchmarks/bare_window.py (a QApplication showing one empty 1280x720 QMainWindow).

Variants (`variant`):
  - "unchanged": 10 years of data, nothing changed since the last start (no backup is due);
  - "changed": before each app run (not timed) one memo is changed through the app, as a
    working session does, so every timed start finds the data changed since its last backup
    and takes the start-up backup;
  - "first": a brand-new data folder for every app run (creates the database and its schema).

Bytecode caches are allowed on both sides, as in an installed app (PYTHONDONTWRITEBYTECODE is
removed from the environment) and warmed by one untimed run of each side first. Pairs alternate
their order (app, bare / bare, app / ...) so drift on the machine hits both alike.

    python benchmarks/bench_start.py [VARIANT] [RUNS] [--instructions]

--instructions (needs valgrind): instead of wall times, each side's `--smoke` run (start to
exit) under callgrind, which prints the instructions executed, the same to about 0.1 % on a
loaded machine where the wall times move by 10 %. The start-up backup runs in its own thread
and is counted. Some app runs count ~30 % more: under valgrind the window's timers (the
sqlite-utils warm-up 400 ms after the paint) can fire before the exit; the minimum is the
figure to compare, the median is shown beside it.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PROBE = BENCH / "paint_probe.py"
_MARK = re.compile(r"PAINT-PROBE (\S+)")


def child_env() -> dict[str, str]:
    """Offscreen Qt, bytecode caches allowed (as an installed app has them), no data dir override."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("PYTHONDONTWRITEBYTECODE", "HOSPITAL_SEC_DESK_DATA_DIR", "PYTHONPROFILEIMPORTTIME"):
        env.pop(name, None)
    return env


def _children_cpu() -> float:
    """CPU seconds (user + system) of the waited-for child processes so far; 0 where unknown."""
    try:
        import resource
    except ImportError:  # Windows: no resource module; the CPU figures are left out there
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str]) -> tuple[float, float | None, float]:
    """(start to exit, start to first paint or None, CPU time) of one process, in seconds.

    The CPU time (user + system of the child) is what other work on a shared machine inflates
    least; the wall times are what the user waits."""
    cmd = [sys.executable, str(PROBE), *args]
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=child_env(), cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=180)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
    found = _MARK.search(proc.stderr)
    return elapsed, (float(found.group(1)) - start) if found else None, _children_cpu() - cpu0


def _stats(values: list[float | None]) -> dict:
    got = [v for v in values if v is not None]
    return {"n": len(got), "median_s": round(statistics.median(got), 4) if got else None,
            "runs_s": [round(v, 4) for v in got]}


def _app_side(variant: str, work: Path, years: int):
    """(the bare window's args, app_args(i)) for one variant; the data built once here, and
    for "changed" one memo changed through the app before each run i (not timed)."""
    from sample_data import build, touch

    data = work / f"data-{variant}"
    if variant != "first":
        build(data, years)

    def app_args(i: int) -> list[str]:
        folder = work / f"first-{i}" if variant == "first" else data
        if variant == "changed":
            touch(data, i)
        return ["-m", "hospital_sec_desk", "--data-dir", str(folder), "--smoke"]

    return [str(BENCH / "bare_window.py")], app_args


def measure_start(variant: str = "unchanged", runs: int = 15, work: Path | None = None,
                  years: int = 10) -> dict:
    work = Path(work or ".")
    bare, app_args = _app_side(variant, work, years)
    timed(app_args(-1))  # warm-up: bytecode caches, the page cache, a settled backup state
    timed(bare)
    app_exit, app_paint, bare_exit, bare_paint, app_cpu, bare_cpu = [], [], [], [], [], []
    for i in range(runs):
        order = ("app", "bare") if i % 2 == 0 else ("bare", "app")
        for side in order:
            if side == "app":
                e, p, c = timed(app_args(i))
                app_exit.append(e)
                app_paint.append(p)
                app_cpu.append(c)
            else:
                e, p, c = timed(bare)
                bare_exit.append(e)
                bare_paint.append(p)
                bare_cpu.append(c)
    out = {"variant": variant, "pairs": runs, "years": 0 if variant == "first" else years,
           "app_exit": _stats(app_exit), "bare_exit": _stats(bare_exit),
           "app_paint": _stats(app_paint), "bare_paint": _stats(bare_paint),
           "app_cpu": _stats([c or None for c in app_cpu]), "bare_cpu": _stats([c or None for c in bare_cpu])}
    kinds = (("exit", (app_exit, bare_exit)), ("paint", (app_paint, bare_paint)), ("cpu", (app_cpu, bare_cpu)))
    for kind, (app_t, bare_t) in kinds:
        a, b = out[f"app_{kind}"]["median_s"], out[f"bare_{kind}"]["median_s"]
        out[f"ratio_{kind}"] = round(a / b, 3) if a and b else None
        pairs = [x / y for x, y in zip(app_t, bare_t, strict=True) if x and y]
        out[f"pair_ratio_{kind}_median"] = round(statistics.median(pairs), 3) if pairs else None
    return out


def smoke_instructions(args: list[str]) -> int:
    """Instructions of one process (start to exit) under valgrind's callgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise RuntimeError("valgrind is not installed")
    cmd = [valgrind, "--tool=callgrind", "--trace-children=no", "--callgrind-out-file=/dev/null",
           sys.executable, *args]
    proc = subprocess.run(cmd, env=child_env(), cwd=ROOT, capture_output=True, text=True, timeout=900)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
    return int(found.group(1))


def measure_instructions(variant: str = "changed", runs: int = 3, work: Path | None = None,
                         years: int = 10) -> dict:
    """App and bare window under callgrind, alternating; the app's data prepared as measure_start."""
    work = Path(work or ".")
    bare, app_args = _app_side(variant, work, years)
    timed(app_args(-1))  # warm-up: bytecode caches, a settled backup state
    timed(bare)
    app, plain = [], []
    for i in range(runs):
        app.append(smoke_instructions(app_args(i)))
        plain.append(smoke_instructions(bare))
    out = {"variant": variant, "runs": runs, "app_min": min(app), "app_median": statistics.median(app),
           "bare_min": min(plain), "bare_median": statistics.median(plain), "app": app, "bare": plain}
    out["ratio_min"] = round(out["app_min"] / out["bare_min"], 3)
    return out


if __name__ == "__main__":
    import json
    import tempfile

    sys.path.insert(0, str(BENCH))
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        args = [a for a in sys.argv[1:] if not a.startswith("--")]
        variant = args[0] if args else "unchanged"
        runs = int(args[1]) if len(args) > 1 else 5
        measure = measure_instructions if "--instructions" in sys.argv else measure_start
        print(json.dumps(measure(variant, runs, Path(tmp)), indent=1))
