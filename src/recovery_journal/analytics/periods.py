"""The periods trends are grouped by, and the day each entry falls on.

Periods are whole days, ISO weeks (Monday to Sunday) or calendar months; a report
covers the whole periods that overlap the range asked for, and keeps empty periods.
Each entry's own stored offset decides its day, as in `streaks`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from recovery_journal.analytics.streaks import entry_day
from recovery_journal.domain.entry_base import Entry
from recovery_journal.errors import InvalidInput

BY_CHOICES = ("day", "week", "month")
DEFAULT_SPAN = {"day": 14, "week": 12, "month": 12}
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    """Inclusive."""
    label: str


def _check_by(by: str) -> str:
    if by not in BY_CHOICES:
        raise InvalidInput(f"Trends can be grouped by day, week or month, not {by!r}.")
    return by


def _period_start(by: str, day: date) -> date:
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day


def _step(by: str) -> relativedelta:
    return {"day": relativedelta(days=1), "week": relativedelta(weeks=1)}.get(
        by, relativedelta(months=1)
    )


def _label(by: str, start: date) -> str:
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.strftime("%Y-%m") if by == "month" else start.isoformat()


def periods(by: str, since: date, until: date) -> list[Period]:
    """The whole days, ISO weeks or months that overlap [since, until], in order."""
    _check_by(by)
    if since > until:
        raise InvalidInput(f"The range starts ({since}) after it ends ({until}).")
    found = []
    start = _period_start(by, since)
    while start <= until:
        following = start + _step(by)
        found.append(Period(start, following - _ONE_DAY, _label(by, start)))
        start = following
    return found


def default_range(by: str, today: date) -> tuple[date, date]:
    """The last 14 days, 12 weeks or 12 months, the current one included."""
    span = DEFAULT_SPAN[_check_by(by)] - 1
    return _period_start(by, today) - _step(by) * span, today


Dated = tuple[date, Entry]
"""An entry with its day, worked out once."""


def dated_entries(entries: Iterable[Entry]) -> list[Dated]:
    return [(entry_day(entry), entry) for entry in entries]
