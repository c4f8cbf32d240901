"""The printable report: a registry of parts and build_report(ctx, parts) -> PDF bytes.

Every part ships with the app and is imported here directly: a missing module fails loudly.
The page furniture (header, footer, numbers, the 「暫定」 band) is in pages.py.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate

from ..domain.record import record
from . import (
    checklist_parts,
    contact_chart,
    parts_actions,
    parts_answers,
    parts_cover,
    parts_drills,
    parts_gmis,
    parts_inquiry,
    poster,
    trend_parts,
)
from .context import ReportContext
from .font_cache import gc_paused
from .fonts import register_fonts
from .pages import APP_FOOTER, BodyFrame, EditionMarker, NumberedCanvas, PartStart, decorate
from .pdf_base import FRAME_H, FRAME_W, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE, T, clean, forget_layouts
from .rows import rows_kept

Builder = Callable[[ReportContext], list[Flowable]]


@record
class Part:
    key: str
    label: str
    builder: Builder
    optional: bool = False


def _poster_part(ctx: ReportContext) -> list[Flowable]:
    """The poster laid out for the report's frame: never shrunk, continued on a page when needed."""
    return poster.poster_story(ctx, PAGE, (FRAME_W, FRAME_H - 2 * mm))


def _chart_part(ctx: ReportContext) -> list[Flowable]:
    """The 連絡体制図 for the report's frame, with its 連絡先一覧 when not everything fits on it."""
    return contact_chart.chart_story(ctx, PAGE, (FRAME_W, FRAME_H - 2 * mm))


# Parts that print questions of the year's questionnaires: marked 「暫定」 for a stand-in edition.
QUESTION_PARTS = {"summary", "trend", "readiness", "answers", "actions", "changes", "gmis", "inquiry"}


def _registry() -> dict[str, Part]:
    parts = (
        Part("cover", "表紙", parts_cover.cover_flowables),
        Part("summary", "集計（概要）", parts_cover.summary_flowables),
        Part("trend", "経年推移", trend_parts.trend_flowables, optional=True),
        Part("readiness", "加算の要件の充足状況", trend_parts.readiness_flowables, optional=True),
        Part("answers", "回答一覧", parts_answers.answers_flowables),
        Part("checklist", "立入検査チェックリスト", checklist_parts.checklist_flowables, optional=True),
        Part("actions", "行動計画（要対応項目）", parts_actions.actions_flowables),
        Part("changes", "前年度からの変更点", parts_actions.changes_flowables),
        Part("drills", parts_drills.LABEL, parts_drills.drills_flowables, optional=True),
        Part("gmis", "G-MIS転記用シート", parts_gmis.gmis_flowables),
        Part("inquiry", "ベンダー照会票", parts_inquiry.inquiry_flowables),
        Part("vendor_checklist", "事業者確認用チェックリスト", checklist_parts.vendor_request_flowables,
             optional=True),
        Part("poster", "院内掲示用ポスター", _poster_part, optional=True),
        Part("chart", "連絡体制図", _chart_part, optional=True),
    )
    return {p.key: p for p in parts}


PARTS: dict[str, Part] = _registry()
DEFAULT_PARTS = tuple(k for k, p in PARTS.items() if not p.optional)


def part_labels() -> dict[str, str]:
    return {k: p.label for k, p in PARTS.items()}


def unknown_parts(keys: Iterable[str]) -> list[str]:
    return [k for k in keys if k not in PARTS]


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
    frame = BodyFrame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, FRAME_H, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=decorate(ctx))])
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


def provisional_notes(ctx: ReportContext) -> tuple[str, ...]:
    """The 「暫定」 band of the year's stand-in editions: per questionnaire, the first sentence of each
    reason (the whole reason is on the cover and at the head of the G-MIS page)."""
    def first(reason: str) -> str:
        return reason.split("。")[0] + "。" if "。" in reason else reason

    return tuple(f"{a.edition.short_title}：{''.join(first(r) for r in a.status.reasons)}"
                 for a in ctx.assessments if a.provisional)


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
        story.append(PartStart(PARTS[key].label, bare=key == "cover"))
        notes = provisional_notes(ctx) if key in QUESTION_PARTS else ()
        if notes:
            story.append(EditionMarker(notes))
        story.extend(flowables)
    return story


def build_inquiry(ctx: ReportContext, vendor_id: int | None) -> bytes:
    """One vendor's ベンダー照会票 alone (vendor_id None: the items with no vendor chosen).

    The vendors to choose from: parts_inquiry.inquiry_vendors(ctx). An unknown id raises KeyError.
    """
    flowables = parts_inquiry.inquiry_flowables(ctx, only=vendor_id)
    if not flowables:
        raise KeyError(vendor_id)
    story: list[Flowable] = [PartStart(PARTS["inquiry"].label)]
    notes = provisional_notes(ctx)
    if notes:
        story.append(EditionMarker(notes))
    with gc_paused():
        return render(ctx, story + flowables, "ベンダー照会票")


def build_report(ctx: ReportContext, parts: Iterable[str] = DEFAULT_PARTS) -> bytes:
    """One A4 PDF of the chosen parts (unknown keys raise KeyError)."""
    forget_layouts()  # every report lays its paragraphs out anew (none kept from the last one)
    try:
        with gc_paused(), rows_kept():  # (each assessment's rows made once for all the parts)
            return render(ctx, build_story(ctx, parts))
    finally:
        forget_layouts()
