"""Timeline Followback (TLFB): a row per day and tracker, its figures, and its calendar.

Rules (the README repeats them):

- Uses count against trackers exactly as for streaks (`analytics.streaks.uses_for`).
- A tracker's days run from the later of the period's start and its clean date (the day
  tracking began) to the period's end. Days before tracking began are not guessed at: they
  have no rows and do not count, as for streaks.
- A day is a use day when at least one use counts against the tracker on that day; its
  amount is the amounts of that day's uses joined with "; " (a craving acted on has none).
- A day is recorded when the journal holds an answer for it: a use, or an explicit "no use"
  for the tracker (a `sober` entry, as `rj checkin` records it). A day nobody answered for is
  not recorded, and is still counted as abstinent in the figures below.
- Percent days abstinent = abstinent days / tracked days x 100; the longest abstinent run
  is the longest stretch of consecutive tracked days without a use.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from recovery_journal.analytics.streaks import entry_day, uses_for
from recovery_journal.domain.entries import Entry, Meeting, Mood, Sober, Use
from recovery_journal.domain.spreadsheet import neutralise
from recovery_journal.domain.trackers import Tracker

CSV_HEADER = ("date", "tracker", "used", "amount", "recorded")
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class TlfbDay:
    day: date
    tracker: str
    used: bool
    amount: str
    """The day's amounts joined with '; '; empty when none were given."""
    recorded: bool = False
    """The journal answers for the day: a use, or an explicit "no use" (a real zero)."""


@dataclass(frozen=True)
class TlfbFigures:
    tracker: str
    first_day: date | None
    """The first tracked day in the period; None when tracking began after it."""
    last_day: date
    days: int
    use_days: int
    percent_abstinent: float | None
    longest_abstinent_run: int

    @property
    def abstinent_days(self) -> int:
        return self.days - self.use_days


@dataclass(frozen=True)
class Tlfb:
    since: date
    until: date
    rows: list[TlfbDay]
    """Day by day, then tracker by tracker in the order given."""
    figures: list[TlfbFigures]


def daily_uses(tracker: Tracker, entries: Iterable[Entry]) -> dict[date, list[Entry]]:
    """The uses counting against `tracker`, by day, in time order within a day."""
    days: dict[date, list[Entry]] = {}
    for use in sorted(uses_for(tracker, entries), key=lambda use: use.at):
        days.setdefault(entry_day(use), []).append(use)
    return days


def answered_days(tracker: Tracker, entries: Iterable[Entry]) -> set[date]:
    """The days with an explicit "no use" for `tracker` (sober entries, from the check-in)."""
    return {entry_day(e) for e in entries if isinstance(e, Sober) and e.tracker == tracker.id}


def amounts(uses: Iterable[Entry]) -> str:
    return "; ".join(use.amount for use in uses if isinstance(use, Use) and use.amount)


def longest_run(days: Iterable[bool]) -> int:
    """The longest run of True values."""
    best = run = 0
    for abstinent in days:
        run = run + 1 if abstinent else 0
        best = max(best, run)
    return best


def tlfb(
    entries: Iterable[Entry],
    trackers: Sequence[Tracker],
    *,
    since: date,
    until: date,
    only: Sequence[Tracker] | None = None,
) -> Tlfb:
    """TLFB rows and figures for [since, until] (inclusive), for `only` or every tracker."""
    entries = list(entries)
    chosen = list(trackers if only is None else only)
    by_tracker = [(tracker, daily_uses(tracker, entries)) for tracker in chosen]
    answered = {tracker.id: answered_days(tracker, entries) for tracker in chosen}
    rows: list[TlfbDay] = []
    day = since
    while day <= until:
        for tracker, uses in by_tracker:
            if day >= tracker.clean_date:
                todays = uses.get(day, [])
                said = bool(todays) or day in answered[tracker.id]
                rows.append(TlfbDay(day, tracker.name, bool(todays), amounts(todays), said))
        day += _ONE_DAY
    figures = [_figures(tracker, uses, since, until) for tracker, uses in by_tracker]
    return Tlfb(since, until, rows, figures)


def _figures(
    tracker: Tracker, uses: dict[date, list[Entry]], since: date, until: date
) -> TlfbFigures:
    first = max(since, tracker.clean_date)
    if first > until:
        return TlfbFigures(tracker.name, None, until, 0, 0, None, 0)
    days = [first + _ONE_DAY * offset for offset in range((until - first).days + 1)]
    abstinent = [day not in uses for day in days]
    use_days = abstinent.count(False)
    return TlfbFigures(
        tracker=tracker.name,
        first_day=first,
        last_day=until,
        days=len(days),
        use_days=use_days,
        percent_abstinent=100 * (len(days) - use_days) / len(days),
        longest_abstinent_run=longest_run(abstinent),
    )


def to_csv(table: Tlfb) -> str:
    """`date,tracker,used,amount,recorded`, header first, used and recorded as 0/1; formula
    cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in table.rows:
        flags = ("1" if row.used else "0", row.amount, "1" if row.recorded else "0")
        cells = (row.day.isoformat(), row.tracker, *flags)
        writer.writerow([neutralise(cell) for cell in cells])
    return out.getvalue()


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_period: bool
    tracked: bool
    """On or after some tracker's clean date."""
    uses: tuple[tuple[str, str], ...]
    """(tracker, amounts) for each tracker with a use that day."""
    meetings: int
    mood: float | None


def calendar_days(
    in_period: list[Entry],
    trackers: Sequence[Tracker],
    since: date,
    until: date,
    every: list[Entry],
) -> list[CalendarDay]:
    """Whole weeks, Monday to Sunday, covering [since, until]; `every` decides the uses."""
    uses = [(tracker.name, daily_uses(tracker, every)) for tracker in trackers]
    meetings = Counter(entry_day(e) for e in in_period if isinstance(e, Meeting))
    scores: dict[date, list[int]] = {}
    for entry in in_period:
        if isinstance(entry, Mood):
            scores.setdefault(entry_day(entry), []).append(entry.score)
    first_clean = min((tracker.clean_date for tracker in trackers), default=since)
    start = since - timedelta(days=since.weekday())
    end = until + timedelta(days=6 - until.weekday())
    days = []
    day = start
    while day <= end:
        inside = since <= day <= until
        marks = tuple(
            (name, amounts(by_day[day])) for name, by_day in uses if inside and day in by_day
        )
        mood = scores.get(day) if inside else None
        days.append(
            CalendarDay(
                day=day,
                in_period=inside,
                tracked=day >= first_clean,
                uses=marks,
                meetings=meetings[day] if inside else 0,
                mood=sum(mood) / len(mood) if mood else None,
            )
        )
        day += timedelta(days=1)
    return days
