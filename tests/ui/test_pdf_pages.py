"""The preview's page view renders only the pages in sight, at the size shown, and keeps a few
page images; printing still has every page; release() drops the document."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from PySide6.QtGui import QColor

from hospital_sec_desk.ui.pdf_pages import CACHE_PAGES
from hospital_sec_desk.ui.pdf_preview import PdfPreview


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)  # A4 in points
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def preview(qtbot):
    widget = PdfPreview()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    widget.set_pdf(blank_pdf(40))
    qtbot.waitExposed(widget)
    return widget


def test_only_pages_in_sight_are_rendered_at_the_size_shown(qtbot, preview):
    view = preview.view
    preview.grab()
    assert preview.page_count() == 40
    assert 1 <= view.rendered <= 2  # the first page (and the top of the second), not 40
    rect = view.page_rect(0)
    area = view.viewport().size()
    assert rect.height() <= area.height() and rect.width() <= area.width()  # fitted into the view
    assert abs(rect.width() / rect.height() - 595 / 842) < 0.01
    image = next(iter(view._cache.values()))
    ratio = view.devicePixelRatioF()
    assert image.width() == int(rect.width() * ratio) and image.height() == int(rect.height() * ratio)
    shown = view.viewport().grab().toImage()
    assert QColor(shown.pixel(rect.center())).lightness() > 240  # a white page on the grey desk
    assert QColor(shown.pixel(2, 2)).lightness() < 200


def test_scrolling_keeps_a_few_images_only(qtbot, preview):
    view = preview.view
    bar = view.verticalScrollBar()
    assert bar.maximum() > 30 * view.viewport().height()
    for k in range(41):
        bar.setValue(bar.maximum() * k // 40)
        preview.grab()
        assert view.cached_pages() <= CACHE_PAGES
    assert 40 <= view.rendered <= 60  # each page once, a few twice at the edges of the cache
    assert view.visible_pages()[-1] == 39


def test_release_drops_the_document(qtbot, preview):
    preview.grab()
    preview.release()
    assert preview.data == b"" and preview.page_count() == 0 and preview.view.cached_pages() == 0
    assert "まだありません" in preview.status.text()
    preview.grab()  # paints an empty view without error
    preview.set_pdf(blank_pdf(2))
    assert preview.page_count() == 2
