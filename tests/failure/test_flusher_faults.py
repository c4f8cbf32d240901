"""The -wal is fsynced after each commit by the flusher thread, off the saving thread; a failed
fsync is told and refuses the next write; a kill -9 right after a save keeps the answer.

Real system calls under strace (flusher_op.py is the process under test): `-P <the -wal>` limits
tracing and injection to the -wal file, so the fault lands exactly on its fsync, whichever
thread makes it. SQLite's own syncs of the -wal (at a checkpoint) are fdatasync on Linux.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.storage.database import DB_NAME

from . import faults

pytestmark = [pytest.mark.skipif(os.name != "posix" or faults.STRACE is None, reason="needs strace (POSIX)")]

OP = Path(__file__).with_name("flusher_op.py")
WITHIN_MS = 500  # from the save's start to the -wal's fsync (a few ms normally; a loaded CI machine)
TRACE = re.compile(r"^(\d+)\s+(\d\d):(\d\d):(\d\d\.\d+) (\w+)\((.*)")


def run(op: str, folder: Path, *strace_args: str) -> subprocess.CompletedProcess:
    """The data folder is made first, without strace (its migrations commit with FULL, the
    shipped contacts are seeded), so the traced run's first commit is the save."""
    ctx = AppContext.open(folder)
    ctx.store.ensure_assessment(2026, "survey", "r6")
    ctx.close()
    cmd = [faults.STRACE, "-f", "-qq", *strace_args, sys.executable, str(OP), op, str(folder)]
    return subprocess.run(cmd, cwd=faults.ROOT, env=faults.env(), capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def wal(folder: Path) -> str:
    return str(folder / (DB_NAME + "-wal"))


def stored(folder: Path):
    ctx = AppContext.open(folder)
    try:
        found = ctx.store.find_assessment(2026, "survey")
        return {k: r.value for k, r in ctx.store.answers(found["id"]).items()}
    finally:
        ctx.close()


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]  # the log's lines have none


def test_a_failed_fsync_of_the_wal_is_told_and_the_next_write_refused(tmp_path):
    folder = tmp_path / "data"
    proc = run("eio", folder, "-o", "/dev/null", "-P", wal(folder), "-e", "trace=fsync",
               "-e", "inject=fsync:error=EIO")
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout.splitlines()
    told = next(line for line in out if line.startswith("TOLD"))
    assert told.startswith("TOLD 保存した内容をディスクに書き込めませんでした（ディスクの読み書きに失敗しました"), out
    # the write after the failure is refused; SQLite's checkpoint (fdatasync, not failed here)
    # made what is stored durable in the database file, so the one after that goes through
    assert out[out.index(told) + 1].startswith("REFUSED 保存できませんでした（ディスクの読み書きに失敗しました"), out
    assert out[out.index(told) + 2] == "SAVED no", out
    assert "fsync of the -wal after a commit" in proc.stderr  # logged (and in app.log)
    assert "write refused after a failed fsync" in proc.stderr
    assert out[-1] == "CLOSED"
    no_traceback(proc)
    assert stored(folder) == {"bcp": {"choice": "no"}}


def test_writes_stay_refused_while_the_wal_cannot_be_synced_at_all(tmp_path):
    folder = tmp_path / "data"
    # the saving thread's first fdatasync of the -wal is SQLite's sync of a new -wal's header
    # (the save's own commit); every later one (a checkpoint's) fails, as every fsync does
    proc = run("eio", folder, "-o", "/dev/null", "-P", wal(folder), "-e", "trace=fsync,fdatasync",
               "-e", "inject=fsync:error=EIO", "-e", "inject=fdatasync:error=EIO:when=2+")
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout.splitlines()
    assert any(line.startswith("TOLD 保存した内容をディスクに書き込めませんでした") for line in out), out
    refused = [line for line in out if line.startswith("REFUSED 保存できませんでした")]
    assert len(refused) == 2 and "SAVED no" not in out, out  # nothing pretends to be saved
    no_traceback(proc)
    assert stored(folder)["bcp"] == {"choice": "yes"}  # what was said saved is what is stored


def test_kill_right_after_a_save_returns_keeps_the_answer(tmp_path):
    """The flusher's fsync is held back 3 s by strace: the kill comes before it. The answer is in
    the -wal in the OS cache when save_answer returns; only a power cut could lose it."""
    folder = tmp_path / "data"
    proc = run("kill", folder, "-o", "/dev/null", "-P", wal(folder), "-e", "trace=fsync",
               "-e", "inject=fsync:delay_enter=3000000")
    assert proc.returncode != 0 and proc.stdout.splitlines()[-1] == "SAVED yes", (proc.stdout, proc.stderr)
    assert stored(folder)["bcp"] == {"choice": "yes"}


def _seconds(m: re.Match) -> float:
    return int(m.group(2)) * 3600 + int(m.group(3)) * 60 + float(m.group(4))


def test_the_wal_is_fsynced_after_a_save_off_the_saving_thread_and_before_close(tmp_path):
    folder = tmp_path / "data"
    log = tmp_path / "trace.txt"
    proc = run("trace", folder, "-tt", "-y", "-o", str(log), "-e", "trace=fsync,fdatasync,write")
    assert proc.returncode == 0, proc.stderr[-3000:]
    no_traceback(proc)
    lines = [m for m in map(TRACE.match, log.read_text("utf-8", "replace").splitlines()) if m]

    def marker(text: str) -> re.Match:
        return next(m for m in lines if m.group(5) == "write" and f'"{text}\\n"' in m.group(6))

    begin, saved, closing = marker("BEGIN"), marker("SAVED yes"), marker("CLOSING")
    main_tid = begin.group(1)
    during = lines[lines.index(begin):lines.index(closing)]
    wal_syncs = [m for m in during if m.group(5) in ("fsync", "fdatasync") and "-wal>" in m.group(6)]
    assert wal_syncs, "no fsync of the -wal between the save and close"
    first = wal_syncs[0]
    assert first.group(5) == "fsync" and first.group(1) != main_tid, first.group(0)  # the flusher
    assert (_seconds(first) - _seconds(begin)) * 1000 < WITHIN_MS, (begin.group(0), first.group(0))
    on_main = [m for m in lines[lines.index(begin):lines.index(saved)]
               if m.group(1) == main_tid and m.group(5) in ("fsync", "fdatasync")]
    assert not on_main, [m.group(0) for m in on_main]  # the save itself syncs nothing (its -wal
    # exists: the first commit into a new -wal has SQLite sync its header, flusher_op.py)


def test_close_waits_for_the_flushers_fsync(tmp_path):
    """strace holds the flusher's fsync of the -wal back 300 ms; the Store is closed right after
    the save. SQLite's close (its checkpoint, then the -wal's unlink) must come after it."""
    folder = tmp_path / "data"
    log = tmp_path / "trace.txt"
    proc = run("close", folder, "-tt", "-y", "-o", str(log), "-P", wal(folder),
               "-e", "trace=fsync,fdatasync,unlink", "-e", "inject=fsync:delay_enter=300000")
    assert proc.returncode == 0 and proc.stdout.splitlines()[-1] == "CLOSED", proc.stderr[-3000:]
    no_traceback(proc)
    lines = [m for m in map(TRACE.match, log.read_text("utf-8", "replace").splitlines()) if m]
    held = next(m for m in lines if m.group(5) == "fsync")
    unlink = next(m for m in lines if m.group(5) == "unlink")
    assert _seconds(unlink) - _seconds(held) >= 0.29, (held.group(0), unlink.group(0))
    assert stored(folder) == {"bcp": {"choice": "yes"}}
