"""The review page at the end of a questionnaire: what is unanswered, unconfirmed, flagged
or 対象外 — each answerable entry one click (or Enter) away."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ..domain.answers import answer_text
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
        flags = session.applicable()
        groups: dict[str, list] = {"unanswered": [], "carried": [], "flagged": [], "na": []}
        for item in session.edition.items:
            if not flags[item.key]:
                groups["na"].append(item)
                continue
            if session.is_carried(item.key):
                groups["carried"].append(item)
            elif not session.is_answered(item.key):
                groups["unanswered"].append(item)
            if session.record(item.key).vendor_flag:
                groups["flagged"].append(item)
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
                    extra = f" — 前年度：{answer_text(item, session.record(item.key).value)}"
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
