"""Every error a widget can meet becomes a Japanese dialog; nothing reaches the user as a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from ..app import StorageError

log = logging.getLogger("hospital_sec_desk")

UNEXPECTED = "予期しない問題が起きたため、この操作は完了していません。もう一度お試しください。"


def message_for(exc: BaseException) -> str:
    """The Japanese sentence for an error (a storage error already carries one)."""
    if isinstance(exc, StorageError):
        return str(exc)
    log.error("unexpected error", exc_info=exc)
    return UNEXPECTED


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
