"""The review page at the end of a questionnaire: what is unanswered, unconfirmed, flagged
or 対象外 — each answerable entry one click (or Enter) away — and the end of the walk:
「完了（ホームへ）」 and 「印刷へ」."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ..domain.item_state import CARRIED, NOT_APPLICABLE, UNANSWERED
from ..domain.session import AssessmentSession
from .texts import count_lines, no_orphan
from .widgets import label


class ElidedButton(QPushButton):
    """A left-aligned push button whose text is cut with 「…」 at its own width (by the font's
    metrics: never mid-character), the full text in its tooltip and accessible description."""

    def __init__(self, text: str, parent=None):
        super().__init__(text, parent)
        self.full_text = text
        self.setProperty("elided", True)
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self.setStyleSheet("text-align: left;")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        room = self.width() - 2 * self.style().pixelMetric(self.style().PixelMetric.PM_ButtonMargin) - 28
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(20, room))
        if shown != self.text():
            self.setText(shown)


class ReviewPage(QWidget):
    jump = Signal(str)
    finish = Signal()           # 「完了」: back home
    print_requested = Signal()  # 「印刷へ」

    def __init__(self, session: AssessmentSession, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setSpacing(6)
        lay.addWidget(label("確認：回答の状況", "h1"))
        states = session.states()
        for line in count_lines(session.edition, states):
            lay.addWidget(label(no_orphan(line), None))
        c = session.completeness()
        end = QHBoxLayout()
        self.finish_btn = QPushButton("完了（ホームへ）", self)
        self.finish_btn.setObjectName("review:finish")
        self.finish_btn.setAccessibleName("回答を終えてホームへ戻る")
        self.finish_btn.setProperty("primary", True)
        self.finish_btn.clicked.connect(self.finish.emit)
        self.print_btn = QPushButton("印刷へ", self)
        self.print_btn.setObjectName("review:print")
        self.print_btn.setAccessibleName("印刷・PDFの画面へ")
        self.print_btn.clicked.connect(self.print_requested.emit)
        end.addWidget(self.finish_btn)
        end.addWidget(self.print_btn)
        end.addStretch(1)
        if c.done:
            state = "すべて回答済みです。「完了」でホームに戻ると、回答が終わったことが表示されます。"
        elif c.answered + c.carried_unconfirmed == c.applicable:
            state = "前年度から引き継いだ回答を確かめて確定すると、回答が終わります。"
        else:
            state = "未回答の項目があります。あとで続きから回答できます。"
        lay.addWidget(label(no_orphan(state), "muted"))
        lay.addLayout(end)
        groups: dict[str, list] = {"unanswered": [], "carried": [], "flagged": [], "na": []}
        for st in states:
            if st.status == NOT_APPLICABLE:
                groups["na"].append(st.item)
                continue
            if st.status == CARRIED:
                groups["carried"].append(st.item)
            elif st.status == UNANSWERED:
                groups["unanswered"].append(st.item)
            if st.flagged:
                groups["flagged"].append(st.item)
        texts = {st.key: st.text for st in states}
        self.buttons: dict[str, list[QPushButton]] = {}
        titles = {
            "unanswered": "未回答の項目",
            "carried": "前年度から引継ぎ（未確認）の項目 — 内容を確認して確定してください",
            "flagged": "「ベンダーに確認」の印がある項目",
        }
        for key, title in titles.items():
            items = groups[key]
            lay.addWidget(label(no_orphan(f"{title}（{len(items)}件）"), "h2"))
            if not items:
                lay.addWidget(label("ありません。", "muted"))
            for item in items:
                before = f"前年度：{texts[item.key]} — " if key == "carried" else ""
                btn = ElidedButton(f"{item.number}　{before}{item.title}", self)
                btn.setObjectName(f"review:{key}:{item.key}")
                btn.setAccessibleName(f"{item.number} に移動")
                btn.clicked.connect(lambda _=False, k=item.key: self.jump.emit(k))
                self.buttons.setdefault(key, []).append(btn)
                lay.addWidget(btn)
        lay.addWidget(label(f"対象外の項目（{len(groups['na'])}件）", "h2"))
        if not groups["na"]:
            lay.addWidget(label("ありません。", "muted"))
        self.not_applicable = [i.key for i in groups["na"]]
        for item in groups["na"]:
            lay.addWidget(label(f"{item.number}　{item.title}　— 対象外", "muted"))
        lay.addStretch(1)
