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

A Grid drawn again with the same content replays its operators (`draw`): a report draws the
same tables many times (the blank request table of every vendor sheet, the inquiry sheets'
tables: 368 of 402 table draws repeat one drawn before for 70 vendors). A table's operators are
relative to its origin (drawOn translates), and they are a function of what `_replay_key`
collects: the column and row positions and sizes, the background and line commands, for every
cell the 14 CellStyle attributes reportlab's drawing reads and its content — a string, or
paragraphs (FastParagraph) with their lines object, style, size and what their own replay key
holds (fast_paragraph) — and the canvas's transparency state. A table with anything else (a
nested table or another flowable, spans, links, a shadow, rounded corners, a render callback)
is drawn by reportlab each time. Operators are kept only when the drawing had no effect beyond
them, as for paragraphs: every text run stable (fast_text), no transparency or spot colours.
The cache entry holds the paragraphs' lines and styles, so their ids in the key stay theirs.

tests/reports/test_fast_table.py compares Grid's PDF operators with reportlab's Table's.
"""

from __future__ import annotations

from operator import attrgetter

from reportlab.platypus import Flowable, Table

from .fast_paragraph import FastParagraph, _replayable

_REPLAY_MAX = 2000  # tables kept per document
# every CellStyle attribute that Table.draw, _drawCell (reportlab's and Grid's) and _listCellGeom read
_CELL_LOOK = attrgetter("color", "leading", "fontname", "fontsize", "alignment", "valign", "leftPadding",
                        "rightPadding", "topPadding", "bottomPadding", "href", "destination", "direction",
                        "shaping")


def _flowables(cellval):
    """A cell's flowables as a sequence, or None when it holds none (a string, an empty cell)."""
    if isinstance(cellval, Flowable):
        return (cellval,)
    if isinstance(cellval, (list, tuple)) and cellval:
        return cellval
    return None


def _known_sizes(cellval, aW: float):
    """[(flowable, width, height)] when every flowable of a cell knows its size at `aW`."""
    cellval = _flowables(cellval)
    if cellval is None:
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

    def draw(self):
        """reportlab's Table.draw, replayed when this canvas drew a table with the same key
        (see the module docstring)."""
        canv = self.canv
        tables = getattr(canv, "hsd_tables", None)
        found = _replay_key(self, canv) if tables is not None else None
        if found is None:
            return super().draw()
        key, refs = found
        try:
            hit = tables.get(key)
        except TypeError:  # something unhashable in a command: drawn each time
            return super().draw()
        if hit is not None and len(hit[0]) == len(refs) and all(a is b for a, b in zip(hit[0], refs, strict=True)):
            canv._code.extend(hit[1])
            return None
        code, start, unstable = canv._code, len(canv._code), canv.hsd_unstable
        super().draw()
        drawn = code[start:]
        if (canv._code is code and canv.hsd_unstable == unstable and len(tables) < _REPLAY_MAX
                and not any(" gs" in c or "scn" in c or " cs" in c for c in drawn)):
            tables[key] = (refs, drawn)
        return None


def _frozen(value):
    """Lists (of a style command) as tuples, so that the commands can be a dict key."""
    if isinstance(value, (list, tuple)):
        return tuple(map(_frozen, value))
    return value


def _para_key(p, width: float, refs: list):
    """What a paragraph cell's drawing depends on (fast_paragraph's replay key, its known size
    and spaces); None when it is not one to replay."""
    if not isinstance(p, FastParagraph) or getattr(p, "bulletText", None) or not _replayable(p):
        return None
    bl = getattr(p, "blPara", None)
    size = p.known_size(width) if bl is not None else None
    if size is None:
        return None
    refs.append(bl)
    refs.append(p.style)
    return (type(p), id(bl), id(p.style), p.width, p.height, size, p.getSpaceBefore(), p.getSpaceAfter(),
            getattr(p, "autoLeading", None), getattr(p, "_JustifyLast", False),
            tuple(getattr(p, "_offsets", ())))


def _replay_key(table: Grid, canv):
    """(key, objects whose ids the key holds) for a table whose drawing can be replayed, or None."""
    if (table._spanCmds or getattr(table, "_renderCB", None) or getattr(table, "_shadow", None)
            or getattr(table, "_cornerRadii", None)):
        return None
    refs: list = []
    cells = []
    for row, styles in zip(table._cellvalues, table._cellStyles, strict=False):  # (as Table.draw)
        for value, style, col_width in zip(row, styles, table._colWidths, strict=False):
            look = _CELL_LOOK(style)
            if style.href or style.destination:
                return None
            if isinstance(value, str):
                cells.append((look, value))
                continue
            inner = col_width - style.leftPadding - style.rightPadding
            value = _flowables(value)
            if value is None:
                return None
            keys = []
            for p in value:
                k = _para_key(p, inner, refs)
                if k is None:
                    return None
                keys.append(k)
            cells.append((look, tuple(keys)))
    key = (type(table), tuple(table._colWidths), tuple(table._rowHeights), tuple(table._colpositions),
           tuple(table._rowpositions), _frozen(table._bkgrndcmds), _frozen(table._linecmds), tuple(cells),
           tuple(sorted(canv._extgstate._d.items())), canv.bottomup)
    return key, refs

