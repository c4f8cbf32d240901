"""The export / import / backup commands, through cli.main()."""

from __future__ import annotations

import json

import pytest

from hospital_sec_desk.cli import main
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import DB_NAME, open_store

from .helpers import fingerprint, populate, without_time


@pytest.fixture
def filled(tmp_path, registry):
    folder = tmp_path / "data"
    store = open_store(folder)
    populate(store, registry, synthetic=False)
    store.close()
    return folder


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _export_as_new_year(capsys, folder, out):
    """The folder's export with its first assessment moved to 2031 (a year the folder lacks)."""
    run(capsys, "--data-dir", folder, "export", out)
    doc = json.loads(out.read_text("utf-8"))
    doc["assessments"] = [{**doc["assessments"][0], "year": 2031}]
    out.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return out


def test_export_then_import_into_an_empty_folder_then_export_again(filled, tmp_path, capsys):
    first, second, fresh = tmp_path / "first.json", tmp_path / "second.json", tmp_path / "fresh"
    code, out, _ = run(capsys, "--data-dir", filled, "export", first)
    assert code == 0 and "書き出しました" in out
    code, out, err = run(capsys, "--data-dir", fresh, "import", first)
    assert code == 0, err
    assert "読み込みました" in out and "追加しました" in out
    assert run(capsys, "--data-dir", fresh, "export", second)[0] == 0
    a, b = (json.loads(p.read_text("utf-8")) for p in (first, second))
    assert without_time(a) == without_time(b) and a["assessments"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_export_replaces_an_old_file_whole(filled, tmp_path, capsys):
    out = tmp_path / "out.json"
    out.write_text("old content that is longer than nothing " * 1000, "utf-8")
    assert run(capsys, "--data-dir", filled, "export", out)[0] == 0
    assert json.loads(out.read_text("utf-8"))["format"] == "hospital-sec-desk-export"


def test_export_failures_say_why_in_japanese(tmp_path, filled, capsys):
    code, _, err = run(capsys, "--data-dir", tmp_path / "nothing", "export", tmp_path / "x.json")
    assert code == 1 and "データがありません" in err and not (tmp_path / "nothing").exists()
    code, _, err = run(capsys, "--data-dir", filled, "export", tmp_path / "no" / "dir" / "x.json")
    assert code == 2 and "保存先のフォルダがありません" in err
    (tmp_path / "adir").mkdir()
    code, _, err = run(capsys, "--data-dir", filled, "export", tmp_path / "adir")
    assert code == 2 and "フォルダです" in err
    assert not list(tmp_path.glob(".adir.*"))  # nothing was written


def test_a_bad_import_changes_nothing_and_says_where(filled, tmp_path, capsys):
    out = tmp_path / "x.json"
    run(capsys, "--data-dir", filled, "export", out)
    doc = json.loads(out.read_text("utf-8"))
    doc["assessments"][0]["year"] = "2025"
    out.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    before, n_backups = fingerprint(filled), len(backups.list_backups(filled))
    code, _, err = run(capsys, "--data-dir", filled, "import", out)
    assert code == 1 and "assessments[0].year：整数ではありません" in err
    assert fingerprint(filled) == before
    assert len(backups.list_backups(filled)) == n_backups  # refused before the backup step
    code, _, err = run(capsys, "--data-dir", filled, "import", tmp_path / "missing.json")
    assert code == 1 and "見つかりません" in err


def test_import_into_existing_data_takes_a_backup_first(filled, tmp_path, capsys):
    out = _export_as_new_year(capsys, filled, tmp_path / "x.json")
    code, out_text, err = run(capsys, "--data-dir", filled, "import", out)
    assert code == 0, err
    assert "2031年度（令和13年度）" in out_text
    named = out_text.split("バックアップ「")[1].split("」")[0]
    kept = open_store(tmp_path / "check", auto_backup=False)
    kept.close()
    backups.restore_folder(tmp_path / "check", filled / backups.BACKUP_DIR / named)
    check = open_store(tmp_path / "check", auto_backup=False)
    try:  # the named backup holds the data as it was before the import
        assert 2031 not in check.years() and check.years() == [2025, 2026]
    finally:
        check.close()


def test_backup_list_create_restore(filled, tmp_path, capsys):
    empty = tmp_path / "empty"
    code, out, _ = run(capsys, "--data-dir", empty, "backup", "list")
    assert code == 0 and "バックアップはありません" in out
    code, out, _ = run(capsys, "--data-dir", filled, "backup", "create")
    assert code == 0 and "作成しました" in out
    made = backups.list_backups(filled)[0]
    code, out, _ = run(capsys, "--data-dir", filled, "backup", "list")
    assert code == 0 and made.name in out
    store = open_store(filled)
    store.save_facility(name="変更後の病院名")
    code, _, err = run(capsys, "--data-dir", filled, "backup", "restore", made.name)
    assert code == 1 and "既に起動" in err  # not while the app has the folder open
    store.close()
    code, out, err = run(capsys, "--data-dir", filled, "backup", "restore", made.name)
    assert code == 0 and "復元しました" in out and "保管しました" in out, err
    store = open_store(filled)
    try:
        assert store.facility()["name"] == "さくら記念病院"
    finally:
        store.close()
    assert len(list(filled.glob("hospital_sec_desk.replaced-*.sqlite3"))) == 1


def test_backup_restore_refuses_unknown_or_bad_files(filled, tmp_path, capsys):
    code, _, err = run(capsys, "--data-dir", filled, "backup", "restore", "backup-nope.sqlite3")
    assert code == 1 and "見つかりません" in err
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"x" * 5000)
    before = fingerprint(filled)
    code, _, err = run(capsys, "--data-dir", filled, "backup", "restore", bad)
    assert code == 1 and "使えません" in err
    assert fingerprint(filled) == before and (filled / DB_NAME).exists()


