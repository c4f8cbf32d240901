"""The command line: the parser knows the subcommands; no display gives one clear line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hospital_sec_desk.cli import COMMANDS, build_parser


def test_parser_has_the_planned_commands():
    parser = build_parser()
    for argv in (["export", "o.json"], ["import", "i.json"], ["print", "--year", "2026", "--out", "x.pdf"],
                 ["poster", "--out", "p.pdf", "--size", "A3"], ["backup", "list"], ["csv", "--out", "a.csv"]):
        args = parser.parse_args(["--data-dir", "D", *argv])
        assert args.command == argv[0] and args.data_dir == "D"
    assert set(COMMANDS) >= {"export", "import", "print", "poster", "backup", "csv"}
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
            "print(sorted(m for m in sys.modules if m.startswith(('hospital_sec_desk.app.data', "
            "'hospital_sec_desk.cli.data', 'hospital_sec_desk.cli.output', 'hospital_sec_desk.reports', "
            "'reportlab', 'hospital_sec_desk.storage.exchange'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "[]", (out.stdout, out.stderr)


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
