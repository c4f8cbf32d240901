"""A canvas that replays drawn paragraphs (fast_paragraph + fast_text) writes exactly the bytes
of reportlab's own canvas for a document that repeats paragraphs: plain, coloured, centred,
multi-line, in tables, with links, underlines, bullets, transparent colour and a split across
pages; and it does replay (the cache is used), but not the paragraphs with links or bullets."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Table

from hospital_sec_desk.reports import pdf_base
from hospital_sec_desk.reports.fast_text import Canvas
from hospital_sec_desk.reports.fonts import register_fonts
from hospital_sec_desk.reports.pdf_base import Para, coloured


def _story():
    font = register_fonts()
    plain = ParagraphStyle("p", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    centre = ParagraphStyle("c", parent=plain, alignment=1)
    shaded = ParagraphStyle("s", parent=plain, backColor=colors.HexColor("#eeeeee"))
    texts = [
        ("医療情報システムの点検を毎年行っていますか。", plain),
        (coloured("要対応", "#c0392b") + "　バックアップをオフラインで保管していますか？" * 3, plain),
        ("中央に置く見出し", centre),
        ("背景のある段落です。" * 4, shaded),
        ('<a href="https://www.mhlw.go.jp/">厚生労働省</a>の資料', plain),
        ("<u>下線のある文</u>と普通の文", plain),
        ('<font color="#ff000080">半透明の文字</font>', plain),
    ]
    story = []
    for _ in range(12):
        for text, style in texts:
            story.append(Para(text, style))
        story.append(Para("箇条書きの項目", plain, bulletText="・"))
        story.append(Table([[Para(t, plain), Para("はい", centre)] for t, _ in texts[:3]],
                           colWidths=[300, 80]))
    story.append(Para("ページをまたぐ長い段落。" * 300, plain))
    return story


def _build(make) -> tuple[bytes, list, list]:
    pdf_base.forget_layouts()
    made, story = [], _story()

    def maker(*args, **kwargs):
        made.append(make(*args, **kwargs))
        return made[-1]

    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(list(story), canvasmaker=maker)
    pdf_base.forget_layouts()
    return buf.getvalue(), made, story


def test_replayed_paragraphs_write_the_same_bytes(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    plain, _, _ = _build(canvas.Canvas)
    fast, made, story = _build(Canvas)
    assert fast == plain
    kept = {id(bl) for bl, _, _ in made[-1].hsd_paras.values()}
    drawn = [p for p in story if isinstance(p, Para) and getattr(p, "blPara", None) is not None]
    replayable = [p for p in drawn if "<a " not in (p._source or "") and not p.bulletText]
    assert len(kept) >= 4 and sum(id(p.blPara) in kept for p in replayable) >= 12 * 4
    assert not any(id(p.blPara) in kept for p in drawn if "<a " in (p._source or "") or p.bulletText)
