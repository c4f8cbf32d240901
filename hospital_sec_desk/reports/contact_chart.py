"""The 連絡体制図: one A4 page drawn from the contact registry, and — when not every contact of its
categories fits on it — a 「連絡先一覧（連絡体制図の続き）」 printed right after it: nothing is dropped.

Centre column: 発見者 → 部門の責任者 → 医療情報システム安全管理責任者 → 経営層, the order of
the BCP 確認表 (seed 004) rows 2-1, 2-3 and 3-4. The vendors branch off the 安全管理責任者
(3-2 事業者等への連絡) on the right; 厚生労働省, 都道府県, 警察 … branch off the 経営層
(3-6 外部関係機関への報告) on the left, so no connector ever crosses another.

Text never leaves its box: a box's text is set at the largest size ≥ MIN_BOX_PT that fits; what
does not fit at that size is cut with 「…（続きは連絡先一覧）」 and the contact is listed in full on
the continuation page. The four chain boxes share one heading size; the ③ heading is broken after
「医療情報システム」, never before a lone 「者」.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, SimpleDocTemplate, Spacer, TableStyle

from ..domain.contacts import (
    ROLE_ADMIN_MANAGER,
    ROLE_CSIRT,
    ROLE_DIRECTOR,
    ROLE_SAFETY_MANAGER,
    find_role,
    is_department_contact,
)
from .fast_table import Grid
from .fonts import register_fonts
from .poster import _pads as pads
from .poster import confirmed_label, fit_size, frame_geometry, para, printable

TITLE = "サイバー攻撃等の発生時の連絡体制図"
NOTE = ("この図は、BCP策定のための確認表 1-2「インシデント発生時における組織内と外部関係機関（事業者、厚生労働省、"
        "警察等）への連絡体制図」、およびサイバーセキュリティ対策チェックリスト 3-(1) の連絡体制図にあたります。"
        "全職員が把握し、連絡先をすぐに確認できるようにしてください（確認表 2-1）。")
MAX_VENDORS, MAX_OUTSIDE, MAX_DEPARTMENTS = 8, 6, 4
MIN_BOX_PT = 7.0  # text in a box never smaller; what does not fit goes to the 連絡先一覧
MORE = "…（続きは連絡先一覧）"
LIST_TITLE = "連絡先一覧（連絡体制図の続き）"
MANAGER_HEAD = "③ 医療情報システム\n安全管理責任者"
INK, LINE, HEAD = colors.HexColor("#111111"), colors.HexColor("#333333"), colors.HexColor("#e6e6e6")


class NoWrap(str):
    """A line that must stay on one line (a phone number): its type shrinks instead."""


def _numbers(c: dict, *fields: tuple[str, str]) -> list[str]:
    return [NoWrap(f"{label} {c.get(f, '').strip()}") for label, f in fields if c.get(f, "").strip()]


def _who(c: dict | None, role: str) -> list[str]:
    """Lines for one in-house person: role and name, then 内線 and 携帯 on lines of their own."""
    if c is None:
        return [f"{role}：（未登録）"]
    name = c.get("name", "").strip() or "（氏名未登録）"
    return [f"{c['role'] or role}：{name}", *_numbers(c, ("内線", "extension"), ("携帯", "mobile"))]


def chain_boxes(contacts: list[dict]) -> list[tuple[str, list[str]]]:
    """(heading, lines) for the four boxes of the centre column, top to bottom."""
    depts = [c for c in contacts if is_department_contact(c)]
    dept_lines = []
    for c in depts[:MAX_DEPARTMENTS]:
        label = " ".join(x for x in (c.get("department", ""), c.get("role", ""), c.get("name", "")) if x.strip())
        dept_lines += [label or "（未記入）", *_numbers(c, ("内線", "extension"), ("携帯", "mobile"))]
    if len(depts) > MAX_DEPARTMENTS:
        dept_lines.append(f"ほか {len(depts) - MAX_DEPARTMENTS} 件は連絡先一覧に記載")
    manager = find_role(contacts, "inhouse", ROLE_SAFETY_MANAGER)
    csirt = find_role(contacts, "inhouse", ROLE_CSIRT)
    director = find_role(contacts, "inhouse", ROLE_DIRECTOR)
    admin = find_role(contacts, "inhouse", ROLE_ADMIN_MANAGER)
    third = ["（未登録）"]
    if manager:
        third = [manager.get("name", "").strip() or "（氏名未登録）", *_who(manager, "")[1:]]
    if csirt is not None:
        third += _who(csirt, ROLE_CSIRT)
    return [
        ("① 発見者（全職員）", ["異常に気づいたら、すぐに所属の責任者へ報告する"]),
        ("② 部門の責任者", dept_lines or ["各部署の所属長"]),
        (MANAGER_HEAD, third),
        ("④ 経営層（院長）", _who(director, ROLE_DIRECTOR) + (_who(admin, ROLE_ADMIN_MANAGER) if admin else [])),
    ]


BOX_PAD = 4


def _head_paras(head: str, size: float, inner: float) -> list:
    """A heading, line by line as written (\\n), each kept on one line at `size` or shrunk to fit."""
    return [para(part, min(size, fit_size(part, size, inner)), leading=1.2) for part in head.split("\n")]


def head_size_for(heads: list[str], size: float, inner: float) -> float:
    """One heading size for several boxes: the largest at which every heading line fits its box."""
    return min([size] + [fit_size(part, size, inner) for h in heads for part in h.split("\n")])


def fit_box(w: float, h: float, head: str, lines: list[str], strong: bool, base: float,
            head_size: float | None = None) -> tuple[list, list[float], bool]:
    """The paragraphs of a box at the largest size (≥ MIN_BOX_PT) at which they fit; when even that
    is too much, the lines that fit plus MORE, and False."""
    pad = BOX_PAD
    size = base
    while True:
        inner = w - 2 * pad - size * 1.1  # one character of slack for hanging 」 or ー
        hs = head_size or (size * 1.1 if strong else size)
        # chain headings: one line each at the shared size; a company or office name wraps
        ps = _head_paras(head, hs, inner) if strong else [para(head, hs, leading=1.2)]
        ps += [para(t, max(MIN_BOX_PT * 0.9, fit_size(t, size * 0.88, inner)) if isinstance(t, NoWrap)
                    else size * 0.88, leading=1.22) for t in lines]
        heights = [p.wrap(inner, h)[1] for p in ps]
        if sum(heights) <= h - 2 * pad:
            return ps, heights, True
        if size - 0.25 < MIN_BOX_PT / 0.88:
            break
        size -= 0.25
    more = para(MORE, size * 0.88, leading=1.22)
    more_h = more.wrap(inner, h)[1]
    kept, used = [], more_h
    for p, ph in zip(ps, heights, strict=True):
        if used + ph > h - 2 * pad:
            break
        kept.append((p, ph))
        used += ph
    return [p for p, _ in kept] + [more], [ph for _, ph in kept] + [more_h], False


def vendor_lines(v: dict) -> tuple[str, list[str]]:
    lines = [f"対象：{v['systems']}"] if v.get("systems", "").strip() else []
    lines.append(NoWrap(f"平日 {v.get('phone', '').strip() or '―'}"))
    lines.append(NoWrap(f"夜間・休日 {v.get('phone_after_hours', '').strip() or '―'}"))
    if v.get("name", "").strip():
        lines.append(f"担当：{v['name'].strip()}")
    if v.get("contract_no", "").strip():  # a code must not break in the middle
        lines.append(NoWrap(f"契約・保守番号：{v['contract_no'].strip()}"))
    return v.get("organization", "").strip() or "（社名未登録）", lines


def outside_lines(c: dict) -> tuple[str, list[str]]:
    lines = [c["department"]] if c.get("department", "").strip() else []
    lines.append(NoWrap(f"電話 {c['phone'].strip()}") if c.get("phone", "").strip() else "電話（番号を記入）")
    if c.get("hours", "").strip():
        lines.append(c["hours"])
    return c.get("organization", "").strip() or c.get("role", "") or "（名称未登録）", lines


class ChartFlowable(Flowable):
    """The diagram itself, drawn on the canvas at the size it is given."""

    def __init__(self, width: float, height: float, contacts: list[dict]):
        super().__init__()
        self.width, self.height, self.contacts = width, height, contacts

    def wrap(self, aw, ah):
        return self.width, self.height

    # -- drawing helpers -------------------------------------------------------
    def box(self, x, y, w, h, head: str, lines: list[str], strong: bool = False, base: float = 10.5,
            head_size: float | None = None) -> bool:
        """Draw a box; returns False when its text had to be cut (listed in full elsewhere)."""
        c = self.canv
        c.setStrokeColor(INK if strong else LINE)
        c.setLineWidth(1.6 if strong else 0.8)
        c.setFillColor(colors.white)
        c.rect(x, y, w, h, stroke=1, fill=1)
        ps, heights, whole = fit_box(w, h, head, lines, strong, base, head_size)
        pad = BOX_PAD
        top = y + h - pad - max(0.0, (h - 2 * pad - sum(heights)) / 2)
        for p, ph in zip(ps, heights, strict=True):
            top -= ph
            p.drawOn(c, x + pad, top)
        return whole

    def arrow(self, x1, y1, x2, y2):
        c = self.canv
        c.setStrokeColor(INK)
        c.setLineWidth(1.2)
        c.line(x1, y1, x2, y2)
        dx, dy = x2 - x1, y2 - y1
        n = max((dx * dx + dy * dy) ** 0.5, 1e-6)
        ux, uy, s = dx / n, dy / n, 5
        path = c.beginPath()
        path.moveTo(x2, y2)
        path.lineTo(x2 - s * ux - s * 0.6 * uy, y2 - s * uy + s * 0.6 * ux)
        path.lineTo(x2 - s * ux + s * 0.6 * uy, y2 - s * uy - s * 0.6 * ux)
        path.close()
        c.setFillColor(INK)
        c.drawPath(path, stroke=0, fill=1)

    def label(self, text: str, x: float, y: float, w: float, size: float = 8, align=TA_CENTER):
        p = para(text, fit_size(text, size, w), align=align, leading=1.15)
        _, ph = p.wrap(w, 40)
        p.drawOn(self.canv, x, y - ph / 2)

    def group_layout(self, x, w, centre, items) -> tuple[float, list[tuple]]:
        """A titled column of boxes centred near `centre`: (top, [(x, y, w, h, head, lines)])."""
        gap, head_h = 5, 28
        n = max(len(items), 1)
        bh = min(86.0, (self.height - head_h - gap * (n - 1)) / n)
        total = head_h + n * bh + gap * (n - 1)
        top = min(self.height, max(total, centre + total / 2))
        boxes, y = [], top - head_h
        for head_text, lines in items or [("（未登録）", ["名称：", "電話："])]:
            y -= bh
            boxes.append((x, y, w, bh, head_text, lines))
            y -= gap
        return top, boxes

    def layout(self) -> dict:
        """Every box of the chart, computed without drawing (so `complete()` can be asked first)."""
        W, H = self.width, self.height
        side, gap = W * 0.3, W * 0.04
        cw = W - 2 * side - 2 * gap
        cx = side + gap
        chain = chain_boxes(self.contacts)
        ch_gap = 34
        bh = min(105.0, (H - 3 * ch_gap) / 4)
        tops = [H - i * (bh + ch_gap) for i in range(4)]
        inner = cw - 2 * BOX_PAD - 12 * 1.1
        head_size = head_size_for([h for h, _ in chain], 12 * 1.1, inner)
        vendors = [c for c in self.contacts if c["category"] == "vendor"]
        outside = [c for c in self.contacts if c["category"] == "outside"]
        v_items = [vendor_lines(v) for v in vendors[:MAX_VENDORS]]
        if len(vendors) > MAX_VENDORS:
            v_items.append((f"ほか {len(vendors) - MAX_VENDORS} 社", ["連絡先一覧（続きのページ）に記載"]))
        o_items = [outside_lines(c) for c in outside[:MAX_OUTSIDE]]
        if len(outside) > MAX_OUTSIDE:
            o_items.append((f"ほか {len(outside) - MAX_OUTSIDE} 件", ["連絡先一覧（続きのページ）に記載"]))
        y_c, y_d = tops[2] - bh / 2, tops[3] - bh / 2
        vx = cx + cw + gap
        return dict(cx=cx, cw=cw, bh=bh, tops=tops, ch_gap=ch_gap, chain=chain, head_size=head_size,
                    side=side, vx=vx, y_c=y_c, y_d=y_d,
                    vendors=self.group_layout(vx, side, y_c, v_items),
                    outside=self.group_layout(0, side, y_d, o_items),
                    more=len(vendors) > MAX_VENDORS or len(outside) > MAX_OUTSIDE
                    or len([c for c in self.contacts if is_department_contact(c)]) > MAX_DEPARTMENTS)

    def complete(self) -> bool:
        """True when every contact of the chart's categories is on it in full (no 連絡先一覧 needed)."""
        lay = self.layout()
        if lay["more"]:
            return False
        chain_ok = all(fit_box(lay["cw"], lay["bh"], h, lines, True, 12, lay["head_size"])[2]
                       for h, lines in lay["chain"])
        groups_ok = all(fit_box(w, h, head, lines, False, 10.5)[2]
                        for key in ("vendors", "outside") for (_x, _y, w, h, head, lines) in lay[key][1])
        return chain_ok and groups_ok

    def draw(self):
        lay = self.layout()
        cx, cw, bh, tops, ch_gap = lay["cx"], lay["cw"], lay["bh"], lay["tops"], lay["ch_gap"]
        arrow_labels = ["報告（確認表 2-1）", "報告（確認表 2-3）", "報告・指示（確認表 3-4）"]
        for i, (head, lines) in enumerate(lay["chain"]):
            self.box(cx, tops[i] - bh, cw, bh, head, lines, strong=True, base=12, head_size=lay["head_size"])
            if i < 3:
                mid = cx + cw / 2
                self.arrow(mid, tops[i] - bh, mid, tops[i + 1])
                self.label(arrow_labels[i], mid + 4, tops[i] - bh - ch_gap / 2, cw / 2 - 4, 7.5, align=0)
        side = lay["side"]
        for key, x, head, x_from, y_from, x_to in (
                ("vendors", lay["vx"], "事業者（保守会社 等）への連絡\n確認表 3-2", cx + cw, lay["y_c"], lay["vx"]),
                ("outside", 0, "外部関係機関への報告・相談\n確認表 3-6", cx, lay["y_d"], side)):
            top, boxes = lay[key]
            self.label(head, x, top - 14, side, 9.5, TA_CENTER)
            ys = []
            for bx, by, bw, bh2, bhead, blines in boxes:
                self.box(bx, by, bw, bh2, bhead, blines)
                ys.append(by + bh2 / 2)
            self.bus(x_from, y_from, x_to, ys)

    def bus(self, x_from, y_from, x_to, ys):
        """Elbow connectors from a chain box edge to every box of a group."""
        c, mid = self.canv, (x_from + x_to) / 2
        c.setStrokeColor(INK)
        c.setLineWidth(1.2)
        c.line(x_from, y_from, mid, y_from)
        c.line(mid, min(ys + [y_from]), mid, max(ys + [y_from]))
        for y in ys:
            self.arrow(mid, y, x_to, y)


