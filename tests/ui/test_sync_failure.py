"""A save whose fsync fails after it returned (storage/flusher.py) is told at once, in Japanese,
without waiting for the user's next action; the next answer is refused and not shown as saved.

The flusher's file sync is made to fail like a dying disk (EIO); the rest is the real wizard,
session, application layer and SQLite (tests/failure/test_flusher_faults.py does it with strace).
"""

from __future__ import annotations

import errno
import time

from PySide6.QtWidgets import QAbstractButton, QMessageBox

from hospital_sec_desk.ui.wizard import WizardScreen

from .helpers import setup_facility, show_active


def _failing_sync(path) -> None:
    raise OSError(errno.EIO, "Input/output error")


def test_a_failed_fsync_after_a_save_is_told_at_once_and_the_next_answer_refused(qtbot, ctx, monkeypatch):
    setup_facility(ctx)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append((title, text)))
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    show_active(qtbot, wizard)
    ctx.store.flush()
    monkeypatch.setattr(ctx.store.flusher, "_sync", _failing_sync)
    yes = wizard.findChild(QAbstractButton, "answer:survey:security_officer:yes")
    no = wizard.findChild(QAbstractButton, "answer:survey:security_officer:no")
    yes.click()
    clicked = time.monotonic()
    assert yes.isChecked()  # stored (readable, kept by a crash of the app); its fsync fails later
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)  # no user action in between
    assert time.monotonic() - clicked < 3.0
    title, text = shown[0]
    assert "保存" in title and text.startswith("保存した内容をディスクに書き込めませんでした（ディスクの読み書き"), text
    assert "Traceback" not in text and not any(ch.isascii() and ch.isalpha() for ch in text), text
    qtbot.wait(300)
    assert len(shown) == 1  # told once
    no.click()  # the next answer is refused: nothing pretends to be saved afterwards
    assert len(shown) == 2 and shown[1][1].startswith("保存できませんでした（"), shown
    assert yes.isChecked() and not no.isChecked()
    aid = ctx.store.find_assessment(2026, "survey")["id"]
    assert ctx.store.answers(aid)["security_officer"].value == {"choice": "yes"}
