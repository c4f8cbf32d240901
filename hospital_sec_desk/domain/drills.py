"""The training and drill log: one record per 研修 / 訓練 / 演習, validated; and what it establishes.

Pure Python. A record's date fields are ISO strings in storage and `datetime.date` here.
`validate()` turns what a user typed (strings) into a Drill or raises DrillError with
Japanese messages, one per problem, and never half-accepts a record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from .dates import jp_date
from .record import record, replace
from .text import clean_text, parse_date

KINDS = ("研修", "訓練", "机上演習", "初動対応訓練", "復旧訓練", "その他")
TRAINING_KINDS = ("研修",)                                     # 施設基準 (9): staff training
DRILL_KINDS = ("訓練", "机上演習", "初動対応訓練", "復旧訓練")  # 施設基準 (12): BCP drills
FIELDS = ("held_on", "kind", "topic", "participants", "findings", "improvements", "next_on")
TOPIC_MAX = 200
TEXT_MAX = 4000
PARTICIPANTS_MAX = 100_000
REMIND_AFTER_MONTHS = 12


class DrillError(ValueError):
    """Bad input; `messages` are Japanese sentences for the user, one per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@record
class Drill:
    held_on: dt.date
    kind: str
    topic: str
    participants: int | None = None
    findings: str = ""
    improvements: str = ""
    next_on: dt.date | None = None
    id: int | None = None
    updated_at: str = ""

    @property
    def is_drill(self) -> bool:
        return self.kind in DRILL_KINDS

    @property
    def has_improvement(self) -> bool:
        return bool(self.improvements.strip())

    def with_(self, **changes) -> Drill:
        return replace(self, **changes)

    def to_row(self) -> dict:
        """The storage/export shape: dates as ISO strings, None participants kept as None."""
        return {"held_on": self.held_on.isoformat(), "kind": self.kind, "topic": self.topic,
                "participants": self.participants, "findings": self.findings,
                "improvements": self.improvements,
                "next_on": self.next_on.isoformat() if self.next_on else ""}


def _date(text: object, label: str, problems: list[str], required: bool) -> dt.date | None:
    if isinstance(text, dt.date):
        return text
    iso, error = parse_date(str(text or ""))
    if error:
        problems.append(f"{label}：{error}")
        return None
    if not iso:
        if required:
            problems.append(f"{label}を入力してください。")
        return None
    return dt.date.fromisoformat(iso)


def _participants(raw: object, problems: list[str]) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        problems.append("参加人数は数字で入力してください。")
        return None
    text = str(raw).strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if isinstance(raw, int):
        value = raw
    elif text.isdigit() and len(text) <= 7:
        value = int(text)
    else:
        problems.append("参加人数は0以上の整数（数字だけ）で入力してください。")
        return None
    if not 0 <= value <= PARTICIPANTS_MAX:
        problems.append(f"参加人数は0〜{PARTICIPANTS_MAX:,}人の範囲で入力してください。")
        return None
    return value


def validate(raw: Mapping[str, object], *, drill_id: int | None = None) -> Drill:
    """A Drill from typed values, or DrillError listing every problem (nothing is accepted then)."""
    problems: list[str] = []
    unknown = set(raw) - set(FIELDS)
    if unknown:
        problems.append("記録にない項目があります：" + "、".join(sorted(unknown)))
    held_on = _date(raw.get("held_on", ""), "実施日", problems, required=True)
    next_on = _date(raw.get("next_on", ""), "次回予定日", problems, required=False)
    kind = clean_text(str(raw.get("kind", "") or "")).strip()
    if not kind:
        problems.append("種類を選んでください。")
    elif kind not in KINDS:
        problems.append("種類は「" + "」「".join(KINDS) + "」から選んでください。")
    topic = clean_text(str(raw.get("topic", "") or "")).strip()
    if not topic:
        problems.append("テーマ・研修名を入力してください。")
    elif len(topic) > TOPIC_MAX:
        problems.append(f"テーマ・研修名は{TOPIC_MAX}文字以内で入力してください。")
    participants = _participants(raw.get("participants"), problems)
    texts = {}
    for name, label in (("findings", "気づいた課題"), ("improvements", "決めた改善策")):
        value = str(raw.get(name, "") or "")
        if len(value) > TEXT_MAX:
            problems.append(f"{label}は{TEXT_MAX:,}文字以内で入力してください。")
        texts[name] = clean_text(value, multiline=True, limit=TEXT_MAX).strip()
    if held_on and next_on and next_on <= held_on:
        problems.append("次回予定日は実施日より後の日付にしてください。")
    if problems:
        raise DrillError(problems)
    return Drill(held_on, kind, topic, participants, texts["findings"], texts["improvements"], next_on,
                 drill_id)


def from_row(row: Mapping[str, object]) -> Drill:
    """A stored row (already validated when written) back into a Drill."""
    next_on = str(row.get("next_on") or "")
    return Drill(dt.date.fromisoformat(str(row["held_on"])), str(row["kind"]), str(row["topic"]),
                 row.get("participants"), str(row.get("findings") or ""), str(row.get("improvements") or ""),
                 dt.date.fromisoformat(next_on) if next_on else None, row.get("id"), str(row.get("updated_at") or ""))


