"""The glossary (用語集): plain-Japanese explanations of the terms used in question texts.

resources/glossary.toml holds the terms; docs/editions-format.md documents the format. The
wizard links terms inside question texts with `find_terms` (leftmost match; at one position
the longest term wins; matches never overlap).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .edition import KEY_RE, EditionError
from .record import field, record

FORMAT_VERSION = 1
APP_SOURCE = "当アプリの説明"
SEED_RE = re.compile(r"^\d{3}_[0-9a-f]+\.txt$")
TOP_KEYS = {"format_version", "sources", "terms"}
TERM_KEYS = {"key", "term", "aliases", "text", "source", "plain", "see"}
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def fold(text: str) -> str:
    """Text folded for searching: full/half width unified (NFKC), katakana as hiragana
    (「ばっくあっぷ」 finds 「バックアップ」), Latin letters in lower case."""
    out = []
    for ch in unicodedata.normalize("NFKC", text).lower():
        code = ord(ch)
        out.append(chr(code - 0x60) if 0x30A1 <= code <= 0x30F6 else ch)
    return "".join(out)


class GlossaryError(EditionError):
    """A bad glossary file. The message names the file and the key (as for editions)."""


@record
class Term:
    key: str
    term: str
    text: str
    source: str                   # a seed file name, or APP_SOURCE
    source_label: str             # what to show as the source (Japanese)
    aliases: tuple[str, ...] = ()
    plain: str = ""               # our plain-language note beside a quoted definition
    see: tuple[str, ...] = ()

    @property
    def from_seed(self) -> bool:
        return self.source != APP_SOURCE

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every spelling that links to this term."""
        return (self.term, *self.aliases)


class Match(NamedTuple):
    start: int
    end: int
    term: Term


@record
class Glossary:
    terms: tuple[Term, ...]
    sources: dict[str, str] = field(default_factory=dict)
    path: str = ""

    def get(self, key: str) -> Term | None:
        return next((t for t in self.terms if t.key == key), None)

    def search(self, needle: str) -> list[Term]:
        """Terms whose spelling, aliases or explanations contain `needle`, in hiragana or
        katakana, full or half width; terms matched by their name first."""
        want = fold(needle.strip())
        if not want:
            return list(self.terms)
        by_name = [t for t in self.terms if any(want in fold(s) for s in t.surfaces)]
        by_text = [t for t in self.terms if t not in by_name and (want in fold(t.text) or want in fold(t.plain))]
        return by_name + by_text

    @property
    def _pattern(self) -> tuple[re.Pattern, dict[str, Term]]:
        return _compile(self.terms)

    def find_terms(self, text: str, first_only: bool = False) -> list[Match]:
        """Non-overlapping (start, end, term) matches in `text`, left to right.

        At each position the longest spelling wins (so 「医療情報システムの安全管理に関する
        ガイドライン」 is one link, not 「医療情報システム」 plus text). ASCII spellings (BCP,
        VPN …) match only as whole words. With `first_only`, each term is linked once.
        """
        pattern, by_surface = self._pattern
        out: list[Match] = []
        seen: set[str] = set()
        for m in pattern.finditer(text):
            term = by_surface[m.group(0)]
            if first_only and term.key in seen:
                continue
            seen.add(term.key)
            out.append(Match(m.start(), m.end(), term))
        return out

    def segments(self, text: str, first_only: bool = False) -> list[tuple[str, Term | None]]:
        """`text` cut into pieces, each with its term or None (for rendering links)."""
        out: list[tuple[str, Term | None]] = []
        pos = 0
        for start, end, term in self.find_terms(text, first_only):
            if start > pos:
                out.append((text[pos:start], None))
            out.append((text[start:end], term))
            pos = end
        if pos < len(text):
            out.append((text[pos:], None))
        return out


@lru_cache(maxsize=8)
def _compile(terms: tuple[Term, ...]) -> tuple[re.Pattern, dict[str, Term]]:
    by_surface = {s: t for t in terms for s in t.surfaces}
    parts = []
    for surface in sorted(by_surface, key=lambda s: (-len(s), s)):
        part = re.escape(surface)
        if _ASCII_WORD.match(surface[0]):
            part = r"(?<![A-Za-z0-9])" + part
        if _ASCII_WORD.match(surface[-1]):
            part += r"(?![A-Za-z0-9])"
        parts.append(part)
    return re.compile("|".join(parts) if parts else r"(?!x)x"), by_surface


