"""The 院内掲示用 poster 「サイバー攻撃を受けた場合の対応について」: one page, A4 or A3 portrait.

The wording is the official poster's (the 別紙 of the 2018 MHLW notice); the contacts come
from the registry. Every size scales with the page, and the poster is built at the largest
scale that fits one page — but never below the minimum sizes: the official sentences and every
phone number at ≥ 12 pt, on A4 and on A3 (so an A3 sheet holds about twice the contacts). When the chosen
contacts do not fit at that size, the poster continues on a second sheet (nothing is shrunk or
dropped); `poster_fit()` tells before printing, with a Japanese sentence offering A3.
User text is escaped and characters missing from the font print as 〓, never as tofu.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..domain.contacts import ROLE_MHLW, ROLE_SAFETY_MANAGER, default_contacts, find_role
from ..domain.dates import printed_date
from ..domain.glyphs import unprintable
from ..domain.glyphs import unprintable_message as _unprintable_message
from ..domain.mhlw_contact import mhlw_notice
from ..domain.record import record
from .fast_paragraph import FastParagraph
from .fonts import printable_coverage, register_fonts
from .name_lines import fit_lines
from .pdf_base import REPLACEMENT, clean, safe
from .scale_search import largest_fitting

TITLE = "サイバー攻撃を受けた場合の対応について（院内掲示用）"
# The official instruction text, verbatim from seed 002, except one extraction slip:
# the seed reads 「被書等」 where the printed poster says 「被害等」 (corrected here).
INSTRUCTIONS = (
    "サイバー攻撃(コンピュータウイルスの感染等)を受けた疑いがある場合は、被害の拡大を防ぐため、"
    "直ちに医療情報システムの保守会社等に連絡し、指示を仰いでください。",
    "また、診療系情報システムの停止や個人情報の流出等の被害等が発生した場合は、厚生労働省へご連絡ください。",
)
SOURCE_NOTE = "掲示文は厚生労働省「医療機関等におけるサイバーセキュリティ対策の強化について」（平成30年10月29日）の別紙による"
MISSING_GLYPH = REPLACEMENT
PAGE_SIZES = {"A4": A4, "A3": A3}
INK, GREY_BAND, RULE = colors.HexColor("#111111"), colors.HexColor("#e6e6e6"), colors.HexColor("#444444")
MAX_SCALE = 1.3
MIN_TEXT_PT = 12.0  # official sentences and phone numbers never print smaller (A4 and A3)
INSTRUCTION_PT = 15.0  # the instructions' size at scale 1 on A4


def min_scale(pagesize) -> float:
    """The smallest scale keeping the instructions at MIN_TEXT_PT (0.8 on A4, 0.57 on A3)."""
    return MIN_TEXT_PT / (INSTRUCTION_PT * pagesize[0] / A4[0])
VENDOR_HPAD = 5


# -- text safety (pdf_base.clean/safe: escaped, never markup; missing glyphs -> 〓) ----------
def printable(text: str | None) -> str:
    """Plain text the font can print: invisible joiners dropped, missing glyphs -> 〓."""
    return clean(text or "")


def missing_chars(text: str | None) -> list[str]:
    """Characters of `text` that would print as 〓 (for a hint in the UI)."""
    return sorted(unprintable(text, printable_coverage()))


def unprintable_message(text: str | None) -> str:
    """A Japanese note naming the characters that will print as 〓 ("" when there are none)."""
    return _unprintable_message(text, printable_coverage())


def markup(text: str | None) -> str:
    """User text made safe for a Paragraph: never parsed as markup."""
    return safe(text or "")


@lru_cache(maxsize=1024)
def _style(size: float, align, leading: float, color) -> ParagraphStyle:
    """One style object per look: its paragraphs share the parsed shape of their markup."""
    return ParagraphStyle("p", fontName=register_fonts(), fontSize=size, leading=size * leading,
                          alignment=align, textColor=color, wordWrap="CJK")


def para(text: str, size: float, *, align=0, leading: float = 1.3, color=INK, raw: bool = False) -> Paragraph:
    return FastParagraph(text if raw else markup(text), _style(size, align, leading, color))


def lines(text: str, size: float, width: float, *, align=0, leading: float = 1.3, min_ratio: float = 0.8,
          min_size: float = 0.0) -> list[Paragraph]:
    """A name, office or other user text in `width` points, one paragraph a line, broken only
    between its words or at natural boundaries, a part too wide printed slightly smaller
    (name_lines.fit_lines)."""
    return [para(line, sz, align=align, leading=leading)
            for line, sz, _wraps in fit_lines(text, size, width, min_ratio, min_size)]


def fit_size(text: str, size: float, width: float) -> float:
    """The font size (≤ size) at which `text` fits on one line of `width` points."""
    w = pdfmetrics.stringWidth(printable(text), register_fonts(), 1.0)
    return min(size, width / w) if w else size


def confirmed_label(iso: str) -> str:
    try:
        return printed_date(dt.date.fromisoformat(iso.strip()))
    except (ValueError, AttributeError):
        return "未確認"


def poster_vendors(contacts: list[dict]) -> list[dict]:
    return [c for c in contacts if c["category"] == "vendor" and c.get("on_poster")]


# -- blocks ---------------------------------------------------------------------------
class _Poster:
    """Builds the flowables at one scale `s` for a frame `width` points wide."""

    def __init__(self, ctx, width: float, k: float, s: float):
        self.ctx, self.w, self.u, self.s = ctx, width, k * s, s  # u: points per base point

    def heading(self, text: str) -> Table:
        t = Table([[para(text, 15 * self.u)]], colWidths=[self.w])
        t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), GREY_BAND),
                               ("LINEBEFORE", (0, 0), (0, -1), 4 * self.u, RULE),
                               *_pads(3 * self.u, 6 * self.u)]))
        return t

    def phone(self, number: str, width: float, size: float = 20) -> list[Paragraph]:
        """A number shrunk to fit one line, never below the minimum; a longer entry
        (「03-1234-5678（代表）」) then breaks between its words, never inside a number."""
        number = number.strip() or "―"
        size = max(MIN_TEXT_PT, fit_size(number, size * self.u, width - 1))
        return lines(number, size, width, leading=1.15, min_ratio=1.0)

    def title(self) -> list:
        u, w = self.u, self.w
        main, sub = TITLE.split("（")
        out = []
        name = (self.ctx.facility.get("name") or "").strip()
        if name:
            out.extend(lines(name, 15 * u, w, align=TA_CENTER))
            out.append(Spacer(1, 2 * u))
        self.title_size = fit_size(main, 30 * u, w * 0.98)
        out.append(para(main, self.title_size, align=TA_CENTER, leading=1.2))
        out.append(para("（" + sub, min(18 * u, self.title_size * 0.7), align=TA_CENTER, leading=1.3))
        rule = Table([[Spacer(1, 1)]], colWidths=[w], rowHeights=[2 * u])
        rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 2.5 * u, INK), *_pads(0, 0)]))
        return [*out, rule, Gap(1, 9 * u)]

    def instructions(self) -> list:
        size = max(min(INSTRUCTION_PT * self.u, self.title_size * 0.72), MIN_TEXT_PT)
        self.instruction_size = size
        body = [para(s, size, leading=1.55) for s in INSTRUCTIONS]
        t = Table([[p] for p in body], colWidths=[self.w])
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2 * self.u, RULE),
                               *_pads(3 * self.u, 8 * self.u)]))
        return [t, Gap(1, 6 * self.u)]

    def inhouse(self) -> list:
        u, w = self.u, self.w
        c = find_role(self.ctx.contacts, "inhouse", ROLE_SAFETY_MANAGER) or {}
        cw = [w * 0.38, w * 0.27, w * 0.35]
        hp = 5 * u
        left = [para(ROLE_SAFETY_MANAGER, fit_size(ROLE_SAFETY_MANAGER, 10.5 * u, cw[0] - 2 * hp)),
                *lines(c.get("name") or "（氏名）", 17 * u, cw[0] - 2 * hp, leading=1.25)]
        ext = [para("内線", 10 * u), *self.phone(c.get("extension", ""), cw[1] - 2 * hp)]
        mob = [para("携帯", 10 * u), *self.phone(c.get("mobile", "") or c.get("phone", ""), cw[2] - 2 * hp)]
        t = Table([[left, ext, mob]], colWidths=cw)
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8 * u, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LINEBEFORE", (1, 0), (-1, -1), 0.5 * u, colors.grey), *_pads(3 * u, hp)]))
        return [self.heading("院内の第一連絡先"), Spacer(1, 3 * u), t, Gap(1, 6 * u)]

    def vendor_row(self, v: dict, cw: list[float]) -> list:
        u = self.u
        details = [("担当", v.get("name", "")), ("受付", v.get("hours", "")), ("契約・保守番号", v.get("contract_no", ""))]
        lw0 = cw[0] - 2 * VENDOR_HPAD * u
        left = lines(v.get("organization") or "（社名）", 14.5 * u, lw0, leading=1.25)
        if v.get("systems", "").strip():
            left += lines("対象：" + v["systems"], 10.5 * u, lw0)
        shown = [f"{label}：{value.strip()}" for label, value in details if value.strip()]
        if shown:  # one run of small details, broken between them, instead of one line each
            left += lines("　".join(shown), 10.5 * u, lw0)
        lw = pdfmetrics.stringWidth("夜間・休日", register_fonts(), 10 * u) + 6 * u
        pw = cw[1] - 2 * VENDOR_HPAD * u - lw
        rows = [[para("平日", 10 * u), self.phone(v.get("phone", ""), pw)],
                [para("夜間・休日", 10 * u), self.phone(v.get("phone_after_hours", ""), pw)]]
        right = Table(rows, colWidths=[lw, pw])
        right.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *_pads(1 * u, 0)]))
        return [left, right]

    def vendors(self) -> list:
        u, w = self.u, self.w
        cw = [w * 0.46, w * 0.54]
        chosen = poster_vendors(self.ctx.contacts)
        if not chosen:  # like the official poster: blanks to fill in by hand
            return [self.heading("医療情報システムの保守会社 等　緊急連絡先"), Spacer(1, 3 * u),
                    self.blank_form(), Gap(1, 6 * u)]
        # the heading is the table's first row, repeated when the list continues on the next sheet
        head = [para("医療情報システムの保守会社 等　緊急連絡先", 15 * u), ""]
        t = Table([head] + [self.vendor_row(v, cw) for v in chosen], colWidths=cw, repeatRows=1)
        t.setStyle(TableStyle([("BOX", (0, 1), (-1, -1), 0.8 * u, RULE),
                               ("INNERGRID", (0, 1), (-1, -1), 0.5 * u, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *_pads(2.5 * u, VENDOR_HPAD * u),
                               ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), GREY_BAND),
                               ("LINEBEFORE", (0, 0), (0, 0), 4 * u, RULE),
                               ("LINEBELOW", (0, 0), (-1, 0), 3 * u, colors.white),
                               ("TOPPADDING", (0, 0), (-1, 0), 3 * u), ("BOTTOMPADDING", (0, 0), (-1, 0), 6 * u),
                               ("LEFTPADDING", (0, 0), (-1, 0), 6 * u)]))
        return [t, Gap(1, 6 * u)]

    def blank_form(self) -> Table:
        u = self.u
        rows = [[para(f"{label}：", 13 * u), Spacer(1, 1)] for label in ("社名", "電話番号", "担当者名")]
        t = Table(rows, colWidths=[self.w * 0.2, self.w * 0.8], rowHeights=[34 * u] * 3)
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8 * u, RULE), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LINEBELOW", (1, 0), (1, -1), 0.5 * u, colors.grey), *_pads(5 * u, 5 * u)]))
        return t

    def mhlw(self) -> list:
        u, w = self.u, self.w
        c = find_role(self.ctx.contacts, "outside", ROLE_MHLW)
        if c is None:
            return [self.heading(ROLE_MHLW), Spacer(1, 3 * u), para("（連絡先が登録されていません）", 13 * u)]
        cw = [w * 0.55, w * 0.45]
        left = lines(c.get("organization") or ROLE_MHLW, 14 * u, cw[0] - 10 * u)
        if c.get("department", "").strip():
            left += lines(c["department"], 12 * u, cw[0] - 10 * u)
        right = self.phone(c.get("phone", ""), cw[1] - 10 * u, 24)
        if c.get("hours", "").strip():
            right += lines(c["hours"], 11 * u, cw[1] - 10 * u)
        t = Table([[left, right]], colWidths=cw)
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8 * u, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               *_pads(3 * u, 5 * u)]))
        return [self.heading(ROLE_MHLW), Spacer(1, 3 * u), t]

    def footer(self) -> list:
        u = self.u
        when = confirmed_label(self.ctx.contacts_confirmed_on)
        return [Gap(1, 6 * u), para(f"連絡先を確認した日：{when}", 12 * u, align=TA_RIGHT),
                Spacer(1, 2 * u), para(SOURCE_NOTE, fit_size(SOURCE_NOTE, 7.5 * u, self.w), align=TA_RIGHT,
                                       color=colors.HexColor("#555555"))]

    def story(self) -> list:
        return [*self.title(), *self.instructions(), *self.inhouse(), *self.vendors(), *self.mhlw(),
                *self.footer()]


class Gap(Spacer):
    """A spacer between sections; grows when the content leaves the page partly empty."""


def _pads(v: float, h: float) -> list:
    """Cell padding, plus the font for the table's own text (else reportlab names Helvetica)."""
    return [("FONTNAME", (0, 0), (-1, -1), register_fonts()),
            ("TOPPADDING", (0, 0), (-1, -1), v), ("BOTTOMPADDING", (0, 0), (-1, -1), v),
            ("LEFTPADDING", (0, 0), (-1, -1), h), ("RIGHTPADDING", (0, 0), (-1, -1), h)]


