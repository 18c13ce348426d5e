"""Sobriety streaks, milestones and lasting progress: pure functions of entries and today.

The rules (the README repeats them for people):

- Days are calendar days. An entry's day is the date of its own stored time and offset
  (`entry.at.date()`), so a journal carried to another time zone keeps its days, and DST
  changes never split or merge a day.
- A tracker's clean date is its first sober day of tracking. A use (a Use entry, or a craving
  with outcome "used") on day U ends the streak running on U; the next streak starts on U + 1.
  Several uses on one day are one use day. Uses before the clean date are history before
  tracking and are ignored, as are entries dated after `today`.
- On day T, current_days = T - start of the current streak: the clean date today is 0 days,
  tomorrow 1. Never negative: after a use today it is 0, `used_today` is set and the next
  streak starts tomorrow. `current_since` is local midnight of the streak's first day: the
  one clock both the days and the hours shown count from.
- A completed streak from S ended by a use on U lasted U - S days; its last sober day is U - 1.
  Consecutive use days U .. V are one episode ending that streak (`used_until` = V), and the
  next streak starts on V + 1: they make no 0-day streaks in between. longest_days is the
  longest streak, the current one included.
- Sober days in the last N days count completed days only: days d with
  max(clean date, T - N) <= d < T that are not use days, out of the days tracked in that
  window (the same range, use days included): a 12-day-old tracker has 12 in every window.
  sober_share divides all sober completed days since the clean date by all completed days
  (None before the first one), and money_saved multiplies them by the cost per day.
- meetings_last_90 counts Meeting entries dated T - 89 .. T (any tracker).
- average_recent_days is the mean length of the last 3 streaks, the current one included
  once it is a day or longer; None with fewer than two such streaks.
- Milestones count from the current streak's start in calendar days, weeks, months and years
  (dateutil: 29 February + 1 year = 28 February).

Which uses count for a tracker: those recorded against it when they were logged (the tracker
their substance names, or the one chosen); a use recorded against no tracker counts for none.
Everything is recomputed from the whole history on every call, so uses logged late
(backdated) are always counted.
"""

from __future__ import annotations

import dataclasses
import itertools
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.kinds.craving import Craving
from recovery_journal.domain.kinds.meeting import Meeting
from recovery_journal.domain.kinds.use import Use
from recovery_journal.domain.trackers import Tracker
from recovery_journal.domain.wall_clock import resolve_imaginary

ONE_DAY = timedelta(days=1)
RECENT_ATTEMPTS = 3
MEETING_WINDOW_DAYS = 90
SOBER_WINDOWS = (30, 90, 365)

MILESTONES: tuple[tuple[str, relativedelta], ...] = (
    ("1 day", relativedelta(days=1)),
    ("1 week", relativedelta(weeks=1)),
    ("30 days", relativedelta(days=30)),
    ("60 days", relativedelta(days=60)),
    ("90 days", relativedelta(days=90)),
    ("6 months", relativedelta(months=6)),
    ("9 months", relativedelta(months=9)),
    ("1 year", relativedelta(years=1)),
    ("18 months", relativedelta(months=18)),
)
"""Fellowship chips and keytags; after 18 months, every year ("2 years", "3 years", ...)."""
YEARLY_FROM = 2


@dataclass(frozen=True)
class Milestone:
    name: str
    day: date
    days_left: int
    """Days from today until `day`: 0 today, negative once past."""


@dataclass(frozen=True)
class Attempt:
    """One streak. For a 0-day streak (a use on its first day) `end` is the day before `start`."""

    start: date
    end: date | None
    """The last sober day; None while the streak is ongoing."""
    days: int
    ended_by: Entry | None
    """The first use on the day that ended it, so its note can be shown."""
    used_on: date | None = None
    """The use day that ended it (end + 1 day); None while ongoing."""
    used_until: date | None = None
    """The last of the consecutive use days that began on `used_on`."""

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "days": self.days,
            "used_on": None if self.used_on is None else self.used_on.isoformat(),
            "used_until": None if self.used_until is None else self.used_until.isoformat(),
            "note": None if self.ended_by is None else self.ended_by.note,
        }