def test_backup_create_without_data(tmp_path, capsys):
    code, _, err = run(capsys, "--data-dir", tmp_path / "none", "backup", "create")
    assert code == 1 and "データがありません" in err


def test_a_bad_file_does_not_even_create_the_data_folder(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "hospital-sec-desk-export", "format_version": 1}', "utf-8")
    code, _, err = run(capsys, "--data-dir", tmp_path / "new", "import", bad)
    assert code == 1 and "facility：必要な項目がありません" in err
    assert not (tmp_path / "new").exists()


def test_identical_imports_make_no_new_backups(filled, tmp_path, capsys):
    out = _export_as_new_year(capsys, filled, tmp_path / "x.json")
    code, text, err = run(capsys, "--data-dir", filled, "import", out)
    assert code == 0 and "追加しました" in text, err
    after_first = backups.list_backups(filled)
    assert after_first  # the content before the first import is in a backup
    for _ in range(10):
        code, text, err = run(capsys, "--data-dir", filled, "import", out)
        assert code == 0 and "何も変更していません" in text, err
    assert backups.list_backups(filled) == after_first
    own = tmp_path / "own.json"  # the folder's own export changes nothing and backs up nothing
    run(capsys, "--data-dir", filled, "export", own)
    kept = backups.list_backups(filled)
    assert run(capsys, "--data-dir", filled, "import", own)[0] == 0
    assert backups.list_backups(filled) == kept


@pytest.mark.parametrize("source", ["", ".", "/", "adir", "missing.json", "a/b/c.json"])
def test_unusable_import_sources_are_refused_in_japanese(filled, tmp_path, capsys, source, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir").mkdir()
    before = fingerprint(filled)
    code, out, err = run(capsys, "--data-dir", filled, "import", source)
    assert code == 1 and out == "" and "Traceback" not in err
    assert "見つかりません" in err or "フォルダ" in err, err
    assert fingerprint(filled) == before
