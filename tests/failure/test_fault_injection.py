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
    made = {}
    for op in OPS:
        faults.make_template(op, base / op)
        made[op] = (base / op, faults.points(op, base / op, tmp_path_factory.mktemp(f"count-{op}")))
    return made


@pytest.mark.parametrize("kind", sorted(SAMPLE))
@pytest.mark.parametrize("op", OPS)
def test_fault_at_file_changing_calls(templates, tmp_path, op, kind):
    template, found = templates[op]
    assert len(found) >= 20, [str(p) for p in found]  # the dry run saw the operation's writes
    v1 = expected(1)
    tried, states, problems = 0, {"old": 0, "new": 0}, []
    for n, point in enumerate(faults.sample(found, how_many(kind))):
        folder = tmp_path / f"run{n}"
        shutil.copytree(template, folder, symlinks=True)
        action = "signal=KILL" if kind == "kill" else f"error={kind}"
        proc = faults.run_op(op, folder, inject=f"{point.syscall}:{action}:when={point.when}")
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
    print(f"{op} {kind}: {tried} of {len(found)} points tried, next start old/new = {states}")
    assert not problems, "\n".join(problems)
    assert tried >= min(len(found), how_many(kind))
