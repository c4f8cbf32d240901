"""Every 確認項目 row of seed 004's table is in the BCP edition, verbatim."""

from __future__ import annotations

import re

from hospital_sec_desk.domain.edition_parse import load_edition
from hospital_sec_desk.paths import resource
from tests.conftest import seed


def test_every_row_is_verbatim():
    text = seed("004").read_text(encoding="utf-8")
    table = text.split("項番\t大項目\t確認項目\t確認欄\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cols = line.split("\t")
        if len(cols) >= 3 and cols[2].strip():
            rows.append(cols[2].strip())
    edition = load_edition(resource("questionnaires", "bcp_r6.toml"))
    titles = []
    for item in edition.items:  # undo each listed correction: the rest is verbatim
        title = item.title
        for c in edition.corrections:
            if c.item == item.key and c.field == "title":
                assert c.corrected in title and c.source, c
                title = title.replace(c.corrected, c.seed)
        titles.append(title)
    assert titles == rows
    assert "使用中止等の指示" in edition.item("b3_4_1").title  # MHLW's published 確認表
    assert len(rows) == 17
    counts = {}
    for item in edition.items:
        counts[item.number] = counts.get(item.number, 0) + 1
    assert counts["1-1"] == 4 and counts["1-2"] == 4
    steps = [(s.title, s.description) for s in edition.sections]
    for title, desc in steps:
        assert re.sub(r"^\d ", "", title) + "（" + desc + "）" in text
    assert [c.label for c in edition.items[0].choices] == ["できている", "一部できている", "できていない"]
