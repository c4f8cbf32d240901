"""Home-screen panel: 電子的診療情報連携体制整備加算 施設基準(8)〜(12) as the answers show them."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ..app import readiness as app_readiness
from ..app.context import AppContext
from ..domain.fiscal import nendo_label
from ..domain.readiness import MET, NOT_MET, STATUS_LABELS, UNKNOWN, Result
from .widgets import PLAIN_TEXT, label

FOOTER = ("「分からない」は、調査票の回答だけでは判断できない基準です（確かめることを書いています）。"
          "施設基準(1)〜(7)（オンライン請求など）は、このアプリでは確かめません。")


class ReadinessPanel(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.year: int | None = None
        self.results: list[Result] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.card = QFrame(self)
        self.card.setObjectName("card")
        outer.addWidget(self.card)
        outer.addStretch(1)
        self.lay = QVBoxLayout(self.card)
        self.title = label("加算の施設基準の準備状況", "h2")
        self.lay.addWidget(self.title)
        self.subtitle = label("", "muted")
        self.lay.addWidget(self.subtitle)
        self.grid_host = QWidget(self.card)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 4, 0, 4)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(2, 1)
        self.lay.addWidget(self.grid_host)
        self.lay.addWidget(label(FOOTER, "muted"))

    def set_year(self, year: int) -> None:
        self.year = year
        self._clear()
        judged = app_readiness.judge(self.ctx, year)
        if judged is None:
            self.results = []
            self.subtitle.setText(f"{nendo_label(year)}の調査票には、判定のルールがありません。")
            return
        self.title.setText(judged.rules.title)
        self.results = judged.results
        state = "回答" if judged.answered else "回答（まだありません）"
        counts = "・".join(f"{STATUS_LABELS[s][2:]} {sum(r.status == s for r in self.results)}"
                          for s in (MET, NOT_MET, UNKNOWN))
        read = "・".join(f"「{t}」" for t in judged.read)
        self.subtitle.setText(f"{nendo_label(year)}の{read}の{state}と研修・訓練の記録から判定しています"
                              f"（{counts}）。")
        for n, result in enumerate(self.results):
            self._add_row(n, result)

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def _add_row(self, n: int, result: Result) -> None:
        req = result.requirement
        status = QLabel(result.label, self.grid_host)
        status.setProperty("textFormat", PLAIN_TEXT)  # see widgets.PLAIN_TEXT
        status.setObjectName(f"readiness:{req.key}")
        status.setProperty("status", result.status)  # its colour: ui/style.py (QLabel[status=…])
        title = label(f"{req.number} {req.title}" + ("（望ましい）" if req.recommended else ""), None,
                      self.grid_host)
        title.setMinimumWidth(260)
        detail = label("\n".join(result.lines()), "muted", self.grid_host)
        tip = f"施設基準{req.number}「{req.text}」"
        for widget in (status, title, detail):
            widget.setToolTip(tip)
        status.setAccessibleName(f"施設基準{req.number} {req.title}：{result.label}")
        self.grid.addWidget(status, n, 0)
        self.grid.addWidget(title, n, 1)
        self.grid.addWidget(detail, n, 2)
