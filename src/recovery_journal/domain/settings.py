"""The person's own settings, kept in the journal: encrypted with the entries, travelling
with its backups and its JSON export. Pure.

One record holds them all; a setting left unset (None) means its default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from recovery_journal.domain.validation import check_int
from recovery_journal.errors import InvalidInput

DEFAULT_NUDGE_DAYS = 3
MAX_NUDGE_DAYS = 365


@dataclass(frozen=True, kw_only=True)
class Settings:
    """`nudge_days`: days without reaching out (a connection or a meeting) before the home
    screen gently suggests a call; 0 never suggests it, None is the default (3)."""

    id: str = ""
    nudge_days: int | None = None

    def __post_init__(self) -> None:
        if self.nudge_days is not None:
            check_int("The number of days before a nudge", self.nudge_days, 0, MAX_NUDGE_DAYS)

    @property
    def nudge_after(self) -> int:
        return DEFAULT_NUDGE_DAYS if self.nudge_days is None else self.nudge_days

    def with_changes(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "nudge_days": self.nudge_days}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Settings:
        unknown = set(data) - {"id", "nudge_days"}
        if unknown:
            raise InvalidInput(f"Unknown setting(s): {', '.join(sorted(unknown))}.")
        identifier = data.get("id", "")
        if not isinstance(identifier, str):
            raise InvalidInput("The settings' id must be text.")
        return cls(id=identifier, nudge_days=data.get("nudge_days"))


def settings_of(stored: Sequence[Settings]) -> Settings:
    """The journal's settings: its one record (the lowest id, should a merge have left two),
    or the defaults when none is stored yet."""
    return min(stored, key=lambda found: found.id) if stored else Settings()
