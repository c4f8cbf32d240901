"""Dispatch: the parser, then the command's module (imported by name) or the window."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from pathlib import Path

from ..paths import data_dir
from .finish import exit_now
from .window_args import window_args

# command -> "module:function"; each function takes (args, folder) and returns an exit code
# (cli.errors.guarded turns every expected failure into a message). Imported only when used,
# so the window starts light; a module that fails to import fails loudly (it always ships).
COMMANDS = {
    "export": "hospital_sec_desk.cli.data:cmd_export",
    "import": "hospital_sec_desk.cli.data:cmd_import",
    "backup": "hospital_sec_desk.cli.data:cmd_backup",
    "print": "hospital_sec_desk.cli.output:cmd_print",
    "csv": "hospital_sec_desk.cli.output:cmd_csv",
    "poster": "hospital_sec_desk.cli.output:cmd_poster",
    "bcp": "hospital_sec_desk.cli.planning:cmd_bcp",
    "xlsx": "hospital_sec_desk.cli.planning:cmd_xlsx",
}


def run_command(command: str, args, folder: Path) -> int:
    module, func = COMMANDS[command].split(":")
    return getattr(importlib.import_module(module), func)(args, folder)


def has_display() -> bool:
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _parse(argv: list[str]):
    """The window's usual lines without argparse (cli/window_args.py), else the parser, loaded
    only then; `print --help` names every part, so the report parts are loaded for it."""
    quick = window_args(argv)
    if quick is not None:
        return quick
    build_parser = importlib.import_module("hospital_sec_desk.cli.parser").build_parser
    parts = importlib.import_module("hospital_sec_desk.app.output").parts() if "print" in argv else None
    return build_parser(parts).parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Without `argv` (the program itself): a successful command ends the process at once
    (cli.finish.exit_now); with `argv` (tests, callers) it returns the exit code."""
    as_program = argv is None
    if as_program:  # no collector passes over what the imports and the data make (2 % of a
        gc.disable()  # cold print): a command's few cycles are freed at its exit; the window
        # collects again after its first paint (ui.launch.collect_from_now_on)
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parse(argv)
    folder = data_dir(args.data_dir)
    if args.command:
        code = run_command(args.command, args, folder)
        if as_program and code == 0:
            exit_now(code)
        return code
    if not has_display():
        print("No display found (画面がありません): run headless with "
              "`QT_QPA_PLATFORM=offscreen hospital-sec-desk --smoke`, or use a command such as "
              "`hospital-sec-desk print --help`.", file=sys.stderr)
        return 1
    from ..ui.launch import run_gui

    return run_gui(folder, smoke=args.smoke)
