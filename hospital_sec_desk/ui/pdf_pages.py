"""The preview's pages: stacked, each fitted to the view, rendered only when seen.

QPdfView renders with its own threads and keeps up to 20 page images plus what its renderer
holds: scrolling through a long report took the window 20–35 MB higher. This view renders a
page with QPdfDocument.render only when it comes into sight, at the size it is shown (times the
screen's pixel ratio), and keeps the last CACHE_PAGES images; everything else is dropped.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

CACHE_PAGES = 4    # page images kept (the one in view, its neighbours)
MARGIN = 12        # px around each page
SCROLL_STEP = 48   # px per arrow key / wheel step
DESK = QColor("#8a8f96")  # behind the pages (painted here: the style sheet may set the viewport's)


class PdfPageView(QAbstractScrollArea):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._document: QPdfDocument | None = None
        self._rects: list[QRect] = []   # each page's place in the whole column (content coordinates)
        self._height = 0
        self._cache: OrderedDict[tuple, QImage] = OrderedDict()
        self.rendered = 0               # pages rendered since the document was set (for tests)
        self.placeholder = ""           # said in the middle while there is no page to show
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    # -- document -------------------------------------------------------------------
    def set_document(self, document: QPdfDocument | None) -> None:
        self._document = document
        self._cache.clear()
        self.rendered = 0
        self.verticalScrollBar().setValue(0)
        self._layout()

    def clear(self) -> None:
        self.set_document(None)

    def cached_pages(self) -> int:
        return len(self._cache)

    def page_rect(self, index: int) -> QRect:
        """Where page `index` sits in the column (content coordinates)."""
        return QRect(self._rects[index])

    # -- layout -----------------------------------------------------------------------
    def _pages(self) -> int:
        return self._document.pageCount() if self._document is not None else 0

    def _layout(self) -> None:
        """Each page fitted inside the view (as QPdfView's FitInView), one under the other."""
        self._rects = []
        area = self.viewport().size()
        width, height = max(1, area.width() - 2 * MARGIN), max(1, area.height() - 2 * MARGIN)
        y = MARGIN
        for index in range(self._pages()):
            size = self._document.pagePointSize(index)
            if size.width() <= 0 or size.height() <= 0:
                size.setWidth(595)
                size.setHeight(842)
            scale = min(width / size.width(), height / size.height())
            w, h = max(1, int(size.width() * scale)), max(1, int(size.height() * scale))
            self._rects.append(QRect((area.width() - w) // 2, y, w, h))
            y += h + MARGIN
        self._height = y
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, self._height - area.height()))
        bar.setPageStep(area.height())
        bar.setSingleStep(SCROLL_STEP)
        self.viewport().update()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._layout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 (Qt API)
        self.viewport().update()

    # -- painting ------------------------------------------------------------------------
    def visible_pages(self) -> list[int]:
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        return [i for i, r in enumerate(self._rects) if r.bottom() >= top and r.top() <= bottom]

    def _image(self, index: int, size: QSize) -> QImage:
        ratio = self.devicePixelRatioF()
        key = (index, size.width(), size.height(), ratio)
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
            return image
        image = self._document.render(index, QSize(int(size.width() * ratio), int(size.height() * ratio)))
        image.setDevicePixelRatio(ratio)
        self.rendered += 1
        self._cache[key] = image
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        return image

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), DESK)
        if not self._rects:
            if self.placeholder:
                painter.setPen(Qt.GlobalColor.white)
                painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            painter.end()
            return
        offset = self.verticalScrollBar().value()
        for index in self.visible_pages():
            rect = self._rects[index].translated(0, -offset)
            painter.fillRect(rect.adjusted(2, 2, 2, 2), QColor(0, 0, 0, 60))  # a slight shadow
            painter.fillRect(rect, Qt.GlobalColor.white)
            painter.drawImage(rect, self._image(index, rect.size()))
        painter.end()
