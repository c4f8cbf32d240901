"""Command line: `hospital-sec-desk [--data-dir DIR] [--smoke] [COMMAND …]` (see README).

Without a command the window opens. The commands call the application layer (app/) and
share one error idiom (errors.guarded): every failure is one Japanese message on stderr
and an exit code, never a traceback.
"""

from .dispatch import COMMANDS, main
from .parser import build_parser

__all__ = ["COMMANDS", "build_parser", "main"]
