"""加算 readiness: do a year's answers show the security 施設基準 as met, not met or unknown?

The rules are data, one file per edition they read: resources/rules/readiness_<q>_<edition>.toml
(the file's header documents the evaluation order). No requirement has code of its own.

✓ only when every condition a requirement names (its `conditions`) is established by an answer —
of this questionnaire, of the year's BCP確認表 or checklist (`others`) — or by a recorded fact
(`facts`); otherwise ？ with what to check. A 望ましい (recommended) criterion is never ×.

Recorded facts (the hook for the drill / training log): `facts` maps a fact key to the Japanese
sentence saying what was recorded (e.g. {"bcp_drill_yearly": "2026年6月10日に訓練を実施（記録あり）"}).
Keys used by the rules today: FACT_KEYS.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import rule_tables
from .answers import AnswerRecord, is_answered, selected
from .branching import applicable_from_records
from .edition import Edition
from .item_state import CARRIED as CARRIED_STATE
from .item_state import item_state
from .record import record
from .rule_tables import rules_path

FORMAT_VERSION = 1
FACT_KEYS = {
    "training_yearly": "職員向け情報セキュリティ研修を、この1年以内に実施した記録",
    "bcp_drill_yearly": "BCPに沿った訓練・演習を、この1年以内に実施した記録",
    "bcp_drill_improved": "訓練・演習の結果を踏まえた改善の記録",
}
RECOMMENDED_NOTE = "必須ではなく「望ましい」とされている基準のため、満たしていなくても×にはしません。"
MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STATUSES = (MET, NOT_MET, UNKNOWN)
STATUS_LABELS = {MET: "✓ 満たしている", NOT_MET: "× 満たしていない", UNKNOWN: "？ 分からない"}


@record
class Source:
    """One way a condition holds: an answer (of `questionnaire`, default the rules' own) or a fact."""

    item: str = ""
    any_of: tuple[str, ...] = ()
    questionnaire: str = ""
    fact: str = ""


@record
class Named:
    """A condition the requirement names (「年1回程度」「改善」…) and what can establish it."""

    text: str
    by: tuple[Source, ...]


@record
class Rule:
    status: str
    when: tuple[Source, ...]
    reason: str
    note: str = ""
    ask: str = ""


@record
class Requirement:
    key: str
    number: str
    title: str
    text: str                 # the requirement, verbatim from the source
    tells: tuple[str, ...]    # item keys whose answers decide it
    not_asked: str            # the question this edition does not ask that would tell
    otherwise: str
    rules: tuple[Rule, ...]
    recommended: bool = False
    beds_min: int | None = None
    beds_note: str = ""
    conditions: tuple[Named, ...] = ()  # every one must be established for ✓


@record
class RuleSet:
    questionnaire: str
    edition: str
    title: str
    source: str
    requirements: tuple[Requirement, ...]


@record
class Result:
    requirement: Requirement
    status: str
    reasons: tuple[str, ...]
    open_items: tuple[str, ...] = ()   # "Q12-5" … questions to answer that would tell
    ask: str = ""                      # a question the edition does not ask
    note: str = ""                     # caveat on a met result
    beds_note: str = ""

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def lines(self) -> list[str]:
        """The explanation in Japanese, one sentence a line (panel and report)."""
        out = list(self.reasons)
        if self.open_items:
            out.append("答えると分かる質問：" + "、".join(self.open_items))
        if self.ask:
            out.append("確かめること：" + self.ask)
        if self.note:
            out.append(self.note)
        if self.beds_note:
            out.append(self.beds_note)
        return out


def question_label(number: str) -> str:
    """'Q12-5' stays; a bare '7-1' (editions numbered without a Q) becomes '設問7-1'."""
    return f"設問{number}" if number[:1].isdigit() else number


def _fail(where: str, problem: str) -> ValueError:
    return ValueError(f"{where}: {problem}")


def parse_rules(raw: dict, edition: Edition, where: str) -> RuleSet:
    """Validate a rules file against the edition it reads (keys, choices, placeholders)."""
    if raw.get("format_version") != FORMAT_VERSION:
        raise _fail(where, f"format_version must be {FORMAT_VERSION}")
    if (raw.get("questionnaire"), raw.get("edition")) != (edition.questionnaire, edition.edition):
        raise _fail(where, f"reads {raw.get('questionnaire')}/{raw.get('edition')}, not {edition.id}")
    numbers = {i.key: question_label(i.number) for i in edition.items}

    def item_key(key: str, w: str) -> str:
        if not edition.has_item(key):
            raise _fail(w, f"unknown item {key!r} in {edition.id}")
        return key

    def text(value: str, w: str) -> str:
        try:
            return value.format_map(numbers)
        except (KeyError, ValueError, IndexError) as exc:
            raise _fail(w, f"bad placeholder {exc}") from exc

    def source(c: dict, w: str) -> Source:
        if c.get("fact"):
            if c["fact"] not in FACT_KEYS:
                raise _fail(w, f"unknown fact {c['fact']!r} (known: {', '.join(sorted(FACT_KEYS))})")
            return Source(fact=c["fact"])
        if not c.get("any_of"):
            raise _fail(w, "any_of missing")
        other = c.get("questionnaire", "")
        if other and other != edition.questionnaire:  # another questionnaire: checked when evaluated
            return Source(c.get("item", ""), tuple(c["any_of"]), other)
        item = edition.item(item_key(c.get("item", ""), w))
        unknown = set(c["any_of"]) - {ch.key for ch in item.choices}
        if unknown:
            raise _fail(w, f"bad choices {sorted(unknown)} of {item.key!r}")
        return Source(item.key, tuple(c["any_of"]))

    reqs: list[Requirement] = []
    for n, r in enumerate(raw.get("requirements", [])):
        w = f"{where}: requirements[{n}]"
        for name in ("key", "number", "title", "text", "otherwise"):
            if not str(r.get(name, "")).strip():
                raise _fail(f"{w}.{name}", "missing")
        rules: list[Rule] = []
        for m, rule in enumerate(r.get("rules", [])):
            rw = f"{w}.rules[{m}]"
            if rule.get("status") not in STATUSES:
                raise _fail(f"{rw}.status", f"must be one of {', '.join(STATUSES)}")
            conds = [source(c, f"{rw}.when") for c in rule.get("when", [])]
            if not conds:
                raise _fail(f"{rw}.when", "a rule needs at least one condition")
            rules.append(Rule(rule["status"], tuple(conds), text(rule.get("reason", ""), f"{rw}.reason"),
                              text(rule.get("note", ""), f"{rw}.note"), text(rule.get("ask", ""), f"{rw}.ask")))
        beds = r.get("beds_note", {})
        named = tuple(Named(text(c.get("text", ""), f"{w}.conditions[{m}]"),
                            tuple(source(s, f"{w}.conditions[{m}].by") for s in c.get("by", [])))
                      for m, c in enumerate(r.get("conditions", [])))
        if any(not c.text or not c.by for c in named):
            raise _fail(f"{w}.conditions", "each condition needs a text and at least one `by`")
        reqs.append(Requirement(
            r["key"], r["number"], r["title"], r["text"],
            tuple(item_key(k, f"{w}.tells") for k in r.get("tells", [])),
            text(r.get("not_asked", ""), f"{w}.not_asked"), text(r["otherwise"], f"{w}.otherwise"),
            tuple(rules), bool(r.get("recommended", False)), beds.get("min_beds"), beds.get("text", ""),
            named))
    if not reqs:
        raise _fail(where, "no requirements")
    return RuleSet(edition.questionnaire, edition.edition, raw.get("title", ""), raw.get("source", ""),
                   tuple(reqs))


_loaded: dict[tuple[str, str], RuleSet] = {}


def rules_for(edition: Edition) -> RuleSet | None:
    """The rules that read this edition, or None when there is no rules file for it."""
    path = rules_path(edition.questionnaire, edition.edition)
    if not path.is_file():
        return None
    cache_key = (str(path), edition.id)
    if cache_key not in _loaded:
        _loaded[cache_key] = parse_rules(rule_tables.table(path), edition, path.name)
    return _loaded[cache_key]


Others = Mapping[str, tuple[Edition, Mapping[str, AnswerRecord]]]


class _Facts:
    """What the evaluation can see: this edition's answers, the year's other questionnaires, facts."""

    def __init__(self, edition: Edition, records: Mapping[str, AnswerRecord], others: Others,
                 facts: Mapping[str, str]):
        self.edition, self.records, self.facts = edition, records, facts
        self.flags = applicable_from_records(edition, records)
        self.others = {q: (ed, recs, applicable_from_records(ed, recs)) for q, (ed, recs) in others.items()}

    def holds(self, src: Source) -> bool:
        if src.fact:
            return bool(self.facts.get(src.fact))
        if src.questionnaire and src.questionnaire != self.edition.questionnaire:
            if src.questionnaire not in self.others:
                return False
            edition, records, flags = self.others[src.questionnaire]
        else:
            edition, records, flags = self.edition, self.records, self.flags
        if not edition.has_item(src.item):
            return False
        item, record = edition.item(src.item), records.get(src.item)
        return (flags.get(src.item, False) and is_answered(item, record)
                and bool(selected(item, record.value) & set(src.any_of)))

    def evidence(self, src: Source) -> str:
        if src.fact:
            return self.facts[src.fact]
        if src.questionnaire and src.questionnaire in self.others:
            ed = self.others[src.questionnaire][0]
            return f"{ed.short_title} {ed.item(src.item).number}"
        return question_label(self.edition.item(src.item).number)


def _evaluate_one(req: Requirement, seen: _Facts, beds: int | None) -> Result:
    beds_note = req.beds_note if req.beds_min is not None and beds is not None and beds >= req.beds_min else ""
    matching = [r for r in req.rules if all(seen.holds(c) for c in r.when)]
    failed = [r.reason for r in matching if r.status == NOT_MET]
    if failed and req.recommended:  # a 望ましい criterion is never ×
        return Result(req, UNKNOWN, (*failed, RECOMMENDED_NOTE), beds_note=beds_note)
    if failed:
        return Result(req, NOT_MET, tuple(failed), beds_note=beds_note)
    met = next((r for r in matching if r.status == MET), None)
    if met is not None:
        missing = [c.text for c in req.conditions if not any(seen.holds(s) for s in c.by)]
        if missing:
            return Result(req, UNKNOWN, (met.reason, "ただし、基準が求める次のことは回答や記録からはまだ確かめられていません。"),
                          ask="、".join(missing), beds_note=beds_note)
        shown = [seen.evidence(next(s for s in c.by if seen.holds(s))) for c in req.conditions]
        reasons = (met.reason,) + ((f"確かめた根拠：{'、'.join(shown)}",) if shown else ())
        return Result(req, MET, reasons, note=met.note, beds_note=beds_note)
    unknown = next((r for r in matching if r.status == UNKNOWN), None)
    if unknown is not None:
        return Result(req, UNKNOWN, (unknown.reason,), ask=unknown.ask or req.not_asked, beds_note=beds_note)
    open_items = []
    for key in req.tells:
        state = item_state(seen.edition.item(key), seen.flags.get(key, False), seen.records.get(key))
        if state.open:
            carried = state.status == CARRIED_STATE
            open_items.append(question_label(state.item.number) + ("（前年度の回答が未確認）" if carried else ""))
    if open_items:
        return Result(req, UNKNOWN, ("まだ回答していない質問があります。",), tuple(open_items),
                      req.not_asked, beds_note=beds_note)
    return Result(req, UNKNOWN, (req.otherwise,), ask=req.not_asked, beds_note=beds_note)


def evaluate(rules: RuleSet, edition: Edition, records: Mapping[str, AnswerRecord],
             beds: int | None = None, others: Others | None = None,
             facts: Mapping[str, str] | None = None) -> list[Result]:
    seen = _Facts(edition, records, others or {}, facts or {})
    return [_evaluate_one(req, seen, beds) for req in rules.requirements]


def readiness(edition: Edition, records: Mapping[str, AnswerRecord],
              beds: int | None = None, *, others: Others | None = None,
              facts: Mapping[str, str] | None = None) -> list[Result] | None:
    """Results for one assessment, or None when no rules read its edition.

    `others`: the year's other questionnaires {questionnaire: (edition, records)} (BCP確認表,
    checklist); `facts`: recorded facts {FACT_KEYS key: Japanese sentence} (drill / training log).
    """
    rules = rules_for(edition)
    return None if rules is None else evaluate(rules, edition, records, beds, others, facts)