def _height(story: list, width: float, height: float) -> float:
    total = 0.0
    for f in story:
        total += f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def frame_geometry(pagesize) -> tuple[float, float, float, float]:
    """(margin, width, height, k): k = how much larger than A4 the page is."""
    k = pagesize[0] / A4[0]
    margin = 12 * mm * k
    # SimpleDocTemplate's frame has 6 pt padding on every side.
    return margin, pagesize[0] - 2 * margin - 12, pagesize[1] - 2 * margin - 12, k


@record
class PosterFit:
    """Whether the poster fits one sheet at the minimum sizes (ask before printing)."""

    size: str
    fits: bool
    scale: float
    sheets: int
    message: str  # Japanese; "" when it fits
    fits_a3: bool = True


def _scale(ctx, pagesize, frame: tuple[float, float] | None = None) -> tuple[float, bool]:
    """The largest scale in [min_scale, MAX_SCALE] at which the poster fits one page, and whether
    it fits at all (at min_scale). `frame` (width, height) overrides the poster's own frame."""
    scale, fits, _story, _used = _fitted(ctx, pagesize, frame)
    return scale, fits


def _fitted(ctx, pagesize, frame: tuple[float, float] | None = None) -> tuple[float, bool, list, float]:
    """_scale, the story laid out at that scale and its height (the trial layout is kept).

    The search (scale_search) returns what bisecting [min_scale, MAX_SCALE] to ~0.2 % returns,
    from 3–4 trial layouts instead of 11."""
    _margin, width, height, k = frame_geometry(pagesize)
    if frame is not None:
        width, height = frame
    laid: dict[float, tuple[list, float]] = {}

    def story_height(s: float) -> float:
        story = _Poster(ctx, width, k, s).story()
        laid[s] = story, _height(story, width, height)
        return laid[s][1]

    scale, fits, _layouts = largest_fitting(min_scale(pagesize), MAX_SCALE, story_height, height * 0.99)
    if scale not in laid:
        story_height(scale)
    return (scale, fits, *laid[scale])


