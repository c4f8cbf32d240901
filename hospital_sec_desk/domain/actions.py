"""The action plan's vocabulary: the 状況 of an item's improvement (one source for every layer)."""

from __future__ import annotations

ACTION_FIELDS = ("owner", "due", "status", "note")
ACTION_STATUSES = {"open": "未着手", "in_progress": "対応中", "done": "完了"}  # key -> Japanese label
