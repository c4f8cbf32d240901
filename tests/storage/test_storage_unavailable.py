""""Cannot read or write now" is said in Japanese and changes nothing: never taken for damage.

Disk full (a small tmpfs, as root), ulimit -f, a read-only folder or file, the database path
a folder, .lock a folder, backups a file. Afterwards, once the cause is gone, the same folder
opens with all its data. Also: a busy database (another program's write lock) waits about a
second, then says so; the store stays usable.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage.database import DB_NAME, open_store
from hospital_sec_desk.storage.errors import SaveFailed, StorageUnavailable, StoreBusy

ROOT = Path(__file__).resolve().parents[2]
OP = ROOT / "tests" / "failure" / "fault_op.py"
ENGLISH = ("Errno", "No space", "Permission denied", "Read-only", "disk I/O", "database", "Is a directory")


def listing(folder: Path) -> dict:
    out = {}
    for p in sorted(folder.rglob("*")):
        out[str(p.relative_to(folder))] = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def japanese_only(text: str) -> None:
    assert any("\u3040" <= ch <= "\u30ff" for ch in text), text
    assert not any(word in text for word in ENGLISH), text


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "data"
    store = open_store(folder)
    aid = store.ensure_assessment(2026, "survey", "r6")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
    store.close()
    open_store(folder).close()
    store = open_store(folder, auto_backup=False)  # changed since the backup: a start backs it up
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
    store.close()
    return folder


def opens_with_data(folder: Path) -> None:
    store = open_store(folder)
    try:
        aid = store.find_assessment(2026, "survey")["id"]
        assert store.answers(aid)["bcp"].value == {"choice": "no"}
    finally:
        store.close()
    assert not list(folder.glob("*damaged*"))


def _db_is_a_folder(folder):
    (folder / DB_NAME).rename(folder.parent / "kept.sqlite3")
    (folder / DB_NAME).mkdir()

    def undo():
        (folder / DB_NAME).rmdir()
        (folder.parent / "kept.sqlite3").rename(folder / DB_NAME)
    return undo


def _lock_is_a_folder(folder):
    (folder / ".lock").unlink()
    (folder / ".lock").mkdir()
    return lambda: (folder / ".lock").rmdir()


def _backups_is_a_file(folder):
    shutil.move(folder / "backups", folder.parent / "kept-backups")
    (folder / "backups").write_text("not a folder")

    def undo():
        (folder / "backups").unlink()
        shutil.move(folder.parent / "kept-backups", folder / "backups")
    return undo


def _read_only_folder(folder):
    os.chmod(folder, 0o500)
    return lambda: os.chmod(folder, 0o700)


def _read_only_file(folder):
    os.chmod(folder / DB_NAME, 0o400)
    return lambda: os.chmod(folder / DB_NAME, 0o600)


CAUSES = {"db_is_a_folder": _db_is_a_folder, "lock_is_a_folder": _lock_is_a_folder,
          "backups_is_a_file": _backups_is_a_file, "read_only_folder": _read_only_folder,
          "read_only_file": _read_only_file}


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("cause", sorted(CAUSES))
def test_cannot_read_or_write_now_changes_nothing(folder, cause):
    undo = CAUSES[cause](folder)
    before, mode = listing(folder), os.stat(folder).st_mode
    with pytest.raises(StorageUnavailable) as info:
        open_store(folder)
    japanese_only(str(info.value))
    assert "変更していません" in str(info.value)
    assert listing(folder) == before and os.stat(folder).st_mode == mode  # not even made writable
    undo()
    opens_with_data(folder)


@pytest.mark.skipif(os.name != "posix", reason="umask")
def test_missing_parents_are_created_private_under_umask_000(tmp_path):
    old = os.umask(0)
    try:
        open_store(tmp_path / "a" / "b" / "data").close()
    finally:
        os.umask(old)
    for p in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "data"):
        assert oct(os.stat(p).st_mode & 0o777) == oct(0o700), p


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="running as another user needs root and setpriv")
def test_a_folder_of_another_user_is_said_in_japanese():
    base = Path(tempfile.mkdtemp(prefix="hsd-owner-", dir="/tmp"))  # pytest's tmp is root-only
    os.chmod(base, 0o755)
    folder = base / "theirs"
    folder.mkdir(mode=0o755)  # root's, readable by all, writable by root only
    request_cleanup = lambda: shutil.rmtree(base, ignore_errors=True)  # noqa: E731
    proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
                           str(OP), "first", str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1"))
    assert proc.returncode == 3 and "Traceback" not in proc.stderr, proc.stderr
    message = proc.stderr.split("STORAGE-ERROR", 1)[1]
    japanese_only(message)
    assert "別のユーザー" in message and not list(folder.iterdir())
    request_cleanup()


def _limited_start(folder: Path, limit: int) -> subprocess.CompletedProcess:
    def limit_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, str(OP), "backup", str(folder)], cwd=ROOT, preexec_fn=limit_size,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(os.name != "posix", reason="ulimit")
def test_a_file_size_limit_is_said_in_japanese(folder):
    before = listing(folder)
    proc = _limited_start(folder, 8192)  # smaller than the backup copy
    assert proc.returncode == 3 and "Traceback" not in proc.stderr, proc.stderr
    japanese_only(proc.stderr.split("STORAGE-ERROR", 1)[1])
    assert {k: v for k, v in listing(folder).items() if k != ".lock"} == \
        {k: v for k, v in before.items() if k != ".lock"}
    opens_with_data(folder)


@pytest.fixture
def small_disk(tmp_path):
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a small tmpfs needs root (mount -t tmpfs)")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)]).returncode:
        pytest.skip("mount -t tmpfs not permitted here")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)])


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_at_first_start_and_after_is_never_damage(small_disk):
    folder = small_disk / "data"
    filler = _fill(small_disk)
    for _ in range(2):  # the first start, and the one after it: the disk is still full
        with pytest.raises(StorageUnavailable) as info:
            open_store(folder)
        japanese_only(str(info.value))
    assert not list(folder.glob("*damaged*")) if folder.exists() else True
    filler.unlink()
    store = open_store(folder)
    aid = store.ensure_assessment(2026, "survey", "r6")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
    store.close()
    open_store(folder).close()
    assert not list(folder.glob("*damaged*"))


def test_a_full_disk_while_saving_fails_the_save_and_the_next_one_works(small_disk):
    folder = small_disk / "data"
    store = open_store(folder)
    try:
        aid = store.ensure_assessment(2026, "survey", "r6")
        filler = _fill(small_disk)
        with pytest.raises(SaveFailed) as info:
            for n in range(200):  # the WAL grows until the disk refuses
                store.save_answer(aid, f"k{n}", AnswerRecord({"choice": "x"}, memo="長い記録" * 2000))
        japanese_only(str(info.value))
        assert "空き容量" in str(info.value) or "ディスク" in str(info.value)
        failed_at = n
        filler.unlink()
        store.save_answer(aid, "after", AnswerRecord({"choice": "yes"}))  # the same store retries
        saved = store.answers(aid)
        assert "after" in saved and f"k{failed_at}" not in saved
    finally:
        store.close()
    opens = open_store(folder)
    opens.close()


def test_another_programs_write_lock_waits_about_a_second_then_says_busy(folder):
    store = open_store(folder)
    other = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    try:
        aid = store.find_assessment(2026, "survey")["id"]
        other.execute("BEGIN IMMEDIATE")
        start = time.monotonic()
        with pytest.raises(StoreBusy) as info:
            store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
        waited = time.monotonic() - start
        assert 0.5 < waited < 2.0, waited
        japanese_only(str(info.value))
        start = time.monotonic()
        for n in range(5):  # keystrokes while the lock is still held: no second-long freeze each
            with pytest.raises(StoreBusy):
                store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}, memo="x" * n))
        assert time.monotonic() - start < 1.0
        other.execute("ROLLBACK")
        store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))  # usable again at once
        assert store.answers(aid)["bcp"].value == {"choice": "yes"}
    finally:
        other.close()
        store.close()
