"""Shared by the failure tests: a keyboard walk of a wizard opened from the main window."""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hospital_sec_desk.ui.wizard import REVIEW


def has_module(name: str) -> bool:
    """True when the module exists (parts written by other issues may not be there yet)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def focus_page(qtbot, wizard) -> None:
    """Keyboard focus on the wizard's page (showing the item again focuses its first control)."""
    if not wizard.page.isAncestorOf(QApplication.focusWidget()):
        wizard.go(wizard.current_key)
    qtbot.waitUntil(lambda: wizard.page.isAncestorOf(QApplication.focusWidget()), timeout=3000)


def keyboard_walk(qtbot, wizard, number: int = 1) -> list[str]:
    """Answer every page by keyboard: number key `number` (or the last choice) then Enter;
    on a device grid the number once per row (focus moves to the next unanswered row);
    on forms, ASCII text in each field. Returns the item keys answered."""
    focus_page(qtbot, wizard)
    seen: list[str] = []
    for _ in range(200):
        key = wizard.current_key
        if key == REVIEW:
            return seen
        seen.append(key)
        item = wizard.edition.item(key)
        if item.type == "form":
            for field in item.fields:
                edit = wizard.page.field_edits[field.key]
                edit.setFocus()
                qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
                qtbot.keyClicks(edit, f"walk-{field.key}")
        elif item.choices:
            n = min(number, len(item.choices), 9)
            for _row in item.devices or [None]:
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key(Qt.Key.Key_0 + n))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    raise AssertionError("the walk did not reach the review page")
