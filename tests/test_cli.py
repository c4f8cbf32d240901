"""The command line: the parser knows the subcommands; no display gives one clear line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hospital_sec_desk.cli import COMMANDS, build_parser
from hospital_sec_desk.cli.window_args import window_args


def test_parser_has_the_planned_commands():
    parser = build_parser()
    for argv in (["export", "o.json"], ["import", "i.json"], ["print", "--year", "2026", "--out", "x.pdf"],
                 ["poster", "--out", "p.pdf", "--size", "A3"], ["backup", "list"], ["csv", "--out", "a.csv"],
                 ["bcp", "--year", "2026", "--out", "b.docx"], ["xlsx", "--year", "2026", "--out", "x.xlsx"]):
        args = parser.parse_args(["--data-dir", "D", *argv])
        assert args.command == argv[0] and args.data_dir == "D"
    assert set(COMMANDS) >= {"export", "import", "print", "poster", "backup", "csv", "bcp", "xlsx"}
    with pytest.raises(SystemExit):
        parser.parse_args(["poster", "--out", "p.pdf", "--size", "B5"])


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11/Wayland only")
def test_no_display_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "QT_QPA_PLATFORM=offscreen" in lines[0]


def test_env_var_sets_the_data_dir(tmp_path, monkeypatch):
    from hospital_sec_desk.paths import data_dir

    monkeypatch.setenv("HOSPITAL_SEC_DESK_DATA_DIR", str(tmp_path / "x"))
    assert data_dir(None) == (tmp_path / "x").resolve()
    assert data_dir(str(tmp_path / "y")) == (tmp_path / "y").resolve()


def test_the_window_path_stays_light():
    code = ("import sys, hospital_sec_desk.cli; "
            "from hospital_sec_desk.cli.dispatch import _parse; "
            "args = _parse(['--data-dir', 'D', '--smoke']); "
            "print(sorted(m for m in sys.modules if m.startswith(('hospital_sec_desk.app.data', "
            "'hospital_sec_desk.cli.data', 'hospital_sec_desk.cli.output', 'hospital_sec_desk.reports', "
            "'reportlab', 'hospital_sec_desk.storage.exchange', 'argparse', 'hospital_sec_desk.cli.parser')"
            ")), args.data_dir, args.smoke, args.command)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "[] D True None", (out.stdout, out.stderr)


TOKENS = ["--smoke", "--data-dir", "D", "/tmp/x y", "-x", "--data-dir=E", "--smo", "--data", "print", "--help",
          "--version", "", "--", "backup", "list", "--out", "o.pdf", "データ"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=5))
def test_window_args_read_exactly_what_the_parser_reads(argv):
    """cli/window_args.py reads the window's lines without argparse: whatever it accepts, the
    parser accepts with the same values; what it leaves (None) the parser decides."""
    quick = window_args(argv)
    if quick is None:
        return
    full = build_parser().parse_args(argv)
    assert vars(quick) == {k: v for k, v in vars(full).items()}, (argv, vars(quick), vars(full))


def test_window_args_take_the_usual_window_lines():
    for argv in ([], ["--smoke"], ["--data-dir", "D"], ["--data-dir", "D", "--smoke"], ["--smoke", "--data-dir", "D"]):
        assert window_args(argv) is not None, argv
    for argv in (["--help"], ["--version"], ["--data-dir=D"], ["--smo"], ["--smoke", "--smoke"], ["print"],
                 ["--data-dir"], ["--data-dir", "-x"], ["--data-dir", "D", "--data-dir", "E"]):
        assert window_args(argv) is None, argv


def test_a_missing_command_module_fails_loudly(monkeypatch, tmp_path):
    from hospital_sec_desk.cli import main

    monkeypatch.setitem(COMMANDS, "export", "hospital_sec_desk.cli.no_such_module:cmd_export")
    with pytest.raises(ModuleNotFoundError):  # not 「このコマンドはまだ使えません」
        main(["--data-dir", str(tmp_path), "export", str(tmp_path / "x.json")])


def test_every_command_module_uses_the_one_error_idiom():
    import importlib

    for target in COMMANDS.values():
        module, func = target.split(":")
        handler = getattr(importlib.import_module(module), func)
        assert handler.__wrapped__.__module__ == module  # wrapped by cli.errors.guarded
        assert handler.__module__ == module and handler.__qualname__.endswith(func)


@pytest.fixture
def planning_folder(tmp_path):
    from hospital_sec_desk.app.context import AppContext
    from tests.planning.sample import populate

    folder = tmp_path / "data"
    ctx = AppContext.open(folder)
    try:
        populate(ctx)
    finally:
        ctx.close()
    return folder


def test_bcp_and_xlsx_commands_write_word_pdf_and_excel(planning_folder, tmp_path, capsys):
    import zipfile

    from openpyxl import load_workbook

    from hospital_sec_desk.cli import main
    from tests.planning.sample import HOSPITAL

    folder = planning_folder
    assert main(["--data-dir", str(folder), "bcp", "--year", "2026", "--out", str(tmp_path / "BCP")]) == 0
    assert "BCP（Word）を保存しました" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "BCP.docx") as z:  # no suffix typed: .docx
        assert HOSPITAL in z.read("word/document.xml").decode("utf-8")
    assert main(["--data-dir", str(folder), "bcp", "--out", str(tmp_path / "BCP.pdf")]) == 0  # newest year
    assert (tmp_path / "BCP.pdf").read_bytes().startswith(b"%PDF-")
    assert main(["--data-dir", str(folder), "xlsx", "--year", "2026", "--out", str(tmp_path / "計画")]) == 0
    assert "Excelファイルを保存しました" in capsys.readouterr().out
    assert load_workbook(tmp_path / "計画.xlsx").sheetnames == ["行動計画", "回答", "研修・訓練"]


def test_bcp_and_xlsx_commands_refuse_in_japanese_and_write_nothing(planning_folder, tmp_path, capsys):
    from hospital_sec_desk.cli import main

    folder = planning_folder
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["--data-dir", str(folder), "bcp", "--year", "2019", "--out", str(tmp_path / "a.docx")]) == 1
    assert "2019年度のデータがありません" in capsys.readouterr().err
    assert main(["--data-dir", str(folder), "xlsx", "--out", str(folder / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "データの保存場所" in err and "Traceback" not in err
    assert main(["--data-dir", str(tmp_path / "empty"), "xlsx", "--out", str(tmp_path / "e.xlsx")]) == 1
    assert "データがありません" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before and not (folder / "x.xlsx").exists()


def test_the_print_path_loads_no_export_import_or_bcp_document():
    """print / csv / poster open the folder (app/folder.py) and take the report's snapshot
    (app/snapshot.py) without the export-import machinery or the BCP document's modules."""
    code = ("import sys, hospital_sec_desk.cli.output, hospital_sec_desk.app.output, hospital_sec_desk.cli.errors; "
            "print(sorted(m for m in sys.modules if m.startswith(('hospital_sec_desk.storage.exchange', "
            "'hospital_sec_desk.domain.bcp_document', 'hospital_sec_desk.app.data', "
            "'hospital_sec_desk.app.planning'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "[]", (out.stdout, out.stderr)
