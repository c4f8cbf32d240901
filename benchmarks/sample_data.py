"""Sample data for the benchmarks, built here (not from the package) through the AppContext.

- fill_years(ctx, years): `years` years of every questionnaire, every item answered;
- report_hospital(ctx, vendors, contacts): a hospital with two years, `vendors` vendor contacts
  (each flagged on survey items), in-house and outside contacts up to `contacts`, actions;
- touch(folder): one answer's memo changed, as a working session does (so the next start finds
  the data changed since the last backup).
"""

from __future__ import annotations

from pathlib import Path

from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.domain.answers import AnswerRecord


def _value(item, n: int) -> dict:
    """A complete answer to any item type, varying with n (so some years change)."""
    choices = [c.key for c in item.choices]
    if item.type == "single":
        return {"choice": choices[n % len(choices)]}
    if item.type == "multi":
        plain = [c.key for c in item.choices if not c.exclusive] or choices
        return {"choices": plain[: 1 + n % len(plain)]}
    if item.type == "device_grid":
        return {"devices": {d.key: choices[(n + k) % len(choices)] for k, d in enumerate(item.devices)}}
    return {"fields": {f.key: f"{f.label}の記入 {n // 3}" for f in item.fields}}


def _editions_for(ctx, n: int, years: int) -> dict[str, str]:
    """The newest edition of each questionnaire for the last two years, the one before earlier."""
    out = {}
    for q in ctx.registry.questionnaires():
        eds = ctx.registry.editions_of(q)  # newest first
        out[q] = (eds[0] if n >= years - 2 or len(eds) == 1 else eds[1]).edition
    return out


def fill_years(ctx, years: int, last_year: int = 2026, *, memo: str = "") -> list[int]:
    """`years` years of answers (every questionnaire, every item); returns the years."""
    store, registry = ctx.store, ctx.registry
    if not store.has_facility():
        store.save_facility(name="ベンチマーク病院", corporation="医療法人ベンチ会", beds=80,
                            prefecture="東京都", respondent_name="計測 太郎")
    span = list(range(last_year - years + 1, last_year + 1))
    for n, year in enumerate(span):
        editions = _editions_for(ctx, n, years)
        ids = store.start_year(year, editions, None)
        with store.db.atomic():  # one transaction per year keeps the set-up quick
            for q, aid in ids.items():
                for k, item in enumerate(registry.get(q, editions[q]).items):
                    store.save_answer(aid, item.key, AnswerRecord(_value(item, (n + k) // 2), memo=memo))
    return span


def report_hospital(ctx, vendors: int, contacts: int, year: int = 2026) -> dict:
    """Two years (year-1 and year) and `vendors` vendors among `contacts` contacts."""
    store = ctx.store
    store.save_facility(name="医療法人社団ベンチ会 ベンチマーク記念病院", corporation="医療法人社団ベンチ会",
                        beds=120, prefecture="石川県", respondent_name="計測 花子",
                        respondent_dept="事務部", respondent_contact="076-123-4567")
    vendor_ids = [store.save_contact(category="vendor", name=f"担当 {n:02d}",
                                     organization=f"株式会社ベンチシステム{n:02d}",
                                     systems=f"システム{n:02d}（電子カルテ連携）", phone=f"076-000-{n:04d}")
                  for n in range(1, vendors + 1)]
    have = len(store.contacts())
    for n in range(max(0, contacts - have)):
        store.save_contact(category="inhouse", role=f"担当者 {n + 1}", name=f"院内 職員{n + 1:03d}",
                           phone=f"076-111-{n:04d}")
    fill_years(ctx, 2, last_year=year, memo="前回の点検で確認済み")
    flagged = 0
    for a in store.assessments(year):
        edition = ctx.registry.get(a["questionnaire"], a["edition"])
        answers = store.answers(a["id"])
        for k, item in enumerate(edition.items):
            rec = answers.get(item.key)
            if rec is None or not vendor_ids:
                continue
            if a["questionnaire"] == "survey" or k % 3 == 0:
                rec = rec.with_(vendor_flag=True, vendor_id=vendor_ids[flagged % len(vendor_ids)])
                store.save_answer(a["id"], item.key, rec)
                flagged += 1
            if k % 4 == 0:
                store.save_action(a["id"], item.key, owner="事務長", due=f"{year}-12-20", status="open")
    return {"vendors": len(vendor_ids), "contacts": len(store.contacts()), "flagged": flagged, "year": year}


def touch(folder: Path, n: int) -> None:
    """Change one memo, as a working session does (not timed)."""
    ctx = AppContext.open(folder)
    try:
        year = max(ctx.store.years())
        a = ctx.store.assessments(year)[0]
        answers = ctx.store.answers(a["id"])
        key, rec = next(iter(answers.items()))
        ctx.store.save_answer(a["id"], key, rec.with_(memo=f"変更 {n}"))
    finally:
        ctx.close()


def build(folder: Path, years: int = 10) -> Path:
    ctx = AppContext.open(folder)
    try:
        fill_years(ctx, years)
    finally:
        ctx.close()
    return folder
