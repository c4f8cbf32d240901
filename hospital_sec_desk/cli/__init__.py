"""Command line: `hospital-sec-desk [--data-dir DIR] [--smoke] [COMMAND …]` (see README).

Without a command the window opens. The commands call the application layer (app/) and
share one error idiom (errors.guarded): every failure is one Japanese message on stderr
and an exit code, never a traceback.

`build_parser` is loaded on first use (PEP 562): opening the window does not build argparse's
parser (cli/window_args.py), so importing this package must not import it either.
"""

import importlib

from .dispatch import COMMANDS, main

__all__ = ["COMMANDS", "build_parser", "main"]


def __getattr__(name: str):
    if name == "build_parser":
        return importlib.import_module(f"{__name__}.parser").build_parser
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
