"""The home screen of a 年度: one card per questionnaire, notices, and the other screens.

Cards and the その他 buttons sit in wrapping column layouts (ui/flow.py): on a narrow screen
they reflow into one column / more rows instead of scrolling sideways.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..app import contacts as app_contacts
from ..app import drills, editions, sessions
from ..app.context import AppContext
from ..domain.fiscal import is_before_fiscal_year, nendo_label
from ..domain.item_state import item_states
from . import after_paint
from .flow import ColumnFlow
from .texts import count_lines, no_orphan
from .widgets import SCROLL_BAR_ALWAYS_OFF, label

NEW_YEAR = -1
OTHER_SCREENS = (("contacts", "連絡先（緊急連絡先・掲示用ポスター）"), ("print", "印刷・PDF・CSV"),
                 ("history", "過去の回答（年度比較）"), ("glossary", "用語集"),
                 ("data", "データの管理・バックアップ"), ("setup", "施設情報・回答者"),
                 ("bcp", "BCPの下書き（PDF・Word）"), ("drills", "研修・訓練の記録"))


class HomeScreen(QWidget):
    open_wizard = Signal(str, str)   # questionnaire, "resume" | "restart" | "review"
    open_screen = Signal(str)        # "contacts" | "print" | "history" | "setup" | ...
    year_chosen = Signal(int)        # a year, or NEW_YEAR for 「新しい年度を始める」
    switch_edition = Signal(str)     # questionnaire: 「版を切り替える」

    def __init__(self, ctx: AppContext, year: int, parent=None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setAccessibleName("ホーム画面")
        scroll.setWidgetResizable(True)
        scroll.setProperty("horizontalScrollBarPolicy", SCROLL_BAR_ALWAYS_OFF)  # see widgets.PLAIN_TEXT
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.lay = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self.build()

    def build(self) -> None:
        lay = self.lay
        fac = self.ctx.facility()
        top = QHBoxLayout()
        top.addWidget(label(fac["name"] or "（病院名未設定）", "h1"), 1)
        self.year_box = QComboBox(self)
        self.year_box.setObjectName("year-selector")
        self.year_box.setAccessibleName("年度の選択")
        years = sorted(set(self.ctx.years()) | {self.year}, reverse=True)
        for y in years:
            self.year_box.addItem(nendo_label(y), y)
        self.year_box.addItem("新しい年度を始める…", NEW_YEAR)
        self.year_box.setCurrentIndex(self.year_box.findData(self.year))
        self.year_box.activated.connect(lambda i: self.year_chosen.emit(self.year_box.itemData(i)))
        year_label = label("年度：", None)
        year_label.setWordWrap(False)
        year_label.setBuddy(self.year_box)
        pick = QHBoxLayout()
        pick.addWidget(year_label)
        pick.addWidget(self.year_box)
        at_top = QVBoxLayout()  # the 年度 choice stays at the top when the name wraps
        at_top.addLayout(pick)
        at_top.addStretch(1)
        top.addLayout(at_top)
        lay.addLayout(top)
        for text in self.notices():
            lay.addWidget(label(no_orphan(text), "banner"))
        self._banner_at = lay.count()  # the drill reminder goes here
        cards = ColumnFlow(min_column=420, max_columns=2, spacing=10)
        for q in self.ctx.registry.questionnaires():
            cards.addWidget(self._card(q))
        lay.addLayout(cards)
        lay.addWidget(label("その他", "h2"))
        row = ColumnFlow(min_column=300, max_columns=3, spacing=8)
        for key, text in OTHER_SCREENS:
            btn = QPushButton(text, self)
            btn.setObjectName(f"home:{key}")
            btn.setMinimumHeight(44)
            btn.clicked.connect(lambda _=False, k=key: self.open_screen.emit(k))
            row.addWidget(btn)
        lay.addLayout(row)
        # The readiness panel (its rules, the survey's answers) comes right after the first paint:
        # until then a card of the same title stands in its place, at the end of the page.
        self.readiness = QFrame(self)
        self.readiness.setObjectName("card")
        pending = QVBoxLayout(self.readiness)
        pending.addWidget(label("加算の施設基準の準備状況", "h2"))
        pending.addWidget(label("回答から判定しています…", "muted"))
        lay.addWidget(self.readiness)
        after_paint.later(self, self.fill_readiness)
        after_paint.later(self, self.fill_drill_reminder)
        lay.addStretch(1)

    def fill_drill_reminder(self) -> None:
        """The banner when the last drill is more than 12 months old (after the first paint)."""
        text = drills.drill_reminder(self.ctx)
        if text:
            self.drill_banner = label(no_orphan(text + "「研修・訓練の記録」で記録できます。"), "banner", self)
            self.lay.insertWidget(self._banner_at, self.drill_banner)
            self.drill_banner.show()

    def fill_readiness(self) -> None:
        from .readiness_panel import ReadinessPanel  # off the start-up path (domain.readiness)

        panel = ReadinessPanel(self.ctx, self)
        panel.set_year(self.year)
        self.lay.replaceWidget(self.readiness, panel)
        self.readiness.hide()
        self.readiness.deleteLater()
        self.readiness = panel
        panel.show()

    def notices(self) -> list[str]:
        out = []
        day = app_contacts.confirmed_day(self.ctx)
        if day is None:
            out.append("緊急連絡先の確認日が記録されていません。「連絡先」で内容を確認してください。")
        elif is_before_fiscal_year(day, self.year):
            out.append(f"緊急連絡先の確認日（{day.isoformat()}）が{nendo_label(self.year)}より前です。"
                       "保守会社の電話番号などが変わっていないか確認してください。")
        for err in self.ctx.registry.errors:
            out.append(f"追加の調査票ファイルを読み込めませんでした：{err}")
        return out

    def _card(self, questionnaire: str) -> QFrame:
        edition, recs = sessions.records(self.ctx, self.year, questionnaire)
        card = QFrame(self)
        card.setObjectName("card")
        v = QVBoxLayout(card)
        v.addWidget(label(edition.short_title, "h2"))
        official = [i.official for i in edition.items]
        note = "" if all(official) else "（一部は当アプリ独自の文言）" if any(official) else "（当アプリ独自の文言）"
        v.addWidget(label(edition.title + note, "muted"))
        status = editions.edition_status(self.ctx, self.year, questionnaire)
        if status.provisional:
            mark = label(no_orphan(f"【{status.label}】{status.text}"), None)
            mark.setObjectName(f"card-provisional:{questionnaire}")
            mark.setProperty("role", "provisional")
            v.addWidget(mark)
        _edition, c, finished = sessions.progress(self.ctx, self.year, questionnaire)
        bar = QProgressBar(card)
        bar.setObjectName(f"card-progress:{questionnaire}")
        bar.setAccessibleName(f"{edition.short_title}の回答の進み具合")
        bar.setMaximum(max(1, c.applicable))
        bar.setValue(c.answered)
        bar.setFormat(f"{c.answered} / {c.applicable}")
        v.addWidget(bar)
        for line in count_lines(edition, item_states(edition, recs)):
            v.addWidget(label(no_orphan(line), None))
        if c.carried_unconfirmed:
            v.addWidget(label(f"前年度から引継ぎ（未確認）：{c.carried_unconfirmed} 項目", None))
        if c.flagged:
            v.addWidget(label(f"ベンダーに確認：{c.flagged} 項目", None))
        if finished:
            done = label("✓ 回答が終わりました（すべて回答済み・確認画面で完了）。", None)
            done.setObjectName(f"card-finished:{questionnaire}")
            done.setProperty("role", "done")
            v.addWidget(done)
        row = ColumnFlow(min_column=170, max_columns=3, spacing=6)
        cont = QPushButton("回答を見直す" if finished else "続きから回答" if c.started else "回答を始める", card)
        cont.setObjectName(f"card:{questionnaire}:resume")
        cont.setProperty("primary", not finished)
        cont.clicked.connect(lambda: self.open_wizard.emit(questionnaire, "review" if finished else "resume"))
        again = QPushButton("最初から見直す", card)
        again.setObjectName(f"card:{questionnaire}:restart")
        again.clicked.connect(lambda: self.open_wizard.emit(questionnaire, "restart"))
        row.addWidget(cont)
        row.addWidget(again)
        if self.year in self.ctx.years() and editions.switch_choices(self.ctx, self.year, questionnaire):
            switch = QPushButton("版を切り替える…", card)
            switch.setObjectName(f"card:{questionnaire}:edition")
            switch.setAccessibleName(f"{edition.short_title}の版を切り替える")
            switch.clicked.connect(lambda: self.switch_edition.emit(questionnaire))
            row.addWidget(switch)
        v.addLayout(row)
        v.addStretch(1)
        return card
