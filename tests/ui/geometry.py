"""Geometry checks of a shown window: every visible control inside the window and not cut by
an ancestor (a scroll area's content may run below its viewport — that is vertical scrolling —
never beside it), no horizontal scroll bar, no text cut inside its own control, the window
inside the screen's available area."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QScrollBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLabel, QLineEdit,
            QPlainTextEdit, QProgressBar, QTextEdit)
SLACK = 1  # px


def _name(w: QWidget) -> str:
    text = w.text() if hasattr(w, "text") and callable(w.text) else ""
    text = text if isinstance(text, str) else ""
    return f"{type(w).__name__}[{w.objectName() or w.accessibleName() or ''}]「{text[:24]}」"


def _is_scroll_viewport(w: QWidget) -> bool:
    parent = w.parentWidget()
    return isinstance(parent, QAbstractScrollArea) and parent.viewport() is w


def _internal(w: QWidget, top: QWidget) -> bool:
    """Parts of Qt's composite widgets (scroll bars, a spin box's line edit, a combo's popup)."""
    p = w
    while p is not None and p is not top:
        if isinstance(p, QScrollBar):
            return True
        parent = p.parentWidget()
        if isinstance(parent, (QAbstractSpinBox, QComboBox)) and p is not parent:
            return True
        if isinstance(parent, QAbstractItemView) and p is not parent.viewport():
            return True  # item views' own editors and headers
        p = parent
    return False


def clipped(w: QWidget, top: QWidget) -> str:
    """Why `w` is cut by the window or an ancestor ("" when it is not)."""
    rect = QRect(QPoint(0, 0), w.size())
    child: QWidget = w
    parent = w.parentWidget()
    while parent is not None:
        rect = QRect(child.mapTo(parent, rect.topLeft()), rect.size())
        bounds = parent.rect()
        if _is_scroll_viewport(parent):
            if rect.left() < bounds.left() - SLACK or rect.right() > bounds.right() + SLACK:
                return f"beside the visible part of a scroll area ({rect.right()} > {bounds.right()})"
            # vertical overflow is scrolling; the scroll area itself is checked further up
            rect = rect.intersected(QRect(rect.left(), bounds.top(), rect.width(), bounds.height()))
            if rect.isEmpty():
                return ""  # scrolled away: reachable by scrolling
        elif not bounds.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
            where = "the window" if parent is top else _name(parent)
            return f"cut by {where} ({rect.x()},{rect.y()} {rect.width()}×{rect.height()} in " \
                   f"{bounds.width()}×{bounds.height()})"
        if parent is top:
            return ""
        child, rect = parent, rect
        parent = parent.parentWidget()
    return ""


def text_cut(w: QWidget) -> str:
    if isinstance(w, QLabel) and w.text() and not w.pixmap():
        if w.wordWrap():
            need = w.heightForWidth(w.width())
            if need > w.height() + SLACK:
                return f"wrapped text needs {need} px, has {w.height()}"
        elif w.minimumSizeHint().width() > w.width() + SLACK:
            return f"text needs {w.minimumSizeHint().width()} px, has {w.width()}"
    if isinstance(w, QAbstractButton) and w.text() and w.sizeHint().width() > w.width() + SLACK \
            and not w.property("elided"):
        return f"button text needs {w.sizeHint().width()} px, has {w.width()}"
    return ""


def problems(top: QWidget) -> list[str]:
    """Everything wrong with the geometry of the shown window `top`."""
    out = []
    screen = top.screen()
    if screen is not None and top.isWindow():
        area = screen.availableGeometry()
        if not area.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(top.frameGeometry()):
            out.append(f"window {top.frameGeometry().getRect()} outside the screen {area.getRect()}")
    for w in top.findChildren(QWidget):
        if not w.isVisibleTo(top) or w.isWindow() or _internal(w, top):
            continue
        if isinstance(w, QAbstractScrollArea) and w.horizontalScrollBar().isVisible():
            out.append(f"{_name(w)}: horizontal scroll bar")
        if not isinstance(w, CONTROLS) or w.width() <= 0:
            continue
        why = clipped(w, top) or text_cut(w)
        if why:
            out.append(f"{_name(w)}: {why}")
    return out


def unnamed(top: QWidget) -> list[str]:
    """Focusable controls that a screen reader would announce without a name (QAccessible)."""
    out = []
    for w in top.findChildren(QWidget):
        if not w.isVisibleTo(top) or w.isWindow() or _internal(w, top) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(w, QScrollBar) or _is_scroll_viewport(w) or not w.isEnabled():
            continue
        iface = QAccessible.queryAccessibleInterface(w)
        name = iface.text(QAccessible.Text.Name).strip() if iface is not None else ""
        if not name:
            out.append(f"{_name(w)}: no accessible name")
    return out
