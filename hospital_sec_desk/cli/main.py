"""Dispatch and the one error idiom of every command."""

from __future__ import annotations

import functools
import importlib
import os
import sys
from pathlib import Path

from ..app import data
from ..paths import data_dir
from .parser import build_parser

# command -> "module:function"; each function takes (args, folder), returns an exit code and
# may raise any of data.USER_ERRORS. Imported only when used, so the window starts light; a
# module that fails to import fails loudly (it always ships).
COMMANDS = {
    "export": "hospital_sec_desk.cli.data:cmd_export",
    "import": "hospital_sec_desk.cli.data:cmd_import",
    "backup": "hospital_sec_desk.cli.data:cmd_backup",
    "print": "hospital_sec_desk.cli.output:cmd_print",
    "csv": "hospital_sec_desk.cli.output:cmd_csv",
    "poster": "hospital_sec_desk.cli.output:cmd_poster",
}
BAD_ARGUMENT = 2  # a wrong argument or an unusable output path
FAILED = 1  # the data or a file could not be read or written


def fail(message: str, code: int = FAILED) -> int:
    print(message, file=sys.stderr)
    return code


def guarded(handler):
    """The one error idiom of every command: each expected failure becomes Japanese text on
    stderr and an exit code, never a traceback."""
    @functools.wraps(handler)
    def run(args, folder: Path) -> int:
        try:
            return int(handler(args, Path(folder)) or 0)
        except (data.BadArgument, data.TargetRefused) as exc:
            return fail(str(exc), BAD_ARGUMENT)
        except data.AlreadyRunning as exc:
            return fail(f"{exc}\nウィンドウを閉じてから、もう一度実行してください。")
        except data.USER_ERRORS as exc:
            return fail(data.describe(exc))
        except MemoryError:
            return fail("メモリが足りないため、実行できませんでした。")
    return run


def run_command(command: str, args, folder: Path) -> int:
    module, func = COMMANDS[command].split(":")
    return getattr(importlib.import_module(module), func)(args, folder)


def has_display() -> bool:
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _parser_for(argv: list[str]):
    """The parser; `print --help` names every part, so the report parts are loaded for it."""
    if "print" not in argv:
        return build_parser()
    return build_parser(importlib.import_module("hospital_sec_desk.app.output").parts())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser_for(argv).parse_args(argv)
    folder = data_dir(args.data_dir)
    if args.command:
        return run_command(args.command, args, folder)
    if not has_display():
        print("No display found (画面がありません): run headless with "
              "`QT_QPA_PLATFORM=offscreen hospital-sec-desk --smoke`, or use a command such as "
              "`hospital-sec-desk print --help`.", file=sys.stderr)
        return 1
    from ..ui.launch import run_gui

    return run_gui(folder, smoke=args.smoke)
