"""Every BCP row has help: our own explanation, marked as not official; no item of any
edition says it has no explanation at all."""

from __future__ import annotations

from hospital_sec_desk.app.context import registry_for
from hospital_sec_desk.ui.guidance_panel import OURS_HEADING, guidance_html

NONE_TEXT = "この項目には公式の解説文はありません"


def test_every_bcp_row_has_our_marked_explanation(data_dir):
    registry = registry_for(data_dir)
    bcp = registry.get("bcp", "r6")
    assert len(bcp.items) >= 17
    for item in bcp.items:
        html = guidance_html(bcp, item)
        assert item.help_ours.strip(), item.key
        assert OURS_HEADING in html and NONE_TEXT not in html, item.key
        assert html.index(OURS_HEADING) < html.index(item.help_ours[:10])


def test_no_item_is_left_without_help(data_dir):
    registry = registry_for(data_dir)
    for q in registry.questionnaires():
        for edition in registry.editions_of(q):
            bare = [i.key for i in edition.items if NONE_TEXT in guidance_html(edition, i)]
            assert bare == [], (q, edition.edition, bare)
