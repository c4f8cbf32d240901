"""Small widget helpers shared by the screens."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ..domain.text import clean_text, parse_date  # noqa: F401  (re-exported for the screens)

# Qt.TextFormat.PlainText by its number (Qt.ScrollBarAlwaysOff likewise in home.py): the first
# touch of PySide6's `Qt` namespace builds its ~90 Python enums (about 25 ms), so the path to the
# first painted window (home screen, readiness panel) does not touch it (tests/ui/test_after_first_paint.py).
PLAIN_TEXT = 0
SCROLL_BAR_ALWAYS_OFF = 1


class WrappedLabel(QLabel):
    """A word-wrapping label that remembers its height for each width it was asked about.

    Qt asks a wrapped label for its height at every width a layout tries (the window's first
    size, with and without the scroll bar, each column width of a wrapping row) and again
    after every layout change; QLabel lays its text out anew each time. On the home screen
    that was 320 layouts of 15 labels at 4–6 widths each before the first frame (valgrind:
    the largest part of the time Qt spends there). The remembered heights are dropped when the
    text, the font or the style changes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._heights: dict[int, int] = {}

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        self._heights.clear()
        super().setText(text)

    def clear(self) -> None:
        self._heights.clear()
        super().clear()

    def setWordWrap(self, on: bool) -> None:  # noqa: N802 (Qt API)
        self._heights.clear()
        super().setWordWrap(on)

    def setMargin(self, margin: int) -> None:  # noqa: N802 (Qt API)
        self._heights.clear()
        super().setMargin(margin)

    def setIndent(self, indent: int) -> None:  # noqa: N802 (Qt API)
        self._heights.clear()
        super().setIndent(indent)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._heights.clear()  # font, style sheet, contents margins: all arrive as change events
        super().changeEvent(event)


def label(text: str, role: str | None = None, parent: QWidget | None = None) -> QLabel:
    """A word-wrapping plain-text label (user and edition text is never parsed as markup)."""
    lab = WrappedLabel(parent)
    lab.setProperty("textFormat", PLAIN_TEXT)
    lab.setText(text)
    lab.setWordWrap(True)
    if role:
        lab.setObjectName(role)
    return lab


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize a dialog to width × height, or to the screen's available area when that is smaller
    (the parent's screen; 40 px kept free for the title bar)."""
    anchor = window.parentWidget() or window
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    window.resize(min(width, area.width() - 16), min(height, area.height() - 40))


def plain_tip(text: str) -> str:
    """A tooltip showing `text` literally (Qt renders tooltips that look like HTML as rich text)."""
    from PySide6.QtGui import Qt as GuiQt

    return GuiQt.convertFromPlainText(text) if text else ""


def named(widget, name: str, accessible: str = ""):
    """objectName for tests and automation (a styled label keeps its style role), accessible name."""
    if not widget.objectName():
        widget.setObjectName(name)
    widget.setAccessibleName(accessible or name)
    return widget


def push_button(parent: QWidget, text: str, name: str, slot) -> QPushButton:
    """A named push button (its text is its accessible name) connected to `slot`."""
    b = named(QPushButton(text, parent), name, text)
    b.clicked.connect(slot)
    return b