@dataclass(frozen=True)
class StreakReport:
    tracker: Tracker
    clean_since: date
    current_days: int
    current_since: datetime
    """Local midnight of clean_since, with a fixed-offset tzinfo: where the streak's days and
    hours count from. After a use today it is tomorrow's midnight (see used_today)."""
    used_today: bool
    """A use counts today: the next streak starts tomorrow."""
    longest_days: int
    use_days: int
    sober_days_last_30: int
    sober_days_last_90: int
    sober_days_last_365: int
    tracked_days_last_30: int
    """Completed days tracked in the window (the denominator of sober_days_last_30)."""
    tracked_days_last_90: int
    tracked_days_last_365: int
    sober_share: float | None
    last_milestone: Milestone | None
    next_milestone: Milestone
    milestone_today: Milestone | None
    money_saved: Decimal | None
    meetings_last_90: int
    attempts: list[Attempt]
    """Oldest first; the last one is the current streak."""
    average_recent_days: float | None
    averaged_streaks: int
    """How many streaks average_recent_days is the mean of (0 when it is None)."""

    def to_json(self) -> dict[str, Any]:
        """The `streak --json` object."""
        last, upcoming = self.last_milestone, self.next_milestone
        return {
            "tracker": self.tracker.name,
            "clean_since": self.clean_since.isoformat(),
            "current_since": self.current_since.isoformat(),
            "current_days": self.current_days,
            "used_today": self.used_today,
            "longest_days": self.longest_days,
            "use_days": self.use_days,
            "sober_days_last_30": self.sober_days_last_30,
            "sober_days_last_90": self.sober_days_last_90,
            "sober_days_last_365": self.sober_days_last_365,
            "tracked_days_last_30": self.tracked_days_last_30,
            "tracked_days_last_90": self.tracked_days_last_90,
            "tracked_days_last_365": self.tracked_days_last_365,
            "sober_share": None if self.sober_share is None else round(self.sober_share, 4),
            "last_milestone": None
            if last is None
            else {"name": last.name, "date": last.day.isoformat()},
            "next_milestone": {
                "name": upcoming.name,
                "date": upcoming.day.isoformat(),
                "days_left": upcoming.days_left,
            },
            "milestone_today": None if self.milestone_today is None else self.milestone_today.name,
            "money_saved": _money_json(self.money_saved),
            "currency": self.tracker.currency,
            "meetings_last_90": self.meetings_last_90,
            "attempts": [attempt.to_json() for attempt in self.attempts],
            "average_recent_days": None
            if self.average_recent_days is None
            else round(self.average_recent_days, 2),
        }


