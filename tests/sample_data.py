"""A realistic sample hospital year, written through the Store API.

Test data (not shipped): used by the report, CSV and print-screen tests and for looking at the pages:
two years (so 「前年度からの変更点」 has content), carried-over answers, branching
(Q10 = いいえ makes Q10-1 対象外), BCP rows needing action, vendor flags.
"""

from __future__ import annotations

from hospital_sec_desk.domain.answers import AnswerRecord

HOSPITAL = "医療法人社団さくら会 さくら記念病院"
VENDOR_EHR = "株式会社メディカルシステムズ"
VENDOR_NET = "北陸ネットワークサービス株式会社"
VENDOR_IDLE = "株式会社レセプトワン"

# survey item key -> (value, memo, vendor) for the current year; vendor = "ehr" / "net" / "none" / None
SURVEY = {
    "respondent": ({"fields": {"name": "山田 花子", "affiliation": "医療法人社団さくら会 さくら記念病院 事務部",
                               "contact": "076-123-4567（内線 210）"}}, "", None),
    "security_officer": ({"choice": "yes"}, "事務長が兼任（2024年4月から）", None),
    "info_management_rules": ({"choice": "no"}, "規程の素案はあるが未承認", None),
    "responsibility_split": ({"choice": "yes"}, "保守契約書の第12条で確認", "ehr"),
    "network_overview": ({"choice": "no"}, "院内LANの構成図が古い", "net"),
    "consultation": ({"choices": ["c1", "c2"]}, "", None),
    "emergency_contacts": ({"choice": "yes"}, "", None),
    "vulnerability_info": ({"choice": "yes"}, "", None),
    "mds_sds_check": ({"choice": "no"}, "MDS/SDSの提出を依頼中", "ehr"),
    "bcp": ({"choice": "no"}, "", None),
    "bcp_drill": ({"choice": "yes"}, "", None),  # 対象外 because Q10 = いいえ
    "ehr": ({"choice": "yes"}, "", None),
    "ehr_backup": ({"choice": "yes"}, "", None),
    "backup_frequency": ({"choice": "c1"}, "毎晩2時に自動取得", None),
    "backup_copies": ({"choice": "c2"}, "", None),
    "backup_generations": ({"choice": "c3"}, "", None),
    "backup_media": ({"choice": "c2"}, "", None),
    "backup_offline": ({"choice": "no"}, "外付けHDDを常時接続している", "none"),
    "backup_leak_protection": ({"choice": "yes"}, "", None),
    "server_services": ({"choice": "yes"}, "", None),
    # pc_services stays a carried-over answer (前年度から引継ぎ・未確認)
}
PREVIOUS_SURVEY = {
    "security_officer": {"choice": "yes"}, "info_management_rules": {"choice": "no"},
    "responsibility_split": {"choice": "no"}, "network_overview": {"choice": "yes"},
    "bcp": {"choice": "no"}, "ehr": {"choice": "yes"}, "ehr_backup": {"choice": "yes"},
    "backup_frequency": {"choice": "c2"}, "pc_services": {"choice": "no"},
}
# BCP row -> (choice, action fields or None)
BCP = {
    "b1_1_1": ("done", None),
    "b1_1_2": ("not_done", {"owner": "情報システム係 佐藤", "due": "2026-09-30", "status": "in_progress",
                            "note": "ベンダーに最新の構成図の作成を依頼"}),
    "b1_1_3": ("partial", {"owner": "事務長", "due": "2026-07-31", "status": "open", "note": ""}),
    "b1_1_4": ("partial", None),
    "b1_2_1": ("done", None),
    "b1_2_2": ("done", None),
    "b1_2_3": ("not_done", {"owner": "看護部 田中", "due": "2027-01-15", "status": "done",
                            "note": "全職員向け研修を実施済み"}),
    "b1_2_4": ("done", None),
    "b2_1_1": ("partial", {"owner": "総務課 鈴木", "due": "", "status": "open", "note": ""}),
    "b2_2_1": ("done", None),
    "b3_1_1": ("not_done", {"owner": "情報システム係 佐藤", "due": "2026-12-20", "status": "open",
                            "note": ""}),
    # b2_3_1 and b3_2_1 … b3_6_1 stay unanswered
}


EDITIONS = {"survey": "r6", "bcp": "r6"}  # the sample answers use these editions' item keys


def _start(app, year: int, carry_from: int | None) -> dict[str, int]:
    """Pin the sample's editions, then create the year's other questionnaires as the app does."""
    for questionnaire, edition in EDITIONS.items():
        if app.registry.get(questionnaire, edition) is not None:
            app.store.ensure_assessment(year, questionnaire, edition)
    return app.ensure_year(year, carry_from=carry_from)


def populate(app, year: int = 2026, *, previous: bool = True, survey_memo: dict | None = None) -> dict:
    """Fill an open AppContext with a sample year; returns the ids the tests need."""
    store = app.store
    store.save_facility(name=HOSPITAL, corporation="医療法人社団さくら会", beds=120, prefecture="石川県",
                        respondent_name="山田 花子", respondent_dept="事務部", respondent_contact="076-123-4567")
    vendors = {
        "ehr": store.save_contact(category="vendor", name="高橋 一郎", organization=VENDOR_EHR,
                                  systems="電子カルテ・オーダリング", phone="0120-000-111"),
        "net": store.save_contact(category="vendor", name="", organization=VENDOR_NET,
                                  systems="院内ネットワーク", phone="076-000-2222"),
        "idle": store.save_contact(category="vendor", name="伊藤", organization=VENDOR_IDLE,
                                   systems="レセプトコンピュータ"),
    }
    store.save_contact(category="inhouse", role="医療情報システム安全管理責任者", name="山田 花子")
    carry = None
    if previous:
        ids = _start(app, year - 1, None)
        for key, value in PREVIOUS_SURVEY.items():
            store.save_answer(ids["survey"], key, AnswerRecord(value=value))
        carry = year - 1
    ids = _start(app, year, carry)
    memos = survey_memo or {}
    for key, (value, memo, vendor) in SURVEY.items():
        rec = AnswerRecord(value=value, memo=memos.get(key, memo), vendor_flag=vendor is not None,
                           vendor_id=vendors.get(vendor) if vendor else None)
        store.save_answer(ids["survey"], key, rec)
    if "bcp" in ids:
        for key, (choice, action) in BCP.items():
            store.save_answer(ids["bcp"], key, AnswerRecord(value={"choice": choice}))
            if action:
                store.save_action(ids["bcp"], key, **action)
    store.save_action(ids["survey"], "info_management_rules", owner="事務長", due="2026-06-30", status="open")
    return {"assessments": ids, "vendors": vendors, "year": year}
