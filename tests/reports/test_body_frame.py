"""pages.BodyFrame: its deep copy equals the generic deep copy of the same frame (attributes, class,
nothing mutable shared, the memo), and a document whose KeepTogethers make reportlab copy the
frame has the bytes of the same document in reportlab's Frame."""

from __future__ import annotations

import copy
import io

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Spacer

from hospital_sec_desk.reports import pdf_base
from hospital_sec_desk.reports.fonts import register_fonts
from hospital_sec_desk.reports.pages import BodyFrame
from hospital_sec_desk.reports.pdf_base import Para


def _generic(frame):
    """copy.deepcopy as it copies an object without __deepcopy__ (reportlab's Frame)."""
    return copy._reconstruct(frame, {}, *frame.__reduce_ex__(4))


def _used_frame() -> BodyFrame:
    frame = BodyFrame(40, 50, 400, 600, id="body", leftPadding=2, topPadding=0.5)
    frame._frameBGs = [(0, 1, 2, colors.red, [3, 4])]
    frame._generated_content = [Spacer(1, 2)]
    frame._prevASpace, frame._atTop, frame._y = 3.5, 0, 512.25
    frame.extra = {"a": [1, 2], "b": (1, [2])}
    frame.me = [frame]  # a reference back to the frame: the copy refers to the copy
    return frame


def test_the_copy_is_deepcopys_copy():
    for frame in (BodyFrame(0, 0, 100, 100), _used_frame()):
        memo = {}
        mine, generic = copy.deepcopy(frame, memo), _generic(frame)
        assert type(mine) is type(generic) is BodyFrame and mine is not frame
        assert memo[id(frame)] is mine
        assert set(vars(mine)) == set(vars(generic)) == set(vars(frame))
        for name, value in vars(frame).items():
            if isinstance(value, (int, float, str, type(None))):
                assert getattr(mine, name) == getattr(generic, name) == value
                assert type(getattr(mine, name)) is type(value)
            elif name == "me":
                assert mine.me[0] is mine and generic.me[0] is generic
            elif name != "_generated_content":  # (a flowable: compared by its own state below)
                assert getattr(mine, name) == getattr(generic, name) == value
                assert getattr(mine, name) is not value  # copied, not shared
        if hasattr(frame, "_generated_content"):
            copied = mine._generated_content[0]
            assert copied is not frame._generated_content[0]
            assert vars(copied) == vars(frame._generated_content[0])
    frame = _used_frame()
    both = copy.deepcopy([frame, frame])  # one copy for one object, as deepcopy keeps it
    assert both[0] is both[1]


def _document(frame_class) -> bytes:
    pdf_base.forget_layouts()
    style = ParagraphStyle("p", fontName=register_fonts(), fontSize=9.5, leading=14, wordWrap="CJK")
    story = []
    for i in range(40):
        story.append(KeepTogether([Para(f"見出し{i}", style), Spacer(1, 3 + i % 5),
                                   Para("点検の結果と対応の予定。" * (1 + i % 9), style)]))
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf)
    frame = frame_class(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame])])
    doc.build(story)
    pdf_base.forget_layouts()
    return buf.getvalue()


def test_a_document_has_the_bytes_of_reportlabs_frame(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    copied = []
    original = BodyFrame.__deepcopy__

    def counting(self, memo):
        copied.append(self)
        return original(self, memo)

    monkeypatch.setattr(BodyFrame, "__deepcopy__", counting)
    assert _document(BodyFrame) == _document(Frame)
    assert len(copied) >= 40  # the KeepTogethers did copy the frame this way