def _money_json(amount: Decimal | None) -> float | None:
    if amount is None:
        return None
    return float(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def entry_day(entry: Entry) -> date:
    """The entry's calendar day in its own stored offset."""
    return entry.at.date()


COUNTED_CRAVINGS = ("craving", "outcome", "used")
"""The cravings `is_use` counts, as a journal query (EntryScope.only_where) can say it."""


def is_use(entry: Entry) -> bool:
    """A Use entry, or a craving that was acted on (COUNTED_CRAVINGS)."""
    return isinstance(entry, Use) or (isinstance(entry, Craving) and entry.outcome == "used")


def uses_for(tracker: Tracker, entries: Iterable[Entry]) -> list[Entry]:
    """The uses that count against `tracker`: those recorded against it.

    A use records the tracker it counts against when it is logged, so adding,
    renaming or removing trackers later never moves it. A use recorded against no
    tracker (`--no-tracker`, or a substance you do not track) counts for none.
    """
    return [use for use in entries if is_use(use) and getattr(use, "tracker", None) == tracker.id]


def milestones(start: date, today: date) -> Iterator[Milestone]:
    """Every milestone of a streak that starts on `start`, in order, without end."""
    yearly = ((f"{n} years", relativedelta(years=n)) for n in itertools.count(YEARLY_FROM))
    for name, step in itertools.chain(MILESTONES, yearly):
        day = start + step
        yield Milestone(name, day, (day - today).days)


def _milestones_around(start: date, today: date) -> tuple[Milestone | None, Milestone]:
    """The last milestone reached by today (or None) and the next one."""
    last: Milestone | None = None
    for milestone in milestones(start, today):
        if milestone.days_left > 0:
            return last, milestone
        last = milestone
    raise AssertionError("milestones() never ends")  # pragma: no cover


def _use_days(uses: Iterable[Entry], clean: date, today: date) -> dict[date, list[Entry]]:
    """Use days from the clean date to today, in order, each with its uses in time order."""
    days: dict[date, list[Entry]] = {}
    for use in uses:
        day = entry_day(use)
        if clean <= day <= today:
            days.setdefault(day, []).append(use)
    return {day: sorted(days[day], key=lambda use: (use.at, use.id)) for day in sorted(days)}


def _attempts(clean: date, use_days: dict[date, list[Entry]], today: date) -> list[Attempt]:
    """Every streak, oldest first; consecutive use days are one episode ending a streak."""
    attempts: list[Attempt] = []
    start = clean
    for day, uses in use_days.items():
        if day == start and attempts:  # the day after a use day: the same episode
            attempts[-1] = dataclasses.replace(attempts[-1], used_until=day)
        else:
            attempts.append(Attempt(start, day - ONE_DAY, (day - start).days, uses[0], day, day))
        start = day + ONE_DAY
    attempts.append(Attempt(start, None, max(0, (today - start).days), None))
    return attempts


def _fixed(moment: datetime) -> datetime:
    """The same moment and wall time with a fixed-offset tzinfo, so arithmetic is exact."""
    return moment.replace(tzinfo=timezone(moment.utcoffset() or timedelta()))


def local_midnight(day: date, zone: tzinfo) -> datetime:
    """The first moment of `day` in `zone` (with a fixed-offset tzinfo)."""
    return _fixed(resolve_imaginary(datetime.combine(day, time(), tzinfo=zone)))


def _sober_days(
    clean: date, today: date, use_days: list[date], window: int | None
) -> tuple[int, int]:
    """Sober completed days in [max(clean, today - window), today), and tracked days there."""
    first = clean if window is None else max(clean, today - timedelta(days=window))
    if first >= today:
        return 0, 0
    used = bisect_left(use_days, today) - bisect_left(use_days, first)
    return (today - first).days - used, (today - first).days


def _meetings(meeting_days: list[date], today: date) -> int:
    first = today - timedelta(days=MEETING_WINDOW_DAYS - 1)
    return bisect_left(meeting_days, today + ONE_DAY) - bisect_left(meeting_days, first)


def _recent(attempts: list[Attempt]) -> list[Attempt]:
    """The last streaks to average: the current one only once it is a day or longer."""
    counted = attempts if attempts[-1].days >= 1 else attempts[:-1]
    return counted[-RECENT_ATTEMPTS:] if len(counted) >= 2 else []


def _report(
    tracker: Tracker, uses: Iterable[Entry], meeting_days: list[date], today: date, zone: tzinfo
) -> StreakReport:
    clean = tracker.clean_date
    by_day = _use_days(uses, clean, today)
    attempts = _attempts(clean, by_day, today)
    current = attempts[-1]
    days = list(by_day)
    sober, completed = _sober_days(clean, today, days, None)
    windows = [_sober_days(clean, today, days, window) for window in SOBER_WINDOWS]
    last, upcoming = _milestones_around(current.start, today)
    recent = _recent(attempts)
    return StreakReport(
        tracker=tracker,
        clean_since=current.start,
        current_days=current.days,
        current_since=local_midnight(current.start, zone),
        used_today=today in by_day,
        longest_days=max(attempt.days for attempt in attempts),
        use_days=len(days),
        sober_days_last_30=windows[0][0],
        sober_days_last_90=windows[1][0],
        sober_days_last_365=windows[2][0],
        tracked_days_last_30=windows[0][1],
        tracked_days_last_90=windows[1][1],
        tracked_days_last_365=windows[2][1],
        sober_share=sober / completed if completed else None,
        last_milestone=last,
        next_milestone=upcoming,
        milestone_today=last if last is not None and last.days_left == 0 else None,
        money_saved=None if tracker.cost_per_day is None else tracker.cost_per_day * sober,
        meetings_last_90=_meetings(meeting_days, today),
        attempts=attempts,
        average_recent_days=sum(a.days for a in recent) / len(recent) if recent else None,
        averaged_streaks=len(recent),
    )


def _meeting_days(entries: Iterable[Entry]) -> list[date]:
    return sorted(entry_day(entry) for entry in entries if isinstance(entry, Meeting))


def streak_report(
    tracker: Tracker, entries: Iterable[Entry], *, today: date, zone: tzinfo
) -> StreakReport:
    """One tracker's streak report as of `today`."""
    entries = list(entries)
    uses = uses_for(tracker, entries)
    return _report(tracker, uses, _meeting_days(entries), today, zone)


def streak_reports(
    trackers: Sequence[Tracker], entries: Iterable[Entry], *, today: date, zone: tzinfo
) -> list[StreakReport]:
    """A report per tracker, in the order given, from one pass over the entries."""
    entries = list(entries)
    uses = [entry for entry in entries if is_use(entry)]
    meeting_days = _meeting_days(entries)
    return [
        _report(tracker, uses_for(tracker, uses), meeting_days, today, zone) for tracker in trackers
    ]
