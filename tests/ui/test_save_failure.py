"""When a save fails the user is told at once, in Japanese, and the page shows what is stored.

Real failure, no mock of the storage: another program holds the database's write lock.
"""

from __future__ import annotations

import sqlite3
import time

from PySide6.QtWidgets import QAbstractButton, QMessageBox

from hospital_sec_desk.ui.wizard import WizardScreen

from .helpers import setup_facility, show_active


def _capture_dialogs(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text, *a, **k: shown.append((title, text)))
    return shown


def _stored(ctx, key):
    aid = ctx.store.find_assessment(2026, "survey")["id"]
    return ctx.store.answers(aid).get(key)


def test_a_locked_database_is_reported_and_the_answer_not_shown_as_saved(qtbot, ctx, monkeypatch):
    setup_facility(ctx)
    shown = _capture_dialogs(monkeypatch)
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    show_active(qtbot, wizard)
    other = sqlite3.connect(str(ctx.store.path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writes: our save cannot
    try:
        yes = wizard.findChild(QAbstractButton, "answer:survey:security_officer:yes")
        started = time.perf_counter()
        yes.click()
        waited = time.perf_counter() - started
        assert shown, "no dialog told the user that the answer was not saved"
        title, text = shown[0]
        assert "保存" in title and "Traceback" not in text and text.isascii() is False
        assert not any(ch.isascii() and ch.isalpha() for ch in text), text  # no English reason
        assert not yes.isChecked(), "the choice looks saved although it is not"
        assert _stored(ctx, "security_officer") is None
        assert wizard.session.state("security_officer").open
        assert waited < 3.0, f"the window froze {waited:.1f} s"
    finally:
        other.execute("ROLLBACK")
        other.close()
    yes.click()  # the next action retries
    assert yes.isChecked() and _stored(ctx, "security_officer").value == {"choice": "yes"}
    assert len(shown) == 1


def test_a_memo_that_cannot_be_saved_keeps_the_page(qtbot, ctx, monkeypatch):
    setup_facility(ctx)
    shown = _capture_dialogs(monkeypatch)
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    show_active(qtbot, wizard)
    wizard.page.memo.setPlainText("大事なメモ")
    other = sqlite3.connect(str(ctx.store.path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        wizard.forward()
        assert shown and wizard.current_key == "security_officer"  # did not leave the memo behind
        assert wizard.page.memo.toPlainText() == "大事なメモ"
    finally:
        other.execute("ROLLBACK")
        other.close()
    wizard.forward()
    assert wizard.current_key != "security_officer"
    assert _stored(ctx, "security_officer").memo == "大事なメモ"


def test_memo_typing_reaches_the_disk_after_a_short_idle(qtbot, ctx):
    setup_facility(ctx)
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    show_active(qtbot, wizard)
    wizard.page.memo.setFocus()
    qtbot.keyClicks(wizard.page.memo, "abc")
    assert _stored(ctx, "security_officer") is None  # not on every key
    qtbot.waitUntil(lambda: (_stored(ctx, "security_officer") or None) is not None, timeout=3000)
    assert _stored(ctx, "security_officer").memo == "abc"
