"""Turn what a person types ("yesterday 9pm", "3 days ago", "2026-03-01 21:30")
into timezone-aware datetimes. Pure: `now` (aware, in the person's zone) is
always passed in, so every rule is testable with a fixed clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from recovery_journal.domain.wall_clock import resolve_imaginary
from recovery_journal.domain.words import NOW_WORDS, WEEKDAYS
from recovery_journal.errors import DateError

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

MAX_FUTURE = timedelta(days=1)  # for days (a clean date): a day of slack for time zones
# An entry records what has happened: up to an hour ahead allows for a clock that runs fast.
MAX_ENTRY_AHEAD = timedelta(hours=1)
EARLIEST_YEAR = 1900
LATEST_YEAR = 9998  # 9999 leaves no room for "end of day" or a zone change
_WEEKDAY_ABBREVIATIONS = {name[:3]: i for i, name in enumerate(WEEKDAYS)}
_PARTS_OF_DAY = {
    "morning": time(9),
    "noon": time(12),
    "midday": time(12),
    "afternoon": time(15),
    "evening": time(19),
    "tonight": time(21),
    "night": time(22),
    "midnight": time(0),
}
# "3 days ago": relativedelta's keyword for each unit (loaded only for such phrases).
_UNITS = {
    "minute": "minutes",
    "min": "minutes",
    "hour": "hours",
    "hr": "hours",
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
}
_DAY_UNITS = {"day", "week", "month", "year"}
_AGO = re.compile(r"^(?P<n>\d+|an?|one)\s*(?P<unit>[a-z]+?)s?\s+ago(?:\s+(?P<time>.+))?$")
_TIME = re.compile(
    r"^(?:at\s+)?(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$"
)
_HINT = "Try '2026-03-01 21:30', 'today', 'yesterday 9pm', '3 days ago' or 'last friday'."
# What people type when logging late: "last night" is the evening before today.
_RELATIVE_PARTS = {
    "last night": (-1, time(22)),
    "this morning": (0, time(9)),
    "this afternoon": (0, time(15)),
    "this evening": (0, time(19)),
}
_DAY_BEFORE_YESTERDAY = ("day before yesterday", "the day before yesterday")


@dataclass(frozen=True)
class When:
    """A parsed moment, and whether the person gave a time of day or only a day."""

    moment: datetime
    has_time: bool

    @property
    def day(self) -> date:
        return self.moment.date()


def _ago(unit: str, count: int) -> timedelta | relativedelta:
    """How far back "count units ago" reaches, in wall-clock time like the rest."""
    keyword = _UNITS[unit]
    if keyword not in ("months", "years"):
        return timedelta(**{keyword: count})
    from dateutil.relativedelta import relativedelta  # calendar arithmetic, loaded only here

    return relativedelta(months=count) if keyword == "months" else relativedelta(years=count)


def parse_iso(value: object) -> datetime:
    """A stored ISO 8601 timestamp with offset; refuse naive ones."""
    if not isinstance(value, str):
        raise DateError("A timestamp must be ISO 8601 text.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise DateError(f"Not an ISO 8601 timestamp: {value!r}.") from None
    if moment.utcoffset() is None:
        raise DateError(f"Timestamp {value!r} has no time zone offset.")
    return moment


def _zone(now: datetime) -> tzinfo:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.tzinfo


def _at_local(day: date, clock: time, zone: tzinfo) -> datetime:
    # A wall time skipped by a DST jump (02:30 on spring-forward) moves forward.
    return resolve_imaginary(datetime.combine(day, clock, tzinfo=zone))


def _parse_time(text: str) -> time | None:
    text = text.strip()
    if text in _PARTS_OF_DAY:
        return _PARTS_OF_DAY[text]
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    ampm = (match["ampm"] or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _weekday_index(word: str) -> int | None:
    if word in WEEKDAYS:
        return WEEKDAYS.index(word)
    return _WEEKDAY_ABBREVIATIONS.get(word)


def _named_day(words: list[str], today: date) -> tuple[date, list[str]] | None:
    """'today', 'yesterday', '(the) day before yesterday', 'tomorrow', '[last|this] friday'
    -> (day, remaining words)."""
    for phrase in _DAY_BEFORE_YESTERDAY:
        count = len(phrase.split())
        if " ".join(words[:count]) == phrase:
            return today - timedelta(days=2), words[count:]
    first = words[0]
    if first in ("today", "tonight"):
        rest = words[1:] if first == "today" else ["tonight", *words[1:]]
        return today, rest
    if first == "yesterday":
        return today - timedelta(days=1), words[1:]
    if first == "tomorrow":
        return today + timedelta(days=1), words[1:]
    modifier = first if first in ("last", "this", "on") and len(words) > 1 else ""
    day_word = words[1] if modifier else first
    index = _weekday_index(day_word)
    if index is None:
        return None
    back = (today.weekday() - index) % 7
    if modifier == "last" and back == 0:
        back = 7  # "last friday" said on a Friday means a week ago
    return today - timedelta(days=back), words[2 if modifier else 1 :]


def _time_first(words: list[str], today: date) -> tuple[date, list[str]] | None:
    """'9pm yesterday', 'at 9 pm last friday' -> (day, the time words)."""
    for split in range(1, min(len(words), 4)):
        clock, day_words = words[:split], words[split:]
        if _parse_time(" ".join(clock)) is None:
            continue
        named = _named_day(day_words, today)
        if named is not None and not named[1]:
            return named[0], clock
    return None


def _phrase(text: str, now: datetime) -> When | None:
    words = text.split()
    zone = _zone(now)
    if text in NOW_WORDS:
        return When(now, True)
    if text in _PARTS_OF_DAY and text != "tonight":
        return When(_at_local(now.date(), _PARTS_OF_DAY[text], zone), True)
    ago = _AGO.match(text)
    if ago:
        unit = ago["unit"]
        if unit not in _UNITS:
            return None
        count = 1 if ago["n"] in ("a", "an", "one") else int(ago["n"])
        if count > 100_000:
            raise DateError(f"'{text}' is too far in the past.")
        moment = now - _ago(unit, count)
        if ago["time"] is None:
            return When(moment, unit not in _DAY_UNITS)
        if unit not in _DAY_UNITS:
            return None
        clock = _parse_time(ago["time"])
        return When(_at_local(moment.date(), clock, zone), True) if clock else None
    if text in _RELATIVE_PARTS:
        days, clock = _RELATIVE_PARTS[text]
        return When(_at_local(now.date() + timedelta(days=days), clock, zone), True)
    named = _named_day(words, now.date()) or _time_first(words, now.date())
    if named is None:
        return None
    day, rest = named
    if not rest:
        return When(_at_local(day, time(0), zone), False)
    clock = _parse_time(" ".join(rest))
    return When(_at_local(day, clock, zone), True) if clock else None


def _parse_absolute(text: str, now: datetime) -> When:
    zone = _zone(now)
    # Parsing twice with different default clocks reveals whether a time was typed.
    base = now.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    probe = base.replace(hour=13, minute=37, second=59)
    try:
        from dateutil import (
            parser as dateutil_parser,  # only for absolute dates: it is slow to load
        )

        first = dateutil_parser.parse(text, default=base)
        second = dateutil_parser.parse(text, default=probe)
        first.utcoffset()  # dateutil accepts offsets of a day or more; datetime refuses them
    except (ValueError, OverflowError):
        raise DateError(f"Could not understand the date {text!r}. {_HINT}") from None
    # Any typed time has an hour; minutes and seconds left out come from the default.
    has_time = first.hour == second.hour
    if first.year < EARLIEST_YEAR:
        raise DateError(f"{text!r} is before {EARLIEST_YEAR}; check the year.")
    if first.tzinfo is not None:
        return When(first, has_time)
    return When(resolve_imaginary(first.replace(tzinfo=zone)), has_time)


def parse_when(text: str, now: datetime) -> When:
    """Understand a WHEN relative to `now` (aware, in the person's zone)."""
    _zone(now)
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DateError(f"A date cannot be empty. {_HINT}")
    if len(cleaned) > 100:
        raise DateError(f"That date is too long to be a date. {_HINT}")
    try:
        found = _phrase(cleaned, now)
    except (OverflowError, ValueError):  # e.g. "3000 years ago": before year 1
        raise DateError(f"{text!r} is too far in the past.") from None
    try:
        when = found if found is not None else _parse_absolute(cleaned, now)
    except OverflowError:  # e.g. "9pm 9999-12-31" in a zone west of UTC: past year 9999
        raise DateError(
            f"{text!r} is not between {EARLIEST_YEAR} and {LATEST_YEAR}; check the year."
        ) from None
    if not EARLIEST_YEAR <= when.moment.year <= LATEST_YEAR:
        raise DateError(
            f"{text!r} is not between {EARLIEST_YEAR} and {LATEST_YEAR}; check the year."
        )
    return when


def _refuse_future(moment: datetime, text: str, now: datetime) -> None:
    if moment > now + MAX_ENTRY_AHEAD:
        raise DateError(
            f"{text!r} is in the future; an entry records what has happened. "
            "Leave out --at for now, or give an earlier time."
        )


def resolve_at(text: str, now: datetime) -> datetime:
    """The time to record for `--at`: a bare day means now if it is today, else noon."""
    when = parse_when(text, now)
    moment = when.moment
    if not when.has_time:
        clock = now.timetz() if when.day == now.date() else time(12)
        moment = _at_local(when.day, clock.replace(tzinfo=None), _zone(now))
    _refuse_future(moment, text, now)
    return moment


def check_recorded(moment: datetime, now: datetime) -> None:
    """Refuse a time the CLI would refuse for `--at` (read from a file: an import)."""
    if moment.year < EARLIEST_YEAR:
        raise DateError(f"{moment.isoformat()} is before {EARLIEST_YEAR}; check the year.")
    if moment > now + MAX_ENTRY_AHEAD:
        raise DateError(
            f"{moment.isoformat()} is in the future; an entry records what has happened."
        )


def check_clean_day(day: date, now: datetime) -> None:
    """Refuse a clean date the CLI would refuse (read from a file: an import)."""
    if day.year < EARLIEST_YEAR:
        raise DateError(f"{day.isoformat()} is before {EARLIEST_YEAR}; check the year.")
    if day > now.date() + MAX_FUTURE:
        raise DateError(f"{day.isoformat()} is more than a day in the future.")


def resolve_day(text: str, now: datetime, *, allow_future: bool = False) -> date:
    """A calendar day (clean dates): the day of the moment in the person's zone."""
    when = parse_when(text, now)
    day = when.moment.astimezone(_zone(now)).date() if when.has_time else when.day
    if not allow_future and day > now.date() + MAX_FUTURE:
        raise DateError(f"{text!r} is more than a day in the future.")
    return day


def start_of(text: str, now: datetime) -> datetime:
    """Lower bound for `--since`: a bare day starts at local midnight."""
    return parse_when(text, now).moment


def end_of(text: str, now: datetime) -> datetime:
    """Upper bound for `--until`: a bare day includes the whole day."""
    when = parse_when(text, now)
    if when.has_time:
        return when.moment
    return _at_local(when.day + timedelta(days=1), time(0), _zone(now)) - timedelta(seconds=1)


# Entries keep their own offsets (UTC-12 to UTC+14): a command reading the days from
# `first` on reads two days before its local midnight, then places each entry by its own day.
ENTRY_OFFSET_SLACK = timedelta(days=2)


def read_from(first: date, zone: tzinfo) -> datetime:
    """The earliest stored moment that can fall on `first` or later, in any entry's offset."""
    return datetime.combine(first, time(0), zone) - ENTRY_OFFSET_SLACK


def check_order(first: date, last: date) -> None:
    """--since must not come after --until."""
    if first > last:
        raise DateError("--since is after --until; swap them.")


def period(
    since: str | None, until: str | None, now: datetime, default: tuple[date, date]
) -> tuple[date, date]:
    """First and last day from --since and --until, each falling back to `default`."""
    first = default[0] if since is None else resolve_day(since, now)
    last = default[1] if until is None else resolve_day(until, now)
    check_order(first, last)
    return first, last


def days_up_to(since: str | None, until: str | None, now: datetime, days: int) -> tuple[date, date]:
    """A report's period: `days` days up to --until (never past today), unless --since says."""
    last = now.date() if until is None else min(resolve_day(until, now), now.date())
    first = last - timedelta(days=days - 1)
    if since is not None:
        first = resolve_day(since, now)
    check_order(first, last)
    return first, last


def completed_days_up_to(
    since: str | None, until: str | None, now: datetime, days: int
) -> tuple[date, date]:
    """A report's period of completed days: `days` days up to --until, which is yesterday
    at the latest (today, barely begun, is never counted), unless --since says."""
    yesterday = now.date() - timedelta(days=1)
    last = yesterday if until is None else min(resolve_day(until, now), yesterday)
    first = last - timedelta(days=days - 1)
    if since is not None:
        first = resolve_day(since, now)
        if first > yesterday:
            raise DateError(
                f"Reports count completed days, and today is not over: the last day one "
                f"can cover is yesterday, {yesterday.isoformat()}."
            )
    check_order(first, last)
    return first, last
