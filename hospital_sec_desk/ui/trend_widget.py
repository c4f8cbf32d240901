"""The trend chart: per 年度, two bars (survey 「はい」等, BCP 「できている」) with value labels.

Drawn with QPainter; the values are also in the widget's tooltip and accessible description.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..domain.fiscal import nendo_label
from ..domain.trend import SERIES, TrendPoint, counts_text, percent_text

COLORS = {"survey": QColor("#1f5fbf"), "bcp": QColor("#2e7d32")}
INK = QColor("#1b2a3a")
MUTED = QColor("#555555")
GRID = QColor("#dde2e8")


class TrendWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[TrendPoint] = []
        self.setObjectName("trend-chart")
        self.setAccessibleName("回答の推移のグラフ")
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(720, 190)

    def set_points(self, points: list[TrendPoint]) -> None:
        self.points = list(points)
        text = self.summary_text()
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self.update()

    def summary_text(self) -> str:
        """Every year's figures as text (the chart's tooltip)."""
        lines = []
        for p in self.points:
            parts = [f"{label.split('：')[0]} {percent_text(getattr(p, attr))}"
                     f"（{counts_text(getattr(p, attr), positive)}）" for attr, label, positive in SERIES]
            lines.append(f"{nendo_label(p.year)}　" + "　".join(parts))
        return "\n".join(lines) or "まだ回答がありません。"

    # -- painting -------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        font = QFont(self.font())
        painter.setFont(font)
        fm = painter.fontMetrics()
        line = fm.height()
        left, right, top, bottom = fm.horizontalAdvance("100%") + 14, 12, line * 3 + 8, line + 14
        plot = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))
        self._legend(painter, line)
        if not self.points:
            painter.setPen(MUTED)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "まだ回答がありません。")
            painter.end()
            return
        for pct in (0, 25, 50, 75, 100):
            y = plot.bottom() - plot.height() * pct / 100
            painter.setPen(QPen(GRID if pct else MUTED, 1))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(MUTED)
            painter.drawText(QRectF(0, y - line / 2, left - 6, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{pct}%")
        group_w = plot.width() / len(self.points)
        bar_w = min(44.0, group_w * 0.32)
        for n, point in enumerate(self.points):
            centre = plot.left() + group_w * (n + 0.5)
            for k, (attr, _label, _pos) in enumerate(SERIES):
                x = centre + (k - 1) * bar_w - (2 if k == 0 else -2)
                self._bar(painter, plot, x, bar_w, getattr(point, attr), COLORS[attr], line)
            painter.setPen(INK)
            painter.drawText(QRectF(centre - group_w / 2, plot.bottom() + 4, group_w, line),
                             Qt.AlignmentFlag.AlignCenter, f"{point.year}年度")
        painter.end()

    def _bar(self, painter: QPainter, plot: QRectF, x: float, width: float, share, color: QColor,
             line: int) -> None:
        pct = None if share is None else share.percent
        height = 0.0 if pct is None else plot.height() * pct / 100
        if height:
            painter.fillRect(QRectF(x, plot.bottom() - height, width, height), color)
        label_rect = QRectF(x - 12, plot.bottom() - height - line - 2, width + 24, line)
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.save()
        painter.setFont(bold)
        painter.setPen(INK if pct is not None else MUTED)
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, percent_text(share))
        painter.restore()

    def _legend(self, painter: QPainter, line: int) -> None:
        fm = painter.fontMetrics()
        x = 12.0
        for attr, label, _pos in SERIES:
            painter.fillRect(QRectF(x, 6 + line / 4, line / 2 + 4, line / 2 + 4), COLORS[attr])
            painter.setPen(INK)
            painter.drawText(QRectF(x + line, 4, fm.horizontalAdvance(label) + 8, line + 4),
                             Qt.AlignmentFlag.AlignVCenter, label)
            x += line + fm.horizontalAdvance(label) + 28
        painter.setPen(MUTED)
        note = "（対象の項目のうちの割合。未回答の項目は分母に含みます）"
        painter.drawText(QRectF(12, 6 + line, self.width() - 24, line + 2), Qt.AlignmentFlag.AlignVCenter, note)
