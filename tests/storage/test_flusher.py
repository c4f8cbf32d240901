"""The durability flusher (storage/flusher.py): after each commit the -wal is fsynced in a worker
thread, bursts are coalesced, close waits for it, and a failed fsync is never silent.

In-process, with the flusher's file sync replaced by a recorder (slow or failing on demand); the
real system calls are checked under strace in tests/failure/test_flusher_faults.py.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from pathlib import Path

import pytest

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.fileio import fsync_file
from hospital_sec_desk.storage.database import open_store
from hospital_sec_desk.storage.errors import SaveFailed
from hospital_sec_desk.storage.flusher import NotDurable, WalFlusher


class Recorder:
    """A file sync that records when it ran; `delay` seconds each; raises `fail` when set."""

    def __init__(self, delay: float = 0.0, real: bool = True):
        self.delay, self.real = delay, real
        self.fail: OSError | None = None
        self.calls: list[tuple[float, float, str]] = []  # (start, end, thread name)
        self.lock = threading.Lock()

    def __call__(self, path: Path) -> None:
        start = time.monotonic()
        if self.delay:
            time.sleep(self.delay)
        if self.fail is not None:
            raise self.fail
        if self.real:
            fsync_file(path)
        with self.lock:
            self.calls.append((start, time.monotonic(), threading.current_thread().name))


def _store(tmp_path, recorder: Recorder):
    store = open_store(tmp_path / "data", auto_backup=False)
    store.flusher._sync = recorder
    return store, store.ensure_assessment(2026, "survey", "r6")


def test_each_commit_is_synced_after_it_returns_on_the_flusher_thread(tmp_path):
    rec = Recorder()
    store, aid = _store(tmp_path, rec)
    try:
        store.flush()
        before = len(rec.calls)
        returned = time.monotonic()
        store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
        assert store.flusher.wait(timeout=5) is None
        assert len(rec.calls) == before + 1
        start, end, thread = rec.calls[-1]
        assert thread == "wal-flusher" and thread != threading.current_thread().name
        assert end - returned < 2.0  # milliseconds normally; generous for a loaded machine
    finally:
        store.close()


def test_a_burst_is_coalesced_and_nothing_is_left_pending(tmp_path):
    rec = Recorder(delay=0.05)
    store, aid = _store(tmp_path, rec)
    try:
        store.flush()
        before = len(rec.calls)
        for i in range(40):
            store.save_answer(aid, f"k{i}", AnswerRecord({"choice": "yes"}))
        store.flush()
        assert not store.flusher.pending
        assert 1 <= len(rec.calls) - before <= 3, rec.calls[before:]  # not one fsync per commit
    finally:
        store.close()


def test_close_waits_for_the_pending_fsync_and_ends_the_thread(tmp_path):
    rec = Recorder(delay=0.3)
    store, aid = _store(tmp_path, rec)
    store.flush()
    before = len(rec.calls)
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
    thread = store.flusher._thread
    store.close()
    closed = time.monotonic()
    assert len(rec.calls) == before + 1 and rec.calls[-1][1] <= closed
    assert thread is not None and not thread.is_alive()
    assert not Path(str(store.path) + "-wal").exists()  # no handle kept: SQLite deleted it
    store = open_store(tmp_path / "data", auto_backup=False)
    try:
        assert store.answers(aid)["bcp"].value == {"choice": "no"}
    finally:
        store.close()


def test_writes_outside_the_store_methods_are_synced_too(tmp_path):
    rec = Recorder()
    store, _aid = _store(tmp_path, rec)
    try:
        store.flush()
        before = len(rec.calls)
        with store.db.atomic():  # an import writes like this (storage/exchange.py)
            store.db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        store.flush()
        assert len(rec.calls) == before + 1
        store.db.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")  # autocommit
        store.flush()
        assert len(rec.calls) == before + 2
    finally:
        store.close()


def test_a_failed_fsync_is_logged_told_once_and_refuses_the_next_write(tmp_path, caplog):
    rec = Recorder(real=False)
    store, aid = _store(tmp_path, rec)
    try:
        store.flush()
        rec.fail = OSError(errno.EIO, "Input/output error")
        with caplog.at_level(logging.WARNING, logger="hospital_sec_desk.storage"):
            saved = store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
            store.flusher.wait(timeout=5)
        assert any("fsync" in r.getMessage() and "Input/output" in r.getMessage() for r in caplog.records)
        told = store.sync_failure()
        assert isinstance(told, NotDurable) and isinstance(told, SaveFailed)
        assert "ディスクの読み書きに失敗しました" in str(told) and "停電" in str(told)
        assert store.sync_failure() is None  # told once
        with pytest.raises(SaveFailed) as refused:
            store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
        assert "保存できませんでした" in str(refused.value)
        assert store.answers(aid)["bcp"].value == saved.value == {"choice": "yes"}  # nothing pretends
        # the disk works again: the refusal checkpointed what is stored into the database
        # file (SQLite synced it), so the next action retries and succeeds
        rec.fail = None
        store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
        assert store.flusher.wait(timeout=5) is None
        assert store.answers(aid)["bcp"].value == {"choice": "no"}
    finally:
        store.close()


def test_writes_stay_refused_while_durability_cannot_be_restored(tmp_path, monkeypatch):
    rec = Recorder(real=False)
    store, aid = _store(tmp_path, rec)
    try:
        store.flush()
        rec.fail = OSError(errno.ENOSPC, "No space left on device")
        store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
        store.flusher.wait(timeout=5)
        monkeypatch.setattr(store, "_recover", lambda failure: False)  # the checkpoint fails too
        for _ in range(3):
            with pytest.raises(SaveFailed, match="空き容量が足りません"):
                store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
        with pytest.raises(SaveFailed):
            store.flush()  # a backup or an export is not taken from data that is not durable
    finally:
        store.close()


def test_flusher_alone_wait_and_close_without_commits(tmp_path):
    wal = tmp_path / "x-wal"
    flusher = WalFlusher(wal, sync=Recorder())
    assert flusher.wait(timeout=1) is None and not flusher.pending
    assert flusher.close() is None  # no thread was ever started
    flusher.committed()  # after close: synced by the caller's wait (the -wal is gone: nothing to do)
    assert flusher.wait() is None and not flusher.pending


def test_a_failure_is_pushed_to_the_listener_from_the_flusher_thread(tmp_path, caplog):
    """No polling: the listener set by on_sync_failure is called once per failed fsync, in the
    flusher's thread, after the failure is recorded (sync_failure() then has it); a listener that
    raises (a window already gone) is logged and the thread goes on."""
    rec = Recorder(real=False)
    store, aid = _store(tmp_path, rec)
    calls: list[tuple[str, object]] = []
    try:
        store.flush()
        store.on_sync_failure(lambda: calls.append((threading.current_thread().name, store.flusher.failure)))
        store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
        store.flush()
        assert calls == []  # a good fsync tells nobody
        rec.fail = OSError(errno.EIO, "Input/output error")
        store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
        store.flusher.wait(timeout=5)
        assert len(calls) == 1 and calls[0][0] == "wal-flusher" and calls[0][1] is rec.fail
        assert isinstance(store.sync_failure(), NotDurable)

        def gone() -> None:
            raise RuntimeError("Internal C++ object already deleted.")

        store.on_sync_failure(gone)
        store.flusher.committed()  # another failing fsync, its listener raising
        with caplog.at_level(logging.WARNING, logger="hospital_sec_desk.storage"):
            assert store.flusher.wait(timeout=5) is rec.fail
        assert any("telling the window" in r.getMessage() for r in caplog.records)
        store.on_sync_failure(None)
        rec.fail = None
        synced = store.flusher.syncs
        store.flusher.committed()  # the thread still works after its listener raised
        store.flusher.wait(timeout=5)
        assert store.flusher.syncs == synced + 1 and len(rec.calls) > 0
    finally:
        store.close()
