"""A layout that wraps: as many equal columns as fit (each at least `min_column` wide), rows
as tall as their tallest widget at that width. Used where a row of cards or buttons must
reflow on a narrow screen instead of scrolling sideways."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class ColumnFlow(QLayout):
    def __init__(self, parent: QWidget | None = None, min_column: int = 220, max_columns: int = 6,
                 spacing: int = 8):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        # heightForWidth and minimumSize per layout pass: Qt asks for them many times while it
        # lays out (each call asks every wrapped label); invalidate() (Qt calls it on every
        # change and before every activation) forgets them.
        self._heights: dict[int, int] = {}
        self._minimum: QSize | None = None
        self.min_column, self.max_columns = min_column, max_columns
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout API -----------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._items.append(item)
        self.invalidate()

    def invalidate(self) -> None:
        self._heights.clear()
        self._minimum = None
        super().invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        if not 0 <= index < len(self._items):
            return None
        self.invalidate()
        return self._items.pop(index)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return height

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt API)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        n = min(self.max_columns, max(1, len(self._visible())))
        width = n * self.min_column + (n - 1) * self.spacing()
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        if self._minimum is None:
            m = self.contentsMargins()
            widest = max((min(self.min_column, i.minimumSize().width()) for i in self._visible()), default=0)
            self._minimum = QSize(widest + m.left() + m.right(), 0)
        return QSize(self._minimum)

    # -- placing ---------------------------------------------------------------------
    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def columns(self, width: int) -> int:
        gap = self.spacing()
        n = max(1, (width + gap) // (self.min_column + gap))
        return int(min(n, self.max_columns, max(1, len(self._visible()))))

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        items = self._visible()
        n, gap = self.columns(area.width()), self.spacing()
        col_w = max(1, (area.width() - gap * (n - 1)) // n)
        y = area.y()
        for start in range(0, len(items), n):
            row = items[start:start + n]
            heights = [i.heightForWidth(col_w) if i.hasHeightForWidth() else i.sizeHint().height() for i in row]
            heights = [max(h, i.minimumSize().height()) for h, i in zip(heights, row, strict=True)]
            height = max(heights)
            if move:
                for k, item in enumerate(row):
                    item.setGeometry(QRect(QPoint(area.x() + k * (col_w + gap), y), QSize(col_w, height)))
            y += height + gap
        return max(0, y - gap - area.y()) + m.top() + m.bottom()
