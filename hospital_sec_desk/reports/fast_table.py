"""Grid: a reportlab Table whose paragraph cells are drawn without being measured again.

reportlab's Table._drawCell measures every cell once more when it draws it
(`_listCellGeom`: each flowable's wrapOn, space before and after), although the table's
layout (`_calc_height`) has just wrapped the same flowables at the same width: for 70 vendors
that is 7,000 cells. A Para (pdf_base) or a FastParagraph (the poster's and the contact chart's
paragraphs) keeps its last wrap: `known_size(width)` gives what its wrap would return at that
width without wrapping, or None. When every flowable of a cell knows
its size at the cell's inner width, Grid positions and draws them exactly as reportlab's
_drawCell does (same arithmetic, same calls, in the same order); any other cell (a string, a
nested table, a flowable wrapped at another width) takes reportlab's own _drawCell.

Its style commands that set one cell attribute to a value (FONTNAME, FONTSIZE, LEADING, ALIGN,
VALIGN, the paddings…) are applied in one loop over the range: reportlab's `_setCellStyle` sets
the same attribute of the same cells, one function call and a chain of comparisons per cell
(8 commands × every cell of every table). Any other command is reportlab's.

tests/reports/test_fast_table.py compares Grid's PDF operators with reportlab's Table's.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Table


def _known_sizes(cellval, aW: float):
    """[(flowable, width, height)] when every flowable of a cell knows its size at `aW`."""
    if isinstance(cellval, Flowable):
        cellval = (cellval,)
    elif not isinstance(cellval, (list, tuple)) or not cellval:
        return None
    out = []
    for v in cellval:
        known = getattr(v, "known_size", None)
        size = known(aW) if known is not None else None
        if size is None:
            return None
        out.append((v, size[0], size[1]))
    return out


# style command -> the CellStyle attribute reportlab's _setCellStyle sets to its first value
_PLAIN = {"FONTNAME": "fontname", "FACE": "fontname", "SIZE": "fontsize", "FONTSIZE": "fontsize",
          "LEADING": "leading", "ALIGN": "alignment", "ALIGNMENT": "alignment", "VALIGN": "valign",
          "LEFTPADDING": "leftPadding", "RIGHTPADDING": "rightPadding", "TOPPADDING": "topPadding",
          "BOTTOMPADDING": "bottomPadding", "HREF": "href", "DESTINATION": "destination",
          "DIRECTION": "direction", "SHAPING": "shaping"}


class Grid(Table):
    def _addCommand(self, cmd):
        name = _PLAIN.get(cmd[0])
        if name is None or len(cmd) < 4 or isinstance(cmd[1][1], str) or isinstance(cmd[2][1], str):
            return super()._addCommand(cmd)  # (rows named 'splitfirst'/'splitlast': kept for later)
        (sc, sr), (ec, er) = cmd[1], cmd[2]
        sc, ec, sr, er = self.normCellRange(sc, ec, sr, er)
        value = cmd[3]
        for row in self._cellStyles[sr:er + 1]:
            for style in row[sc:ec + 1]:
                setattr(style, name, value)
        return None

    def _drawCell(self, cellval, cellstyle, pos, size):
        colpos, rowpos = pos
        colwidth, rowheight = size
        cells = _known_sizes(cellval, colwidth - cellstyle.leftPadding - cellstyle.rightPadding)
        if cells is None:
            return super()._drawCell(cellval, cellstyle, pos, size)
        canv = self.canv
        if self._curcellstyle is not cellstyle:  # as reportlab's _drawCell
            cur = self._curcellstyle
            if cur is None or cellstyle.color != cur.color:
                canv.setFillColor(cellstyle.color)
            if (cur is None or cellstyle.leading != cur.leading or cellstyle.fontname != cur.fontname
                    or cellstyle.fontsize != cur.fontsize):
                canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        just = cellstyle.alignment
        valign = cellstyle.valign
        # reportlab's _listCellGeom, on the known sizes: the same sums in the same order
        t = 0
        sb0 = None
        for v, _, vh in cells:
            sb = v.getSpaceBefore()
            sa = v.getSpaceAfter()
            t += vh + sa + sb
            if sb0 is None:
                sb0 = sb
        h = t - sb0 - sa
        if valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding
        elif valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + h
        else:
            y = rowpos + (rowheight + cellstyle.bottomPadding - cellstyle.topPadding + h) / 2.0
        y += cells[0][0].getSpaceBefore()
        for v, w, h in cells:
            if just == "LEFT":
                x = colpos + cellstyle.leftPadding
            elif just == "RIGHT":
                x = colpos + colwidth - cellstyle.rightPadding - w
            elif just in ("CENTRE", "CENTER"):
                x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding - w) / 2.0
            else:
                raise ValueError(f"Invalid justification {just!a} for {type(v)}")
            y -= v.getSpaceBefore()
            y -= h
            v.drawOn(canv, x, y)
            y -= v.getSpaceAfter()
        if cellstyle.href:
            canv.linkURL(cellstyle.href, (colpos, rowpos, colpos + colwidth, rowpos + rowheight), relative=1)
        if cellstyle.destination:
            canv.linkRect("", cellstyle.destination, Rect=(colpos, rowpos, colpos + colwidth, rowpos + rowheight),
                          relative=1)
        return None
