"""The official guidance beside a question: 回答要領 text, the ガイドライン reference, help notes.

Collapsible (a toggle button), so the question can use the whole width when wanted.
Texts come from the edition file; they are escaped, never interpreted as markup.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QToolButton, QVBoxLayout, QWidget

from ..domain.edition import Edition, Item
from .glossary_view import term_html, terms_in
from .texts import no_orphan

OURS_HEADING = "当アプリによる解説（公式の文言ではありません）"


def _para(text: str) -> str:
    """Paragraphs of plain text, escaped; no line ends with one or two characters alone."""
    return "".join(f"<p>{html.escape(no_orphan(p)).replace(chr(10), '<br>')}</p>"
                   for p in text.split("\n\n") if p.strip())


def guidance_html(edition: Edition, item: Item, glossary_links: bool = True) -> str:
    parts: list[str] = []
    if item.guidance:
        heading = "回答要領" if item.official and edition.official_text else "解説（当アプリの説明）"
        parts.append(f"<h3>{heading}</h3>" + _para(item.guidance))
    if item.help_ours:
        parts.append(f"<h3>{OURS_HEADING}</h3>" + _para(item.help_ours))
    if item.reference:
        parts.append("<h3>ガイドライン等の参照</h3><div style='font-size:small;color:#333'>"
                     + _para(item.reference) + "</div>")
    notes = {h.key: h for h in edition.help}
    for key in item.help:
        note = notes.get(key)
        if note is not None:
            parts.append(f"<h3>{html.escape(note.title)}</h3>" + _para(note.text))
    terms = terms_in([item.title, item.guidance])
    if terms:
        parts.append("<h3>この設問の用語</h3>" + "".join(
            f"<p><b>{html.escape(t.term)}</b>：{html.escape(t.plain or t.text)}</p>" for t in terms))
    if not item.official:
        parts.append("<p style='color:#555'>※この設問の文言は当アプリ独自の表現です。"
                     "公式の様式は厚生労働省の公表資料をご確認ください。</p>")
    if not parts:
        parts.append("<p style='color:#555'>この項目には公式の解説文はありません。</p>")
    parts.append(f"<p style='color:#777;font-size:small'>出典：{html.escape(edition.source)}</p>")
    return "".join(parts)


class GuidancePanel(QWidget):
    toggled = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._current = ""
        self.button = QToolButton(self)
        self.button.setObjectName("guidance-toggle")
        self.button.setCheckable(True)
        self.button.setChecked(True)
        self.button.setText("解説（回答要領・ガイドライン）を隠す")
        self.button.setAccessibleName("解説の表示・非表示")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guidance")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("回答要領とガイドラインの解説")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.button)
        lay.addWidget(self.browser, 1)
        self.button.toggled.connect(self._toggle)

    def _toggle(self, on: bool) -> None:
        self.browser.setVisible(on)
        self.button.setText("解説（回答要領・ガイドライン）を隠す" if on else "解説を表示する")
        self.toggled.emit(on)

    def show_item(self, edition: Edition, item: Item | None) -> None:
        if item is None:
            self._current = "<p>確認画面です。未回答・要確認の項目を選ぶと、その設問に移動します。</p>"
            self.browser.setHtml(self._current)
            return
        self._current = guidance_html(edition, item)
        self.browser.setHtml(self._current)

    def show_term(self, key: str) -> None:
        """A glossary link in the question was clicked: show that term on top."""
        from ..domain.glossary import bundled_glossary

        term = bundled_glossary().get(key)
        if term is None:
            return
        if not self.button.isChecked():
            self.button.setChecked(True)
        self.browser.setHtml(term_html(term) + "<hr>" + self._current)

    def is_open(self) -> bool:
        return self.button.isChecked()
