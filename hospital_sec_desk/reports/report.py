"""The printable report: a registry of parts and build_report(ctx, parts) -> PDF bytes.

Every page carries a header (病院名, 年度, the part) and a footer (「x / y ページ」,
印刷日). Page totals come from NumberedCanvas, which keeps each page until the end
and stamps the numbers when the count is known (one layout pass).

Optional parts written elsewhere (poster, 連絡体制図, trend, checklist …) are imported
lazily: a part whose module is not installed is simply not offered.
"""

from __future__ import annotations

import importlib
import io
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import ActionFlowable, Flowable, Frame, KeepInFrame, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate

from ..domain.fiscal import wareki_date
from . import parts_actions, parts_answers, parts_cover, parts_gmis, parts_inquiry
from .context import ReportContext
from .fonts import register_fonts
from .pdf_base import (
    FRAME_H,
    FRAME_W,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE,
    RULE,
    PartMarker,
    T,
    clean,
)

APP_FOOTER = "病院サイバーセキュリティ点検デスク"
Builder = Callable[[ReportContext], list[Flowable]]


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    builder: Builder
    optional: bool = False


def _one_page(fn: Callable) -> Builder:
    """Adapt `fn(ctx, pagesize)` (a story filling one page) to the report's framed pages."""

    def build(ctx: ReportContext) -> list[Flowable]:
        story = [f for f in fn(ctx, PAGE) if not isinstance(f, ActionFlowable)]
        return [KeepInFrame(FRAME_W, FRAME_H - 2 * mm, story, mode="shrink", hAlign="CENTER")]

    return build


# (key, label, module, function, adapter); the modules are owned by other issues.
_OPTIONAL = (
    ("trend", "経年推移", "trend_parts", "trend_flowables", None),
    ("readiness", "加算の要件の充足状況", "trend_parts", "readiness_flowables", None),
    ("checklist", "立入検査チェックリスト", "checklist_parts", "checklist_flowables", None),
    ("vendor_checklist", "事業者確認用チェックリスト", "checklist_parts", "vendor_request_flowables", None),
    ("poster", "院内掲示用ポスター", "poster", "poster_story", _one_page),
    ("chart", "連絡体制図", "contact_chart", "chart_story", _one_page),
)
_ORDER = ("cover", "summary", "trend", "readiness", "answers", "checklist", "actions", "changes",
          "gmis", "inquiry", "vendor_checklist", "poster", "chart")


def _load_optional(module: str, func: str) -> Callable | None:
    name = f"{__package__}.{module}"
    try:
        mod = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            warnings.warn(f"report part module {name} failed to import: {exc}", stacklevel=2)
        return None
    except Exception as exc:  # a broken optional part must not take the whole report down
        warnings.warn(f"report part module {name} failed to import: {exc!r}", stacklevel=2)
        return None
    return getattr(mod, func, None)


def _registry() -> dict[str, Part]:
    found = {
        "cover": Part("cover", "表紙", parts_cover.cover_flowables),
        "summary": Part("summary", "集計（概要）", parts_cover.summary_flowables),
        "answers": Part("answers", "回答一覧", parts_answers.answers_flowables),
        "actions": Part("actions", "行動計画（要対応項目）", parts_actions.actions_flowables),
        "changes": Part("changes", "前年度からの変更点", parts_actions.changes_flowables),
        "gmis": Part("gmis", "G-MIS転記用シート", parts_gmis.gmis_flowables),
        "inquiry": Part("inquiry", "ベンダー照会票", parts_inquiry.inquiry_flowables),
    }
    for key, label, module, func, adapt in _OPTIONAL:
        fn = _load_optional(module, func)
        if fn is not None:
            found[key] = Part(key, label, adapt(fn) if adapt else fn, optional=True)
    return {k: found[k] for k in _ORDER if k in found}


PARTS: dict[str, Part] = _registry()
DEFAULT_PARTS = tuple(k for k, p in PARTS.items() if not p.optional)


def part_labels() -> dict[str, str]:
    return {k: p.label for k, p in PARTS.items()}


def unknown_parts(keys: Iterable[str]) -> list[str]:
    return [k for k in keys if k not in PARTS]


