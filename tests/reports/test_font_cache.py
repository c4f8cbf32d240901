"""The parsed-font cache (cache/fonts.pickle): a restored font is the parsed font, the cache is
rebuilt when the font file changes, a damaged cache is ignored, and a cache that cannot be
written never fails a print."""

from __future__ import annotations

import io
import pickle
import shutil
import subprocess
import sys

from pypdf import PdfReader
from reportlab.pdfgen import canvas

from hospital_sec_desk.paths import font_path, resource
from hospital_sec_desk.reports import font_cache
from hospital_sec_desk.reports.font_cache import CACHE_NAME, FontCache


def _face_state(font) -> dict:
    font.face.glyphToChar  # noqa: B018 - a restored face unpickles it when it is first read
    state = dict(font.face.__dict__)
    state.pop("_pdfScale")
    state["_ttf_data"] = bytes(state["_ttf_data"][:])  # a restored font maps the file
    return state


def _pdf_with(font, text: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(font)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont(font.fontName, 12)
    c.drawString(50, 700, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_restored_font_is_the_parsed_font(tmp_path):
    file = tmp_path / "cache" / CACHE_NAME
    first = FontCache(file)
    parsed = first.load("CacheTestParsed", font_path())
    first.save()
    assert (first.misses, first.hits) == (1, 0) and file.exists()
    assert oct(file.stat().st_mode & 0o777) == "0o600"
    second = FontCache(file)
    restored = second.load("CacheTestRestored", font_path())
    assert (second.misses, second.hits) == (1 - 1, 1)
    assert font_cache._LATER in vars(restored.face)  # glyphToChar not unpickled until read
    assert _face_state(restored) == _face_state(parsed)
    assert font_cache._LATER not in vars(restored.face)
    assert restored.face.glyphToChar is restored.face.glyphToChar  # unpickled once
    assert restored.face._pdfScale(1234) == parsed.face._pdfScale(1234)
    assert restored.stringWidth("医療情報システム ABC", 9.5) == parsed.stringWidth("医療情報システム ABC", 9.5)
    text = "病院の情報セキュリティ 2026年"
    a, b = _pdf_with(parsed, text), _pdf_with(restored, text)
    assert a.replace(b"CacheTestParsed", b"X") == b.replace(b"CacheTestRestored", b"X")
    assert "病院の情報セキュリティ" in PdfReader(io.BytesIO(b)).pages[0].extract_text()


def test_the_cache_is_rebuilt_when_the_font_file_changes(tmp_path):
    font = tmp_path / "font.ttf"
    shutil.copyfile(font_path(), font)
    file = tmp_path / "cache" / CACHE_NAME
    cache = FontCache(file)
    main = cache.load("CacheTestMain", font)
    cache.save()
    shutil.copyfile(resource("fonts", "hsd-names-fallback.ttf"), font)  # another font, same path
    again = FontCache(file)
    changed = again.load("CacheTestChanged", font)
    again.save()
    assert (again.hits, again.misses) == (0, 1)
    assert set(changed.face.charToGlyph) != set(main.face.charToGlyph)
    assert 0x20BB7 in changed.face.charToGlyph  # 𠮷: only the names font has it
    third = FontCache(file)
    assert 0x20BB7 in third.load("CacheTestThird", font).face.charToGlyph
    assert third.hits == 1


def test_a_change_that_keeps_size_and_mtime_is_still_noticed(tmp_path):
    """The recorded digest is trusted only while size, times and inode are unchanged: the same
    size and a restored mtime do not hide new bytes (the change time still moves)."""
    import os

    font = tmp_path / "font.ttf"
    shutil.copyfile(font_path(), font)
    file = tmp_path / "cache" / CACHE_NAME
    cache = FontCache(file)
    cache.load("CacheTestSame", font)
    cache.save()
    st = font.stat()
    data = bytearray(font.read_bytes())
    data[-1] ^= 0xFF  # same length, other bytes
    font.write_bytes(bytes(data))
    os.utime(font, ns=(st.st_atime_ns, st.st_mtime_ns))
    again = FontCache(file)
    again.load("CacheTestTouched", font)
    assert (again.hits, again.misses) == (0, 1)
    again.save()
    third = FontCache(file)
    third.load("CacheTestThirdTime", font)
    assert third.hits == 1


def test_a_damaged_or_foreign_cache_is_ignored_and_rewritten(tmp_path):
    file = tmp_path / "cache" / CACHE_NAME
    file.parent.mkdir()
    for junk in (b"", b"not a pickle at all", pickle.dumps({"fingerprint": ("old",), "entries": {}}),
                 pickle.dumps({"fingerprint": font_cache.fingerprint(),
                               "entries": {str(font_path()): ("x" * 64, None, "garbage")}})):
        file.write_bytes(junk)
        cache = FontCache(file)
        font = cache.load("CacheTestJunk", font_path())
        cache.save()
        assert cache.misses == 1
        assert font.stringWidth("情報", 10) == 20.0
        stored = pickle.loads(file.read_bytes())
        assert stored["fingerprint"] == font_cache.fingerprint()
    # an entry whose state cannot be restored (a hash that matches, a broken state)
    stored = pickle.loads(file.read_bytes())
    digest, stamp, _ = stored["entries"][str(font_path())]
    stored["entries"][str(font_path())] = (digest, stamp, ({}, {"no": "unitsPerEm"}))
    file.write_bytes(pickle.dumps(stored))
    cache = FontCache(file)
    assert cache.load("CacheTestBroken", font_path()).stringWidth("情報", 10) == 20.0
    assert (cache.hits, cache.misses) == (0, 1)


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    cache = FontCache(blocker / CACHE_NAME)
    font = cache.load("CacheTestBlocked", font_path())
    cache.save()  # no exception
    assert font.stringWidth("情報", 10) == 20.0
    assert blocker.read_text() == "a file where the cache folder should be"


def test_print_works_when_the_cache_folder_is_unusable(ctx, tmp_path):
    """End to end, as a command: the data folder's cache/ is a file, then unreadable garbage."""
    from tests.sample_data import populate

    populate(ctx)
    folder = ctx.folder
    ctx.close()
    cache_dir = folder / "cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    cache_dir.write_text("not a folder")
    out = tmp_path / "report.pdf"
    cmd = [sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(folder), "print", "--year", "2026",
           "--out", str(out), "--parts", "cover,answers"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "保存しました" in proc.stdout and "Traceback" not in proc.stderr
    assert len(PdfReader(out).pages) >= 2
    cache_dir.unlink()
    cache_dir.mkdir()
    (cache_dir / CACHE_NAME).write_bytes(b"\x80\x05garbage")
    out.unlink()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.exists()
    assert pickle.loads((cache_dir / CACHE_NAME).read_bytes())["fingerprint"] == font_cache.fingerprint()
