"""The 連絡先 screen driven through its widgets; the default contacts seeded once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QMessageBox, QPushButton

from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.domain.contacts import SEEDED_KEY, default_contacts
from hospital_sec_desk.ui.contacts_screen import ContactDialog, ContactsScreen
from tests.ui.helpers import show_active


@pytest.fixture
def screen(qtbot, ctx):
    ctx.store.save_facility(name="テスト病院")
    widget = ContactsScreen(ctx)
    show_active(qtbot, widget)
    yield widget
    widget._timer.stop()  # no preview rebuild after the store is closed
    widget.close()


def field(dialog: ContactDialog, name: str):
    return dialog.findChild(QLineEdit, f"contact-field:{name}")


def type_text(qtbot, edit: QLineEdit, text: str) -> None:
    """Type: ASCII key by key, Japanese committed as an IME would (QTest only knows ASCII keys)."""
    edit.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(edit, ch)
        else:
            edit.insert(ch)


def vendors(ctx) -> list[dict]:
    return ctx.store.contacts("vendor")


def test_defaults_are_seeded_once_and_stay_deleted(data_dir):
    ctx = AppContext.open(data_dir)
    shipped = default_contacts()
    assert len(ctx.store.contacts()) == len(shipped)
    mhlw = next(c for c in ctx.store.contacts("outside") if c["role"] == "厚生労働省")
    assert mhlw["phone"] == "03-3595-2430" and "03-6812-7837" in mhlw["memo"]
    assert "医療技術情報推進室" in mhlw["department"] and mhlw["hours"] == "平日 午前9時～午後6時"
    assert [c["role"] for c in ctx.store.contacts("inhouse")] == [
        "医療情報システム安全管理責任者", "院長／経営層", "事務長", "CSIRT（対応チーム）"]
    ctx.store.delete_contact(mhlw["id"])
    ctx.close()
    ctx = AppContext.open(data_dir)
    assert ctx.store.add_contacts_once(default_contacts(), SEEDED_KEY) == 0
    assert not [c for c in ctx.store.contacts() if c["role"] == "厚生労働省"]
    assert len(ctx.store.contacts()) == len(shipped) - 1
    ctx.close()


def test_lists_show_the_three_groups(screen, ctx):
    lists = {cat: screen.findChild(QListWidget, f"contacts-list:{cat}") for cat in ("inhouse", "vendor", "outside")}
    assert lists["inhouse"].count() == 4 and lists["vendor"].count() == 0 and lists["outside"].count() == 4
    assert "03-3595-2430" in lists["outside"].item(0).text()


def test_add_a_vendor_through_the_form(screen, ctx, qtbot):
    qtbot.mouseClick(screen.findChild(QPushButton, "contacts-add:vendor"), Qt.MouseButton.LeftButton)
    dialog = screen.editor
    assert dialog is not None and dialog.isVisible()
    type_text(qtbot, field(dialog, "organization"), "<b>株式会社メディカル&amp;")
    type_text(qtbot, field(dialog, "systems"), "電子カルテ")
    type_text(qtbot, field(dialog, "phone"), "０３ー１２３４ー５６７８")
    error = dialog.findChild(QLabel, "contact-error:phone")
    assert error.text() == ""
    type_text(qtbot, field(dialog, "phone_after_hours"), "0120-12-345")
    late = dialog.findChild(QLabel, "contact-error:phone_after_hours")
    assert "10桁" in late.text()                 # shown beside the field while typing
    type_text(qtbot, field(dialog, "contract_no"), "MS-1")
    dialog.accept()
    [v] = vendors(ctx)
    assert v["organization"] == "<b>株式会社メディカル&amp;" and v["systems"] == "電子カルテ"
    assert v["phone"] == "03-1234-5678"          # normalised
    assert v["phone_after_hours"] == "0120-12-345"  # doubtful: kept exactly as typed
    assert v["contract_no"] == "MS-1" and v["on_poster"] == 1
    item = screen.findChild(QListWidget, "contacts-list:vendor").item(0)
    assert "<b>株式会社メディカル&amp;" in item.text() and "【番号を確認】" in item.text()
    assert item.checkState() == Qt.CheckState.Checked


def test_edit_a_vendor_and_the_required_name(screen, ctx, qtbot):
    vid = ctx.store.save_contact(category="vendor", organization="旧社名", phone="03-1111-2222", on_poster=1)
    screen.reload(vid)
    lst = screen.findChild(QListWidget, "contacts-list:vendor")
    lst.setFocus()
    qtbot.keyClick(lst, Qt.Key.Key_Return)       # Enter on the list opens the form
    dialog = screen.editor
    assert field(dialog, "organization").text() == "旧社名"
    field(dialog, "organization").clear()
    dialog.accept()
    assert dialog.isVisible() and "社名" in dialog.problem.text()
    assert ctx.store.contact(vid)["organization"] == "旧社名"
    type_text(qtbot, field(dialog, "organization"), "新社名")
    dialog.on_poster.setChecked(False)
    dialog.accept()
    assert ctx.store.contact(vid)["organization"] == "新社名" and ctx.store.contact(vid)["on_poster"] == 0


def test_the_list_checkbox_chooses_the_poster_vendors(screen, ctx):
    vid = ctx.store.save_contact(category="vendor", organization="A社", on_poster=1)
    screen.reload()
    item = screen.findChild(QListWidget, "contacts-list:vendor").item(0)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert ctx.store.contact(vid)["on_poster"] == 0
    screen.refresh_preview()
    assert "A社" not in PdfReader(io.BytesIO(screen.preview.data)).pages[0].extract_text()
    item.setCheckState(Qt.CheckState.Checked)
    screen.refresh_preview()
    assert "A社" in PdfReader(io.BytesIO(screen.preview.data)).pages[0].extract_text()


def test_reorder_and_delete_with_confirmation(screen, ctx, qtbot, monkeypatch):
    ids = [ctx.store.save_contact(category="vendor", organization=n) for n in ("一社", "二社", "三社")]
    screen.reload(ids[2])
    qtbot.mouseClick(screen.findChild(QPushButton, "contacts-up:vendor"), Qt.MouseButton.LeftButton)
    assert [v["organization"] for v in vendors(ctx)] == ["一社", "三社", "二社"]
    lst = screen.findChild(QListWidget, "contacts-list:vendor")
    assert lst.currentItem().text().startswith("三社")  # the selection follows the moved entry
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    qtbot.mouseClick(screen.findChild(QPushButton, "contacts-delete:vendor"), Qt.MouseButton.LeftButton)
    assert len(vendors(ctx)) == 3                   # 「いいえ」: kept
    lst.setFocus()
    qtbot.waitUntil(lst.hasFocus)
    qtbot.keyClick(lst, Qt.Key.Key_Delete)      # the keyboard way: Delete on the list
    assert [v["organization"] for v in vendors(ctx)] == ["一社", "二社"]


def test_confirm_button_records_today(screen, ctx, qtbot):
    label = screen.findChild(QLabel, "contacts-confirmed")
    assert "未確認" in label.text()
    qtbot.mouseClick(screen.findChild(QPushButton, "contacts-confirm"), Qt.MouseButton.LeftButton)
    assert ctx.store.setting("contacts_confirmed_on") == dt.date.today().isoformat()
    assert "令和" in label.text()


def test_preview_of_poster_and_chart_in_a4_and_a3(screen):
    assert screen.preview.page_count() == 1
    screen.size.setCurrentIndex(screen.size.findData("A3"))
    screen.refresh_preview()
    page = PdfReader(io.BytesIO(screen.preview.data)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(841.89, abs=0.5)
    assert screen.suggested_name == "院内掲示用ポスター_A3.pdf"
    screen.kind.setCurrentIndex(screen.kind.findData("chart"))
    screen.refresh_preview()
    assert not screen.size.isEnabled() and screen.suggested_name == "連絡体制図.pdf"
    assert "連絡体制図" in PdfReader(io.BytesIO(screen.preview.data)).pages[0].extract_text()


def test_every_visible_text_is_japanese_and_buttons_are_reachable(screen):
    for button in screen.findChildren(QPushButton):
        assert button.text() and any(ord(ch) > 0x3000 for ch in button.text()), button.text()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    for lst in screen.findChildren(QListWidget):
        assert lst.focusPolicy() & Qt.FocusPolicy.TabFocus and lst.accessibleName()


def test_a_vendor_name_with_an_emoji_keeps_its_phone_line_visible(qtbot, ctx, screen):
    ctx.store.save_contact(category="vendor", organization="😀スマイル医療サービス", systems="予約",
                           phone="03-1111-2222")
    s = screen
    s.reload()
    s.resize(1000, 700)
    lst = s.findChild(QListWidget, "contacts-list:vendor")
    qtbot.waitUntil(lambda: lst.count() > 0 and lst.isVisible(), timeout=3000)
    row = next(i for i in range(lst.count()) if "😀" in lst.item(i).text())
    rect = lst.visualItemRect(lst.item(row))
    lines = lst.item(row).text().count("\n") + 1
    assert rect.height() >= lines * lst.fontMetrics().lineSpacing()  # both lines drawn, none cut
    assert "03-1111-2222" in lst.item(row).text()
