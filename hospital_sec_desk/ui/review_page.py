"""The review page at the end of a questionnaire: what is unanswered, unconfirmed, flagged
or 対象外 — each answerable entry one click (or Enter) away."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ..domain.item_state import CARRIED, NOT_APPLICABLE, UNANSWERED
from ..domain.session import AssessmentSession
from ..domain.text import shorten
from .widgets import label


class ReviewPage(QWidget):
    jump = Signal(str)

    def __init__(self, session: AssessmentSession, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setSpacing(6)
        lay.addWidget(label("確認：回答の状況", "h1"))
        c = session.completeness()
        lay.addWidget(label(f"回答済み {c.answered} / 対象 {c.applicable} 項目（対象外 {c.not_applicable} 項目）", None))
        groups: dict[str, list] = {"unanswered": [], "carried": [], "flagged": [], "na": []}
        for st in session.states():
            if st.status == NOT_APPLICABLE:
                groups["na"].append(st.item)
                continue
            if st.status == CARRIED:
                groups["carried"].append(st.item)
            elif st.status == UNANSWERED:
                groups["unanswered"].append(st.item)
            if st.flagged:
                groups["flagged"].append(st.item)
        texts = {st.key: st.text for st in session.states()}
        self.buttons: dict[str, list[QPushButton]] = {}
        titles = {
            "unanswered": "未回答の項目",
            "carried": "前年度から引継ぎ（未確認）の項目 — 内容を確認して確定してください",
            "flagged": "「ベンダーに確認」の印がある項目",
        }
        for key, title in titles.items():
            items = groups[key]
            lay.addWidget(label(f"{title}（{len(items)}件）", "h2"))
            if not items:
                lay.addWidget(label("ありません。", "muted"))
            for item in items:
                extra = ""
                if key == "carried":
                    extra = f" — 前年度：{texts[item.key]}"
                btn = QPushButton(f"{item.number}　{shorten(item.title, 34)}{extra}", self)
                btn.setObjectName(f"review:{key}:{item.key}")
                btn.setAccessibleName(f"{item.number} に移動")
                btn.setStyleSheet("text-align: left;")
                btn.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                btn.setToolTip(f"{item.number} {item.title}")
                btn.clicked.connect(lambda _=False, k=item.key: self.jump.emit(k))
                self.buttons.setdefault(key, []).append(btn)
                lay.addWidget(btn)
        lay.addWidget(label(f"対象外の項目（{len(groups['na'])}件）", "h2"))
        if not groups["na"]:
            lay.addWidget(label("ありません。", "muted"))
        self.not_applicable = [i.key for i in groups["na"]]
        for item in groups["na"]:
            lay.addWidget(label(f"{item.number}　{shorten(item.title, 34)}　— 対象外", "muted"))
        lay.addStretch(1)
