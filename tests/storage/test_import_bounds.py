"""Import is bounded: hostile files are refused in seconds and small memory, in Japanese.

The heavy cases run in a subprocess that reports its own time and peak RSS (VmHWM of
/proc/self/status), under a 1.5 GB address-space limit so a MemoryError would show.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from hospital_sec_desk.storage import import_check
from hospital_sec_desk.storage.errors import ImportRejected
from hospital_sec_desk.storage.exchange import load_import_file

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")

HEAD = '{"format": "hospital-sec-desk-export", "format_version": 1, "app_version": "x", '

PROBE = textwrap.dedent("""
    import json, resource, sys, time

    def peak_mb():  # this process's own high-water mark (ru_maxrss would include the parent's)
        with open("/proc/self/status") as fh:
            return next(int(l.split()[1]) for l in fh if l.startswith("VmHWM")) / 1024

    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
    from hospital_sec_desk.app import data
    from hospital_sec_desk.app.context import registry_for
    registry = registry_for(sys.argv[2])
    before = peak_mb()
    start = time.perf_counter()
    try:
        data.read_import_file(sys.argv[1], registry)
        outcome = "accepted"
    except data.StorageError as exc:
        outcome = str(exc)
    seconds = time.perf_counter() - start
    peak = peak_mb()
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak,
                      "grew_mb": peak - before}, ensure_ascii=False))
""")


def probe(path, tmp_path) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(path), str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    print(f"\n{path.name}: {path.stat().st_size / 2**20:.1f} MB, {result['seconds']:.2f} s, "
          f"peak RSS {result['peak_mb']:.0f} MB (+{result['grew_mb']:.0f} MB)")
    return result


def test_a_million_empty_contacts_are_refused_fast_and_small(tmp_path):
    path = tmp_path / "million.json"
    path.write_text(HEAD + '"contacts": [' + ",".join(["{}"] * 1_000_000) + "]}", "utf-8")
    assert 2.5 * 2**20 < path.stat().st_size < 3.5 * 2**20
    result = probe(path, tmp_path)
    assert result["outcome"].startswith("読み込めないファイルです。データは変更していません。")
    assert "要素が多すぎます" in result["outcome"]
    assert result["seconds"] < 5 and result["grew_mb"] < 60  # measured: 0.15 s, +11 MB


@pytest.mark.parametrize("filler", ["[0,", '"ab",', "{},", "["])
def test_a_20_mb_file_is_refused_without_memory_error(tmp_path, filler):
    path = tmp_path / "big.json"
    body = filler * ((import_check.MAX_FILE_BYTES - 200) // len(filler))
    path.write_text(HEAD + '"contacts": [' + body, "utf-8")
    assert path.stat().st_size <= import_check.MAX_FILE_BYTES
    result = probe(path, tmp_path)
    assert result["outcome"].startswith("読み込めないファイルです。"), result
    assert result["seconds"] < 10 and result["grew_mb"] < 250


def test_one_byte_over_the_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "over.json"
    with path.open("wb") as fh:
        fh.truncate(import_check.MAX_FILE_BYTES + 1)
    with pytest.raises(ImportRejected, match="ファイルが大きすぎます"):
        load_import_file(path)


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "1" * 5000, "1" * 4000 + ".5", "1e" + "9" * 5000])
def test_a_number_with_thousands_of_digits_gets_a_japanese_message(tmp_path, number):
    path = tmp_path / "digits.json"
    path.write_text(HEAD + f'"exported_at": {number}}}', "utf-8")
    with pytest.raises(ImportRejected) as info:
        load_import_file(path)
    assert "桁数の多すぎる数があります" in str(info.value)
    assert not any(word in str(info.value) for word in ("Exceeds", "limit", "integer"))


def test_problems_are_capped_with_a_count(tmp_path, registry):
    from hospital_sec_desk.storage.exchange import check_document

    doc = json.loads(HEAD + '"exported_at": "2026-01-01T00:00:00", "facility": {}, "settings": {}, '
                     '"contacts": [], "assessments": []}')
    doc["contacts"] = [{"ref": "c", "category": "x", "zz": 1} for _ in range(3000)]
    with pytest.raises(ImportRejected) as info:
        check_document(doc, registry)
    assert len(info.value.problems) == import_check.MAX_PROBLEMS  # only the first are kept
    assert info.value.total > 50_000  # every contact's every problem is counted
    message = str(info.value)
    assert message.count("・") == 10 and f"（ほか {info.value.total - 10:,} 件）" in message


def test_too_many_contacts_or_assessments_are_refused_as_a_count(registry):
    from hospital_sec_desk.storage.exchange import check_document

    doc = json.loads(HEAD + '"exported_at": "2026-01-01T00:00:00", "facility": {}, "settings": {}, '
                     '"contacts": [], "assessments": []}')
    doc["contacts"] = [{}] * (import_check.MAX_CONTACTS + 1)
    doc["assessments"] = [{}] * (import_check.MAX_ASSESSMENTS + 1)
    with pytest.raises(ImportRejected) as info:
        check_document(doc, registry)
    assert any(p.startswith("contacts：件数が多すぎます") for p in info.value.problems)
    assert any(p.startswith("assessments：件数が多すぎます") for p in info.value.problems)
