"""The window from the screen's available area (remembered per screen, never larger), the
file dialogs in Japanese opening in Documents, counts that explain undecided 対象外, the
edition switch dialog, the print-glyph warnings of the setup screen and the memo."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton

from hospital_sec_desk.app import prefs
from hospital_sec_desk.ui import file_dialogs
from hospital_sec_desk.ui.edition_dialog import EditionDialog
from hospital_sec_desk.ui.main_window import MainWindow
from hospital_sec_desk.ui.setup_screen import SetupScreen
from hospital_sec_desk.ui.texts import NBSP_JOIN, no_orphan
from tests.ui.helpers import setup_facility, show_active


def test_fit_never_exceeds_the_available_area():
    area = prefs.Rect(0, 0, 1024, 560)
    assert prefs.fit(prefs.Rect(500, 300, 1920, 1080), area) == prefs.Rect(0, 0, 1024, 560)
    assert prefs.fit(prefs.Rect(-50, 900, 900, 500), area) == prefs.Rect(0, 40, 900, 520)
    assert prefs.default_geometry(prefs.Rect(0, 0, 1920, 1040)) == prefs.Rect(320, 120, 1280, 800)
    assert prefs.minimum_size(prefs.Rect(0, 0, 700, 500)) == (700, 500)


def test_window_place_is_remembered_per_screen_and_refitted(qtbot, ctx):
    setup_facility(ctx)
    win = MainWindow(ctx)
    show_active(qtbot, win)
    area = win.screen().availableGeometry()
    assert area.contains(win.frameGeometry())
    win.resize(820, 560)
    win.move(area.x() + 30, area.y() + 20)
    assert win.remember_place()
    key, _ = win._screen_area()
    saved = ctx.store.setting(prefs.WINDOW_KEY + key)
    assert saved.split(",")[2:] == [str(win.frameGeometry().width()), str(win.frameGeometry().height())]
    ctx.store.set_setting(prefs.WINDOW_KEY + key, "10,10,99999,99999")  # a bigger screen's place
    again = MainWindow(ctx)
    show_active(qtbot, again)
    assert area.contains(again.frameGeometry())


def test_save_dialog_is_japanese_and_opens_in_documents(qtbot, tmp_path):
    dialog = file_dialogs.make_save_dialog(None, "PDFとして保存", file_dialogs.documents_path("報告書.pdf"),
                                           "PDF (*.pdf)")
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QLabel)] + [b.text() for b in dialog.findChildren(QPushButton)]
    assert "場所(&I):" in texts and "ファイルの種類(&T):" in texts
    assert not [t for t in texts if t and t.isascii() and any(c.isalpha() for c in t)], texts
    assert dialog.directory().absolutePath() == file_dialogs.documents_path().rstrip("/")


def test_counts_explain_what_is_not_decided(qtbot, ctx):
    setup_facility(ctx)
    ctx.store.start_year(2026, {"checklist": "r6"}, None)
    win = MainWindow(ctx)
    show_active(qtbot, win)
    texts = [w.text().replace(NBSP_JOIN, "") for w in win.home.findChildren(QLabel)]
    assert any("最初の設問（0）の回答で、対象の項目が決まります" in t for t in texts), texts
    assert not any("対象外 19" in t for t in texts)
    win.open_wizard("checklist", "uses_medical_systems")
    win.wizard.page.press_number(1)
    win.show_home()
    texts = [w.text().replace(NBSP_JOIN, "") for w in win.home.findChildren(QLabel)]
    assert not any("対象の項目が決まります" in t for t in [x for x in texts if "立入" in x or "最初" in x])


def test_edition_dialog_lists_before_switching(qtbot, ctx):
    setup_facility(ctx, survey="r6")
    dialog = EditionDialog(ctx, 2026, "survey")
    qtbot.addWidget(dialog)
    assert dialog.plan is not None and dialog.ok.isEnabled()
    assert "切り替えます" in dialog.details.toPlainText()
    assert ctx.edition_for(2026, "survey").edition == "r6"  # nothing changed before the click
    dialog.accept()
    assert ctx.edition_for(2026, "survey").edition == dialog.plan.new.edition != "r6"


def test_setup_and_memo_warn_about_unprintable_characters(qtbot, ctx):
    setup_facility(ctx)
    screen = SetupScreen(ctx, 2026, False)
    qtbot.addWidget(screen)
    screen.edits["respondent_name"].setText("𠮷田 花子")
    screen.check_glyphs()
    assert screen.glyphs.text() == ""  # 𠮷 prints from the names fallback font
    screen.edits["respondent_name"].setText("花子😀")
    qtbot.waitUntil(lambda: "😀" in screen.glyphs.text(), timeout=3000)
    win = MainWindow(ctx)
    show_active(qtbot, win)
    win.open_wizard("survey", "security_officer")
    page = win.wizard.page
    page.memo.setPlainText("確認済み😀")
    qtbot.waitUntil(lambda: "😀" in page.memo_glyphs.text(), timeout=3000)
    assert page.memo.height() >= 5 * page.memo.fontMetrics().lineSpacing()


def test_no_orphan_glues_the_last_characters():
    text = no_orphan("回答を選択してください。")
    assert text.endswith(NBSP_JOIN.join("さい。")) and text.replace(NBSP_JOIN, "") == "回答を選択してください。"


def test_other_choice_says_what_the_other_is(qtbot, ctx):
    from PySide6.QtWidgets import QLineEdit

    from hospital_sec_desk.domain.answer_kinds import check_value, kind_of

    setup_facility(ctx)
    win = MainWindow(ctx)
    show_active(qtbot, win)
    win.open_wizard("survey", "consultation")
    page = win.wizard.page
    other = page.findChild(QLineEdit, "other:survey:consultation:c4")
    assert other is not None and not other.isEnabled()
    page.press_number(4)  # ④ その他
    assert other.isEnabled()
    other.setText("地域の医師会")

    def stored():
        return ctx.store.answers(ctx.store.find_assessment(2026, "survey")["id"])["consultation"]

    qtbot.waitUntil(lambda: "other" in stored().value, timeout=3000)  # written after a short idle
    rec = stored()
    item = win.wizard.edition.item("consultation")
    assert kind_of(item).text(item, rec.value) == "④ その他（地域の医師会）"

    class Checker:
        problems: list = []

        def fail(self, loc, problem):
            self.problems.append((loc, problem))
            return False

        def mapping(self, v, loc):
            return isinstance(v, dict) or self.fail(loc, "map")

        def array(self, v, loc):
            return isinstance(v, list) or self.fail(loc, "list")

        def text(self, v, loc):
            return isinstance(v, str) or self.fail(loc, "text")

        def choice(self, v, loc, allowed, label="値"):
            return v in allowed or self.fail(loc, label)

        def date(self, v, loc, *, empty_ok=False):
            return True

    checker = Checker()
    check_value(item, rec.value, "a", checker)
    assert checker.problems == []  # an export of it imports again
    check_value(item, {**rec.value, "other": {"c1": "x"}}, "a", checker)
    assert checker.problems  # only choices marked other_text may carry a text


def test_window_title_names_the_hospital_and_year_not_the_app(qtbot, ctx):
    from hospital_sec_desk import APP_TITLE

    setup_facility(ctx)
    win = MainWindow(ctx)
    show_active(qtbot, win)
    assert win.windowTitle() == "テスト病院　2026年度（令和8年度）"
    assert APP_TITLE not in win.windowTitle()


def test_review_rows_are_cut_with_an_ellipsis_at_a_character(qtbot, ctx):
    from hospital_sec_desk.ui.review_page import ElidedButton

    button = ElidedButton("Q4　医療情報システムの契約締結、契約更新やシステムの追加構築等の際に、責任分界を考慮して協議していますか。")
    qtbot.addWidget(button)
    button.resize(260, 40)
    button.show()
    qtbot.waitUntil(lambda: button.text() != button.full_text, timeout=2000)
    shown = button.text()
    assert shown.endswith("…") and button.full_text.startswith(shown[:-1])
    assert button.fontMetrics().horizontalAdvance(shown) <= button.width()
    button.resize(2000, 40)
    qtbot.waitUntil(lambda: button.text() == button.full_text, timeout=2000)


def test_no_wrapped_line_ends_with_one_or_two_characters_alone(qapp):
    from PySide6.QtGui import QFont, QTextLayout

    text = "端末PCにおいて、不要なソフトウェアやサービスを停止しているか、回答を選択してください。"
    glued = no_orphan(text)

    def last_line(t: str, width: int) -> str:
        layout = QTextLayout(t, QFont(qapp.font()))
        layout.beginLayout()
        lines = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(t[line.textStart():line.textStart() + line.textLength()])
        layout.endLayout()
        return lines[-1].replace(NBSP_JOIN, "")

    orphans_before = [w for w in range(120, 700, 3) if len(last_line(text, w)) < 3]
    assert orphans_before  # without the glue some widths leave 「い。」 alone
    assert [w for w in range(120, 700, 3) if len(last_line(glued, w)) < 3] == []
