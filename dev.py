#!/usr/bin/env python3
"""One entry point for developers, standard library only.

    python3 dev.py start [APP ARGS]   install what is needed into .venv/ and start the app
    python3 dev.py test  [PYTEST ARGS] install what is needed into .venv/ and run the whole test suite

The virtual environment lives inside the checkout (.venv/). Nothing is reinstalled
when pyproject.toml has not changed since the last install (a stamp file records it).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _stamp_value(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {extras} {sys.version_info[:2]}"


def ensure_env(extras: str = "") -> None:
    if sys.version_info < (3, 11):
        sys.exit("hospital_sec_desk needs Python 3.11 or newer (found %d.%d)." % sys.version_info[:2])
    if not PY.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed{('-' + extras) if extras else ''}"
    want = _stamp_value(extras)
    if stamp.exists() and stamp.read_text() == want:
        return
    target = f".[{extras}]" if extras else "."
    print(f"Installing {target} into .venv (first run or pyproject.toml changed) …", flush=True)
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.check_call(pip + ["-e", target], cwd=ROOT)
    stamp.write_text(want)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("start", "test"):
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "start":
        ensure_env()
        return subprocess.call([str(PY), "-m", "hospital_sec_desk", *rest], cwd=ROOT)
    ensure_env("test")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
