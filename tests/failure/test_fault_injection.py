"""Real fault injection: kill -9, ENOSPC and EIO at file-changing system calls of the first
start, a start backup, a restore (command line, and the app's own: restore under the held lock
then the first open of the restored rollback-journal file) and the v2+ migration of the v1
fixture (strace -e inject=…).

A dry run under strace lists every file-changing call the operation makes inside the data
folder (write, pwrite64, fsync, fdatasync, ftruncate, rename, unlink, mkdir, openat with
O_CREAT, chmod…). The suite tries an even sample of them (FAULT_SAMPLE per operation and
kind, default below); FAULT_SAMPLE=all tries every one. After each: the operation ended with
a Japanese StorageError or succeeded (never a traceback), and the next start opens the old
or the new content, with no temporary file left and every backup sound.
"""

from __future__ import annotations

import os
import shutil
import signal

import pytest

from . import faults
from .fixture_snapshot import expected

pytestmark = [pytest.mark.skipif(os.name != "posix" or faults.STRACE is None, reason="needs strace (POSIX)")]

OPS = ("first", "backup", "restore", "inapp", "migrate")
SAMPLE = {"kill": 8, "ENOSPC": 5, "EIO": 3}


def how_many(kind: str) -> int:
    chosen = os.environ.get("FAULT_SAMPLE", "")
    return 10**9 if chosen == "all" else int(chosen) if chosen.isdigit() else SAMPLE[kind]


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    base = tmp_path_factory.mktemp("fault-templates")
    for op in OPS:
        faults.make_template(op, base / op)
    return base


def _inject(op: str, template, work, found, index: int, kind: str):
    """Run the operation with the fault at found[index]. The count of a system call is the
    process's own (Python's imports included); if the code changed since the dry run (other
    work in this checkout) the fault may land outside the data folder: then count again."""
    for attempt in range(2):
        point = found[index]
        folder = work / f"run{index}-{attempt}"
        shutil.copytree(template, folder, symlinks=True)
        action = "signal=KILL" if kind == "kill" else f"error={kind}"
        log = work / f"run{index}-{attempt}.strace"
        proc = faults.run_op(op, folder, inject=f"{point.syscall}:{action}:when={point.when}", log=log)
        if str(folder) in faults.injected_call(log):
            return point, folder, proc
        shutil.rmtree(folder, ignore_errors=True)
        found[:] = faults.points(op, template, work)
    return None, None, None


@pytest.mark.parametrize("kind", sorted(SAMPLE))
@pytest.mark.parametrize("op", OPS)
def test_fault_at_file_changing_calls(templates, tmp_path, op, kind):
    template = templates / op
    found = faults.points(op, template, tmp_path)
    assert len(found) >= 20, [str(p) for p in found]  # the dry run saw the operation's writes
    chosen = faults.sample(list(range(len(found))), how_many(kind))
    v1 = expected(1)
    tried, missed, states, problems = 0, 0, {"old": 0, "new": 0}, []
    for index in chosen:
        point, folder, proc = _inject(op, template, tmp_path, found, index, kind)
        if point is None:
            missed += 1
            continue
        tried += 1
        if "Traceback" in proc.stderr:
            problems.append(f"{point}: traceback {proc.stderr[-600:]}")
            continue
        if kind == "kill":
            ok = proc.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL, 0)
        else:
            ok = proc.returncode in (0, 3)
            if proc.returncode == 3:
                message = proc.stderr.split("STORAGE-ERROR", 1)[1]
                if not any("\u3040" <= ch <= "\u30ff" for ch in message) or "No space" in message \
                        or "I/O error" in message or "Errno" in message:
                    problems.append(f"{point}: not a Japanese sentence: {message!r}")
                if "復元できませんでした" in message and list(folder.glob("*replaced*")):
                    problems.append(f"{point}: said the restore failed, but the current file was moved")
        if not ok:
            problems.append(f"{point}: exit {proc.returncode} {proc.stderr[-400:]}")
            continue
        try:
            states[faults.check_next_start(op, folder, v1)] += 1
        except Exception as exc:  # noqa: BLE001 - collected: every point is reported
            problems.append(f"{point}: next start: {type(exc).__name__}: {exc}")
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{op} {kind}: {tried} of {len(found)} points tried ({missed} missed), next start old/new = {states}")
    assert not problems, "\n".join(problems)
    assert tried >= len(chosen) - 1  # at most one point lost to code changing under the test
