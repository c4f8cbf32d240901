"""A click on an answer does only the work it changed: the side list looks at the entries whose item
state changed (and the old and the new highlighted one), branching runs only when an answer some
condition reads changed, the item page sets only the parts whose visibility changed. And after
every click of a walk with branching the wizard shows exactly what a computation from scratch
gives: every side-list entry, the progress, the 戻る button."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from hospital_sec_desk.domain import branching
from hospital_sec_desk.domain.item_state import item_states, summarize
from hospital_sec_desk.domain.session import REVIEW
from hospital_sec_desk.ui import side_list
from hospital_sec_desk.ui.wizard import WizardScreen
from tests.ui.helpers import setup_facility, show_active


def _fresh(wizard):
    """The item states computed from scratch (no cache) from what the session holds."""
    return item_states(wizard.edition, wizard.session.records)


def _assert_shows_fresh(wizard) -> None:
    side, current = wizard.side, wizard.current_key
    states = _fresh(wizard)
    for st in states:
        want = side_list.entry_look(st, st.key == current)
        entry = side.entry(st.key)
        assert entry.text() == want["text"], st.key
        assert entry.toolTip() == want["tip"], st.key
        assert entry.foreground().color().name() == want["color"], st.key
        assert bool(entry.flags() & Qt.ItemFlag.ItemIsSelectable) is want["applies"], st.key
        highlighted = entry.background().style() != Qt.BrushStyle.NoBrush
        assert highlighted is want["current"], st.key
    c = summarize(states)
    assert (wizard.progress.maximum(), wizard.progress.value()) == (max(1, c.applicable), c.answered)
    applicable = [st.key for st in states if st.applies]
    if current == REVIEW:
        back = bool(applicable)
    else:
        order = [st.key for st in states]
        back = any(order.index(k) < order.index(current) for k in applicable)
    assert wizard.back_btn.isEnabled() is back


class Counter:
    def __init__(self, monkeypatch, module, name):
        self.calls = 0
        real = getattr(module, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


def _click(qtbot, wizard, item: str, choice: str) -> None:
    button = wizard.findChild(QAbstractButton, f"answer:survey:{item}:{choice}")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(12, button.height() // 2))
    QApplication.processEvents()


# security_officer → officer_qualified → officer_qualifications: a chain of two conditions
WALK = [
    ("security_officer", "security_officer", "yes"),
    ("officer_qualified", "officer_qualified", "yes"),     # moves on, then answers
    ("officer_qualified", "officer_qualified", "no"),      # officer_qualifications no longer applies
    ("officer_qualified", "officer_qualified", "yes"),     # and applies again
    ("security_officer", "security_officer", "no"),        # two later items no longer apply (chain)
    ("security_officer", "security_officer", "yes"),       # both back
    ("bcp", "bcp", "no"),                                  # bcp_drill drops out
    ("bcp", "bcp", "yes"),
    ("two_factor", "two_factor", "no"),                    # two_factor_plan comes in
    ("two_factor", "two_factor", "no"),                    # the same choice: nothing changes
    ("it_staff_count", None, None),                        # only the highlight moves
]


def test_each_click_of_a_branching_walk_shows_a_fresh_computation_and_looks_only_at_what_changed(
        qtbot, ctx, monkeypatch):
    setup_facility(ctx, survey="r8")
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    wizard.resize(1280, 720)
    show_active(qtbot, wizard)
    _assert_shows_fresh(wizard)
    looks = Counter(monkeypatch, side_list, "entry_look")
    states = Counter(monkeypatch, side_list, "item_state")
    branch = Counter(monkeypatch, branching, "applicable")
    reads = set(branching.branch_reads(wizard.edition))
    for page, item, choice in WALK:
        if wizard.current_key != page:
            wizard.go(page)
        before = {st.key: st for st in _fresh(wizard)}
        current_before = wizard.current_key
        looks.calls = states.calls = branch.calls = 0
        if item is not None:
            _click(qtbot, wizard, item, choice)
        else:
            wizard.go(page)
        counted = looks.calls, states.calls, branch.calls  # (the checks below call them too)
        after = {st.key: st for st in _fresh(wizard)}
        changed = {k for k in after if after[k] != before[k]}
        _assert_shows_fresh(wizard)
        # states recomputed = states that changed; entries looked at = those + the highlight
        assert counted[1] == len(changed), (item, choice, changed)
        moved = current_before != wizard.current_key
        highlight = {current_before, wizard.current_key} - {REVIEW} if moved else set()
        assert counted[0] == len(changed | highlight), (item, choice, changed, highlight)
        assert counted[0] <= 4 < len(after)
        # branching: computed at most once a click, and not at all when no condition reads the item
        assert counted[2] <= 1
        if item is not None and item not in reads:
            assert counted[2] == 0
    assert wizard.session.applies["officer_qualifications"]  # the chain came back


def test_an_unchanged_answer_sets_no_visibility_and_a_changed_one_only_what_changed(qtbot, ctx):
    setup_facility(ctx, survey="r8")
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    show_active(qtbot, wizard)
    page = wizard.page
    calls: list[tuple[str, object]] = []
    for name in ("carry_box", "confirm_btn", "action_box", "vendor"):
        widget = getattr(page, name)
        for setter in ("setVisible", "setEnabled"):
            real = getattr(widget, setter)
            setattr(widget, setter, lambda v, real=real, n=name, s=setter: (calls.append((n, s)), real(v)))
    attention = next(c.key for c in page.item.choices if c.key in page.item.attention)
    fine = next(c.key for c in page.item.choices if c.key not in page.item.attention)
    _click(qtbot, wizard, "security_officer", fine)
    assert page.action_box.isHidden()
    calls.clear()
    _click(qtbot, wizard, "security_officer", attention)
    assert calls == [("action_box", "setVisible")]  # the action plan appears; nothing else is set
    assert not page.action_box.isHidden() and page.carry_box.isHidden()
    calls.clear()
    page._sync_visibility()
    assert calls == []
    _click(qtbot, wizard, "security_officer", fine)
    assert calls == [("action_box", "setVisible")] and page.action_box.isHidden()
