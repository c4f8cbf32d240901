"""The 印刷 screen: a check box per part, the preview follows the ticks, PDF and CSV saved
through the (patched) file dialog, 「ホームへ戻る」 emits done."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtWidgets import QCheckBox, QPushButton

from hospital_sec_desk.reports import report
from hospital_sec_desk.ui import file_dialogs
from hospital_sec_desk.ui.print_screen import PrintScreen, file_stem
from tests.sample_data import populate


def button(screen, text: str) -> QPushButton:
    return next(b for b in screen.findChildren(QPushButton) if b.text() == text)


def make(qtbot, ctx) -> PrintScreen:
    populate(ctx)
    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    screen.set_year(2026)
    screen.show()
    return screen


def test_parts_are_check_boxes_and_preview_follows_them(qtbot, ctx):
    screen = make(qtbot, ctx)
    for key, part in report.PARTS.items():
        box = screen.findChild(QCheckBox, f"part:{key}")
        assert box is not None and box.text() == part.label
        assert box.isChecked() == (key in report.DEFAULT_PARTS)
    qtbot.waitUntil(lambda: screen.preview.page_count() > 5, timeout=15000)
    full = screen.preview.page_count()
    for key in report.PARTS:
        screen.findChild(QCheckBox, f"part:{key}").setChecked(key == "gmis")
    button(screen, "プレビュー更新").click()
    assert screen.preview.page_count() == 1 < full
    text = PdfReader(io.BytesIO(screen.preview.data)).pages[0].extract_text()
    assert "G-MIS転記用シート" in text
    screen.findChild(QCheckBox, "part:gmis").setChecked(False)
    assert not button(screen, "印刷").isEnabled() and not button(screen, "PDFとして保存").isEnabled()
    assert "1つ以上" in screen.status.text()


def test_save_pdf_and_csv(qtbot, ctx, tmp_path, monkeypatch):
    screen = make(qtbot, ctx)
    asked = []

    def fake_dialog(parent, title, start, filters):
        asked.append((title, start))
        return str(tmp_path / ("out.pdf" if "PDF" in title else "out"))

    monkeypatch.setattr(file_dialogs, "save_file_dialog", fake_dialog)
    button(screen, "PDFとして保存").click()
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    button(screen, "CSVで書き出し").click()
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    documents = file_dialogs.documents_path()
    assert all(start.startswith(documents) for _title, start in asked)
    assert asked[0][1].endswith("医療法人社団さくら会 さくら記念病院_2026年度_報告書.pdf")
    assert asked[1][1].endswith("_2026年度_回答.csv")
    assert "保存しました" in screen.status.text()


def test_back_emits_done_and_file_names_are_safe(qtbot, ctx):
    screen = make(qtbot, ctx)
    with qtbot.waitSignal(screen.done, timeout=2000):
        button(screen, "ホームへ戻る").click()
    assert file_stem('A/B:C*病院?', 2026) == "A_B_C_病院_2026年度"
    assert file_stem("", 2026) == "病院_2026年度"


def test_saving_into_the_data_folder_is_refused_in_japanese(qtbot, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from hospital_sec_desk.storage.database import DB_NAME

    screen = make(qtbot, ctx)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: said.append(text))
    database = ctx.folder / DB_NAME
    before = database.read_bytes()
    for target in (database, ctx.folder / "backups" / "copy.pdf", ctx.folder / "報告書.pdf"):
        monkeypatch.setattr(file_dialogs, "save_file_dialog", lambda *a, t=target: str(t))
        button(screen, "PDFとして保存").click()
        button(screen, "CSVで書き出し").click()
    assert len(said) == 6 and all("データ" in s and not s.isascii() for s in said), said
    assert database.read_bytes() == before
    assert not (ctx.folder / "報告書.pdf").exists() and not (ctx.folder / "backups" / "copy.pdf").exists()
    monkeypatch.setattr(file_dialogs, "save_file_dialog", lambda *a: str(tmp_path / "report.v2"))
    button(screen, "PDFとして保存").click()
    assert (tmp_path / "report.v2").read_bytes().startswith(b"%PDF")  # the suffix typed is kept
