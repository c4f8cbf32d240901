"""Every error a widget can meet becomes a Japanese dialog; nothing reaches the user as a traceback."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from ..app.errors import user_message


def message_for(exc: BaseException) -> str:
    """The Japanese sentence for an error (app/errors.py: the English detail goes to the log)."""
    return user_message(exc)


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    QMessageBox.critical(parent, title, message_for(exc))


def run_guarded(parent: QWidget | None, title: str, fn: Callable[[], object]) -> bool:
    """Run a use case; on failure show a Japanese dialog and return False (nothing pretends to be saved)."""
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - every failure is shown, none escapes to Qt
        show_error(parent, title, exc)
        return False
    return True
