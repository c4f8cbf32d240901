"""Glossary terms in question texts are links; activating one shows the term beside the question."""

from __future__ import annotations

from hospital_sec_desk.ui.wizard import WizardScreen
from tests.ui.helpers import setup_facility


def test_question_links_terms_and_shows_definition(qtbot, ctx):
    setup_facility(ctx)
    wizard = WizardScreen(ctx, 2026, "survey", "bcp")
    qtbot.addWidget(wizard)
    html = wizard.page.question.text()
    assert 'href="term:' in html
    key = html.split('href="term:', 1)[1].split('"', 1)[0]
    wizard.page.question.linkActivated.emit(f"term:{key}")
    from hospital_sec_desk.domain.glossary import bundled_glossary

    term = bundled_glossary().get(key)
    assert term.term in wizard.guide.browser.toPlainText().splitlines()[0]


def test_markup_in_texts_is_escaped(qtbot, ctx):
    from hospital_sec_desk.ui.glossary_view import linked_html

    assert linked_html("<b>&amp;</b> BCP") .startswith("&lt;b&gt;&amp;amp;&lt;/b&gt; ")
