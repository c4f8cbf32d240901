"""Paragraph fragments without running reportlab's markup parser for every text.

reportlab parses each Paragraph's markup with an HTMLParser subclass (about 0.15 ms a text, a
thousand texts a report). The report's texts have few shapes: plain text, or text in a handful
of tags (<font color=…>, <br/>, <b>). The fragments of a text are those of its *shape* — the
same tags with each run of text replaced by a private-use placeholder character — with the
placeholders replaced by the runs. A shape is parsed once by reportlab (per style); its texts
are then filled in. Texts the shortcut cannot mirror exactly take reportlab's parser:

- any entity (&amp; …: reportlab makes each a fragment of its own), a placeholder character
  in the text itself, a style with a text transform or a bullet, a shape whose parse
  yields bullet fragments or moves a placeholder out of a single fragment's text.

The text is first cleaned exactly as reportlab cleans it (cleanBlockQuotedText), so whitespace
is the same.
"""

from __future__ import annotations

import re

from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

BASE = 0xF0000  # Supplementary Private Use Area-A: never in a font the report uses
_FIRST_PLACEHOLDER = chr(BASE)  # a text with a character from here on takes the parser
_TAG = re.compile(r"(<[^>]*>)")
_SHAPES: dict[tuple[str, int], tuple] = {}
_SHAPES_MAX = 2000


def _shape(skeleton: str, style):
    key = (skeleton, id(style))
    entry = _SHAPES.get(key)
    if entry is not None and entry[0] is style:
        return entry
    parser = ParaParser()
    parser.caseSensitive = 1
    out_style, frags, bullet = parser.parse(skeleton, style)
    usable = frags is not None and not bullet
    templates = []
    if usable:
        for f in frags:
            text = getattr(f, "text", None)
            if not isinstance(text, str):
                usable = False
                break
            marks = [ord(c) - BASE for c in text if ord(c) >= BASE]
            if marks and (len(marks) != 1 or len(text) != 1):
                usable = False  # a placeholder merged with other text: not mirrored
                break
            templates.append((f, marks[0] if marks else None))
    entry = (style, out_style, templates if usable else None)
    if len(_SHAPES) >= _SHAPES_MAX:  # styles made per paragraph (the poster's): start over
        _SHAPES.clear()
    _SHAPES[key] = entry
    return entry


def fragments(text: str, style):
    """(cleaned text, style, fragments) as Paragraph._setup would make them, or None."""
    if getattr(style, "textTransform", None) or getattr(style, "bulletText", None):
        return None
    cleaned = cleanBlockQuotedText(text)
    if not cleaned or max(cleaned) >= _FIRST_PLACEHOLDER:  # (max: the same test at C speed)
        return None
    pieces = _TAG.split(cleaned)
    runs, skeleton = [], []
    for i, piece in enumerate(pieces):
        if i % 2:  # a tag
            skeleton.append(piece)
        elif piece:
            if "&" in piece:  # reportlab makes an entity a fragment of its own
                return None
            skeleton.append(chr(BASE + len(runs)))
            runs.append(piece)
    _, out_style, templates = _shape("".join(skeleton), style)
    if templates is None:
        return None
    frags = []
    for f, mark in templates:
        g = f.clone()
        if mark is not None:
            g.text = runs[mark]
        frags.append(g)
    return cleaned, out_style, frags
