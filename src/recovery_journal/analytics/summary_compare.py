"""The summary's first page: the figures of a period beside the previous period of the same
length, for the headline tiles ("since last time"). Pure.

The previous period is the same number of days just before `since`. Each figure is worked
out the same way in both: use days as the TLFB counts them (with the days that had data),
cravings and their average intensity, the mood average (`analytics.mood`, the one
definition), meetings, and connections (`rj connect`) when either period has any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from recovery_journal.analytics.figures import mean
from recovery_journal.analytics.mood import daily_moods, mood_average
from recovery_journal.analytics.streaks import entry_day
from recovery_journal.analytics.tlfb import tlfb
from recovery_journal.domain.entries import Craving, Entry, Meeting
from recovery_journal.domain.trackers import Tracker

CONNECTION = "connection"
"""The kind `rj connect` records (domain/community.py)."""


@dataclass(frozen=True)
class TrackerUse:
    tracker: str
    use_days: int
    days_with_data: int
    tracked_days: int


@dataclass(frozen=True)
class PeriodFigures:
    since: date
    until: date
    uses: list[TrackerUse]
    cravings: int
    craving_intensity: float | None
    mood_average: float | None
    meetings: int
    connections: int

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1


@dataclass(frozen=True)
class Comparison:
    current: PeriodFigures
    previous: PeriodFigures


def period_figures(
    every: Sequence[Entry], trackers: Sequence[Tracker], since: date, until: date
) -> PeriodFigures:
    """The headline figures of [since, until]; `every` holds at least that period's entries."""
    dated = [entry for entry in every if since <= entry_day(entry) <= until]
    cravings = [entry for entry in dated if isinstance(entry, Craving)]
    table = tlfb(dated, trackers, since=since, until=until)
    return PeriodFigures(
        since=since,
        until=until,
        uses=[TrackerUse(f.tracker, f.use_days, f.days_with_data, f.days) for f in table.figures],
        cravings=len(cravings),
        craving_intensity=mean([craving.intensity for craving in cravings]),
        mood_average=mood_average(daily_moods(dated)),
        meetings=sum(1 for entry in dated if isinstance(entry, Meeting)),
        connections=sum(1 for entry in dated if entry.kind == CONNECTION),
    )


def compare(
    every: Sequence[Entry], trackers: Sequence[Tracker], since: date, until: date
) -> Comparison:
    """[since, until] and the same number of days just before it."""
    length = timedelta(days=(until - since).days + 1)
    return Comparison(
        current=period_figures(every, trackers, since, until),
        previous=period_figures(every, trackers, since - length, since - timedelta(days=1)),
    )
