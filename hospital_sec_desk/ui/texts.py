"""Japanese texts the screens build from item states and editions (counts that explain
themselves, line breaks that leave no orphan)."""

from __future__ import annotations

from ..domain.edition import Edition
from ..domain.item_state import NOT_APPLICABLE, UNANSWERED, ItemState, summarize

NBSP_JOIN = "\u2060"  # WORD JOINER: no line break between the characters it joins


def no_orphan(text: str, tail: int = 3) -> str:
    """Glue the last `tail` characters of each paragraph together so that a wrapped Japanese
    label never ends with 「い。」 alone on its line (Qt may break between any two CJK characters)."""
    def glue(par: str) -> str:
        if len(par) <= tail + 1:
            return par
        head, end = par[:-tail], par[-tail:]
        return head + NBSP_JOIN.join(end)

    return "\n".join(glue(p) for p in text.split("\n"))


def undecided(states: list[ItemState]) -> list[ItemState]:
    """対象外 items that may still apply: a condition names an item not yet answered (or one
    that is itself undecided)."""
    by_key = {st.key: st for st in states}
    open_keys: set[str] = set()
    out = []
    for st in states:  # conditions point backwards: one pass in edition order
        if st.status != NOT_APPLICABLE:
            continue
        if any(by_key[c.item].status == UNANSWERED or c.item in open_keys
               for c in st.item.when if c.item in by_key):
            open_keys.add(st.key)
            out.append(st)
    return out


def count_lines(edition: Edition, states: list[ItemState]) -> list[str]:
    """The counts of a questionnaire, with what decides 対象外 said when it is not decided yet."""
    c = summarize(states)
    waiting = undecided(states)
    decided_na = c.not_applicable - len(waiting)
    head = f"回答済み {c.answered} / 対象 {c.applicable} 項目"
    if decided_na:
        head += f"（対象外 {decided_na} 項目）"
    if not waiting:
        return [head]
    first = edition.items[0] if edition.items else None
    by_key = {st.key: st for st in states}
    gates_on_first = first is not None and by_key[first.key].status == UNANSWERED and \
        any(c.item == first.key for st in waiting for c in st.item.when)
    if gates_on_first and len(waiting) * 2 >= len(states):
        note = f"最初の設問（{first.number}）の回答で、対象の項目が決まります（残り {len(waiting)} 項目）。"
    else:
        note = (f"ほかに {len(waiting)} 項目は、前の設問の回答によって回答が必要かどうかが決まります"
                "（いまは数えていません）。")
    return [head, note]