def contact_list(contacts: list[dict], width: float) -> list:
    """The 連絡先一覧: every contact of the chart's categories, in full, as a table."""
    def p(text, size=8.5):
        return para(text, size, leading=1.3)

    def row(kind, c):
        name = " ".join(x for x in (c.get("organization", ""), c.get("department", ""), c.get("role", ""),
                                    c.get("name", "")) if x.strip())
        nums = "　".join(f"{label} {c[f].strip()}" for label, f in (
            ("電話", "phone"), ("夜間・休日", "phone_after_hours"), ("内線", "extension"), ("携帯", "mobile"))
            if c.get(f, "").strip())
        more = "　".join(f"{label}：{c[f].strip()}" for label, f in (
            ("対象", "systems"), ("受付", "hours"), ("契約・保守番号", "contract_no")) if c.get(f, "").strip())
        return [p(kind), p(name or "（未記入）"), p(nums or "―"), p(more)]

    rows = [[p("区分"), p("名称・部署・氏名"), p("電話番号"), p("対象・受付時間など")]]
    rows += [row("院内", c) for c in contacts if c["category"] == "inhouse"]
    rows += [row("事業者", c) for c in contacts if c["category"] == "vendor"]
    rows += [row("外部機関", c) for c in contacts if c["category"] == "outside"]
    t = Grid(rows, colWidths=[width * f for f in (0.1, 0.34, 0.3, 0.26)], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, LINE), ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"), *pads(2.5, 3)]))
    return [para(LIST_TITLE, 15, leading=1.3), Spacer(1, 2 * mm),
            para("連絡体制図に書ききれなかった連絡先を含め、図の区分の連絡先をすべて載せています。"
                 "連絡体制図と一緒に掲示・保管してください。", 9, leading=1.4), Spacer(1, 3 * mm), t]


