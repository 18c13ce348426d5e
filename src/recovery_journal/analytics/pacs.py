"""Penn Alcohol Craving Scale scores week by week. Pure.

The scale asks about the past week, so a week's total is the last score taken in that ISO
week (Monday to Sunday); `scores` says how many were taken. Weeks without a score are left
out. A total of 15 or more is pointed out gently (the journal's own point, half the range;
not a diagnostic cut-off).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from recovery_journal.analytics.periods import Period, periods
from recovery_journal.analytics.streaks import entry_day
from recovery_journal.domain.entries import Entry, Pacs
from recovery_journal.domain.pacs import HIGH_TOTAL


@dataclass(frozen=True)
class PacsWeek:
    week: Period
    total: int
    """The week's last score, 0-30."""
    scores: int
    """How many times the scale was taken that week."""

    @property
    def high(self) -> bool:
        return self.total >= HIGH_TOTAL

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week.label,
            "start": self.week.start.isoformat(),
            "end": self.week.end.isoformat(),
            "total": self.total,
            "scores": self.scores,
        }


def weekly_pacs(entries: Iterable[Entry], since: date, until: date) -> list[PacsWeek]:
    """Each ISO week overlapping [since, until] that has a PACS score, in order."""
    scores = sorted(
        (entry for entry in entries if isinstance(entry, Pacs)),
        key=lambda entry: entry.at.timestamp(),
    )
    found = []
    for week in periods("week", since, until):
        taken = [s for s in scores if week.start <= entry_day(s) <= week.end]
        if taken:
            found.append(PacsWeek(week, taken[-1].total or 0, len(taken)))
    return found
