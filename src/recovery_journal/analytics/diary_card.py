"""The weekly diary card: days across, one row per measure, as therapists review it. Pure.

In the shape clinicians know from DBT diary cards: per day, the urge to use (0-5), use and
how much, emotions (the feelings logged with moods), the mood, skills and coping used,
meetings and connections; plus cravings and HALT. Ratings and labels, never notes.

- Urge to use, 0-5: the day's highest craving intensity (0-10) halved and rounded up, so any
  urge felt is at least 1 (1-2 -> 1, ..., 9-10 -> 5). 0 only when a craving of 0 was
  logged; a day without a craving has no urge rating ("no data"), never a 0.
- Used: for each tracker, a use (with its quantities and amounts), "no" on a day with data
  for it (`analytics.tlfb.data_days`: an explicit "no use" or anything else logged that
  day), or no data when nothing was logged. Uses count against trackers as for streaks.
- Mood: the day's mean; the week's is the mean of daily means (`analytics.mood`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from recovery_journal.analytics.mood import daily_moods, mood_average
from recovery_journal.analytics.streaks import entry_day
from recovery_journal.analytics.tlfb import daily_uses, data_days, described
from recovery_journal.domain.entries import HALT_WORDS, Craving, Entry, Meeting, Mood
from recovery_journal.domain.trackers import Tracker

URGE_MAX = 5


def week_start(day: date) -> date:
    """The Monday of the week containing `day`."""
    return day - timedelta(days=day.weekday())


def urge(intensity: int) -> int:
    """A craving's intensity (0-10) as an urge to use (0-5), rounded up."""
    return min(URGE_MAX, math.ceil(intensity / 2))


@dataclass(frozen=True)
class DayUse:
    tracker: str
    used: bool | None
    """True: a use; False: no use on a day with data; None: no data."""
    what: str
    """Quantities and amounts of the day's uses ('' when none were given)."""


@dataclass(frozen=True)
class DiaryDay:
    day: date
    future: bool
    mood: float | None
    cravings: int
    highest_craving: int | None
    uses: tuple[DayUse, ...]
    """One per tracker tracked that day."""
    halt: tuple[str, ...]
    meetings: tuple[str, ...]
    """One fellowship name (or '') per meeting."""
    coping: tuple[str, ...]
    feelings: tuple[str, ...] = ()
    connections: tuple[str, ...] = ()
    """One per connection: the role of the person, or how ('' when neither was given)."""

    @property
    def urge(self) -> int | None:
        """0-5 from the highest craving; None (no data) without a craving that day."""
        return None if self.highest_craving is None else urge(self.highest_craving)


@dataclass(frozen=True)
class DiaryCard:
    start: date
    days: list[DiaryDay]
    several_trackers: bool
    mood_average: float | None = None
    """The week's mood: the mean of its days' means (days to come excluded)."""

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


def build_diary_card(
    entries: Iterable[Entry], trackers: Sequence[Tracker], *, week_of: date, today: date
) -> DiaryCard:
    """The card for the Monday-to-Sunday week containing `week_of`."""
    start = week_start(week_of)
    every = list(entries)
    week = [e for e in every if start <= entry_day(e) <= start + timedelta(days=6)]
    week.sort(key=lambda entry: entry.at.timestamp())
    existing = [t for t in trackers if t.clean_date <= start + timedelta(days=6)]
    uses = [(t, daily_uses(t, every), data_days(t, week)) for t in existing]
    moods = daily_moods(e for e in week if entry_day(e) <= today)
    days = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        todays = [e for e in week if entry_day(e) == day]
        days.append(_day(day, todays, uses, moods.get(day), future=day > today))
    return DiaryCard(
        start, days, several_trackers=len(existing) > 1, mood_average=mood_average(moods)
    )


def _day(
    day: date,
    entries: list[Entry],
    uses: list[tuple[Tracker, dict[date, list[Entry]], set[date]]],
    mood: float | None,
    *,
    future: bool,
) -> DiaryDay:
    cravings = [e for e in entries if isinstance(e, Craving)]
    halt = {word for c in cravings for word in c.halt}
    coping = dict.fromkeys(c.coping for c in cravings if c.coping)
    feelings = dict.fromkeys(f for e in entries if isinstance(e, Mood) for f in e.feelings)
    return DiaryDay(
        day=day,
        future=future,
        mood=mood,
        cravings=len(cravings),
        highest_craving=max((c.intensity for c in cravings), default=None),
        uses=tuple(
            DayUse(
                tracker.name,
                True if day in by_day else (False if day in with_data else None),
                described(by_day.get(day, [])),
            )
            for tracker, by_day, with_data in uses
            if day >= tracker.clean_date
        ),
        halt=tuple(word for word in HALT_WORDS if word in halt),
        meetings=tuple(m.fellowship or "" for m in entries if isinstance(m, Meeting)),
        coping=tuple(name for name in coping if name),
        feelings=tuple(feelings),
        connections=tuple(
            str(getattr(e, "role", None) or getattr(e, "how", None) or "")
            for e in entries
            if e.kind == "connection"
        ),
    )
