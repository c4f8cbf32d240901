"""User interface preferences kept in the data file's settings: the window's place per screen.

The window is placed from the screen's available area (without the taskbar), never larger;
where it was on a screen of the same name and size is remembered and reused there.
Plain integers only: Qt stays in ui/.
"""

from __future__ import annotations

import logging

from ..domain.record import record
from ..storage.errors import StorageError
from .context import AppContext

WINDOW_KEY = "window_geometry:"  # + screen key -> "x,y,width,height"
DEFAULT_SIZE = (1280, 800)       # logical pixels, when the screen is larger
MIN_SIZE = (800, 520)            # fits 1024×600 and 1280×720 (150 % of 1920×1080) with a taskbar

log = logging.getLogger(__name__)


@record
class Rect:
    x: int
    y: int
    width: int
    height: int


def screen_key(name: str, width: int, height: int) -> str:
    """One remembered place per screen: its name and its logical size."""
    return f"{name or 'screen'}@{width}x{height}"


def minimum_size(available: Rect) -> tuple[int, int]:
    """The window's minimum: MIN_SIZE, but never more than the screen offers."""
    return min(MIN_SIZE[0], available.width), min(MIN_SIZE[1], available.height)


def fit(rect: Rect, available: Rect) -> Rect:
    """`rect` made to lie inside `available` (shrunk to it, then moved in)."""
    min_w, min_h = minimum_size(available)
    w = max(min_w, min(rect.width, available.width))
    h = max(min_h, min(rect.height, available.height))
    x = min(max(rect.x, available.x), available.x + available.width - w)
    y = min(max(rect.y, available.y), available.y + available.height - h)
    return Rect(x, y, w, h)


def default_geometry(available: Rect) -> Rect:
    """DEFAULT_SIZE centred, or the whole available area when the screen is smaller."""
    w = min(DEFAULT_SIZE[0], available.width)
    h = min(DEFAULT_SIZE[1], available.height)
    return Rect(available.x + (available.width - w) // 2, available.y + (available.height - h) // 2, w, h)


def _parse(text: str) -> Rect | None:
    parts = text.split(",")
    if len(parts) != 4 or not all(p.strip().lstrip("-").isdigit() for p in parts):
        return None
    rect = Rect(*(int(p) for p in parts))
    return rect if rect.width > 0 and rect.height > 0 else None


def window_geometry(ctx: AppContext, screen: str, available: Rect) -> Rect:
    """Where the window opens on `screen`: the remembered place fitted to the area, else the default."""
    saved = _parse(ctx.store.setting(WINDOW_KEY + screen))
    return fit(saved, available) if saved else default_geometry(available)


def remember_window_geometry(ctx: AppContext, screen: str, rect: Rect) -> bool:
    """Keep the window's place for `screen`; False (logged) when the data file cannot be written —
    a window place is not worth an error dialog while the app closes."""
    value = f"{rect.x},{rect.y},{rect.width},{rect.height}"
    try:
        if ctx.store.setting(WINDOW_KEY + screen) != value:
            ctx.store.set_setting(WINDOW_KEY + screen, value)
    except StorageError as exc:
        log.warning("window geometry not saved: %s", exc)
        return False
    return True
