"""A realistic small hospital for the planning tests: facility, contacts, survey / checklist / BCP
answers with an action plan, and a drill log. Written through the Store API and app/planning.
"""

from __future__ import annotations

import datetime as dt

from hospital_sec_desk.app import planning
from hospital_sec_desk.domain.answers import AnswerRecord

YEAR = 2026
TODAY = dt.date(2026, 11, 20)
HOSPITAL = "医療法人社団あおば会 あおば台病院"
OFFICER = "中村 健太"
VENDOR_EHR = "株式会社ヘルスケアシステムズ"
VENDOR_EHR_PHONE = "0120-345-678"
VENDOR_NET = "東北ネットワーク保守株式会社"
DRILL_TOPIC = "ランサムウェア感染を想定した初動対応訓練"
DRILL_IMPROVEMENT = "夜間の連絡網に当直医を加える。切り離し手順書を各病棟に配置する。"

SURVEY = {  # survey r6 item key -> value
    "security_officer": {"choice": "yes"},
    "bcp": {"choice": "yes"},
    "bcp_drill": {"choice": "yes"},
    "ehr": {"choice": "yes"},
    "ehr_backup": {"choice": "yes"},
    "backup_frequency": {"choice": "c1"},
    "backup_copies": {"choice": "c2"},
    "backup_generations": {"choice": "c1"},
    "backup_media": {"choice": "c2"},
    "backup_offline": {"choice": "no"},
    "backup_leak_protection": {"choice": "yes"},
    "network_overview": {"choice": "no"},
}
BCP = {  # BCP row -> (choice, action)
    "b1_1_1": ("done", None),
    "b1_1_2": ("not_done", {"owner": "情報システム係 佐々木", "due": "2027-01-31", "status": "in_progress",
                            "note": "保守事業者に最新の構成図を依頼"}),
    "b1_1_3": ("partial", {"owner": "事務長", "due": "2026-12-25", "status": "open", "note": ""}),
    "b1_2_1": ("done", None),
    "b1_2_3": ("partial", None),          # needs action, no owner yet -> 決めること
    "b1_2_4": ("done", None),
    "b2_1_1": ("partial", {"owner": "総務課 小林", "due": "2027-02-28", "status": "open", "note": "掲示を追加"}),
}


def populate(ctx, *, drills: bool = True, survey_edition: str | None = "r6") -> dict:
    """Fill an open AppContext; survey_edition None keeps the year's default edition."""
    store = ctx.store
    store.save_facility(name=HOSPITAL, corporation="医療法人社団あおば会", beds=96, prefecture="宮城県",
                        address="仙台市青葉区あおば台1-2-3", phone="022-123-4567",
                        respondent_name=OFFICER, respondent_dept="事務部", respondent_contact="022-123-4567")
    officer = next(c for c in store.contacts("inhouse") if c["role"] == "医療情報システム安全管理責任者")
    store.save_contact(officer["id"], name=OFFICER, department="事務部 情報システム係", phone="022-123-4567",
                       extension="215", mobile="090-1111-2222")
    store.save_contact(category="vendor", organization=VENDOR_EHR, name="高田 誠", systems="電子カルテ・オーダリング",
                       phone=VENDOR_EHR_PHONE, phone_after_hours="0120-345-999", hours="24時間", contract_no="HC-2024-018")
    store.save_contact(category="vendor", organization=VENDOR_NET, name="", systems="院内ネットワーク・VPN",
                       phone="")   # phone missing on purpose -> 決めること
    if survey_edition:
        store.ensure_assessment(YEAR, "survey", survey_edition)  # pinned, as a hospital may switch
    ids = ctx.ensure_year(YEAR)
    survey = ctx.edition_for(YEAR, "survey")
    for key, value in SURVEY.items():
        if not survey.has_item(key):
            continue
        store.save_answer(ids["survey"], key, AnswerRecord(value=value, memo="毎晩2時に自動取得"
                                                           if key == "backup_frequency" else ""))
    store.save_answer(ids["checklist"], "uses_medical_systems", AnswerRecord(value={"choice": "yes"}))
    store.save_answer(ids["checklist"], "backup_restore",
                      AnswerRecord(value={"choice": "yes", "dates": {"checked_on": "2026-06-10"}}))
    for key, (choice, action) in BCP.items():
        store.save_answer(ids["bcp"], key, AnswerRecord(value={"choice": choice}))
        if action:
            store.save_action(ids["bcp"], key, **action)
    if drills:
        planning.save_drill(ctx, {"held_on": "2026-10-15", "kind": "初動対応訓練", "topic": DRILL_TOPIC,
                                  "participants": "24", "findings": "夜間帯の連絡が院長まで40分かかった。",
                                  "improvements": DRILL_IMPROVEMENT, "next_on": "2027-10-01"})
        planning.save_drill(ctx, {"held_on": "2026-06-03", "kind": "研修", "topic": "標的型メールの見分け方",
                                  "participants": "85", "findings": "", "improvements": "", "next_on": ""})
        planning.save_drill(ctx, {"held_on": "2024-09-20", "kind": "机上演習", "topic": "電子カルテ停止時の紙運用",
                                  "participants": "12", "findings": "伝票の在庫が不足",
                                  "improvements": "紙伝票を各部署に50枚ずつ常備", "next_on": ""})
    return ids
