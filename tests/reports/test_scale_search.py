"""The poster's scale search returns exactly what the old plain bisection returned, from fewer layouts."""

from __future__ import annotations

import random

import pytest

from hospital_sec_desk.reports.scale_search import STEPS, TOLERANCE, largest_fitting


def bisection(floor: float, top: float, height, limit: float) -> tuple[float, bool, int]:
    """The old poster._scale, verbatim in its decisions."""
    calls = []

    def fits(s: float) -> bool:
        calls.append(s)
        return height(s) <= limit

    if not fits(floor):
        return floor, False, len(calls)
    lo, hi = floor, top
    if fits(hi):
        lo = hi
    for _ in range(STEPS):
        if hi - lo < TOLERANCE:
            break
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo, True, len(calls)


def stepped(seed: int):
    """A story height: proportional to the scale, with jumps where a line more wraps."""
    rng = random.Random(seed)
    rate = rng.uniform(500, 900)
    jumps = sorted((rng.uniform(0.5, 1.3), rng.uniform(5, 60)) for _ in range(rng.randrange(0, 12)))
    return lambda s: rate * s + sum(j for at, j in jumps if s >= at)


@pytest.mark.parametrize("floor", [0.8, 0.57])
def test_same_scale_as_the_bisection_with_fewer_layouts(floor):
    ours = theirs = 0
    for seed in range(400):
        height = stepped(seed)
        limit = random.Random(-seed).uniform(300, 1200)
        want = bisection(floor, 1.3, height, limit)
        got = largest_fitting(floor, 1.3, height, limit)
        assert got[:2] == want[:2], seed
        ours, theirs = ours + got[2], theirs + want[2]
    assert ours < theirs * 0.75, (ours, theirs)
