"""The BCP document as data: sections of MHLW's template, pre-filled facts, what is left to decide.

Pure: `build()` takes a snapshot (BcpInput) and returns a BcpDocument that the PDF and
.docx writers only lay out. The section structure and our own body texts live in
resources/bcp_document.toml. A section body the hospital edited in the app replaces
our text; regenerating rebuilds only the facts and never touches an edit.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache

from ..paths import resource
from .bcp_facts import BcpInput, Block, QuestionnaireAnswers
from .bcp_tables import FACT_KINDS, section_blocks
from .fiscal import nendo_label
from .record import record

FORMAT_VERSION = 1
BODY_MAX = 10_000
__all__ = ["BcpDocument", "BcpInput", "Block", "Chapter", "DocumentSpec", "QuestionnaireAnswers",
           "Section", "build", "clean_edit", "load_spec", "parse_spec"]


@record
class SectionSpec:
    key: str
    number: str
    title: str
    body: str
    facts: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()      # BCP 確認表 item keys
    answers: tuple[str, ...] = ()     # "questionnaire:item_key"
    decide: tuple[str, ...] = ()


@record
class ChapterSpec:
    number: str
    title: str
    sections: tuple[SectionSpec, ...]


@record
class DocumentSpec:
    title: str
    subtitle: str
    notice: str
    decide_label: str
    filled_label: str
    edited_label: str
    chapters: tuple[ChapterSpec, ...]

    def sections(self) -> list[SectionSpec]:
        return [s for c in self.chapters for s in c.sections]

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections() if s.key == key), None)


def parse_spec(raw: dict, where: str = "bcp_document.toml") -> DocumentSpec:
    """Validate the structure file; a bad file is a developer error (English message)."""
    if raw.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"{where}: format_version must be {FORMAT_VERSION}")
    for name in ("title", "notice", "decide_label", "filled_label", "edited_label"):
        if not str(raw.get(name, "")).strip():
            raise ValueError(f"{where}: {name} missing")
    seen: set[str] = set()
    chapters = []
    for n, ch in enumerate(raw.get("chapters", [])):
        sections = []
        for m, s in enumerate(ch.get("sections", [])):
            w = f"{where}: chapters[{n}].sections[{m}]"
            for name in ("key", "number", "title", "body"):
                if not str(s.get(name, "")).strip():
                    raise ValueError(f"{w}.{name} missing")
            if s["key"] in seen:
                raise ValueError(f"{w}: duplicate key {s['key']!r}")
            seen.add(s["key"])
            bad = set(s.get("facts", [])) - set(FACT_KINDS)
            if bad:
                raise ValueError(f"{w}: unknown facts {sorted(bad)}")
            if any(":" not in a for a in s.get("answers", [])):
                raise ValueError(f"{w}: answers must be 'questionnaire:item_key'")
            sections.append(SectionSpec(s["key"], s["number"], s["title"], s["body"].strip(),
                                        tuple(s.get("facts", [])), tuple(s.get("checks", [])),
                                        tuple(s.get("answers", [])), tuple(s.get("decide", []))))
        chapters.append(ChapterSpec(ch["number"], ch["title"], tuple(sections)))
    if not chapters:
        raise ValueError(f"{where}: no chapters")
    return DocumentSpec(raw["title"], raw.get("subtitle", ""), raw["notice"], raw["decide_label"],
                        raw["filled_label"], raw["edited_label"], tuple(chapters))


@lru_cache(maxsize=1)
def load_spec() -> DocumentSpec:
    path = resource("bcp_document.toml")
    return parse_spec(tomllib.loads(path.read_text(encoding="utf-8")), path.name)


# -- the built document (Block and the input snapshot live in bcp_facts) -----------------

@record
class Section:
    key: str
    number: str
    title: str
    body: str
    edited: bool
    default_body: str
    blocks: tuple[Block, ...]
    to_decide: tuple[str, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}　{self.title}"


@record
class Chapter:
    number: str
    title: str
    sections: tuple[Section, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}　{self.title}"


@record
class BcpDocument:
    spec: DocumentSpec
    facility_name: str
    year_label: str
    made_on: dt.date
    chapters: tuple[Chapter, ...]

    def sections(self) -> list[Section]:
        return [s for c in self.chapters for s in c.sections]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections() if s.key == key)

    @property
    def decide_count(self) -> int:
        return sum(len(s.to_decide) for s in self.sections())


def clean_edit(text: str) -> str:
    """A body edit as stored: newlines normalised, trailing space trimmed, capped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))[:BODY_MAX]


def build(data: BcpInput, spec: DocumentSpec | None = None) -> BcpDocument:
    """The whole document from one snapshot."""
    spec = spec or load_spec()
    chapters = []
    for ch in spec.chapters:
        sections = []
        for s in ch.sections:
            blocks, decide = section_blocks(s.facts, s.checks, s.answers, data)
            edit = data.edits.get(s.key, "").strip()
            sections.append(Section(s.key, s.number, s.title, edit or s.body, bool(edit), s.body,
                                    tuple(blocks), tuple(decide) + s.decide))
        chapters.append(Chapter(ch.number, ch.title, tuple(sections)))
    name = str(data.facility.get("name") or "").strip()
    return BcpDocument(spec, name, nendo_label(data.year), data.today, tuple(chapters))