def chart_story(ctx, pagesize=A4, frame: tuple[float, float] | None = None) -> list:
    """The chart page, followed by the 連絡先一覧 when the chart cannot hold every contact in full."""
    _margin, width, height, _k = frame_geometry(pagesize)
    if frame is not None:
        width, height = frame
    name = (ctx.facility.get("name") or "").strip()
    head = [para(TITLE, fit_size(TITLE, 20, width), align=TA_CENTER, leading=1.3)]
    if name:
        head.insert(0, para(name, fit_size(name, 12, width), align=TA_CENTER))
    when = confirmed_label(ctx.contacts_confirmed_on)
    head += [para(f"連絡先を確認した日：{when}", 9.5, align=TA_RIGHT), Spacer(1, 6)]
    foot = [Spacer(1, 8), para(NOTE, 8.5, leading=1.4, color=colors.HexColor("#333333"))]
    used = sum(f.wrap(width, height)[1] for f in head + foot)
    chart = ChartFlowable(width, height - used - 4, ctx.contacts)
    story = [KeepInFrame(width, height, [*head, chart, *foot], mode="shrink")]
    if not chart.complete():
        story += [PageBreak(), *contact_list(ctx.contacts, width)]
    return story


def build_chart(ctx) -> bytes:
    margin = frame_geometry(A4)[0]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=TITLE, author=printable(ctx.facility.get("name") or ""),
                            subject="連絡体制図", creator="hospital_sec_desk",
                            initialFontName=register_fonts())
    doc.build(chart_story(ctx, A4))
    return buf.getvalue()
