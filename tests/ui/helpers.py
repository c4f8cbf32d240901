"""Helpers for driving the real widgets in tests."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def setup_facility(ctx, year: int = 2026, survey: str = "r6") -> None:
    """A facility and a year using the seed-000 survey edition (r6) unless told otherwise."""
    ctx.store.save_facility(name="テスト病院", corporation="医療法人テスト会", beds=50, prefecture="東京都")
    ctx.store.start_year(year, {"survey": survey, "bcp": "r6"}, None)


def show_active(qtbot, widget) -> None:
    """Show and activate a window so keyboard focus works offscreen."""
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
