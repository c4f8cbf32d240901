"""Parsed editions cached by the content of their files.

Parsing every edition's TOML and validating it costs about 11 ms at each start; loading the
same editions from this cache costs under 1 ms. One cache file holds, for every edition file
seen at the last start, the file's size and times, the sha256 of its bytes and the parsed `Edition`
(for a readiness rules file, its TOML table: domain/rule_tables.py):

- an entry is used when the file's path matches and either its size, modification and change
  times and file id are those recorded (nothing was written to it: it is not even read), or
  the sha256 of its current bytes is the recorded one;
- the whole cache is used only when its fingerprint matches: the app version, the Python
  version and a checksum (CRC-32 and length) of the source of the edition model (with
  domain/record.py) and parser (so a changed model never meets an
  old pickled object);
- a missing, unreadable, corrupt or stale cache is ignored (the files are parsed as without a
  cache) and rewritten; the cache never decides whether a file is valid and never raises;
- it is written atomically (a temporary file in the same folder, then os.replace), 0600 in a
  0700 folder, and only when something changed. Entries of files no longer present are dropped.

The cache is pickled, so it must live where only the user can write: the data folder
(`<data>/cache/editions.pickle`, docs/data-format.md). Invalid files are never cached: they are
parsed again (and their error reported again) at every start.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import pickle
import sys
import zlib
from pathlib import Path

from .. import __version__
from . import edition as _edition_module
from . import record as _record_module
from .cache_file import stat_key, write_private
from .edition import Edition

# The parser (and tomllib with it) is imported only when a file is not in the cache: a start
# whose editions are all cached never loads it. Its source still counts in the fingerprint.
PARSE_MODULE = f"{__package__}.edition_parse"

CACHE_FORMAT = 2  # 2: entries are (stat key, sha256, Edition)
CACHE_NAME = "editions.pickle"


def _digest(data: bytes) -> str:
    # hashlib (with OpenSSL) is loaded only when a file changed: about 1 % of a start otherwise
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _source_digest(file: str | None) -> str:
    """A checksum of a module's source file, or '' when it cannot be read (a frozen bundle,
    where the app version alone identifies the code)."""
    try:
        data = Path(file).read_bytes()
    except (OSError, TypeError):
        return ""
    return f"{zlib.crc32(data):08x}-{len(data)}"


def _parse_source() -> str | None:
    """Where the parser's source is, found without importing it."""
    spec = importlib.util.find_spec(PARSE_MODULE)
    return spec.origin if spec is not None else None


def load_edition(path: Path) -> Edition:
    """Parse and validate one edition file (edition_parse.load_edition, imported on first use)."""
    return importlib.import_module(PARSE_MODULE).load_edition(path)


def read_table(path: Path) -> dict:
    """The TOML table of a data file, parsed (edition_parse.read_table, imported on first use)."""
    return importlib.import_module(PARSE_MODULE).read_table(path)


def fingerprint() -> tuple:
    """What the cached objects depend on besides the edition files themselves."""
    return (CACHE_FORMAT, __version__, sys.version, _source_digest(_edition_module.__file__),
            _source_digest(_record_module.__file__),
            _source_digest(_parse_source()))


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class EditionCache:
    """Loads editions through the cache; `save()` writes it back when it changed."""

    def __init__(self, cache_file: Path | None):
        self.file = Path(cache_file) if cache_file is not None else None
        self.hits = 0
        self.misses = 0
        self._old: dict[str, tuple] = self._load_entries()
        self._new: dict[str, tuple] = {}
        self._refreshed = False  # an entry's stat key was renewed (same bytes, file rewritten)

    def _load_entries(self) -> dict[str, tuple]:
        if self.file is None:
            return {}
        data = _read(self.file)
        if data is None:
            return {}
        try:
            stored = pickle.loads(data)  # noqa: S301 - our own file in the user's private folder
        except Exception:  # noqa: BLE001 - any damage (truncated, garbage, old classes): rebuild
            return {}
        if not (isinstance(stored, dict) and stored.get("fingerprint") == fingerprint()
                and isinstance(stored.get("entries"), dict)):
            return {}
        return {k: v for k, v in stored["entries"].items()
                if isinstance(k, str) and isinstance(v, tuple) and len(v) == 3
                and isinstance(v[0], tuple | None) and isinstance(v[1], str) and isinstance(v[2], Edition | dict)}

    def load(self, path: Path) -> Edition:
        """The edition of one file: from the cache when the file's bytes are unchanged, else
        parsed (load_edition, which raises EditionError for a bad file, as without a cache)."""
        return self._through(path, load_edition, Edition)

    def load_table(self, path: Path) -> dict:
        """The TOML table of a data file (a readiness rules file), cached like an edition;
        raises as read_table does for a bad file (which is never cached)."""
        return self._through(path, read_table, dict)

    def _through(self, path: Path, parse, kind: type):
        if self.file is None:
            return parse(path)
        key = str(path)
        stat = stat_key(path)
        cached = self._old.get(key)
        if cached is not None and not isinstance(cached[2], kind):
            cached = None
        if stat is not None and cached is not None and cached[0] == stat:
            self.hits += 1
            self._new[key] = cached
            return cached[2]
        data = _read(Path(path))
        digest = None if data is None else _digest(data)
        if digest is not None and cached is not None and cached[1] == digest:
            self.hits += 1
            self._refreshed = True
            self._new[key] = (stat, digest, cached[2])
            return cached[2]
        self.misses += 1
        value = parse(path)
        if digest is not None and _read(Path(path)) == data:  # unchanged while it was parsed
            self._new[key] = (stat, digest, value)
        return value

    @property
    def changed(self) -> bool:
        return self.misses > 0 or self._refreshed or self._new.keys() != self._old.keys()

    def save(self) -> None:
        """Write the entries used by this load; errors are ignored (the cache is optional)."""
        if self.file is None or not self.changed:
            return
        payload = pickle.dumps({"fingerprint": fingerprint(), "entries": self._new},
                               protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            write_private(self.file, payload)


