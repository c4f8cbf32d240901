"""A save whose fsync fails after it returned (storage/flusher.py) is told at once, in Japanese,
without waiting for the user's next action, whatever screen is open; the next answer is refused
and not shown as saved; closing the window with saves not on the disk asks first.

The flusher's file sync is made to fail like a dying disk (EIO); the rest is the real main
window, wizard, session, application layer and SQLite (tests/failure/test_flusher_faults.py does
it with strace).
"""

from __future__ import annotations

import errno
import threading
import time

from PySide6.QtWidgets import QAbstractButton, QMessageBox

from hospital_sec_desk.ui.main_window import MainWindow

from .helpers import setup_facility, show_active


def _failing_sync(path) -> None:
    raise OSError(errno.EIO, "Input/output error")


def _window(qtbot, ctx, monkeypatch) -> tuple[MainWindow, list[tuple[str, str]]]:
    setup_facility(ctx)
    shown: list[tuple[str, str]] = []

    def critical(parent, title, text, *args, **kwargs):
        assert threading.current_thread() is threading.main_thread()  # queued to the window's thread
        shown.append((title, text))

    monkeypatch.setattr(QMessageBox, "critical", critical)
    win = MainWindow(ctx)
    show_active(qtbot, win)
    qtbot.waitUntil(lambda: win.after_paint.painted and ctx.sync_listener is not None, timeout=3000)
    return win, shown


def _japanese_only(text: str) -> None:
    assert "Traceback" not in text and not any(ch.isascii() and ch.isalpha() for ch in text), text


def test_a_failed_fsync_after_a_save_is_told_at_once_and_the_next_answer_refused(qtbot, ctx, monkeypatch):
    win, shown = _window(qtbot, ctx, monkeypatch)
    win.open_wizard("survey", "security_officer")
    wizard = win.wizard
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
    _japanese_only(text)
    qtbot.wait(300)
    assert len(shown) == 1  # told once
    no.click()  # the next answer is refused: nothing pretends to be saved afterwards
    assert len(shown) == 2 and shown[1][1].startswith("保存できませんでした（"), shown
    assert yes.isChecked() and not no.isChecked()
    aid = ctx.store.find_assessment(2026, "survey")["id"]
    assert ctx.store.answers(aid)["security_officer"].value == {"choice": "yes"}


def test_a_failed_fsync_is_told_on_a_screen_other_than_the_wizard(qtbot, ctx, monkeypatch):
    win, shown = _window(qtbot, ctx, monkeypatch)
    win.open_screen("contacts")
    assert win.screen_key == "contacts" and win.wizard is None
    ctx.store.flush()
    monkeypatch.setattr(ctx.store.flusher, "_sync", _failing_sync)
    ctx.store.set_setting("probe", "1")  # a save made from this screen (its own dialogs aside)
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    assert shown[0][1].startswith("保存した内容をディスクに書き込めませんでした（"), shown
    _japanese_only(shown[0][1])


def test_closing_with_saves_not_on_the_disk_asks_and_can_stay_open(qtbot, ctx, monkeypatch):
    win, shown = _window(qtbot, ctx, monkeypatch)
    ctx.watch_sync(None)  # the close itself must find it, not the flusher's notice
    ctx.store.flush()
    monkeypatch.setattr(ctx.store.flusher, "_sync", _failing_sync)
    monkeypatch.setattr(ctx.store, "_recover", lambda failure: False)  # the checkpoint fails too
    ctx.store.set_setting("probe", "1")
    asked: list[tuple[str, str, list[str]]] = []

    def answer(box, choice: str) -> int:
        asked.append((box.text(), box.informativeText(), [b.text() for b in box.buttons()]))
        next(b for b in box.buttons() if b.text() == choice).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", lambda box: answer(box, "終了しない"))
    assert not win.close()  # stays open: the user can free the disk and try again
    assert win.isVisible() and len(asked) == 1
    text, info, buttons = asked[0]
    assert text.startswith("保存した内容を、ディスクに書き込めませんでした（ディスクの読み書き"), text
    assert "終了しない" in info and sorted(buttons) == sorted(["このまま終了する", "終了しない"]), (info, buttons)
    _japanese_only(text + info)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answer(box, "このまま終了する"))
    assert win.close() and not win.isVisible() and len(asked) == 2


def test_closing_after_the_disk_recovered_asks_nothing(qtbot, ctx, monkeypatch):
    win, shown = _window(qtbot, ctx, monkeypatch)
    ctx.watch_sync(None)
    ctx.store.flush()
    monkeypatch.setattr(ctx.store.flusher, "_sync", _failing_sync)
    ctx.store.set_setting("probe", "1")  # its fsync fails; the checkpoint at close succeeds
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)
    assert win.close() and asked == [] and shown == []
    assert ctx.store.flusher.failure is None


def test_the_window_is_told_without_polling_and_still_after_a_restore(qtbot, ctx, monkeypatch):
    """The flusher's thread tells the window (a queued signal): no periodic timer runs for it,
    and the reopened store of an in-app restore tells the same window."""
    from PySide6.QtCore import QTimer

    from hospital_sec_desk.app import data

    win, shown = _window(qtbot, ctx, monkeypatch)
    qtbot.wait(500)  # what the start queued has run
    assert [t for t in win.findChildren(QTimer) if t.isActive() and not t.isSingleShot()] == []
    backup, _made = data.create_backup(ctx)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    win.restore_backup(backup)
    store = ctx.store
    assert ctx.sync_listener is not None and store.flusher.on_failure is ctx.sync_listener
    store.flush()
    monkeypatch.setattr(store.flusher, "_sync", _failing_sync)
    store.set_setting("probe", "2")
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    assert shown[0][1].startswith("保存した内容をディスクに書き込めませんでした（"), shown
