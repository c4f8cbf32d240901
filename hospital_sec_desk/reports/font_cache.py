"""Parsed TrueType fonts cached by the content of the font files.

reportlab parses a TrueType file's tables (cmap, hmtx, loca) into Python dicts and lists every
time a font is registered: about 0.12 s for the two bundled fonts, at each print. This cache keeps
what the parser produced (the font and face objects' attributes, without the file's bytes, which
subsetting reads from the file itself) in `<data>/cache/fonts.pickle`:

- an entry is used only when the font file's path and the sha256 of its current bytes match
  (the digest is recomputed whenever the file's size, times or inode changed; while they are
  the same the file is mapped into memory rather than read and hashed);
- the whole cache is used only when its fingerprint matches: the cache format, the reportlab
  version and the Python version (so reportlab's objects never meet another version's state);
- a missing, unreadable, corrupt or stale cache is ignored (the font is parsed as without a cache)
  and rewritten; any failure to write it is ignored: a cache never fails a print;
- it is written atomically (a temporary file in the same folder, then os.replace), 0600 in a
  0700 folder, only when something changed (the pattern of domain/edition_cache.py).

The cache is pickled, so it must live where only the user can write: the data folder.
Loading it is part of every print (7 ms), so two of its tables are kept in a cheaper form:
the glyph -> characters map, which only text shaping reads (the report never shapes), stays
pickled until it is first read (Face); the glyph metrics, (advance, bearing) tuples of which
a font has a few hundred distinct ones, are pickled as shared tuples (equal values, fewer
objects to make).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import mmap
import pickle
import sys
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from ..domain.cache_file import stat_key, write_private

CACHE_FORMAT = 3
CACHE_NAME = "fonts.pickle"
# reportlab's default keeps the 95 ASCII codes of a font's first subset for ASCII (readable
# text in the content streams), so their glyphs are embedded whether used or not and the
# Japanese text needs more subsets: 15 KB of a 300 KB report. Text extraction and search use the
# ToUnicode map, which every subset has either way.
ASCII_READABLE = 0


@contextlib.contextmanager
def gc_paused():
    """No cyclic garbage collection inside: building a report (or loading this cache) makes
    hundreds of thousands of small objects, nearly all freed by reference counting, and the
    collector's passes over them are wasted (loading this cache measured 160 ms with them,
    17 ms without). Collection resumes afterwards, as it was; the few cycles a build leaves
    are collected then."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def fingerprint() -> tuple:
    return (CACHE_FORMAT, reportlab.Version, sys.version, ASCII_READABLE)


class _Scale:
    """A picklable stand-in for the face's units-per-em scaling lambda (same arithmetic)."""

    def __init__(self, units_per_em: int):
        self.mult = None if units_per_em == 1000 else 1000 / units_per_em

    def __call__(self, x):
        return x if self.mult is None else x * self.mult


class Font(TTFont):
    """reportlab's TTFont; splitString first tries the common case (every character already has
    its code in this document) as one dict look-up per character, with the same result, and
    keeps that result per text for the document (a report draws the same texts many times)."""

    def splitString(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc)
        if state is None or not isinstance(text, str) or not text:
            return super().splitString(text, doc, encoding)
        known = state.__dict__.setdefault("hsd_split", {})  # text -> result, in this document
        result = known.get(text)
        if result is not None:
            return list(result)
        try:
            codes = list(map(state.assignments.__getitem__, map(ord, text)))
        except KeyError:  # a new character (or U+00A0, which reportlab maps to a space)
            return super().splitString(text, doc, encoding)
        low, high = min(codes), max(codes)
        if low >> 8 == high >> 8:  # one subset (nearly always): the bytes at C speed
            base = low >> 8 << 8
            result = [(low >> 8, bytes(map(base.__rsub__, codes)) if base else bytes(codes))]
        else:
            result, cur, cur_set = [], [], codes[0] >> 8
            for c in codes:
                if c >> 8 != cur_set:
                    result.append((cur_set, bytes(cur)))
                    cur, cur_set = [], c >> 8
                cur.append(c & 0xFF)
            result.append((cur_set, bytes(cur)))
        if len(known) < 50000:  # every character has its code: the result never changes
            known[text] = result
        return list(result)


_LATER = "hsd_glyphToChar_pickled"  # where Face keeps glyphToChar until it is read


class Face(TTFontFace):
    """reportlab's TTFontFace whose glyphToChar is unpickled when it is first read."""

    def __getattr__(self, name):  # (called only for an attribute the instance lacks)
        if name == "glyphToChar":
            pickled = self.__dict__.pop(_LATER, None)
            if pickled is not None:
                self.glyphToChar = value = pickle.loads(pickled)  # noqa: S301 - our own cache
                return value
        raise AttributeError(name)