def poster_fit(ctx, size: str = "A4") -> PosterFit:
    """Does the poster fit one sheet of `size` without going below the minimum sizes?

    For the print screen, the poster preview and the CLI: when it does not, `message` says so
    and offers A3 (when A3 fits) or a second sheet.
    """
    pagesize = PAGE_SIZES[size]
    scale, fits = _scale(ctx, pagesize)
    if fits:
        return PosterFit(size, True, scale, 1, "")
    sheets = len(_pages(ctx, pagesize))
    a3 = size == "A3" or _scale(ctx, A3)[1]
    n = len(poster_vendors(ctx.contacts))
    text = (f"選んだ連絡先（保守会社 {n} 社）は、文字を読める大きさ（{MIN_TEXT_PT:.0f}ポイント以上）のままでは{size}用紙1枚に収まりません。")
    if size == "A4" and a3:
        text += "A3用紙で印刷するか、"
    text += f"{sheets}枚に分けて印刷してください（2枚目以降に続きを印刷します）。"
    if not a3:
        text += "A3用紙でも1枚には収まりません。掲示する保守会社を絞ることもできます。"
    return PosterFit(size, False, scale, sheets, text, a3)


def shipped_mhlw() -> dict | None:
    return next((c for c in default_contacts() if c["category"] == "outside" and c.get("role") == ROLE_MHLW), None)


