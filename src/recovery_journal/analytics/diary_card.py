"""The weekly diary card: days across, one row per measure, as therapists review it. Pure.

Like a DBT diary card, it holds ratings and labels, never notes: mood, cravings and the
highest craving, use (with amounts), HALT, meetings, coping used and how many things the
person was grateful for. Uses count against trackers as for streaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from recovery_journal.analytics.streaks import entry_day
from recovery_journal.analytics.tlfb import amounts, daily_uses
from recovery_journal.domain.entries import HALT_WORDS, Craving, Entry, Gratitude, Meeting, Mood
from recovery_journal.domain.trackers import Tracker


def week_start(day: date) -> date:
    """The Monday of the week containing `day`."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class DiaryDay:
    day: date
    future: bool
    mood: float | None
    cravings: int
    highest_craving: int | None
    uses: tuple[tuple[str, str], ...]
    """(tracker, amounts) for each tracker with a use that day."""
    halt: tuple[str, ...]
    meetings: tuple[str, ...]
    """One fellowship name (or '') per meeting."""
    coping: tuple[str, ...]
    gratitude: int


@dataclass(frozen=True)
class DiaryCard:
    start: date
    days: list[DiaryDay]
    several_trackers: bool

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
    uses = [(t.name, daily_uses(t, every)) for t in trackers]
    days = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        todays = [e for e in week if entry_day(e) == day]
        days.append(_day(day, todays, uses, future=day > today))
    return DiaryCard(start, days, several_trackers=len(trackers) > 1)


def _day(
    day: date,
    entries: list[Entry],
    uses: list[tuple[str, dict[date, list[Entry]]]],
    *,
    future: bool,
) -> DiaryDay:
    scores = [e.score for e in entries if isinstance(e, Mood)]
    cravings = [e for e in entries if isinstance(e, Craving)]
    halt = {word for c in cravings for word in c.halt}
    coping = dict.fromkeys(c.coping for c in cravings if c.coping)
    return DiaryDay(
        day=day,
        future=future,
        mood=sum(scores) / len(scores) if scores else None,
        cravings=len(cravings),
        highest_craving=max((c.intensity for c in cravings), default=None),
        uses=tuple((name, amounts(by_day[day])) for name, by_day in uses if day in by_day),
        halt=tuple(word for word in HALT_WORDS if word in halt),
        meetings=tuple(m.fellowship or "" for m in entries if isinstance(m, Meeting)),
        coping=tuple(name for name in coping if name),
        gratitude=sum(len(g.items) for g in entries if isinstance(g, Gratitude)),
    )
