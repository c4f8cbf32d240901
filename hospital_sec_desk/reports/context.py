"""ReportContext: one snapshot of everything a report page may print.

Built from the Store and the editions registry (no SQL here: only Store methods),
then handed to the page builders, which never read the database themselves.
"""

from __future__ import annotations

import datetime as dt

from ..domain.answers import AnswerRecord
from ..domain.edition import Edition
from ..domain.fiscal import nendo_label
from ..domain.record import field, record
from ..domain.registry import EditionStatus
from ..domain.text import shorten


@record(frozen=False)
class AssessmentData:
    edition: Edition
    assessment: dict                      # the assessments row (id, fiscal_year, …)
    records: dict[str, AnswerRecord]      # item_key -> record
    actions: dict[str, dict] = field(default_factory=dict)  # item_key -> action item
    status: EditionStatus = field(default_factory=lambda: EditionStatus(False))  # 「暫定」 and why

    @property
    def provisional(self) -> bool:
        return self.status.provisional


@record(frozen=False)
class ReportContext:
    year: int
    facility: dict
    assessments: list[AssessmentData]     # this year, in questionnaire order
    previous: list[AssessmentData]        # the year before (may be empty)
    contacts: list[dict]                  # the whole registry, ordered
    contacts_confirmed_on: str = ""       # ISO date or ""
    printed_on: dt.date = field(default_factory=dt.date.today)
    history: dict[int, list[AssessmentData]] = field(default_factory=dict)  # this year and before
    facts: dict[str, str] = field(default_factory=dict)  # recorded facts for readiness (drill log)
    drills: list = field(default_factory=list)  # the training/drill log (domain.drills.Drill), set by app/

    @property
    def nendo(self) -> str:
        return nendo_label(self.year)

    def by_questionnaire(self, questionnaire: str) -> AssessmentData | None:
        return next((a for a in self.assessments if a.edition.questionnaire == questionnaire), None)

    def previous_of(self, questionnaire: str) -> AssessmentData | None:
        return next((a for a in self.previous if a.edition.questionnaire == questionnaire), None)

    def vendors(self) -> list[dict]:
        return [c for c in self.contacts if c["category"] == "vendor"]

    def contact(self, contact_id: int | None) -> dict | None:
        return next((c for c in self.contacts if c["id"] == contact_id), None)


PRINT_FIELD_LIMIT = 300  # a contact field longer than this is cut for printing (… marks the cut)


def _capped(contact: dict) -> dict:
    """Printed pages cannot hold a 10,000-character phone field; the registry keeps it whole."""
    return {k: shorten(v, PRINT_FIELD_LIMIT) if isinstance(v, str) else v for k, v in contact.items()}


def _load_year(store, registry, year: int) -> list[AssessmentData]:
    out: list[AssessmentData] = []
    rows = store.assessments(year)
    order = {q: n for n, q in enumerate(registry.questionnaires())}
    for row in sorted(rows, key=lambda r: order.get(r["questionnaire"], 99)):
        edition = registry.get(row["questionnaire"], row["edition"])
        if edition is None:
            continue
        out.append(AssessmentData(edition, row, store.answers(row["id"]), store.action_items(row["id"]),
                                  registry.status(edition, year)))
    return out


def load_context(store, registry, year: int, *, with_history: bool = False,
                 facts: dict[str, str] | None = None) -> ReportContext:
    """Gather a year's data (and the year before) through the Store API.

    `facts`: recorded facts for the readiness part (app.planning.readiness_facts(ctx)).
    """
    ctx = ReportContext(
        year=year,
        facility=store.facility(),
        assessments=_load_year(store, registry, year),
        previous=_load_year(store, registry, year - 1),
        contacts=[_capped(c) for c in store.contacts()],
        contacts_confirmed_on=store.setting("contacts_confirmed_on", ""),
        facts=dict(facts or {}),
    )
    if with_history:
        # a year's report shows that year and the years before it, never a later one
        ctx.history = {y: _load_year(store, registry, y) for y in store.years() if y <= year}
    return ctx
