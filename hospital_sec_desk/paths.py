"""Where things are: bundled resources (frozen or from source) and the per-user data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_DATA_DIR = "HOSPITAL_SEC_DESK_DATA_DIR"


def resources_dir() -> Path:
    """The `resources/` folder, whether running from source or from a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def font_path() -> Path:
    return resource("fonts", "ipaexg.ttf")


def default_data_dir() -> Path:
    """Per-user, local (not roaming) data folder: SQLite must not sit on a network share."""
    from platformdirs import user_data_path

    return user_data_path("hospital-sec-desk", appauthor=False, roaming=False)


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--data-dir, else $HOSPITAL_SEC_DESK_DATA_DIR, else the platform default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()
