"""Where the user stopped in an assessment: the value kept in `assessments.last_item`.

It is an item key of the assessment's edition, `""` (not started) or the reserved value
REVIEW_LAST_ITEM (the user reached the review page). The reserved value is part of the
export format (docs/data-format.md) and of docs/export.schema.json.
"""

from __future__ import annotations

from .edition import Edition

REVIEW_LAST_ITEM = "__review__"


def is_valid_last_item(edition: Edition, value: str) -> bool:
    """True for "", the review page, or an item of `edition`."""
    return value in ("", REVIEW_LAST_ITEM) or edition.has_item(value)
