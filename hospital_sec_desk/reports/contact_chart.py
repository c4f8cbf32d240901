"""The 連絡体制図: one A4 page drawn from the contact registry.

Centre column: 発見者 → 部門の責任者 → 医療情報システム安全管理責任者 → 経営層, the order of
the BCP 確認表 (seed 004) rows 2-1, 2-3 and 3-4. The vendors branch off the 安全管理責任者
(3-2 事業者等への連絡) on the right; 厚生労働省, 都道府県, 警察 … branch off the 経営層
(3-6 外部関係機関への報告) on the left, so no connector ever crosses another.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, KeepInFrame, SimpleDocTemplate, Spacer

from ..contacts_defaults import (
    ROLE_ADMIN_MANAGER,
    ROLE_CSIRT,
    ROLE_DIRECTOR,
    ROLE_SAFETY_MANAGER,
    find_role,
    is_department_contact,
)
from .fonts import register_fonts
from .poster import confirmed_label, fit_size, frame_geometry, para, printable

TITLE = "サイバー攻撃等の発生時の連絡体制図"
NOTE = ("この図は、BCP策定のための確認表 1-2「インシデント発生時における組織内と外部関係機関（事業者、厚生労働省、"
        "警察等）への連絡体制図」、およびサイバーセキュリティ対策チェックリスト 3-(1) の連絡体制図にあたります。"
        "全職員が把握し、連絡先をすぐに確認できるようにしてください（確認表 2-1）。")
MAX_VENDORS, MAX_OUTSIDE, MAX_DEPARTMENTS = 8, 6, 4
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
        dept_lines.append(f"ほか {len(depts) - MAX_DEPARTMENTS} 件")
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
        ("③ " + ROLE_SAFETY_MANAGER, third),
        ("④ 経営層（院長）", _who(director, ROLE_DIRECTOR) + (_who(admin, ROLE_ADMIN_MANAGER) if admin else [])),
    ]


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
    def box(self, x, y, w, h, head: str, lines: list[str], strong: bool = False, base: float = 10.5):
        c = self.canv
        c.setStrokeColor(INK if strong else LINE)
        c.setLineWidth(1.6 if strong else 0.8)
        c.setFillColor(colors.white)
        c.rect(x, y, w, h, stroke=1, fill=1)
        pad = 4
        size = base
        while True:  # the largest size at which the whole text fits inside the box
            # one character of slack: CJK line breaking may hang a 」 or ー past the width
            inner = w - 2 * pad - size * 1.1
            hs = size * 1.1 if strong else size
            ps = [para(head, max(fit_size(head, hs, inner), hs * 0.88), leading=1.2)]
            ps += [para(t, fit_size(t, size * 0.88, inner) if isinstance(t, NoWrap) else size * 0.88,
                        leading=1.22) for t in lines]
            heights = [p.wrap(inner, h)[1] for p in ps]
            if sum(heights) <= h - 2 * pad or size <= 4.5:
                break
            size -= 0.25
        top = y + h - pad - max(0.0, (h - 2 * pad - sum(heights)) / 2)
        for p, ph in zip(ps, heights, strict=True):
            top -= ph
            p.drawOn(c, x + pad, top)

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

    def group(self, x, w, centre, items, head: str) -> list[float]:
        """A titled column of boxes centred near `centre`; returns the box centre heights."""
        gap, head_h = 5, 28
        n = max(len(items), 1)
        bh = min(86.0, (self.height - head_h - gap * (n - 1)) / n)
        total = head_h + n * bh + gap * (n - 1)
        top = min(self.height, max(total, centre + total / 2))
        self.label(head, x, top - head_h / 2, w, 9.5, TA_CENTER)
        ys, y = [], top - head_h
        for head_text, lines in items or [("（未登録）", ["名称：", "電話："])]:
            y -= bh
            self.box(x, y, w, bh, head_text, lines)
            ys.append(y + bh / 2)
            y -= gap
        return ys

    def draw(self):
        W, H = self.width, self.height
        side, gap = W * 0.3, W * 0.04
        cw = W - 2 * side - 2 * gap
        cx = side + gap
        chain = chain_boxes(self.contacts)
        ch_gap = 34
        bh = min(105.0, (H - 3 * ch_gap) / 4)
        tops = [H - i * (bh + ch_gap) for i in range(4)]
        arrow_labels = ["報告（確認表 2-1）", "報告（確認表 2-3）", "報告・指示（確認表 3-4）"]
        for i, (head, lines) in enumerate(chain):
            self.box(cx, tops[i] - bh, cw, bh, head, lines, strong=True, base=12)
            if i < 3:
                mid = cx + cw / 2
                self.arrow(mid, tops[i] - bh, mid, tops[i + 1])
                self.label(arrow_labels[i], mid + 4, tops[i] - bh - ch_gap / 2, cw / 2 - 4, 7.5, align=0)
        vendors = [c for c in self.contacts if c["category"] == "vendor"]
        outside = [c for c in self.contacts if c["category"] == "outside"]
        v_items = [vendor_lines(v) for v in vendors[:MAX_VENDORS]]
        if len(vendors) > MAX_VENDORS:
            v_items.append((f"ほか {len(vendors) - MAX_VENDORS} 社", ["連絡先一覧を参照"]))
        o_items = [outside_lines(c) for c in outside[:MAX_OUTSIDE]]
        y_c, y_d = tops[2] - bh / 2, tops[3] - bh / 2
        vx = cx + cw + gap
        v_ys = self.group(vx, side, y_c, v_items, "事業者（保守会社 等）への連絡\n確認表 3-2")
        self.bus(cx + cw, y_c, vx, v_ys)
        o_ys = self.group(0, side, y_d, o_items, "外部関係機関への報告・相談\n確認表 3-6")
        self.bus(cx, y_d, side, o_ys)

    def bus(self, x_from, y_from, x_to, ys):
        """Elbow connectors from a chain box edge to every box of a group."""
        c, mid = self.canv, (x_from + x_to) / 2
        c.setStrokeColor(INK)
        c.setLineWidth(1.2)
        c.line(x_from, y_from, mid, y_from)
        c.line(mid, min(ys + [y_from]), mid, max(ys + [y_from]))
        for y in ys:
            self.arrow(mid, y, x_to, y)


def chart_story(ctx, pagesize=A4) -> list:
    _margin, width, height, _k = frame_geometry(pagesize)
    name = (ctx.facility.get("name") or "").strip()
    head = [para(TITLE, fit_size(TITLE, 20, width), align=TA_CENTER, leading=1.3)]
    if name:
        head.insert(0, para(name, fit_size(name, 12, width), align=TA_CENTER))
    when = confirmed_label(ctx.contacts_confirmed_on)
    head += [para(f"連絡先を確認した日：{when}", 9.5, align=TA_RIGHT), Spacer(1, 6)]
    foot = [Spacer(1, 8), para(NOTE, 8.5, leading=1.4, color=colors.HexColor("#333333"))]
    used = sum(f.wrap(width, height)[1] for f in head + foot)
    chart = ChartFlowable(width, height - used - 4, ctx.contacts)
    return [KeepInFrame(width, height, [*head, chart, *foot], mode="shrink")]


def build_chart(ctx) -> bytes:
    margin = frame_geometry(A4)[0]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=TITLE, author=printable(ctx.facility.get("name") or ""),
                            subject="連絡体制図", creator="hospital_sec_desk",
                            initialFontName=register_fonts())
    doc.build(chart_story(ctx, A4))
    return buf.getvalue()