class NumberedCanvas(canvas.Canvas):
    """Keeps every page, then stamps 「x / y ページ」 once the total is known."""

    def __init__(self, *args, **kwargs):
        # The embedded font from the first page on: no unembedded Helvetica in the file.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or register_fonts()
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(register_fonts(), 8.5)
            self.setFillColor(INK)
            self.drawCentredString(PAGE[0] / 2, MARGIN_BOTTOM - 10 * mm, f"{self._pageNumber} / {total} ページ")
            self.restoreState()
            super().showPage()
        super().save()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _decorate(ctx: ReportContext):
    font = register_fonts()
    hospital = clean(ctx.facility.get("name") or "（病院名未入力）", 200).replace("\n", " ")
    printed = f"印刷日：{ctx.printed_on:%Y年%m月%d日}（{wareki_date(ctx.printed_on)}）"

    def on_page_end(canv: canvas.Canvas, doc) -> None:
        top = PAGE[1] - MARGIN_TOP + 5 * mm
        right_text = clean(f"{ctx.nendo}　{getattr(canv, 'part_label', '')}".strip())
        left_w = min(stringWidth(hospital, font, 10), FRAME_W * 0.45)
        right_w = FRAME_W - left_w - 6 * mm
        canv.saveState()
        canv.setFillColor(INK)
        canv.setFont(font, 9)
        canv.drawRightString(PAGE[0] - MARGIN_X, top, _fit(right_text, font, 9, right_w))
        canv.setFont(font, 10)
        canv.drawString(MARGIN_X, top, _fit(hospital, font, 10, left_w))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, top - 2.5 * mm, PAGE[0] - MARGIN_X, top - 2.5 * mm)
        bottom = MARGIN_BOTTOM - 10 * mm
        canv.line(MARGIN_X, MARGIN_BOTTOM - 5 * mm, PAGE[0] - MARGIN_X, MARGIN_BOTTOM - 5 * mm)
        canv.setFont(font, 7.5)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_X, bottom, APP_FOOTER)
        canv.drawRightString(PAGE[0] - MARGIN_X, bottom, printed)
        canv.restoreState()

    return on_page_end


def render(ctx: ReportContext, story: list[Flowable], title: str = "報告書") -> bytes:
    """Lay out a story on the report's A4 pages (header, footer, page numbers)."""
    register_fonts()
    # Compressed streams as binary, not ASCII85 on top: a quarter smaller and faster to write.
    rl_config.useA85 = 0
    buf = io.BytesIO()
    hospital = clean(ctx.facility.get("name") or "", 200)
    doc = BaseDocTemplate(buf, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                          topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
                          title=f"{hospital} {ctx.nendo} {title}".strip(), author=hospital,
                          creator=APP_FOOTER, subject="医療情報システムのサイバーセキュリティ点検",
                          lang="ja-JP")
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, FRAME_H, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=_decorate(ctx))])
    if not story:
        story = [T("印刷する内容がありません。")]
    doc.build(story, canvasmaker=NumberedCanvas)
    return buf.getvalue()


def _embedded_font_only(flowables: Iterable[Flowable]) -> None:
    """Give charts the embedded font as their base: reportlab's default is Helvetica (not embedded)."""
    for f in flowables:
        if isinstance(f, Drawing) and not getattr(f, "initialFontName", None):
            f.initialFontName = register_fonts()
        inner = getattr(f, "_content", None)
        if isinstance(inner, list):
            _embedded_font_only(inner)


def build_story(ctx: ReportContext, parts: Iterable[str]) -> list[Flowable]:
    """The flowables of the chosen parts, in registry order, each starting a new page."""
    wanted = list(dict.fromkeys(parts))
    bad = unknown_parts(wanted)
    if bad:
        raise KeyError(", ".join(bad))
    story: list[Flowable] = []
    for key in PARTS:
        if key not in wanted:
            continue
        flowables = PARTS[key].builder(ctx)
        if not flowables:
            continue
        if story:
            story.append(PageBreak())
        _embedded_font_only(flowables)
        story.append(PartMarker(PARTS[key].label))
        story.extend(flowables)
    return story


def build_report(ctx: ReportContext, parts: Iterable[str] = DEFAULT_PARTS) -> bytes:
    """One A4 PDF of the chosen parts (unknown keys raise KeyError)."""
    return render(ctx, build_story(ctx, parts))
