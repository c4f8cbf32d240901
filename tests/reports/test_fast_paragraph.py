"""FastParagraph breaks lines and builds fragments exactly as reportlab's Paragraph does: the
same fragments, the same lines (text, widths, extra space) and the same drawn PDF, for
Japanese text with kinsoku characters, Latin words, line breaks, colours and entities."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from hospital_sec_desk.reports import cjk_break, markup_cache
from hospital_sec_desk.reports.fast_paragraph import FastParagraph
from hospital_sec_desk.reports.fonts import FALLBACK, register_fonts
from hospital_sec_desk.reports.pdf_base import coloured, safe

TEXTS = [
    "医療情報システムのサイバーセキュリティ対策チェックリスト。",
    "バックアップは「オフライン」で保管していますか？　保管場所：本館２階サーバ室（施錠）、鍵は事務長が管理。",
    "句読点が行頭に来ないこと、。」）！？ーーー…‥々ゝ、。",
    "Windows Server 2019 の更新プログラム KB5034439 を適用済み（2026/06/15）。Remote Desktop Services",
    "averyveryverylongwordwithoutanyspacesatallthatmustbesplitsomewhere を含む文",
    "  前後の空白と\n改行\n\n  が  まとめられる  ",
    safe("一行目\n二行目の少し長い文章、改行の後も続きます。\n三行目"),
    coloured("1-1", "#1f5fbf") + "　ネットワーク構成図・システム構成図が整備できているか。",
    coloured(safe("はい・\nいいえ"), "#9aa3ad"),
    coloured(safe("メモ：前回の点検で確認済み"), "#1f5fbf") + "<br/>" + coloured("要対応", "#c0392b"),
    "<b>" + coloured("× 満たしていない", "#b00020") + "</b>",
    coloured("Windows", "#1f5fbf") + " Server 2019 Remote Desktop Services Gateway の更新 abcdefghijklmnop",
    safe("Q&A Q-2 と <タグ> は文字として印刷"),
    safe("𠮷田 髙橋 の名前") + "を含む",
    f'<font name="{FALLBACK}">𠮷</font>野家の担当者',
    "",
    "短い",
]


def _styles():
    font = register_fonts()
    return [ParagraphStyle("s1", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK"),
            ParagraphStyle("s2", fontName=font, fontSize=7.5, leading=10, wordWrap="CJK", leftIndent=20,
                           firstLineIndent=-8),
            ParagraphStyle("s3", fontName=font, fontSize=12, leading=17, wordWrap="CJK", alignment=1)]


def _frag(f) -> dict:
    return dict(f.__dict__)


def _lines(p) -> list:
    bl = p.blPara
    if bl.kind == 0:
        return [("k0", bl.fontName, bl.fontSize, bl.ascent, bl.descent)] + [tuple(map(repr, line)) for line in bl.lines]
    return [("k1", repr(line.extraSpace), line.wordCount, line.fontSize, line.ascent, line.descent,
             line.currentWidth, line.maxWidth, getattr(line, "lineBreak", None),
             [(w.text, w.fontName, w.fontSize, repr(getattr(w, "textColor", None))) for w in line.words])
            for line in bl.lines]


def _drawn(p, width) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    _, h = p.wrap(width, 800)
    p.drawOn(c, 40, 800 - h)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("text", TEXTS)
def test_same_fragments_lines_and_drawing(text):
    for style in _styles():
        for width in (11, 25, 40, 97.3, 180, 515):
            ours, theirs = FastParagraph(text, style), Paragraph(text, style)
            assert [_frag(f) for f in ours.frags] == [_frag(f) for f in theirs.frags]
            assert ours.text == theirs.text
            assert ours.wrap(width, 800) == theirs.wrap(width, 800)
            assert _lines(ours) == _lines(theirs)
            assert _drawn(FastParagraph(text, style), width) == _drawn(Paragraph(text, style), width)


def test_the_shortcuts_are_taken_where_they_can_be():
    style = _styles()[0]
    assert markup_cache.fragments("医療情報", style) is not None
    assert markup_cache.fragments(coloured("はい", "#2e7d32") + "<br/>メモ", style) is not None
    assert markup_cache.fragments("Q&amp;A", style) is None  # reportlab splits at an entity
    assert markup_cache.fragments("", style) is None
    plain = FastParagraph(coloured("はい", "#2e7d32") + "<br/>メモ", style)
    assert cjk_break.supported(plain.frags)


def test_a_text_with_a_placeholder_character_takes_reportlabs_parser():
    style = _styles()[0]
    for ch in ("\U000F0000", "\U000F0001", "\U000FFFFD", "\U0010FFFF"):
        assert markup_cache.fragments(f"前{ch}後", style) is None
        assert markup_cache.fragments(f"{ch}", style) is None
    for ch in ("\U000EFFFF", "\uffff", "\U0002000B", "a"):  # below the placeholders: taken
        assert markup_cache.fragments(f"前{ch}後", style) is not None


def test_glyph_widths_are_reportlabs():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = register_fonts()
    text = "情報セキュリティ、ABC xyz 123（）"
    assert cjk_break.widths(font, 9.5, text) == [stringWidth(ch, font, 9.5) for ch in text]


def test_paragraphs_sharing_their_lines_split_and_draw_as_their_own():
    """Para keeps a text's lines per width within a report; a split of one (which appends spaces
    to its words) must not change another paragraph of the same text."""
    from hospital_sec_desk.reports.pdf_base import Para, forget_layouts, styles

    forget_layouts()
    style = styles()["body"]
    text = coloured("注意", "#c0392b") + "：" + "バックアップを別の場所に保管し、復旧の手順を年に一度は確かめます。" * 6
    first, second = Para(text, style), Para(text, style)
    first.wrap(120, 800)
    assert second.wrap(120, 800) == first.wrap(120, 800)
    assert second.blPara is first.blPara  # shared: laid out once
    parts = first.split(120, 60)
    assert len(parts) == 2
    forget_layouts()
    fresh = Para(text, style)
    fresh.wrap(120, 800)
    assert fresh.blPara is not first.blPara
    assert _lines(second) == _lines(fresh)
    assert _drawn(second, 120) == _drawn(Para(text, style), 120)
    forget_layouts()


def test_split_string_gives_reportlabs_subsets_and_bytes():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = pdfmetrics.getFont(register_fonts())
    assert type(font).splitString is not TTFont.splitString
    texts = ["医療情報", "情報医療 ABC", "\xa0空白\xa0", "", "、。「」" * 80, "新しい字：鬱藍"]
    ours, theirs = canvas.Canvas(io.BytesIO())._doc, canvas.Canvas(io.BytesIO())._doc
    for _ in range(2):  # the second round: every character already has its code
        for text in texts:
            assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs)


def test_reportlabs_url_pattern_is_deferred_and_still_matches():
    """reportlab compiles a URL regex at import that the report never uses (rl_import): in a
    process that imports the reports as the app does, reportlab gets the stand-in, which
    matches as the compiled pattern."""
    import subprocess
    import sys

    code = (
        "import re\n"
        "import hospital_sec_desk.reports.report\n"
        "from reportlab.platypus import paragraph\n"
        "from hospital_sec_desk.reports.rl_import import URI_PATTERN, LazyPattern\n"
        "assert isinstance(paragraph.uri_pat, LazyPattern), type(paragraph.uri_pat)\n"
        "real = re.compile(URI_PATTERN, re.IGNORECASE)\n"
        "for uri in ('https://example.com/a?b=1', 'ftp://192.168.0.1:21/x', 'mailto:x', '病院.jp'):\n"
        "    got, want = paragraph.uri_pat.match(uri), real.match(uri)\n"
        "    assert (got and got.groups()) == (want and want.groups()), uri\n"
        "from reportlab.lib import textsplit\n"
        "from hospital_sec_desk.reports.rl_import import CJK_WRAP_PATTERN\n"
        "assert isinstance(textsplit.rx, LazyPattern)\n"
        "assert textsplit.rx.split('ab漢字c') == re.compile(CJK_WRAP_PATTERN, re.UNICODE).split('ab漢字c')\n"
        "print('ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "ok", proc.stderr
