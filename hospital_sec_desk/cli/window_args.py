"""The window's own command lines, read without argparse.

Building the argparse parser of every command costs about 7 ms of each start (argparse and
gettext imported, then shutil, bz2, lzma and locale by its help formatter, and a gettext
catalogue search for each help text): 5 % of the path to the window's first paint. The window
is started with at most `--data-dir DIR` and `--smoke`; `window_args` recognises exactly those
lines and gives what the parser would give. Anything else — a command, `--help`, `--version`,
`--data-dir=DIR`, an abbreviation, a repeated or unknown option — returns None and goes to the
parser (cli/parser.py), which accepts it or explains the error as before.
tests/test_cli.py checks every line this accepts against the parser's own result.
"""

from __future__ import annotations

from types import SimpleNamespace


def window_args(argv: list[str]) -> SimpleNamespace | None:
    """The parsed arguments of a window start (no command), or None: use the parser."""
    data_dir, smoke, rest = None, False, list(argv)
    while rest:
        token = rest.pop(0)
        if token == "--smoke" and not smoke:
            smoke = True
        elif token == "--data-dir" and data_dir is None and rest and rest[0] and not rest[0].startswith("-"):
            data_dir = rest.pop(0)
        else:
            return None
    return SimpleNamespace(data_dir=data_dir, smoke=smoke, command=None)