def _state(font: TTFont) -> tuple[dict, dict] | None:
    """The attributes of a freshly parsed font and its face, picklable; None when reportlab holds
    something this cache does not know how to keep (then the font is simply not cached)."""
    face = dict(font.face.__dict__)
    face.pop("_ttf_data", None)
    face.pop("_pdfScale", None)
    if isinstance(face.get("glyphToChar"), dict):
        face[_LATER] = pickle.dumps(face.pop("glyphToChar"), protocol=pickle.HIGHEST_PROTOCOL)
    if isinstance(face.get("hmetrics"), list) and all(type(m) is tuple for m in face["hmetrics"]):
        shared: dict = {}
        face["hmetrics"] = [shared.setdefault(m, m) for m in face["hmetrics"]]
    outer = {k: v for k, v in font.__dict__.items() if k not in ("face", "state")}
    if any(callable(v) for v in (*face.values(), *outer.values())):
        return None
    return outer, face


def _restore(name: str, state: tuple[dict, dict], data: bytes) -> TTFont:
    outer, attrs = state
    face = Face.__new__(Face)
    face.__dict__.update(attrs)
    face._ttf_data = data
    face._pdfScale = _Scale(attrs["unitsPerEm"])
    font = Font.__new__(Font)
    font.__dict__.update(outer)
    font.fontName = name
    font.face = face
    font.state = WeakKeyDictionary()
    return font


def _mapped(path):
    """The file's bytes as a read-only memory map (sliced like bytes), or None."""
    try:
        with open(path, "rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None


class FontCache:
    """Loads TrueType fonts through the cache; `save()` writes it back when it changed."""

    def __init__(self, cache_file: Path | None):
        self.file = Path(cache_file) if cache_file is not None else None
        self.hits = 0
        self.misses = 0
        self._old = self._load_entries()
        self._new: dict[str, tuple[str, tuple | None, tuple[dict, dict]]] = {}

    def _load_entries(self) -> dict:
        if self.file is None:
            return {}
        try:
            data = self.file.read_bytes()
            with gc_paused():
                stored = pickle.loads(data)  # noqa: S301 - our own private file
        except Exception:  # noqa: BLE001 - missing, unreadable, truncated, garbage: rebuild
            return {}
        if not (isinstance(stored, dict) and stored.get("fingerprint") == fingerprint()
                and isinstance(stored.get("entries"), dict)):
            return {}
        return stored["entries"]

    def load(self, name: str, path: Path) -> TTFont:
        """The font of one file: restored when the file's bytes are unchanged, else parsed.

        The sha256 of the file is computed again whenever its size, times or inode differ from
        those recorded with it (so a changed file is always noticed); when they are the same,
        the recorded digest stands and the file is mapped, not read: only the glyphs a report
        embeds are then read from the disk."""
        key = str(path)
        if self.file is None:
            return Font(name, key, asciiReadable=ASCII_READABLE)
        stamp = stat_key(path)
        cached = self._old.get(key)
        if not (isinstance(cached, tuple) and len(cached) == 3):
            cached = None
        data = None
        if cached is not None and stamp is not None and cached[1] == stamp:
            digest = cached[0]
            data = _mapped(path)
        if data is None:
            data = Path(path).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
        if cached is not None and cached[0] == digest:
            try:
                font = _restore(name, cached[2], data)
            except Exception:  # noqa: BLE001 - a damaged entry: parse instead
                font = None
            if font is not None:
                self.hits += 1
                self._new[key] = (digest, stamp, cached[2])
                return font
        self.misses += 1
        font = Font(name, key, asciiReadable=ASCII_READABLE)
        state = _state(font)
        if state is not None:
            self._new[key] = (digest, stamp, state)
        return font

    @property
    def changed(self) -> bool:
        """Something to write: a font parsed, a file gone, or a file's size or times changed."""
        if self.misses > 0 or self._new.keys() != self._old.keys():
            return True
        return any(self._old[k][:2] != v[:2] for k, v in self._new.items())

    def save(self) -> None:
        """Write the entries used by this load; any error is ignored (the cache is optional)."""
        if self.file is None or not self.changed:
            return
        with contextlib.suppress(Exception):
            payload = pickle.dumps({"fingerprint": fingerprint(), "entries": self._new},
                                   protocol=pickle.HIGHEST_PROTOCOL)
            write_private(self.file, payload)

