"""Timeline Followback (TLFB): a row per day and tracker, its figures, and its calendar.

Rules (the README repeats them):

- Reports count completed days: the CLI ends every period yesterday at the latest, so a
  TLFB over the last 90 days covers exactly the days `rj streak` counts in its 90-day
  window (today - 90 .. today - 1), and today, barely begun, is never counted.
- Uses count against trackers exactly as for streaks (`analytics.streaks.uses_for`).
- A tracker's days run from the later of the period's start and its clean date (the day
  tracking began) to the period's end. Days before tracking began have no rows.
- Each day is one of three things for a tracker: a use day (a use counts against it), a
  day without a use (the journal has an answer for it: an explicit "no use", a `sober`
  entry as `rj checkin` records it, or anything else logged that day that is not another
  tracker's use or answer), or a day with no data (nothing logged that says anything about
  it). Silence is not a zero: days with no data are left out of percent days abstinent and
  counted apart.
- Percent days abstinent = days without a use / days with data x 100. The longest run
  without a use counts consecutive tracked days with no use, days without data included
  (as streaks count them); the figures say how many days had no data.
- Quantities (`use --quantity N --unit UNIT`, `--drinks N`) add up by day in the tracker's
  unit: the unit most of its quantified uses in the period were given in (standard drinks
  first among equals). The total, the quantity per use day (drinks per drinking day, over
  use days with a quantity), the highest day and heavy days (the day's quantity reaches the
  tracker's threshold: `domain.quantities.heavy_threshold`) are in that unit.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from recovery_journal.analytics.streaks import entry_day, uses_for
from recovery_journal.domain.characters import printable
from recovery_journal.domain.entries import Entry, Meeting, Use
from recovery_journal.domain.quantities import (
    STANDARD_DRINKS,
    format_quantity,
    heavy_threshold,
    unit_words,
)
from recovery_journal.domain.spreadsheet import neutralise
from recovery_journal.domain.trackers import Tracker

CSV_HEADER = ("date", "tracker", "used", "quantity", "unit", "amount")
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class TlfbDay:
    day: date
    tracker: str
    used: bool | None
    """True: a use; False: no use on a day with data; None: no data (nothing logged)."""
    quantity: float | None
    """The day's quantity in the tracker's unit; None when no use gave one in it."""
    unit: str
    amount: str
    """The day's own-words amounts joined with '; ' (and quantities in any other unit)."""


@dataclass(frozen=True)
class TlfbFigures:
    tracker: str
    first_day: date | None
    """The first tracked day in the period; None when tracking began after it."""
    last_day: date
    days: int
    days_with_data: int
    use_days: int
    percent_abstinent: float | None
    """Over days with data; None without any."""
    longest_abstinent_run: int
    unit: str | None = None
    """The unit of the figures below; None when no use in the period gave a quantity."""
    total: float | None = None
    quantified_days: int = 0
    """Use days with a quantity in `unit`."""
    per_use_day: float | None = None
    heavy_threshold: float | None = None
    heavy_days: int | None = None
    highest: float | None = None
    highest_day: date | None = None

    @property
    def no_data_days(self) -> int:
        return self.days - self.days_with_data

    @property
    def abstinent_days(self) -> int:
        return self.days_with_data - self.use_days

    def quantity(self, value: float | None) -> str:
        """'4 standard drinks' in this tracker's unit."""
        return "" if value is None else unit_words(self.unit, value)


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


def data_days(tracker: Tracker, entries: Iterable[Entry]) -> set[date]:
    """The days with data for `tracker`: its uses and "no use" answers, and any entry not
    recorded against a tracker (a mood, a meeting, ...). Another tracker's use or answer
    says nothing about this one."""
    return {
        entry_day(entry)
        for entry in entries
        if not entry.counts_against_a_tracker() or getattr(entry, "tracker", None) == tracker.id
    }


def amounts(uses: Iterable[Entry]) -> str:
    """The own-words amounts of a day's uses, joined with '; '."""
    return "; ".join(use.amount for use in uses if isinstance(use, Use) and use.amount)


def described(uses: Iterable[Entry]) -> str:
    """A day's uses for reading: '4 standard drinks (4 pints)'; '' when nothing was said."""
    parts = []
    for use in uses:
        if not isinstance(use, Use):
            continue
        counted = None if use.quantity is None else unit_words(use.unit, use.quantity)
        if counted and use.amount:
            parts.append(f"{counted} ({use.amount})")
        elif counted or use.amount:
            parts.append(counted or use.amount or "")
    return "; ".join(parts)


def quantities(uses: Iterable[Entry]) -> dict[str, float]:
    """A day's quantities by unit ('' for a quantity given without one)."""
    found: dict[str, float] = {}
    for use in uses:
        if isinstance(use, Use) and use.quantity is not None:
            found[use.unit or ""] = found.get(use.unit or "", 0.0) + use.quantity
    return found


def main_unit(by_day: dict[date, list[Entry]], days: Iterable[date]) -> str | None:
    """The unit most quantified uses on `days` were given in (standard drinks first)."""
    counts = Counter(
        use.unit or ""
        for day in days
        for use in by_day.get(day, [])
        if isinstance(use, Use) and use.quantity is not None
    )
    if not counts:
        return None
    return min(counts, key=lambda unit: (-counts[unit], unit != STANDARD_DRINKS, unit))


def longest_run(days: Iterable[bool]) -> int:
    """The longest run of True values."""
    best = run = 0
    for abstinent in days:
        run = run + 1 if abstinent else 0
        best = max(best, run)
    return best


