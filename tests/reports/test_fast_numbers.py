"""reports/fast_numbers: the remembered fp_str gives reportlab's own text for every argument list
(also for equal values of other types or signs, and the second time), it is the one reportlab's
modules use once the reports are imported, and a document drawn with it has the bytes of the
same document drawn with reportlab's original."""

from __future__ import annotations

import io
import random
import sys

import pytest
from reportlab import rl_config
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors, rl_accel
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas, textobject
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

import hospital_sec_desk.reports.report  # noqa: F401 - the report's modules, as the app imports them
from hospital_sec_desk.reports import fast_numbers, pdf_base
from hospital_sec_desk.reports.fonts import register_fonts
from hospital_sec_desk.reports.pdf_base import Para

ORIGINAL = fast_numbers.ORIGINAL


def _cases() -> list[tuple]:
    rnd = random.Random(7)
    values = [0, 0.0, -0.0, 1, 1.0, True, False, -1, 0.5, 1e-9, -1e-9, 1e-6, 123456789.123, 2 ** 53 + 1,
              1 / 3, 0.1 + 0.2, 0.3, 8.5, -8.5, float("nan")]
    values += [round(rnd.uniform(-900, 900), rnd.randrange(0, 8)) for _ in range(400)]
    cases = [(v,) for v in values]
    cases += [tuple(rnd.sample(values, k)) for k in (2, 3, 6) for _ in range(100)]
    cases += [((0.1, 0.2, 0.3),), ([0.1, 0.2, 0.3],), ((1, 2),), ([1, -0.0],), (1, 2), (-0.0, 0.0)]
    return cases


def test_same_text_as_reportlab_first_and_second_time():
    cases = _cases()
    for args in cases + cases[::-1]:  # the second pass answers from what was kept
        assert fast_numbers.fp_str(*args) == ORIGINAL(*args), args
    # values that are equal but of another type or sign share an entry: they print alike
    for a, b in [((1,), (1.0,)), ((1,), (True,)), ((0.0,), (-0.0,)), ((0,), (False,)), ((2, 0.0), (2.0, -0.0))]:
        assert ORIGINAL(*a) == ORIGINAL(*b) == fast_numbers.fp_str(*a) == fast_numbers.fp_str(*b)
    for _ in range(2):  # what the original refuses, it refuses every time
        with pytest.raises(ValueError):
            fast_numbers.fp_str(1, float("inf"))


def test_reportlab_modules_use_it():
    assert rl_accel.fp_str is fast_numbers.fp_str
    assert canvas.fp_str is fast_numbers.fp_str and textobject.fp_str is fast_numbers.fp_str
    assert not [n for n, m in list(sys.modules.items())
                if n.startswith("reportlab.") and m.__dict__.get("fp_str") is ORIGINAL]


def _document() -> bytes:
    pdf_base.forget_layouts()
    font = register_fonts()
    style = ParagraphStyle("p", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK",
                           textColor=colors.HexColor("#1b2a3a"))
    story = []
    for i in range(8):
        chart = Drawing(300, 150)
        bars = VerticalBarChart()
        bars.x, bars.y, bars.width, bars.height = 30, 20, 250, 110
        bars.data = [[3, 7.5, 1 / 3, 12 + i], [2, 0.1 + 0.2, 9, 4]]
        bars.valueAxis.labels.fontName = bars.categoryAxis.labels.fontName = font
        chart.add(bars)
        rows = [[Para(f"項目{i}-{j}：点検の結果", style), Para(f"{j * 1.37:.2f}", style)] for j in range(6)]
        table = Table(rows, colWidths=[250.3, 80.7])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4 + i / 7, colors.HexColor("#9aa3ad")),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.91, 0.93, 0.95)),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 3.3)]))
        story += [Para("医療情報システムの点検を毎年行っていますか。" * (i + 1), style), table, chart]
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(story)
    pdf_base.forget_layouts()
    return buf.getvalue()


def test_a_document_has_reportlabs_bytes(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    fast_numbers.install()
    fast = _document()
    for name, module in list(sys.modules.items()):
        if name.startswith("reportlab") and module.__dict__.get("fp_str") is fast_numbers.fp_str:
            monkeypatch.setattr(module, "fp_str", ORIGINAL)
    plain = _document()
    assert fast == plain
