"""kill -9 in the middle of a keyboard walk of the survey: every answer given before is kept.

A subprocess (wizard_driver.py) drives the real MainWindow and WizardScreen offscreen and
prints `SAVED <item> <choice>` after each answer is stored; this test SIGKILLs it after a
random number of answers (and a random short delay), then reopens the data folder the way
the app does and checks every printed answer, value included.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hospital_sec_desk.app.context import AppContext

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX only")

DRIVER = Path(__file__).with_name("wizard_driver.py")
ROOT = Path(__file__).resolve().parents[2]
WAIT = 90.0  # seconds without output before the driver is declared stuck


def start_driver(folder: Path, seed: int, log: Path) -> tuple[subprocess.Popen, queue.Queue]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("HOSPITAL_SEC_DESK_DATA_DIR", None)
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(folder), str(seed)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=log.open("w"), text=True, encoding="utf-8")
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


def parse(lines: list[str]) -> tuple[int, list[tuple[str, str]]]:
    year = next(int(line.split()[1]) for line in lines if line.startswith("START "))
    saved = []
    for line in lines:
        if line.startswith("SAVED "):
            _tag, key, what = line.split(" ", 2)
            saved.append((key, what))
    return year, saved


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_answers_given_before_kill_are_kept(tmp_path, seed):
    rng = random.Random(seed)
    kill_after = rng.randint(1, 14)  # a full walk stores at least 16 answers
    delay = rng.choice([0.0, 0.0, 0.001, 0.005, 0.02])
    folder = tmp_path / "data"
    errlog = tmp_path / "driver-stderr.txt"
    proc, pipe = start_driver(folder, seed, errlog)
    seen: list[str] = []
    try:
        while sum(line.startswith("SAVED ") for line in seen) < kill_after:
            try:
                line = pipe.get(timeout=WAIT)
            except queue.Empty:
                pytest.fail(f"driver stuck; output so far {seen}; stderr {errlog.read_text()[-2000:]}")
            if line is None or line.startswith(("DONE", "ERROR")):
                pytest.fail(f"driver ended before answer {kill_after}: {line}; output {seen}; "
                            f"stderr {errlog.read_text()[-2000:]}")
            seen.append(line)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    while (line := pipe.get(timeout=30)) is not None:  # what it printed before dying
        seen.append(line)
    assert proc.returncode == -signal.SIGKILL
    assert not any(line.startswith("ERROR") for line in seen), seen

    year, saved = parse(seen)
    assert len(saved) >= kill_after
    ctx = AppContext.open(folder)  # lock released by the kernel; integrity checked on open
    try:
        found = ctx.store.find_assessment(year, "survey")
        assert found is not None
        stored = ctx.store.answers(found["id"])
        assert ctx.store.facility()["name"] == "Kill Test Hospital"
    finally:
        ctx.close()
    for key, what in saved:
        assert key in stored, f"{key} was answered ({what}) before the kill but is missing"
        value = stored[key].value
        if "=" in what:
            field, text = what.split("=", 1)
            assert value["fields"][field] == text, (key, what, value)
        else:
            assert value.get("choice") == what or what in value.get("choices", []), (key, what, value)
        assert stored[key].state == "answered"
