"""The 連絡先 screen: the contact registry (院内 / ベンダー・保守会社 / 外部機関), the date it was
confirmed, and a preview of the 院内掲示用 poster and the 連絡体制図 with 印刷 and PDF保存."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..app import contacts as app_contacts
from ..app import preview as out
from ..app.context import AppContext
from ..domain import contacts as cd
from ..domain.phone import EXAMPLE, normalize_phone
from . import glyph_check
from .errors import run_guarded
from .pdf_preview import PdfPreview
from .widgets import label, plain_tip


def _named(widget, name: str, accessible: str = ""):
    """Give a widget its objectName (for tests) and, when useful, an accessible name."""
    widget.setObjectName(name)
    if accessible:
        widget.setAccessibleName(accessible)
    return widget


def _row(*items) -> QHBoxLayout:
    """A horizontal row: widgets, (widget, stretch) pairs, and None for a stretch."""
    row = QHBoxLayout()
    for it in items:
        if it is None:
            row.addStretch(1)
        else:
            row.addWidget(*(it if isinstance(it, tuple) else (it,)))
    return row


def _short(text: str, buddy: QWidget):
    """A one-line caption for the control beside it (never wrapped into a column of characters)."""
    lab = label(text, None)
    lab.setWordWrap(False)
    lab.setBuddy(buddy)
    return lab


def _button(text: str, name: str, slot, parent: QWidget) -> QPushButton:
    b = _named(QPushButton(text, parent), name)
    b.clicked.connect(slot)
    return b


class ContactDialog(QDialog):
    """All fields of one contact; phone numbers are checked while typing, nothing is discarded."""

    def __init__(self, category: str, contact: dict | None = None, parent=None):
        super().__init__(parent)
        self.category, contact = category, contact or {}
        self.setWindowTitle(f"{cd.CATEGORY_LABELS[category]}の連絡先を{'編集' if contact.get('id') else '追加'}")
        self.edits, self.errors = {}, {}  # field -> QLineEdit / the message label beside a phone field
        form = QFormLayout()
        for field, text in cd.FORM[category]:
            edit = self.edits[field] = _named(QLineEdit(str(contact.get(field) or ""), self),
                                              f"contact-field:{field}", text)
            edit.setMaxLength(200)
            edit.textChanged.connect(self.check_glyphs)
            if field == "role" and category in cd.ROLE_SUGGESTIONS:
                edit.setCompleter(QCompleter(cd.ROLE_SUGGESTIONS[category], edit))
            if field not in cd.PHONE_FIELDS:
                form.addRow(text, edit)
                continue
            edit.setPlaceholderText(EXAMPLE)
            err = self.errors[field] = _named(label("", "error", self), f"contact-error:{field}")
            err.setMinimumWidth(260)
            edit.textChanged.connect(lambda _t, f=field: self.check_phone(f))
            form.addRow(text, _row((edit, 1), (err, 1)))
        self.memo = _named(QPlainTextEdit(str(contact.get("memo") or ""), self), "contact-field:memo", "メモ")
        self.memo.setTabChangesFocus(True)
        self.memo.setMinimumHeight(80)
        self.memo.textChanged.connect(self.check_glyphs)
        form.addRow("メモ", self.memo)
        self.on_poster = _named(QCheckBox("ポスターに載せる", self), "contact-field:on_poster")
        self.on_poster.setChecked(bool(contact.get("on_poster", 0 if contact.get("id") else 1)))
        form.addRow("", self.on_poster)
        form.setRowVisible(self.on_poster, category == "vendor")
        self.glyphs, self.problem = _named(label("", "error", self), "contact-glyphs"), label("", "error", self)
        buttons = QDialogButtonBox(self)
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole).setDefault(True)
        buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        for part in (form, self.glyphs, self.problem, buttons):
            (lay.addLayout if isinstance(part, QLayout) else lay.addWidget)(part)
        for f in self.errors:
            self.check_phone(f)
        self.check_glyphs()
        self.resize(760, self.sizeHint().height())

    def check_phone(self, field: str) -> str | None:
        message = normalize_phone(self.edits[field].text())[1]
        self.errors[field].setText(message or "")
        return message

    def check_glyphs(self) -> None:
        glyph_check.show(self.glyphs, "".join(e.text() for e in self.edits.values()) + self.memo.toPlainText())

    def values(self) -> dict:
        raw = {f: e.text() for f, e in self.edits.items()} | {"memo": self.memo.toPlainText()}
        if self.category == "vendor":
            raw["on_poster"] = int(self.on_poster.isChecked())
        return cd.clean_contact(self.category, raw)

    def accept(self) -> None:
        problem = cd.missing_required(self.category, self.values())
        if problem:
            self.problem.setText(problem)
            self.edits[cd.REQUIRED[self.category][0]].setFocus()
            return
        super().accept()


class ContactsScreen(QWidget):
    done = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx, self.year, self.suggested_name = ctx, ctx.current_year(), "院内掲示用ポスター.pdf"
        self.editor, self.lists = None, {}  # the open ContactDialog; category -> its QListWidget
        left = QWidget(self)
        lay = QVBoxLayout(left)
        lay.addLayout(_row((label("連絡先", "h1"), 1), _button("ホームへ戻る", "contacts-back", self.done.emit, self)))
        lay.addWidget(label("ここに登録した連絡先が、院内掲示用ポスターと連絡体制図に印刷されます。"
                            "変更したら右のプレビューで確かめてから印刷してください。", "muted"))
        self.confirmed = _named(label("", None), "contacts-confirmed")
        lay.addWidget(self.confirmed)  # the date on its own line, the button under it: no narrow column
        lay.addLayout(_row(_button("連絡先を確認した（今日の日付を記録）", "contacts-confirm", self.mark_confirmed, self),
                           None))
        for cat, title in cd.CATEGORY_LABELS.items():
            lay.addWidget(self._group(cat, title))
        lay.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setAccessibleName("登録した連絡先")
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        self.kind = self._combo("contacts-preview-kind", "プレビューする書類",
                                (("院内掲示用ポスター", "poster"), ("連絡体制図", "chart")))
        self.size = self._combo("contacts-preview-size", "用紙サイズ", (("A4（縦）", "A4"), ("A3（縦）", "A3")))
        rl.addLayout(_row(_short("表示：", self.kind), self.kind, _short("用紙：", self.size), self.size, None,
                          _button("印刷", "contacts-print", lambda: self.preview.print_document(self), self),
                          _button("PDFとして保存", "contacts-save", self.save_pdf, self)))
        self.preview, self.saved_label = PdfPreview(self), label("", "muted")
        self.notices = _named(label("", None), "contacts-poster-notices")
        self.notices.setProperty("role", "banner")
        self.notices.setVisible(False)
        rl.addWidget(self.notices)
        rl.addWidget(self.preview, 1)
        rl.addWidget(self.saved_label)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setSizes([640, 560])
        QVBoxLayout(self).addWidget(split)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh_preview)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.size.currentIndexChanged.connect(self._timer.start)
        self.reload()
        self.refresh_preview()

    def _combo(self, name: str, accessible: str, items) -> QComboBox:
        combo = _named(QComboBox(self), name, accessible)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _group(self, cat: str, title: str) -> QGroupBox:
        box = QGroupBox(title, self)
        v = QVBoxLayout(box)
        if cat == "vendor":
            v.addWidget(label("チェックを付けた会社が院内掲示用ポスターに載ります（ポスターに載せる）。", "muted"))
        lst = self.lists[cat] = _named(QListWidget(box), f"contacts-list:{cat}",
                                       f"{title}の連絡先一覧（Enterで編集、Deleteで削除、Ctrl+↑↓で並べ替え）")
        lst.setWordWrap(True)
        lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lst.setMinimumHeight(150 if cat == "inhouse" else 190 if cat == "vendor" else 170)
        lst.itemActivated.connect(lambda _i, c=cat: self.edit(c))
        lst.itemChanged.connect(self._item_changed)
        v.addWidget(lst, 1)
        actions = (("add", "追加…", self.add), ("edit", "編集…", self.edit), ("delete", "削除", self.delete),
                   ("up", "上へ", lambda c: self.move(c, -1)), ("down", "下へ", lambda c: self.move(c, 1)))
        v.addLayout(_row(*[_named(_button(text, f"contacts-{key}:{cat}", lambda _=False, f=fn, c=cat: f(c), box),
                                  f"contacts-{key}:{cat}", f"{title}：{text.rstrip('…')}")
                           for key, text, fn in actions], None))
        for seq, fn in ((QKeySequence.StandardKey.Delete, lambda c=cat: self.delete(c)),
                        ("Ctrl+Up", lambda c=cat: self.move(c, -1)), ("Ctrl+Down", lambda c=cat: self.move(c, 1))):
            shortcut = QShortcut(QKeySequence(seq), lst)  # (the constructor's context= is ignored)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(fn)
        return box

    # -- data ------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        for cat, lst in self.lists.items():
            keep = select if select is not None else self.selected_id(cat)
            lst.blockSignals(True)
            lst.clear()
            for c in app_contacts.contacts(self.ctx, cat):
                item = QListWidgetItem(cd.contact_summary(c), lst)
                item.setData(Qt.ItemDataRole.UserRole, c["id"])
                item.setToolTip(plain_tip(c["memo"] or ""))
                if cat == "vendor":
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if c["on_poster"] else Qt.CheckState.Unchecked)
                if c["id"] == keep:
                    lst.setCurrentItem(item)
            lst.blockSignals(False)
        self.confirmed.setText(f"連絡先を確認した日：{out.confirmed_label(app_contacts.confirmed_on(self.ctx))}")
        self._timer.start()

    def selected_id(self, cat: str) -> int | None:
        item = self.lists[cat].currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _item_changed(self, item: QListWidgetItem) -> None:
        on = item.checkState() == Qt.CheckState.Checked
        cid = item.data(Qt.ItemDataRole.UserRole)
        if not run_guarded(self, "保存できませんでした", lambda: app_contacts.set_on_poster(self.ctx, cid, on)):
            self.reload()  # show what is really stored
        self._timer.start()

    def add(self, cat: str) -> ContactDialog:
        return self._open_editor(cat, None)

    def edit(self, cat: str) -> ContactDialog | None:
        cid = self.selected_id(cat)
        return self._open_editor(cat, app_contacts.contact(self.ctx, cid)) if cid is not None else None

    def _open_editor(self, cat: str, contact: dict | None) -> ContactDialog:
        """Open the form window-modally (not blocking); saving happens when it is accepted."""
        dialog = self.editor = ContactDialog(cat, contact, self)
        cid = contact["id"] if contact else None
        dialog.accepted.connect(lambda: self._save(cid, dialog.values()))
        dialog.open()
        return dialog

    def _save(self, cid: int | None, values: dict) -> None:
        saved: list[int] = []
        if run_guarded(self, "連絡先を保存できませんでした",
                       lambda: saved.append(app_contacts.save_contact(self.ctx, cid, **values))):
            self.reload(saved[0])

    def delete(self, cat: str) -> None:
        cid = self.selected_id(cat)
        if cid is None:
            return
        name = cd.contact_summary(app_contacts.contact(self.ctx, cid)).split("\n")[0]
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        if QMessageBox.question(self, "連絡先の削除", f"「{name}」を削除しますか？\n（元に戻せません）", yes | no, no) == yes:
            run_guarded(self, "削除できませんでした", lambda: app_contacts.delete_contact(self.ctx, cid))
            self.reload()

    def move(self, cat: str, delta: int) -> None:
        cid = self.selected_id(cat)
        if cid is not None:
            run_guarded(self, "並べ替えできませんでした", lambda: app_contacts.move_contact(self.ctx, cid, delta))
            self.reload(cid)

    def mark_confirmed(self) -> None:
        run_guarded(self, "保存できませんでした", lambda: app_contacts.mark_confirmed(self.ctx))
        self.reload()

    # -- preview ---------------------------------------------------------------
    def _kind_changed(self) -> None:
        chart = self.kind.currentData() == "chart"
        self.size.setEnabled(not chart)
        self.size.setToolTip("連絡体制図はA4で作成します。" if chart else "")
        self._timer.start()

    def document(self) -> tuple[bytes, str]:
        if self.kind.currentData() == "chart":
            return out.chart_pdf(self.ctx, self.year), "連絡体制図.pdf"
        size = self.size.currentData()
        return out.poster_pdf(self.ctx, self.year, size), f"院内掲示用ポスター_{size}.pdf"

    def refresh_preview(self) -> None:
        self._timer.stop()
        data, self.suggested_name = self.document()
        self.preview.set_pdf(data)
        notes = out.poster_warnings(self.ctx, self.year, self.size.currentData()) \
            if self.kind.currentData() == "poster" else []
        self.notices.setText("\n".join(notes))
        self.notices.setVisible(bool(notes))

    def save_pdf(self) -> None:
        self.refresh_preview()
        path = self.preview.save_as(self, self.suggested_name,
                                    lambda chosen, pdf: out.save_file(self.ctx, chosen, pdf, ".pdf"))
        if path is not None:
            self.saved_label.setText(f"保存しました：{path}")
