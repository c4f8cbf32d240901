"""Contacts (院内・ベンダー・外部機関): their fields, the shipped defaults, roles, list texts.

The defaults (resources/default_contacts.toml) are inserted once per data file by the
application layer when a data folder opens (Store.add_contacts_once); the setting SEEDED_KEY keeps a
contact the user deleted from coming back, also through export and import.
"""

from __future__ import annotations

from ..paths import resource
from .phone import normalize_phone
from .text import clean_text, shorten

CONTACT_FIELDS = ("category", "role", "name", "organization", "department", "systems", "phone",
                  "phone_after_hours", "extension", "mobile", "hours", "contract_no", "memo",
                  "on_poster", "position")
SEEDED_KEY = "contacts_seeded"
CONFIRMED_KEY = "contacts_confirmed_on"

# Roles the poster and the 連絡体制図 look for (as shipped in default_contacts.toml).
ROLE_SAFETY_MANAGER = "医療情報システム安全管理責任者"
ROLE_DIRECTOR = "院長／経営層"
ROLE_ADMIN_MANAGER = "事務長"
ROLE_CSIRT = "CSIRT（対応チーム）"
ROLE_MHLW = "厚生労働省"
ROLE_PREFECTURE = "都道府県"
ROLE_POLICE = "警察"
ROLE_JMA = "日本医師会"
LEADERSHIP_ROLES = (ROLE_SAFETY_MANAGER, ROLE_DIRECTOR, ROLE_ADMIN_MANAGER, ROLE_CSIRT)

CATEGORY_LABELS = {"inhouse": "院内", "vendor": "ベンダー・保守会社", "outside": "外部機関"}


def default_contacts() -> list[dict]:
    """The shipped entries, each a dict of contact fields (missing fields left to the table defaults)."""
    import tomllib  # read once, at the first start only: kept off the start-up path

    with open(resource("default_contacts.toml"), "rb") as fh:
        data = tomllib.load(fh)
    out = []
    for entry in data.get("contact", []):
        unknown = set(entry) - set(CONTACT_FIELDS)
        if unknown:
            raise ValueError(f"default_contacts.toml: unknown fields {sorted(unknown)}")
        out.append(dict(entry))
    return out


def find_role(contacts: list[dict], category: str, role: str) -> dict | None:
    """The first contact of `category` whose role is `role` (or, failing that, contains it)."""
    peers = [c for c in contacts if c["category"] == category]
    exact = next((c for c in peers if c["role"].strip() == role), None)
    if exact is not None:
        return exact
    return next((c for c in peers if role in c["role"]), None)


def is_department_contact(contact: dict) -> bool:
    """An in-house contact that is not one of the leadership roles: a department's contact."""
    return contact["category"] == "inhouse" and not any(
        r in contact["role"] for r in (ROLE_SAFETY_MANAGER, "院長", "経営", ROLE_ADMIN_MANAGER, "CSIRT"))


# -- what the 連絡先 form and list show per category (Japanese labels) ----------------------
PHONE_FIELDS = ("phone", "phone_after_hours", "mobile")
# category -> (field, label) in form order; memo (and on_poster for vendors) follow.
FORM = {
    "inhouse": (("role", "役割"), ("name", "氏名"), ("department", "部署"), ("extension", "内線"),
                ("mobile", "携帯電話"), ("phone", "外線・直通")),
    "vendor": (("organization", "社名（必須）"), ("systems", "対象システム"), ("phone", "電話（平日）"),
               ("phone_after_hours", "電話（夜間・休日）"), ("hours", "受付時間"), ("name", "担当者"),
               ("department", "担当部署"), ("contract_no", "契約・保守番号")),
    "outside": (("role", "区分"), ("organization", "機関名"), ("department", "部署・窓口"), ("phone", "電話"),
                ("phone_after_hours", "電話（時間外）"), ("hours", "受付時間")),
}
ROLE_SUGGESTIONS = {"inhouse": [*LEADERSHIP_ROLES, "部門の責任者（所属長）", "看護部長", "情報システム担当"],
                    "outside": ["厚生労働省", "都道府県", "警察", "日本医師会", "保健所"]}
REQUIRED = {"vendor": ("organization",), "inhouse": ("role", "name"), "outside": ("role", "organization")}


def contact_summary(c: dict) -> str:
    """Two lines for the list: who, then the numbers (a doubtful number is marked)."""
    def num(text: str, value: str, check: bool = True) -> str:
        flag = "【番号を確認】" if check and normalize_phone(value)[1] else ""
        return f"{text} {value}{flag}" if value else ""

    if c["category"] == "inhouse":
        head = f"{c['role'] or '（役割未記入）'}：{c['name'] or '（氏名未登録）'}"
        nums = [num("内線", c["extension"], False), num("携帯", c["mobile"]), num("外線", c["phone"])]
    elif c["category"] == "vendor":
        head = c["organization"] + (f"（{c['systems']}）" if c["systems"] else "")
        nums = [num("平日", c["phone"]), num("夜間・休日", c["phone_after_hours"])]
    else:
        head = c["organization"] or c["role"]
        nums = [num("電話", c["phone"]) or "電話番号が未登録です", c["hours"]]
    tail = "　".join(n for n in nums if n) or "（連絡先の番号が未登録です）"
    # List entries stay short even when an imported field is very long (the editor shows all).
    return shorten(head, 80) + "\n　" + shorten(tail, 120)


def clean_contact(category: str, raw: dict) -> dict:
    """Form text -> fields to save: cleaned; a phone number normalised when it is plausible,
    otherwise kept exactly as typed (the form shows why it looks wrong)."""
    out = {"category": category}
    for field, value in raw.items():
        if field == "on_poster":
            out[field] = int(bool(value))
            continue
        text = clean_text(str(value or ""), multiline=field == "memo").strip()
        if field in PHONE_FIELDS:
            number, message = normalize_phone(text)
            text = text if message else number
        out[field] = text
    return out


def missing_required(category: str, values: dict) -> str | None:
    """A Japanese message when the entry has nothing to identify it, else None."""
    if any(values.get(f) for f in REQUIRED[category]):
        return None
    return "社名を入力してください。" if category == "vendor" else "名前か役割を入力してください。"
