"""Shared by the fault tests: run fault_op.py under strace, find its file-changing system calls
in the data folder, kill it (SIGKILL) or fail it (ENOSPC, EIO) at one of them, then check the
next start the way the app does it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import DB_NAME, open_store

OP = Path(__file__).with_name("fault_op.py")
ROOT = Path(__file__).resolve().parents[2]
FIXTURE_V1 = ROOT / "tests" / "fixtures" / "db" / "v1.sqlite3"
STRACE = shutil.which("strace")
if STRACE and subprocess.run([STRACE, "-qq", "-o", "/dev/null", "true"], capture_output=True).returncode:
    STRACE = None  # present but not allowed to trace here (no ptrace): the tests are skipped
CHANGING = ("write", "pwrite64", "writev", "pwritev", "fsync", "fdatasync", "ftruncate", "rename",
            "renameat", "renameat2", "unlink", "unlinkat", "mkdir", "mkdirat", "openat", "fchmod",
            "chmod", "fchmodat")
LINE = re.compile(r"^(?:\d+\s+)?(\w+)\((.*)")


@dataclass(frozen=True)
class Point:
    syscall: str
    when: int  # the n-th call of this syscall in the whole process (strace's counter)
    what: str  # the file, for messages

    def __str__(self) -> str:
        return f"{self.syscall}#{self.when}({self.what})"


def env() -> dict:
    e = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(ROOT))
    e.pop("HOSPITAL_SEC_DESK_DATA_DIR", None)
    return e


def run_op(op: str, folder: Path, inject: str | None = None, log: Path | None = None):
    cmd = [STRACE, "-f", "-qq", "-e", "trace=" + ",".join(CHANGING)]
    cmd += ["-y", "-o", str(log)] if log else ["-o", "/dev/null"]
    if inject:
        cmd += ["-e", f"inject={inject}"]
    cmd += [sys.executable, str(OP), op, str(folder)]
    return subprocess.run(cmd, cwd=ROOT, env=env(), capture_output=True, text=True, timeout=120)


def injected_call(log: Path) -> str:
    """The call strace injected into: the line marked (INJECTED), else the last one before a kill."""
    lines = [ln for ln in log.read_text("utf-8", "replace").splitlines() if LINE.match(ln)]
    marked = [ln for ln in lines if "(INJECTED)" in ln]
    return marked[-1] if marked else (lines[-1] if lines else "")


def points(op: str, template: Path, work: Path) -> list[Point]:
    """Every file-changing call the operation makes inside the data folder (a dry run)."""
    folder = work / "count"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(template, folder, symlinks=True)
    log = work / "count.strace"
    proc = run_op(op, folder, log=log)
    assert proc.returncode == 0, proc.stderr
    seen: dict[str, int] = {}
    found = []
    for line in log.read_text("utf-8", "replace").splitlines():
        m = LINE.match(line)
        if not m or m.group(1) not in CHANGING:
            continue
        name, args = m.groups()
        seen[name] = seen.get(name, 0) + 1
        if str(folder) not in args:
            continue
        if name == "openat" and "O_CREAT" not in args:
            continue
        where = re.findall(re.escape(str(folder)) + r"/?([^\s>\",]*)", args)
        found.append(Point(name, seen[name], where[0] if where else "?"))
    return found


def sample(found: list[Point], k: int) -> list[Point]:
    """k points spread evenly over the list (all when k >= len); deterministic."""
    if k >= len(found):
        return list(found)
    return [found[round(i * (len(found) - 1) / (k - 1))] for i in range(k)] if k > 1 else found[:1]


# -- the states before each operation, and what the next start must show --------------------

def answers_of(store) -> dict:
    found = store.find_assessment(2026, "survey")
    return {} if found is None else {k: r.value for k, r in store.answers(found["id"]).items()}


def _with_answer(folder: Path, choice: str, backup: bool) -> None:
    store = open_store(folder, auto_backup=backup)
    aid = store.ensure_assessment(2026, "survey", "r6")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": choice}))
    store.close()


def make_template(op: str, folder: Path) -> None:
    if op == "first":
        folder.mkdir()
    elif op == "backup":  # content "yes" backed up, then changed to "no": the start backs it up
        _with_answer(folder, "yes", backup=False)
        open_store(folder).close()
        _with_answer(folder, "no", backup=False)
    elif op in ("restore", "inapp"):  # oldest backup holds "yes", the current file "no"
        _with_answer(folder, "yes", backup=False)
        open_store(folder).close()
        _with_answer(folder, "no", backup=False)
        open_store(folder).close()
    elif op == "migrate":
        folder.mkdir()
        shutil.copyfile(FIXTURE_V1, folder / DB_NAME)


def check_next_start(op: str, folder: Path, expected_v1: dict | None = None) -> str:
    """Open as the next start does; assert old or new content. Returns which one ('old'/'new')."""
    from .fixture_snapshot import snapshot

    store = open_store(folder)
    try:
        if op == "migrate":
            assert snapshot(store) == expected_v1
            state = "new" if store.db.execute("PRAGMA user_version").fetchone()[0] > 1 else "old"
        else:
            got = answers_of(store)
            old, new = {"first": ({}, {"bcp": {"choice": "yes"}}), "backup": ({"bcp": {"choice": "no"}},) * 2,
                        "restore": ({"bcp": {"choice": "no"}}, {"bcp": {"choice": "yes"}})}[
                op.replace("inapp", "restore")]
            assert got in (old, new), got
            state = "new" if got == new else "old"
    finally:
        store.close()
    leftovers = [p.name for p in folder.rglob("*") if p.name.endswith((".tmp", ".ready"))]
    assert not leftovers, leftovers
    for b in backups.list_backups(folder):
        assert backups.backup_problem(b) is None, b
    return state