def poster_notices(ctx, size: str = "A4") -> list[str]:
    """Japanese notices to show before printing the poster (print screen, preview, CLI): the
    unconfirmed shipped 厚生労働省 entry, and a poster that does not fit one sheet."""
    notes = [mhlw_notice(find_role(ctx.contacts, "outside", ROLE_MHLW), shipped_mhlw()),
             poster_fit(ctx, size).message]
    return [n for n in notes if n]


def poster_story(ctx, pagesize=A4, frame: tuple[float, float] | None = None) -> list:
    """The poster's flowables: one page at the largest fitting scale, or — when the contacts do not
    fit at the minimum sizes — the minimum-size poster flowing onto further pages.
    `frame` (width, height): lay out for another frame (the report's pages)."""
    _margin, width, height, k = frame_geometry(pagesize)
    if frame is not None:
        width, height = frame
    _scale, fits, story, used = _fitted(ctx, pagesize, frame)
    if not fits:
        return story
    gaps = [f for f in story if isinstance(f, Gap)]
    spare = height * 0.98 - used
    if gaps and spare > 0:  # at the largest scale: spread the rest between the sections
        extra = min(spare / len(gaps), 20 * mm * k)
        for g in gaps:
            g.height += extra
    return story


def _pages(ctx, pagesize) -> list:
    buf = io.BytesIO()
    margin = frame_geometry(pagesize)[0]
    pages: list[int] = []
    doc = SimpleDocTemplate(buf, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, initialFontName=register_fonts())
    doc.build(poster_story(ctx, pagesize), onFirstPage=lambda c, d: pages.append(1),
              onLaterPages=lambda c, d: pages.append(1))
    return pages


def build_poster(ctx, size: str = "A4") -> bytes:
    if size not in PAGE_SIZES:
        raise ValueError(f"用紙サイズは A4 か A3 です: {size}")
    pagesize = PAGE_SIZES[size]
    margin = frame_geometry(pagesize)[0]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=TITLE, author=(ctx.facility.get("name") or ""),
                            subject="院内掲示用ポスター", creator="hospital_sec_desk",
                            initialFontName=register_fonts())
    doc.build(poster_story(ctx, pagesize))
    return buf.getvalue()
