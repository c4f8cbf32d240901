"""The poster's scale search: the same answer as a plain bisection, from fewer trial layouts.

The poster used to bisect [floor, top] with one full platypus layout per step (≈ 11 layouts a
poster). `largest_fitting` returns exactly what that bisection returns — the same midpoints,
computed the same way — but decides most steps without a layout: the story's height grows with
the scale, so a step below a scale known to fit fits, and one above a scale known to overflow
overflows. Known scales come from a guess: the heights already measured are interpolated to
where the story would just fill the page, and the two midpoints of the bisection that bracket
that guess are laid out first. When the guess is right, every step is then decided (3–4 layouts
instead of 11); when it is wrong, the bisection lays out the steps still undecided, as before.
"""

from __future__ import annotations

from collections.abc import Callable

STEPS = 9  # bisection steps (to ~0.2 % of the range)
TOLERANCE = 0.003  # stop when the bracket is narrower than this
ROUNDS = 9  # guesses before the plain bisection decides what is left


def _bisect(lo: float, hi: float, fits: Callable[[float], bool]) -> tuple[float, float]:
    """The bisection of the old `_scale`: (largest fitting midpoint, smallest overflowing one)."""
    for _ in range(STEPS):
        if hi - lo < TOLERANCE:
            break
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo, hi


class _Known:
    """Heights measured so far, and the bracket they give (assuming height grows with scale)."""

    def __init__(self, height: Callable[[float], float], limit: float):
        self.height, self.limit = height, limit
        self.measured: dict[float, float] = {}
        self.fit_max = float("-inf")  # the largest scale measured to fit
        self.over_min = float("inf")  # the smallest scale measured to overflow

    def fits(self, s: float) -> bool:
        if s <= self.fit_max:
            return True
        if s >= self.over_min:
            return False
        h = self.measured[s] = self.height(s)
        if h <= self.limit:
            self.fit_max = s
            return True
        self.over_min = s
        return False

    def guess(self, floor: float, top: float) -> float:
        """Where the height would reach the limit: on the secant through the last two scales
        measured (proportional to the scale after the first), kept inside the known bracket."""
        (s1, h1), *rest = reversed(self.measured.items())
        if rest and rest[0][1] != h1:
            s0, h0 = rest[0]
            g = s1 + (s0 - s1) * (self.limit - h1) / (h0 - h1)
        else:
            g = s1 * self.limit / h1 if h1 > 0 else s1
        if g <= floor and self.fit_max < floor:
            return floor  # measure the floor itself: the story may not fit at all
        lo, hi = max(self.fit_max, floor), min(self.over_min, top)
        return g if lo < g < hi else (lo + hi) / 2


def largest_fitting(floor: float, top: float, height: Callable[[float], float],
                    limit: float) -> tuple[float, bool, int]:
    """(the largest scale in [floor, top] whose height is ≤ limit as the bisection finds it,
    whether the story fits at all at `floor`, the number of layouts made)."""
    known = _Known(height, limit)
    if known.fits(top):
        return top, True, len(known.measured)
    for _ in range(ROUNDS):  # lay out one step around the guess, then guess again
        lo, hi = _bisect(floor, top, lambda s, g=known.guess(floor, top): s <= g)
        undecided = [s for s in (lo, hi) if known.fit_max < s < known.over_min]
        if not undecided:
            break
        known.fits(undecided[0])
    if not known.fits(floor):
        return floor, False, len(known.measured)
    return _bisect(floor, top, known.fits)[0], True, len(known.measured)
