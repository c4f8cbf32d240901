"""Glossary (用語集) in the UI: question texts with linked terms, and a dialog listing all terms."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
)

from ..domain.glossary import Glossary, Term, bundled_glossary
from .texts import no_orphan
from .widgets import fit_to_screen

LINK_STYLE = "color:#1f5fbf; text-decoration: none; border-bottom: 1px dotted #1f5fbf;"


def glossary() -> Glossary | None:
    try:
        return bundled_glossary()
    except (OSError, ValueError):  # a broken glossary must never stop the wizard
        return None


def linked_html(text: str) -> str:
    """Escaped `text` with glossary terms as `term:<key>` links (each term once)."""
    g = glossary()
    if g is None:
        return html.escape(no_orphan(text))
    out = []
    segments = list(g.segments(text, first_only=True))
    for n, (piece, term) in enumerate(segments):
        if term is None:
            out.append(html.escape(no_orphan(piece) if n == len(segments) - 1 else piece))
        else:
            out.append(f'<a href="term:{term.key}" style="{LINK_STYLE}">{html.escape(piece)}</a>')
    return "".join(out)


def term_html(term: Term) -> str:
    parts = [f"<h3>{html.escape(term.term)}</h3><p>{html.escape(term.text)}</p>"]
    if term.plain:
        parts.append(f"<p><b>やさしく言うと：</b>{html.escape(term.plain)}</p>")
    parts.append(f"<p style='color:#777;font-size:small'>出典：{html.escape(term.source_label)}</p>")
    return "".join(parts)


def terms_in(texts: list[str]) -> list[Term]:
    g = glossary()
    if g is None:
        return []
    seen: dict[str, Term] = {}
    for text in texts:
        for m in g.find_terms(text):
            seen.setdefault(m.term.key, m.term)
    return list(seen.values())


class GlossaryDialog(QDialog):
    """All terms, with a filter box; opened from the home screen."""

    def __init__(self, parent=None, select: str = ""):
        super().__init__(parent)
        self.setWindowTitle("用語集")
        fit_to_screen(self, 900, 560)
        g = self.glossary = glossary()
        self.terms = list(g.terms) if g else []
        lay = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("用語で絞り込み（例：ばっくあっぷ、バックアップ）")
        self.filter.setObjectName("glossary:filter")
        self.filter.setAccessibleName("用語の絞り込み（ひらがな・カタカナどちらでも）")
        lay.addWidget(self.filter)
        row = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setObjectName("glossary:list")
        self.list.setAccessibleName("用語の一覧")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.text = QTextBrowser(self)
        self.text.setObjectName("glossary:text")
        self.text.setAccessibleName("用語の説明")
        row.addWidget(self.list, 1)
        row.addWidget(self.text, 2)
        lay.addLayout(row, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.filter.textChanged.connect(self._fill)
        self.list.currentRowChanged.connect(self._show)
        self._fill("")
        if select:
            keys = [t.key for t in self._shown]
            if select in keys:
                self.list.setCurrentRow(keys.index(select))

    def _fill(self, text: str) -> None:
        self._shown = self.glossary.search(text) if self.glossary else []
        self.list.clear()
        self.list.addItems([t.term for t in self._shown])
        if self._shown:
            self.list.setCurrentRow(0)
        else:
            self.text.setPlainText("該当する用語はありません。")

    def _show(self, row: int) -> None:
        if 0 <= row < len(self._shown):
            self.text.setHtml(term_html(self._shown[row]))


__all__ = ["GlossaryDialog", "linked_html", "term_html", "terms_in", "Qt"]
