"""The one error idiom of every command: a Japanese message on stderr and an exit code."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from ..app import folder as commands

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
        except (commands.BadArgument, commands.TargetRefused) as exc:
            return fail(str(exc), BAD_ARGUMENT)
        except commands.AlreadyRunning as exc:
            return fail(f"{exc}\nウィンドウを閉じてから、もう一度実行してください。")
        except commands.USER_ERRORS as exc:
            return fail(commands.describe(exc))
        except MemoryError:
            return fail("メモリが足りないため、実行できませんでした。")
    return run