def tracked_days(tracker: Tracker, since: date, until: date) -> list[date]:
    """The days of [since, until] on or after the tracker's clean date."""
    first = max(since, tracker.clean_date)
    return [first + _ONE_DAY * offset for offset in range((until - first).days + 1)]


def tlfb(
    entries: Iterable[Entry],
    trackers: Sequence[Tracker],
    *,
    since: date,
    until: date,
    only: Sequence[Tracker] | None = None,
) -> Tlfb:
    """TLFB rows and figures for [since, until] (inclusive), for `only` or every tracker.

    `entries` must hold every entry of the period (they decide the days with data)."""
    entries = list(entries)
    chosen = list(trackers if only is None else only)
    rows: list[TlfbDay] = []
    figures: list[TlfbFigures] = []
    columns = []
    for tracker in chosen:
        logged = data_days(tracker, entries)
        uses = daily_uses(tracker, entries)
        days = tracked_days(tracker, since, until)
        unit = main_unit(uses, days)
        columns.append({day: _row(tracker, day, uses, logged, unit) for day in days})
        figures.append(_figures(tracker, columns[-1], since, until, unit))
    day = since
    while day <= until:
        rows += [column[day] for column in columns if day in column]
        day += _ONE_DAY
    return Tlfb(since, until, rows, figures)


def _row(
    tracker: Tracker, day: date, uses: dict[date, list[Entry]], logged: set[date], unit: str | None
) -> TlfbDay:
    todays = uses.get(day, [])
    by_unit = quantities(todays)
    main = None if unit is None else by_unit.pop(unit, None)
    others = [unit_words(name, value) for name, value in by_unit.items()]
    words = "; ".join(x for x in (amounts(todays), *others) if x)
    used = True if todays else (False if day in logged else None)
    shown_unit = (unit or "") if main is not None else ""
    return TlfbDay(day, tracker.name, used, main, shown_unit, words)


def _figures(
    tracker: Tracker, rows: dict[date, TlfbDay], since: date, until: date, unit: str | None
) -> TlfbFigures:
    if not rows:
        return TlfbFigures(tracker.name, None, until, 0, 0, 0, None, 0)
    with_data = [row for row in rows.values() if row.used is not None]
    use_days = sum(1 for row in with_data if row.used)
    amounts_by_day = [(row.quantity, row.day) for row in rows.values() if row.quantity is not None]
    threshold = heavy_threshold(unit, tracker.heavy_day) if unit is not None else None
    total = sum(quantity for quantity, _ in amounts_by_day) if amounts_by_day else None
    highest = max(amounts_by_day, key=lambda pair: (pair[0], -pair[1].toordinal()), default=None)
    return TlfbFigures(
        tracker=tracker.name,
        first_day=min(rows),
        last_day=until,
        days=len(rows),
        days_with_data=len(with_data),
        use_days=use_days,
        percent_abstinent=(
            100 * (len(with_data) - use_days) / len(with_data) if with_data else None
        ),
        longest_abstinent_run=longest_run(not row.used for row in rows.values()),
        unit=unit,
        total=total,
        quantified_days=len(amounts_by_day),
        per_use_day=None if total is None else total / len(amounts_by_day),
        heavy_threshold=threshold,
        heavy_days=(
            None if threshold is None else sum(1 for q, _ in amounts_by_day if q >= threshold)
        ),
        highest=None if highest is None else highest[0],
        highest_day=None if highest is None else highest[1],
    )


def to_csv(table: Tlfb) -> str:
    """`date,tracker,used,quantity,unit,amount`, header first: `used` is 1, 0, or empty for
    a day with no data; formula cells neutralised, control characters removed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in table.rows:
        used = "" if row.used is None else ("1" if row.used else "0")
        quantity = "" if row.quantity is None else format_quantity(row.quantity)
        cells = (row.day.isoformat(), row.tracker, used, quantity, row.unit, row.amount)
        writer.writerow([neutralise(printable(cell)) for cell in cells])
    return out.getvalue()


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_period: bool
    tracked: bool
    """On or after some tracker's clean date."""
    uses: tuple[tuple[str, str], ...]
    """(tracker, what was used: quantities and amounts) for each tracker with a use."""
    meetings: int
    mood: float | None
    logged: bool = True
    """The day has data for some tracker (see `data_days`); a tracked day without is a day
    with no data."""

    @property
    def no_data(self) -> bool:
        return self.in_period and self.tracked and not self.logged


def calendar_days(
    in_period: list[Entry],
    trackers: Sequence[Tracker],
    since: date,
    until: date,
    every: list[Entry],
) -> list[CalendarDay]:
    """Whole weeks, Monday to Sunday, covering [since, until]; `every` decides the uses."""
    from recovery_journal.analytics.mood import daily_moods  # the one mood definition

    uses = [(tracker.name, daily_uses(tracker, every)) for tracker in trackers]
    meetings = Counter(entry_day(e) for e in in_period if isinstance(e, Meeting))
    moods = daily_moods(in_period)
    logged = set().union(*(data_days(tracker, in_period) for tracker in trackers))
    first_clean = min((tracker.clean_date for tracker in trackers), default=since)
    start = since - timedelta(days=since.weekday())
    end = until + timedelta(days=6 - until.weekday())
    days = []
    day = start
    while day <= end:
        inside = since <= day <= until
        marks = tuple(
            (name, described(by_day[day])) for name, by_day in uses if inside and day in by_day
        )
        days.append(
            CalendarDay(
                day=day,
                in_period=inside,
                tracked=day >= first_clean,
                uses=marks,
                meetings=meetings[day] if inside else 0,
                mood=moods.get(day) if inside else None,
                logged=day in logged,
            )
        )
        day += _ONE_DAY
    return days
