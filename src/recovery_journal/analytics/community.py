"""Connection and community over time: meetings by type, connections, service, days since
the person last reached out, BARC-10. Pure. The meetings challenge and weeks with a meeting
are in `meetings`.

"Reaching out" means a connection entry or a meeting: either breaks isolation. Each entry's
own stored offset decides its day, as in `streaks`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from recovery_journal.analytics.patterns import daily_mood_split
from recovery_journal.analytics.periods import Dated, Period, periods
from recovery_journal.analytics.streaks import entry_day
from recovery_journal.domain.barc import CUT_OFF as BARC_CUT_OFF
from recovery_journal.domain.community import (
    BARC_MAX,
    CONNECTION_ROLES,
    MEETING_TYPES,
    Barc,
    Connection,
    Service,
)
from recovery_journal.domain.entries import Entry, Meeting

BARC_EVERY_DAYS = 30
"""The BARC-10 is suggested monthly: the home screen reminds after this many days."""
ONE_DAY = timedelta(days=1)


def reaches_out(entry: Entry) -> bool:
    """A connection or a meeting: the two ways of not being alone with it that we log."""
    return isinstance(entry, Connection | Meeting)


# -- isolation ----------------------------------------------------


@dataclass(frozen=True)
class Isolation:
    last: date | None
    """The last day the person reached out or went to a meeting; None if never logged."""
    days: int | None
    """Days since then (0: today)."""
    how: str
    """'a meeting' or 'Sam (call)': what it was, for the home screen."""


def isolation(entries: Iterable[Entry], today: date) -> Isolation:
    """How long since the person last reached out to someone or went to a meeting."""
    latest = max(
        (entry for entry in entries if reaches_out(entry) and entry_day(entry) <= today),
        key=lambda entry: entry.at.timestamp(),
        default=None,
    )
    if latest is None:
        return Isolation(None, None, "")
    day = entry_day(latest)
    if isinstance(latest, Connection):
        how = latest.person or "someone"
        how += f" ({latest.how})" if latest.how else ""
    else:
        how = "a meeting"
    return Isolation(day, (today - day).days, how)


def days_since_barc(entries: Iterable[Entry], today: date) -> int | None:
    """Days since the last BARC-10; None if it was never taken."""
    days = [entry_day(entry) for entry in entries if isinstance(entry, Barc)]
    return (today - max(days)).days if days else None


# -- per period (trends) ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionPeriod:
    period: Period
    connections: int
    connection_days: int
    """Days with at least one connection."""
    helped: int
    """Connections marked as having helped."""
    service: int
    service_minutes: int
    meetings: int
    meeting_types: dict[str, int]
    """Meetings of each type code given (a meeting of two types counts under both)."""
    home_group: int

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "connections": self.connections,
            "connection_days": self.connection_days,
            "helped": self.helped,
            "service": self.service,
            "service_minutes": self.service_minutes,
            "meetings": self.meetings,
            "meeting_types": dict(self.meeting_types),
            "home_group": self.home_group,
        }


def _period(period: Period, dated: Iterable[Dated]) -> ConnectionPeriod:
    connections = helped = service = service_minutes = meetings = home = 0
    days: set[date] = set()
    types: Counter[str] = Counter()
    for day, entry in dated:
        if isinstance(entry, Connection):
            connections += 1
            helped += entry.helped is True
            days.add(day)
        elif isinstance(entry, Service):
            service += 1
            service_minutes += entry.minutes or 0
        elif isinstance(entry, Meeting):
            meetings += 1
            home += entry.home
            types.update(entry.types)
    ordered = {code: types[code] for code in MEETING_TYPES if types[code]}
    return ConnectionPeriod(
        period, connections, len(days), helped, service, service_minutes, meetings, ordered, home
    )


@dataclass(frozen=True)
class MoodByConnection:
    """Average daily mood on days with a connection and on other days (days with a mood)."""

    connection_days_avg: float | None
    connection_days: int
    other_days_avg: float | None
    other_days: int

    def to_json(self) -> dict[str, Any]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 3)

        return {
            "connection_days_avg": rounded(self.connection_days_avg),
            "connection_days": self.connection_days,
            "other_days_avg": rounded(self.other_days_avg),
            "other_days": self.other_days,
        }


def mood_by_connection(dated: Iterable[Dated]) -> MoodByConnection:
    """Each day's mean mood, averaged over days with a connection and over the others."""
    return MoodByConnection(*daily_mood_split(dated, Connection))


@dataclass(frozen=True)
class BarcMonth:
    month: Period
    total: int
    """The month's last score, 10-60."""
    scores: int

    @property
    def at_or_above_cut_off(self) -> bool:
        return self.total >= BARC_CUT_OFF

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month.label,
            "total": self.total,
            "scores": self.scores,
            "max": BARC_MAX,
            "cut_off": BARC_CUT_OFF,
        }


def monthly_barc(entries: Iterable[Entry], since: date, until: date) -> list[BarcMonth]:
    """Each calendar month overlapping [since, until] with a BARC-10 score, in order."""
    scores = sorted(
        (entry for entry in entries if isinstance(entry, Barc)), key=lambda e: e.at.timestamp()
    )
    found = []
    for month in periods("month", since, until):
        taken = [s for s in scores if month.start <= entry_day(s) <= month.end]
        if taken:
            found.append(BarcMonth(month, taken[-1].total or 0, len(taken)))
    return found


@dataclass(frozen=True)
class CommunityTrends:
    periods: list[ConnectionPeriod]
    mood: MoodByConnection
    barc: list[BarcMonth]

    @property
    def is_empty(self) -> bool:
        return not self.barc and not any(
            row.connections or row.service or row.meetings for row in self.periods
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "periods": [row.to_json() for row in self.periods],
            "mood_by_connection": self.mood.to_json(),
            "barc": [month.to_json() for month in self.barc],
        }


def community_trends(dated: Sequence[Dated], spans: Sequence[Period]) -> CommunityTrends:
    """Connection figures for each period of `spans`; `dated` as the trends report has it."""
    buckets: list[list[Dated]] = [[] for _ in spans]
    starts = [span.start for span in spans]
    for pair in dated:
        index = bisect_right(starts, pair[0]) - 1
        if index >= 0 and pair[0] <= spans[index].end:
            buckets[index].append(pair)
    first, last = spans[0].start, spans[-1].end
    return CommunityTrends(
        periods=[_period(span, bucket) for span, bucket in zip(spans, buckets, strict=True)],
        mood=mood_by_connection(dated),
        barc=monthly_barc((entry for _, entry in dated), first, last),
    )


# -- over a whole report period (the summary, the card) ---------------------------------------


def connections_by_role(entries: Iterable[Entry]) -> dict[str, int]:
    """Connections per role, in CONNECTION_ROLES order; 'not said' for those without one."""
    counts = Counter(entry.role for entry in entries if isinstance(entry, Connection))
    found = {role: counts[role] for role in CONNECTION_ROLES if counts[role]}
    if counts[None]:
        found["not said"] = counts[None]
    return found


def longest_without(entries: Iterable[Entry], since: date, until: date) -> tuple[int, date | None]:
    """The longest run of days in [since, until] without a connection or a meeting, and the
    day it began (None when every day had one)."""
    days = sorted(
        {entry_day(e) for e in entries if reaches_out(e) and since <= entry_day(e) <= until}
    )
    best, start = 0, None
    previous = since - ONE_DAY
    for day in [*days, until + ONE_DAY]:
        gap = (day - previous).days - 1
        if gap > best:
            best, start = gap, previous + ONE_DAY
        previous = day
    return best, start