def _str_list(value, path: Path, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GlossaryError(path, where, "must be a list of non-empty strings")
    return tuple(value)


def _term(raw, n: int, path: Path, sources: dict[str, str]) -> Term:
    if not isinstance(raw, dict):
        raise GlossaryError(path, f"terms[{n}]", "must be a table")
    key = raw.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        raise GlossaryError(path, f"terms[{n}].key", f"{key!r} is not a valid key (a-z, 0-9, _)")
    where = f"terms.{key}"
    unknown = sorted(set(raw) - TERM_KEYS)
    if unknown:
        raise GlossaryError(path, f"{where}.{unknown[0]}", "unknown key")
    values: dict[str, str] = {}
    for name in ("term", "text", "source"):
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            raise GlossaryError(path, f"{where}.{name}", "missing or empty")
        values[name] = value.strip()
    source = values["source"]
    if source != APP_SOURCE and source not in sources:
        raise GlossaryError(path, f"{where}.source",
                            f"{source!r} is neither {APP_SOURCE!r} nor a file listed in [sources]")
    plain = raw.get("plain", "")
    if not isinstance(plain, str):
        raise GlossaryError(path, f"{where}.plain", "must be a string")
    if plain and source == APP_SOURCE:
        raise GlossaryError(path, f"{where}.plain", "only for terms quoting a seed (text is already ours)")
    return Term(key=key, term=values["term"], text=values["text"], source=source,
                source_label=sources.get(source, APP_SOURCE),
                aliases=_str_list(raw.get("aliases", []), path, f"{where}.aliases"),
                plain=plain.strip(), see=_str_list(raw.get("see", []), path, f"{where}.see"))


def parse_glossary(raw: dict, path: str | Path = "glossary.toml") -> Glossary:
    path = Path(path)
    unknown = sorted(set(raw) - TOP_KEYS)
    if unknown:
        raise GlossaryError(path, unknown[0], "unknown key")
    if raw.get("format_version") != FORMAT_VERSION:
        raise GlossaryError(path, "format_version", f"must be {FORMAT_VERSION}")
    sources = raw.get("sources", {})
    if not isinstance(sources, dict):
        raise GlossaryError(path, "sources", "must be a table of seed file = title")
    for name, title in sources.items():
        if not SEED_RE.match(name) or not isinstance(title, str) or not title.strip():
            raise GlossaryError(path, f"sources.{name}", "must be NNN_hex.txt = non-empty title")
    entries = raw.get("terms")
    if not isinstance(entries, list) or not entries:
        raise GlossaryError(path, "terms", "missing or empty")
    terms: list[Term] = []
    owner: dict[str, str] = {}
    for n, entry in enumerate(entries):
        term = _term(entry, n, path, sources)
        if any(t.key == term.key for t in terms):
            raise GlossaryError(path, f"terms.{term.key}", "duplicate key")
        for surface in term.surfaces:
            if surface in owner:
                raise GlossaryError(path, f"terms.{term.key}",
                                    f"{surface!r} is already a spelling of {owner[surface]!r}")
            owner[surface] = term.key
        terms.append(term)
    keys = {t.key for t in terms}
    for t in terms:
        for other in t.see:
            if other not in keys or other == t.key:
                raise GlossaryError(path, f"terms.{t.key}.see", f"unknown or self reference {other!r}")
    return Glossary(tuple(terms), dict(sources), str(path))


def load_glossary(path: str | Path) -> Glossary:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GlossaryError(path, "(file)", f"not valid UTF-8 TOML: {exc}") from exc
    except OSError as exc:
        raise GlossaryError(path, "(file)", f"cannot read: {exc.strerror}") from exc
    return parse_glossary(raw, path)


@lru_cache(maxsize=1)
def bundled_glossary() -> Glossary:
    """The glossary shipped in resources/ (loaded once)."""
    from ..paths import resource

    return load_glossary(resource("glossary.toml"))


def find_terms(text: str, glossary: Glossary | None = None, first_only: bool = False) -> list[Match]:
    """Glossary terms in `text` as (start, end, term); the bundled glossary by default."""
    return (glossary or bundled_glossary()).find_terms(text, first_only)
