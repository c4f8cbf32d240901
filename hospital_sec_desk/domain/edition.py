"""Questionnaire editions: the data model (the loader is edition_parse.load_edition).

An edition file (resources/questionnaires/*.toml) holds everything about one
edition of one questionnaire: texts, choices, guidance, references, branching.
docs/editions-format.md documents the format.
"""

from __future__ import annotations

import re
from pathlib import Path

from .record import field, record

FORMAT_VERSION = 1
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ITEM_TYPES = ("single", "multi", "form", "device_grid")


class EditionError(ValueError):
    """A bad edition file. The message names the file and the key."""

    def __init__(self, path: str | Path, key: str, problem: str):
        self.path = str(path)
        self.key = key
        self.problem = problem
        super().__init__(f"{Path(path).name}: {key}: {problem}")


@record
class Choice:
    key: str
    label: str
    exclusive: bool = False
    other_text: bool = False  # 「その他」: the answer may say what the other is (value["other"])


@record
class Field:
    key: str
    label: str
    multiline: bool = False
    only_for: tuple[str, ...] = ()  # dates only: asked only when the answer selects one of these


@record
class Condition:
    """The item applies only when `item` is applicable and answered with one of `any_of`."""

    item: str
    any_of: tuple[str, ...]


@record
class Item:
    key: str
    number: str
    title: str
    section: str
    type: str
    choices: tuple[Choice, ...] = ()
    fields: tuple[Field, ...] = ()
    devices: tuple[Choice, ...] = ()
    table_title: str = ""
    group: str = ""
    guidance: str = ""
    reference: str = ""
    branch_note: str = ""
    help: tuple[str, ...] = ()
    when: tuple[Condition, ...] = ()
    attention: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    official: bool = True
    dates: tuple[Field, ...] = ()
    vendor: bool = False  # also on the 事業者確認用 form: listed on the vendor request sheet
    help_ours: str = ""  # our own plain explanation (当アプリによる解説), shown marked as not official

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


@record
class Section:
    key: str
    title: str
    description: str = ""


@record
class HelpNote:
    key: str
    title: str
    text: str


@record
class Correction:
    item: str
    field: str
    seed: str
    corrected: str
    source: str = ""  # where the corrected reading comes from


@record
class Edition:
    questionnaire: str
    edition: str
    kind: str
    title: str
    short_title: str
    source: str
    official_text: bool
    order: int
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    help: tuple[HelpNote, ...] = ()
    corrections: tuple[Correction, ...] = ()
    published: str = ""
    notes: str = ""
    path: str = ""
    questionnaire_title: str = ""  # the questionnaire's name across editions (default: short_title)
    fiscal_years: tuple[int, ...] = ()  # the 年度 this edition serves (empty: see fiscal_years_from)
    fiscal_years_from: int | None = None  # open range: every 年度 from this one on
    provisional: bool = False  # our stand-in, not the official form: printed and shown as 「暫定」
    provisional_reason: str = ""  # why it is a stand-in (Japanese, shown to the user)
    _index: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({i.key: i for i in self.items})

    @property
    def name(self) -> str:
        """What to call the questionnaire itself (not this edition), e.g. in a selector."""
        return self.questionnaire_title or self.short_title

    @property
    def id(self) -> str:
        return f"{self.questionnaire}/{self.edition}"

    def serves(self, year: int) -> bool:
        """Whether the edition file names `year` among the 年度 it serves."""
        if year in self.fiscal_years:
            return True
        return self.fiscal_years_from is not None and year >= self.fiscal_years_from

    def item(self, key: str) -> Item:
        return self._index[key]

    def has_item(self, key: str) -> bool:
        return key in self._index

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)
