"""Keep reportlab's import from compiling regexes the report never uses.

reportlab.platypus.paragraph compiles, at import, a case-insensitive URL pattern over
U+00A1–U+FFFF (`uri_pat`, 35–45 ms: a tenth of a cold print). It is only used to split long
URLs (uriWasteReduce), which the report never turns on. `defer_uri_pattern()` puts a stand-in
into the `re` module's cache under that exact pattern, so the import gets the stand-in, which
compiles the same pattern on its first use. When reportlab's pattern or the cache's layout
differ (another version), nothing matches and reportlab compiles it as usual: never wrong,
only slower. The same for textsplit's CJK_WRAP_PATTERN.

reportlab.lib.utils imports PIL.Image at import (9-14 ms of a cold print, with PIL's EXIF and
TIFF tables); it needs it only for bitmap images (ImageReader, drawImage), which no report
draws. `defer_pil_image()` registers the real PIL.Image through the standard library's
LazyLoader: the module object is PIL's own, and its code runs on the first use of any of its
attributes (an image drawn later works as before: tests/reports/test_rl_import.py).
`defer_pyfontify()` does the same for reportlab.lib.PyFontify, which reportlab.platypus imports
(through xpreformatted) and which compiles a Python-keyword regex at import (3 ms): it colours
Python source in a PythonPreformatted flowable, which no report uses.
"""

from __future__ import annotations

import importlib.util
import re
import sys

URI_PATTERN = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9]"
    "(?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}"
    "(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))"
    "(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z")


class LazyPattern:
    """Compiles `pattern` on first use; then behaves as the compiled pattern."""

    def __init__(self, pattern: str, flags: int):
        self._args = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def _get(self) -> re.Pattern:
        if self._compiled is None:
            pattern, flags = self._args
            # a non-capturing group around it: the same regex under another cache key
            self._compiled = re.compile(f"(?:{pattern})", flags)
        return self._compiled

    def __getattr__(self, name):
        return getattr(self._get(), name)


# reportlab.lib.textsplit compiles this one at import for cjkwrap(), which nothing here calls (5 ms).
CJK_WRAP_PATTERN = "([\u2e80-\uffff])"


def defer_uri_pattern() -> None:
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict):
        for pattern, flags in ((URI_PATTERN, re.IGNORECASE), (CJK_WRAP_PATTERN, re.UNICODE)):
            cache.setdefault((str, pattern, flags.value), LazyPattern(pattern, flags))


def defer_pil_image() -> None:
    """PIL.Image loaded on first use (see the module docstring); nothing when already imported."""
    _defer("PIL.Image")


def defer_pyfontify() -> None:
    """reportlab.lib.PyFontify loaded on first use (see the module docstring)."""
    _defer("reportlab.lib.PyFontify")


def _defer(name: str) -> None:
    """Register module `name` (in a package) through LazyLoader: its code runs on the first
    use of one of its attributes. Nothing when it is already imported."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)  # imports the (small) parent package itself
    if spec is None or spec.loader is None:
        return  # reportlab's own import says what is missing
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)
