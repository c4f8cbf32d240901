"""fast_text: a canvas that reuses formatted text runs writes exactly the bytes of reportlab's
own canvas, for repeated runs, runs that bring new characters, subset switches (more than 256
characters), fonts and sizes that change between runs, and a standard (non-embedded) font."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from hospital_sec_desk.reports import fast_text
from hospital_sec_desk.reports.fast_text import Canvas
from hospital_sec_desk.reports.fonts import FALLBACK, register_fonts

RUNS = ["医療情報システムの点検", "バックアップは（オフライン）で保管", "Windows Server 2019 (KB5034439)",
        "医療情報システムの点検", "\\ と ( ) の文字", "短い", "𠮷田"]


def _draw(make) -> tuple[bytes, object]:
    font = register_fonts()
    buf = io.BytesIO()
    c = make(buf)
    many = "".join(chr(0x4E00 + i) for i in range(300))  # more than one subset of 256
    for page in range(3):
        for i, text in enumerate(RUNS * 2 + [many[: 40 * (page + 1)], many[200:], many[:30]]):
            name = FALLBACK if text.startswith("𠮷") else font
            c.setFont(name, 9 + i % 3, leading=12 + i % 2)
            c.drawString(20, 800 - 14 * i, text)
            t = c.beginText(300, 800 - 14 * i)
            t.setFont(name, 8)
            t.textLine(text)
            t.textOut(text[:3])
            c.drawText(t)
        c.setFont("Helvetica", 10)
        c.drawString(20, 40, "Helvetica page %d" % page)
        c.showPage()
    c.save()
    return buf.getvalue(), c


def test_reused_runs_write_the_same_bytes_as_reportlab(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    plain, _ = _draw(lambda buf: canvas.Canvas(buf))
    fast, c = _draw(lambda buf: Canvas(buf))
    assert fast == plain
    assert len(c.hsd_runs) > 10  # runs were kept (and reused on later pages)
    assert not any(key[0] == "Helvetica page 0" for key in c.hsd_runs)  # standard fonts: not kept


def test_a_run_is_stable_exactly_when_every_character_has_its_code():
    font = register_fonts()
    c = Canvas(io.BytesIO())
    c.setFont(font, 9)
    for text in RUNS:
        c.drawString(20, 700, text)
    assignments = pdfmetrics.getFont(font).state[c._doc].assignments
    known = "".join(chr(code) for code in list(assignments)[:50])
    for text in ["", known, known + "龘", "龘", "医療情報システムの点検", "医療情報システムの点検ア", "A" + known]:
        expected = all(ord(ch) in assignments for ch in text)
        assert fast_text._stable(font, text, c._doc) == expected, text
    assert fast_text._stable(font, known, c._doc) and not fast_text._stable(font, "龘", c._doc)
