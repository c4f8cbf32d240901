"""Per-year shares for the trend chart: survey items answered positively, BCP rows できている.

Which answers are "positive" is data: each item's `positive` choice list in its edition
(はい for the survey's yes/no items, できている for the BCP rows). The share counts
applicable single-choice items that have positive choices; the denominator is every such
applicable item, answered or not, so a year still being answered shows a lower share and
the counts say how many are still open. Carried-over answers not yet confirmed count as
unanswered, as everywhere else in the app.
"""

from __future__ import annotations

from collections.abc import Mapping

from .answers import AnswerRecord, is_answered, selected
from .branching import applicable_from_records
from .compare import History
from .edition import Edition
from .record import record

SURVEY_KIND = "survey"
BCP_KIND = "bcp"


@record
class Share:
    applicable: int   # applicable single-choice items that have positive choices
    answered: int
    positive: int

    @property
    def ratio(self) -> float | None:
        return self.positive / self.applicable if self.applicable else None

    @property
    def percent(self) -> int | None:
        r = self.ratio
        return None if r is None else round(r * 100)

    @property
    def complete(self) -> bool:
        return self.answered == self.applicable


@record
class TrendPoint:
    year: int
    survey: Share | None   # None: no survey assessment that year
    bcp: Share | None


def positive_share(edition: Edition, records: Mapping[str, AnswerRecord]) -> Share:
    flags = applicable_from_records(edition, records)
    applicable = answered = positive = 0
    for item in edition.items:
        if item.type != "single" or not item.positive or not flags[item.key]:
            continue
        applicable += 1
        record = records.get(item.key)
        if is_answered(item, record):
            answered += 1
            if selected(item, record.value) & set(item.positive):
                positive += 1
    return Share(applicable, answered, positive)


def _share_of_kind(per_year: Mapping[str, tuple[Edition, Mapping[str, AnswerRecord]]],
                   kind: str) -> Share | None:
    for edition, records in per_year.values():
        if edition.kind == kind:
            return positive_share(edition, records)
    return None


def build_trend(history: History) -> list[TrendPoint]:
    """One point per year in the history, ascending."""
    return [TrendPoint(year, _share_of_kind(history[year], SURVEY_KIND),
                       _share_of_kind(history[year], BCP_KIND))
            for year in sorted(history)]


def percent_text(share: Share | None) -> str:
    """'67%' or '—' when there is nothing to count."""
    if share is None or share.percent is None:
        return "—"
    return f"{share.percent}%"


def counts_text(share: Share | None, positive_label: str) -> str:
    """'はい 14／対象 21（未回答 2）' — the counts behind a percentage."""
    if share is None:
        return "記録なし"
    text = f"{positive_label} {share.positive}／対象 {share.applicable}"
    open_items = share.applicable - share.answered
    return text + (f"（未回答 {open_items}）" if open_items else "")


SERIES = (
    # (attribute, legend label, label of the positive answer)
    ("survey", "調査票：「はい」等の割合", "はい等"),
    ("bcp", "BCP確認表：「できている」の割合", "できている"),
)
