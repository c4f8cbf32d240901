"""The wizard: one item per page, a side list to jump, a progress bar, a review page.

A QStackedWidget-style screen with its own navigation rather than QWizard: QWizard has
no jump list or progress, resets fields on Back unless IndependentPages is set, and its
Windows AeroStyle breaks under dark mode (see docs/architecture.md).
Keyboard: 1–9 choose (on a grid: the current row, then the next unanswered row; ↑/↓ rows),
the number already chosen or Enter confirms a carried-over answer, Enter goes on (on the
review page: finishes), Enter on a focused push button presses it, Alt+←/→ back and forward,
Tab reaches everything. The footer shows the keys of the page in view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..app import contacts as app_contacts
from ..app import editions
from ..app.context import AppContext
from ..app.sessions import open_session
from ..domain.fiscal import nendo_label
from ..domain.item_state import summarize
from ..domain.session import FAILED, REVIEW
from .errors import show_error
from .guidance_panel import GuidancePanel
from .item_page import ItemPage
from .review_page import ReviewPage
from .side_list import SideList, StateCache
from .widgets import label


class WizardScreen(QWidget):
    done = Signal()
    open_print = Signal()  # the review page's 「印刷へ」

    def __init__(self, ctx: AppContext, year: int, questionnaire: str, start: str = "resume",
                 read_only: bool = False, parent=None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        self.session = open_session(ctx, year, questionnaire, read_only)
        self.edition = self.session.edition
        self.vendors = app_contacts.contacts(ctx, "vendor")
        self.page: QWidget | None = None
        self.item_states = StateCache(self.session)
        self._order = {item.key: n for n, item in enumerate(self.edition.items)}
        self._build()
        self._unsubscribe = self.session.subscribe(self._on_session)
        self.destroyed.connect(lambda *_: self._unsubscribe())
        self.go(self._start_key(start))

    def _on_session(self, event: str, key: str, payload: object) -> None:
        """A save failed: say so at once; the page already shows what is really stored."""
        if event == FAILED:
            show_error(self, "保存できませんでした", payload)

    def flush(self) -> bool:
        """Write what is still being typed (memos); False when it could not be saved."""
        return self.session.flush() if not self.session.read_only else True

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if not self.flush():
            event.ignore()
            return
        super().closeEvent(event)

    # -- layout ------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        title = label(self.edition.short_title, "wizard-title")
        title.setAccessibleName(f"{self.edition.short_title} {nendo_label(self.year)}")
        top.addWidget(title, 1)
        year = label(nendo_label(self.year), "wizard-year")
        year.setWordWrap(False)  # 「2026年度（令和8年度）」 is never broken
        top.addWidget(year)
        status = editions.edition_status(self.ctx, self.year, self.edition.questionnaire)
        if status.provisional:
            mark = label(f"【{status.label}】", None)
            mark.setObjectName("wizard-provisional")
            mark.setProperty("role", "provisional")
            mark.setWordWrap(False)
            mark.setToolTip(status.text)
            mark.setAccessibleName(f"{status.label}：{status.text}")
            top.addWidget(mark)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setAccessibleName("回答の進み具合")
        self.progress.setMinimumWidth(170)
        self.progress.setFormat("回答済み %v / %m")
        top.addWidget(self.progress)
        outer.addLayout(top)
        if status.provisional:
            outer.addWidget(label(f"{status.label}：{status.text}", "muted"))
        self.current = QLabel(self)
        self.current.setObjectName("current-item")
        self.current.setVisible(False)
        if self.session.read_only:
            row = QHBoxLayout()
            row.addWidget(label("この年度の回答は閲覧のみです（締め切り済み）。", "banner"), 1)
            edit = QPushButton("編集する", self)
            edit.setObjectName("unlock")
            edit.clicked.connect(self._unlock)
            row.addWidget(edit)
            outer.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.side = SideList(self.edition, split)
        self.side.itemActivated.connect(self._side_jump)
        self.side.itemClicked.connect(self._side_jump)
        self.scroll = QScrollArea(split)
        self.scroll.setAccessibleName("設問と回答")
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus goes to the page's controls
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.guide = GuidancePanel(split)
        split.addWidget(self.side)
        split.addWidget(self.scroll)
        split.addWidget(self.guide)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setStretchFactor(2, 3)
        self.split = split
        outer.addWidget(split, 1)
        nav = QHBoxLayout()
        home = QPushButton("ホームへ戻る", self)
        home.setObjectName("nav:home")
        home.setAccessibleName("ホームへ戻る")
        home.clicked.connect(self.done.emit)
        self.back_btn = QPushButton("← 戻る", self)
        self.back_btn.setObjectName("nav:back")
        self.back_btn.setAccessibleName("前の設問へ戻る")
        self.back_btn.clicked.connect(self.back)
        self.review_btn = QPushButton("確認画面", self)
        self.review_btn.setObjectName("nav:review")
        self.review_btn.setAccessibleName("確認画面（未回答・要確認の一覧）へ")
        self.review_btn.clicked.connect(lambda: self.go(REVIEW))
        self.next_btn = QPushButton("次へ →", self)
        self.next_btn.setObjectName("nav:next")
        self.next_btn.setAccessibleName("次の設問へ進む")
        self.next_btn.clicked.connect(self.forward)
        for w in (home, self.back_btn, self.review_btn):
            nav.addWidget(w)
        self.hint = label("", "muted")
        self.hint.setObjectName("key-hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        nav.addWidget(self.hint, 1)  # wraps (two lines) on a narrow window; the buttons stay
        nav.addWidget(self.next_btn)
        self.next_btn.setProperty("primary", True)
        outer.addLayout(nav)
        # Tab order: the page's controls, then 次へ, 戻る, 確認画面, ホーム, the side list, the guidance
        chain = [self.next_btn, self.back_btn, self.review_btn, home, self.side, self.guide.button,
                 self.guide.browser]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        QShortcut(QKeySequence("Alt+Left"), self, self.back)
        QShortcut(QKeySequence("Alt+Right"), self, self.forward)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """The side list and the guidance take a share of the width; the question the rest."""
        super().resizeEvent(event)
        width = self.split.width()
        if width > 0 and width != getattr(self, "_split_width", 0):
            self._split_width = width
            side = max(170, min(300, width * 18 // 100))
            guide = max(230, min(420, width * 27 // 100))
            self.split.setSizes([side, max(300, width - side - guide), guide])

    # -- navigation ----------------------------------------------------------------
    def _start_key(self, start: str) -> str:
        keys = [i.key for i in self.session.applicable_items()]
        if start == "restart":
            return keys[0] if keys else REVIEW
        if start == "review":
            return REVIEW
        if start in keys:
            return start
        last = self.session.position
        if last in keys or last == REVIEW:
            return last
        first = self.session.first_open_item()
        return first.key if first else REVIEW

    @property
    def current_key(self) -> str:
        return self.session.position

    def go(self, key: str) -> None:
        if not self.flush():
            return  # the memo could not be saved: stay on the page that holds it
        if key != REVIEW and not self.session.applies.get(key, False):
            key = REVIEW
        self.session.go(key)
        self.current.setText(key)  # automation contract: the hidden label `current-item`
        self.setProperty("currentItem", key)
        if key == REVIEW:
            page = ReviewPage(self.session, self)
            page.jump.connect(self.go)
            page.finish.connect(self.finish)
            page.print_requested.connect(self.to_print)
            self.guide.show_item(self.edition, None)
        else:
            item = self.edition.item(key)
            page = ItemPage(self.session, item, self.vendors, self)
            page.changed.connect(self._refresh)
            page.term_clicked.connect(self.guide.show_term)
            self.guide.show_item(self.edition, item)
        self.page = page
        self.scroll.setWidget(page)
        focusable = [w for w in page.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
        if focusable:
            QWidget.setTabOrder(focusable[-1], self.next_btn)  # after the page's last control: 次へ
        on_review = key == REVIEW
        self.next_btn.setText("完了 →" if on_review else "次へ →")
        self.next_btn.setAccessibleName("回答を終えてホームへ" if on_review else "次の設問へ進む")
        self.hint.setText(page.key_hint() if isinstance(page, ItemPage)
                          else "Enter：選んだ項目へ移動（ボタン以外ではホームへ）")
        self._refresh()
        self._focus_page(page)

    def focus_current(self) -> None:
        if self.page is not None:
            self._focus_page(self.page)

    def _focus_page(self, page: QWidget) -> None:
        """Keyboard focus on the checked choice (a grid's current row), else the first choice or field."""
        if isinstance(page, ItemPage):
            page.focus_first()
            return
        focus: QWidget = page
        if isinstance(page, ReviewPage):
            buttons = [b for group in page.buttons.values() for b in group]
            focus = buttons[0] if buttons else page.finish_btn
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _neighbour(self, step: int) -> str:
        flags = self.session.applies
        items = self.edition.items
        if self.current_key == REVIEW:
            last = next((i.key for i in reversed(items) if flags[i.key]), None)
            return last if step < 0 and last else REVIEW
        pos = self._order[self.current_key]
        following = items[pos + 1:] if step > 0 else reversed(items[:pos])
        found = next((i.key for i in following if flags[i.key]), None)
        if found is None:
            return REVIEW if step > 0 else self.current_key
        return found

    def forward(self) -> None:
        if self.current_key == REVIEW:
            self.finish()
            return
        self.go(self._neighbour(+1))

    def finish(self) -> None:
        """The review page ends the walk: back home (the card shows the questionnaire finished
        when everything is answered)."""
        if self.flush():
            self.done.emit()

    def to_print(self) -> None:
        if self.flush():
            self.open_print.emit()

    def back(self) -> None:
        self.go(self._neighbour(-1))

    def _side_jump(self, entry: QListWidgetItem) -> None:
        key = entry.data(Qt.ItemDataRole.UserRole)
        if key and (key == REVIEW or self.session.applies.get(key)):
            self.go(key)

    def _unlock(self) -> None:
        self.session.read_only = False
        self.sender().setEnabled(False)
        self.go(self.current_key)

    # -- state display -------------------------------------------------------------
    def _refresh(self) -> None:
        """Progress and the side list, from the item states a click changed (ui/side_list.py
        StateCache); only what changed is set (the side list repaints only the rows that changed)."""
        states = self.item_states.states()
        changed = self.item_states.changed
        if changed:
            c = summarize(states)
            shown = (max(1, c.applicable), c.answered)
            if shown != (self.progress.maximum(), self.progress.value()):
                # QProgressBar repaints at once on each setter; with updates off both land in one
                # repaint, painted with the rest of the window
                self.progress.setUpdatesEnabled(False)
                self.progress.setRange(0, shown[0])
                self.progress.setValue(shown[1])
                self.progress.setUpdatesEnabled(True)
        self.side.show_states(states, self.current_key, changed)
        back = self._neighbour(-1) != self.current_key
        if back != self.back_btn.isEnabled():
            self.back_btn.setEnabled(back)

    # -- keyboard --------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and isinstance(self.page, ItemPage):
            if self.page.press_number(key - Qt.Key.Key_0):
                return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            focused = QApplication.focusWidget()
            if isinstance(focused, QPushButton) and self.isAncestorOf(focused):
                focused.click()  # Enter presses the focused push button (as Space does)
                return
            if isinstance(self.page, ItemPage):
                self.page.confirm_carried()  # unchanged from last year: confirm, then go on
            self.forward()
            return
        super().keyPressEvent(event)
