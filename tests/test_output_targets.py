"""export / print / csv / poster: unusable targets and targets inside the data folder are
refused in Japanese (exit code 2, no traceback, nothing written); writes are atomic; the
suffix the user typed is kept."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.app.facility import save_facility
from hospital_sec_desk.cli import main
from hospital_sec_desk.domain.answers import AnswerRecord

DB = "hospital_sec_desk.sqlite3"
COMMANDS = {  # command -> argv before the target
    "export": ["export"],
    "print": ["print", "--out"],
    "csv": ["csv", "--out"],
    "poster": ["poster", "--out"],
}
JAPANESE = ("フォルダ", "ファイル", "保存", "権限", "データ")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("targets")
    folder = base / "data"
    ctx = AppContext.open(folder)
    save_facility(ctx, 2026, name="出力先病院", respondent_name="鈴木")
    ctx.ensure_year(2026)
    aid = ctx.store.find_assessment(2026, "survey")["id"]
    ctx.store.save_answer(aid, "security_officer", AnswerRecord({"choice": "yes"}))
    ctx.close()
    AppContext.open(folder).close()  # a start-up backup exists
    backup = next((folder / "backups").glob("backup-*.sqlite3"))
    (base / "adir").mkdir()
    (base / "link-to-db.pdf").symlink_to(folder / DB)
    os.link(folder / DB, base / "hardlink.pdf")
    return base, folder, backup


def digest_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "logs" not in p.parts}


def targets(base: Path, folder: Path, backup: Path) -> dict[str, str]:
    return {
        "empty": "", "blank": "   ", "dot": ".", "root": "/", "home": "~", "folder": str(base / "adir"),
        "trailing slash": str(base / "new-folder") + "/", "missing parent": str(base / "no" / "such" / "x.pdf"),
        "database": str(folder / DB), "database, relative": os.path.relpath(folder / DB),
        "database, dotdot": str(folder / "backups" / ".." / DB), "wal": str(folder / f"{DB}-wal"),
        "backup": str(backup), "data folder": str(folder), "new file in data folder": str(folder / "x.pdf"),
        "under backups": str(folder / "backups" / "copy.pdf"), "symlink to the database": str(base / "link-to-db.pdf"),
        "hard link to the database": str(base / "hardlink.pdf"),
    }


CASES = [(c, t) for c in COMMANDS for t in targets(Path("b"), Path("d"), Path("k"))]


@pytest.mark.parametrize("command,case", CASES, ids=[f"{c}-{t}" for c, t in CASES])
def test_unusable_or_protected_targets_are_refused(world, capsys, command, case):
    base, folder, backup = world
    target = targets(base, folder, backup)[case]
    before = digest_tree(folder)
    outside = {p.name: p.stat().st_mtime_ns for p in base.iterdir()}
    code = main(["--data-dir", str(folder), *COMMANDS[command], target])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert err.strip() and any(w in err for w in JAPANESE) and "Traceback" not in err
    assert digest_tree(folder) == before
    assert {p.name: p.stat().st_mtime_ns for p in base.iterdir()} == outside


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_traceback_in_a_real_process(world, command):
    _base, folder, _backup = world
    proc = subprocess.run([sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(folder),
                           *COMMANDS[command], str(folder / DB)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "データの保存場所" in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("command,typed,written", [
    ("poster", "a.v2", "a.v2"), ("print", "報告書", "報告書.pdf"), ("print", "r.2026", "r.2026"),
    ("csv", "x.txt", "x.txt"), ("export", "all.bak", "all.bak"), ("export", "all", "all.json"),
])
def test_the_typed_suffix_is_kept(world, tmp_path, capsys, command, typed, written):
    _base, folder, _backup = world
    assert main(["--data-dir", str(folder), *COMMANDS[command], str(tmp_path / typed)]) == 0, capsys.readouterr()
    assert [p.name for p in tmp_path.iterdir()] == [written]
    assert (tmp_path / written).stat().st_size > 100


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a read-only and a small tmpfs needs root")
@pytest.mark.parametrize("command", list(COMMANDS))
def test_read_only_and_full_places_leave_no_partial_file(world, tmp_path, capsys, command):
    _base, folder, _backup = world
    ro, small = tmp_path / "ro", tmp_path / "small"
    ro.mkdir()
    small.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(ro)]).returncode != 0:
        pytest.skip("cannot mount tmpfs here")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", str(small)], check=True)
    try:
        code = main(["--data-dir", str(folder), *COMMANDS[command], str(ro / "out.x")])
        err = capsys.readouterr().err
        assert code == 2 and "書き込む権限がありません" in err and "Traceback" not in err
        old = small / "out.x"
        old.write_bytes(b"old content")
        fill(small / "filler")
        code = main(["--data-dir", str(folder), *COMMANDS[command], str(old)])
        err = capsys.readouterr().err
        assert code == 1 and "空き容量が足りません" in err and "Traceback" not in err, err
        assert sorted(p.name for p in small.iterdir()) == ["filler", "out.x"]  # no temporary file left
        assert old.read_bytes() == b"old content"  # the old file is whole
    finally:
        subprocess.run(["umount", str(ro)])
        subprocess.run(["umount", str(small)])


def fill(path: Path) -> None:
    """Fill the file system of `path` to the last byte."""
    with path.open("wb", buffering=0) as fh:
        for size in (4096, 512, 1):
            try:
                while True:
                    fh.write(b"x" * size)
            except OSError:
                continue


def test_the_help_names_every_part_that_parts_accepts(capsys):
    from hospital_sec_desk.app import output

    with pytest.raises(SystemExit):
        main(["print", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    parts = output.parts()
    assert len(parts) >= 13
    for key, label in parts.items():
        assert key in text and label in text, key