def newest_first(drills: Iterable[Drill]) -> list[Drill]:
    return sorted(drills, key=lambda d: (d.held_on, d.id or 0), reverse=True)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the 31st becomes the month's last day)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(y, m + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def in_last_year(drills: Iterable[Drill], today: dt.date, kinds: tuple[str, ...]) -> list[Drill]:
    """Records of these kinds held in the 12 months up to today (future dates excluded)."""
    start = months_before(today, REMIND_AFTER_MONTHS)
    return newest_first(d for d in drills if d.kind in kinds and start < d.held_on <= today)


def fiscal_year_of(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def in_fiscal_year(drills: Iterable[Drill], year: int) -> list[Drill]:
    return newest_first(d for d in drills if fiscal_year_of(d.held_on) == year)


def _label(day: dt.date) -> str:
    return jp_date(day)


@record
class RecordedFact:
    """What the log establishes for one 施設基準 (readiness reads it beside the answers)."""

    key: str               # "training" (施設基準 (9)) or "bcp_drill" (施設基準 (12))
    established: bool
    reason: str            # one Japanese sentence, shown under the requirement
    drill: Drill | None = None   # the record that establishes it (or the newest one seen)


def training_fact(drills: Iterable[Drill], today: dt.date) -> RecordedFact:
    """施設基準 (9): staff security training within the last 12 months."""
    recent = in_last_year(drills, today, TRAINING_KINDS)
    if recent:
        d = recent[0]
        return RecordedFact("training", True, f"{_label(d.held_on)}に研修「{d.topic}」を行った記録があります。", d)
    return RecordedFact("training", False, "この12か月に行った研修の記録がありません（研修・訓練の記録で登録できます）。")


def drill_fact(drills: Iterable[Drill], today: dt.date) -> RecordedFact:
    """施設基準 (12): a drill in the last 12 months whose improvements were recorded."""
    recent = in_last_year(drills, today, DRILL_KINDS)
    improved = [d for d in recent if d.has_improvement]
    if improved:
        d = improved[0]
        return RecordedFact("bcp_drill", True, f"{_label(d.held_on)}に{d.kind}「{d.topic}」を行い、"
                            "結果を踏まえた改善策を記録しています。", d)
    if recent:
        d = recent[0]
        return RecordedFact("bcp_drill", False, f"{_label(d.held_on)}の{d.kind}の記録に、結果を踏まえて決めた"
                            "改善策が書かれていません。", d)
    return RecordedFact("bcp_drill", False, "この12か月に行った訓練・演習の記録がありません（研修・訓練の記録で登録できます）。")


def recorded_facts(drills: Iterable[Drill], today: dt.date) -> dict[str, RecordedFact]:
    """Every fact the log establishes, by key (the readiness hook's input)."""
    items = list(drills)
    return {f.key: f for f in (training_fact(items, today), drill_fact(items, today))}


def reminder(drills: Iterable[Drill], today: dt.date) -> str:
    """Home's reminder: '' when a drill was held in the last 12 months, else one sentence."""
    items = [d for d in drills if d.kind in DRILL_KINDS and d.held_on <= today]
    if not items:
        return "BCPに沿った訓練・演習の記録がまだありません。年1回程度の訓練を計画しましょう。"
    last = newest_first(items)[0]
    if last.held_on > months_before(today, REMIND_AFTER_MONTHS):
        return ""
    return f"最後の訓練・演習（{_label(last.held_on)}）から12か月以上たっています。次の訓練を計画しましょう。"


def year_summary(drills: Iterable[Drill], year: int) -> str:
    """One line for the history comparison: what the log holds for 年度 `year`."""
    held = in_fiscal_year(drills, year)
    if not held:
        return "記録なし"
    training = sum(1 for d in held if d.kind in TRAINING_KINDS)
    drill = [d for d in held if d.kind in DRILL_KINDS]
    parts = []
    if training:
        parts.append(f"研修 {training}回")
    if drill:
        improved = sum(1 for d in drill if d.has_improvement)
        parts.append(f"訓練・演習 {len(drill)}回（改善策の記録 {improved}件）")
    other = len(held) - training - len(drill)
    if other:
        parts.append(f"その他 {other}回")
    return "、".join(parts)


def readiness_facts(drills: Iterable[Drill], today: dt.date) -> dict[str, str]:
    """The readiness hook's `facts`: {fact key: Japanese sentence} for what the log establishes.

    Keys as domain/readiness.py's FACT_KEYS: training_yearly (a 研修 in the last 12 months),
    bcp_drill_yearly (a drill in the last 12 months), bcp_drill_improved (such a drill with the
    improvements decided from it recorded). A fact that is not established is left out.
    """
    items = list(drills)
    out: dict[str, str] = {}
    training = training_fact(items, today)
    if training.established:
        out["training_yearly"] = training.reason
    recent = in_last_year(items, today, DRILL_KINDS)
    if recent:
        d = recent[0]
        out["bcp_drill_yearly"] = f"{_label(d.held_on)}に{d.kind}「{d.topic}」を実施した記録があります。"
    improved = drill_fact(items, today)
    if improved.established:
        out["bcp_drill_improved"] = improved.reason
    return out
