"""Start-up breakdown: medians (and minima) of benchmarks/startup_breakdown.py in new
processes, and of `python -X importtime -m hospital_sec_desk --smoke` grouped by package.

    python benchmarks/breakdown.py [RUNS]

10 years of data (benchmarks/sample_data.py); variants: unchanged since the last start,
changed since the last backup (one memo changed before each run, not timed), and without the
style sheet. Bytecode caches are allowed (PYTHONDONTWRITEBYTECODE removed). Figures only.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for _p in (str(ROOT), str(BENCH)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from bench_start import child_env  # noqa: E402
from sample_data import build, touch  # noqa: E402

# import groups: module name as -X importtime prints it (its cumulative time is taken)
GROUPS = ("sqlite_utils", "click", "pluggy", "dateutil", "sqlite_fts4", "tabulate", "PySide6", "shiboken6",
          "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "hospital_sec_desk.cli",
          "hospital_sec_desk.app.context", "hospital_sec_desk.storage.store", "hospital_sec_desk.domain.edition",
          "hospital_sec_desk.ui.launch", "hospital_sec_desk.ui.qt_setup", "hospital_sec_desk.ui.main_window",
          "hospital_sec_desk.ui.home", "hospital_sec_desk.ui.readiness_panel", "hospital_sec_desk.domain.readiness",
          "tomllib", "platformdirs", "site")
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def importtime(folder: Path) -> dict[str, float]:
    cmd = [sys.executable, "-X", "importtime", "-m", "hospital_sec_desk", "--data-dir", str(folder), "--smoke"]
    proc = subprocess.run(cmd, env=child_env(), cwd=ROOT, capture_output=True, text=True, timeout=120)
    found: dict[str, float] = {}
    total = 0.0
    for line in proc.stderr.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        cumulative, indent, name = int(m.group(2)), len(m.group(3)), m.group(4)
        if indent == 1:  # a top-level import: counts into the total
            total += cumulative
        if name in GROUPS and name not in found:
            found[name] = cumulative / 1000
    found["(every import)"] = total / 1000
    return found


IMPORTS = ("sqlite_utils", "click", "pluggy", "dateutil.parser", "PySide6.QtWidgets",
           "hospital_sec_desk.domain.edition_parse", "hospital_sec_desk.storage.store", "hospital_sec_desk.app.context",
           "hospital_sec_desk.cli")


def import_cpu(module: str) -> float:
    """CPU ms of importing `module` alone in a new process (with what it pulls in)."""
    code = (f"import time; c = time.process_time(); import {module}; "
            "print((time.process_time() - c) * 1000)")
    proc = subprocess.run([sys.executable, "-c", code], env=child_env(), cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    return float(proc.stdout.strip().splitlines()[-1])


def breakdown(folder: Path, extra: list[str]) -> dict[str, dict[str, float]]:
    cmd = [sys.executable, str(BENCH / "startup_breakdown.py"), str(folder), *extra]
    proc = subprocess.run(cmd, env=child_env(), cwd=ROOT, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-800:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summarise(samples: list[dict[str, float]]) -> dict[str, tuple[float, float]]:
    keys = list(dict.fromkeys(k for s in samples for k in s))
    return {k: (round(statistics.median(s.get(k, 0.0) for s in samples), 2),
                round(min(s.get(k, 0.0) for s in samples), 2)) for k in keys}


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 9
    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-breakdown-") as tmp:
        folder = build(Path(tmp) / "data", 10)
        breakdown(folder, [])  # warm: bytecode, a settled backup
        out["imports (-X importtime, wall ms cumulative)"] = summarise([importtime(folder) for _ in range(runs)])
        out["imports alone in a new process (CPU ms)"] = summarise(
            [{m: import_cpu(m) for m in IMPORTS} for _ in range(runs)])
        plain = [breakdown(folder, []) for _ in range(runs)]
        changed = []
        for i in range(runs):
            touch(folder, i)
            changed.append(breakdown(folder, []))
        bare_style = [breakdown(folder, ["--no-style"]) for _ in range(runs)]
        for kind in ("cpu", "wall"):
            out[f"steps, unchanged ({kind} ms)"] = summarise([s[kind] for s in plain])
            out[f"steps, changed since last backup ({kind} ms)"] = summarise([s[kind] for s in changed])
            out[f"steps, unchanged, no style sheet ({kind} ms)"] = summarise([s[kind] for s in bare_style])
    for title, rows in out.items():
        print(f"\n{title}: median / min of {runs}")
        for k, (med, low) in rows.items():
            print(f"  {med:8.2f} {low:8.2f}  {k}")
    print("\nJSON:\n" + json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
