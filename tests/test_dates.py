"""How typed WHENs ("yesterday 9pm", "3 days ago", ISO) become aware datetimes.

Every test uses a fixed `now`, so the rules are checked without a real clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery_journal.domain import dates
from recovery_journal.errors import DateError

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
# Wednesday 4 March 2026, mid-afternoon (GMT, no DST in effect).
NOW = datetime(2026, 3, 4, 15, 30, tzinfo=LONDON)
FRIDAY_NOW = datetime(2026, 3, 6, 10, 0, tzinfo=LONDON)


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    """A wall-clock time in London."""
    return datetime(year, month, day, hour, minute, second, tzinfo=LONDON)


# -- words and phrases -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "moment", "has_time"),
    [
        ("now", at(2026, 3, 4, 15, 30), True),
        ("right now", at(2026, 3, 4, 15, 30), True),
        ("today", at(2026, 3, 4), False),
        ("yesterday", at(2026, 3, 3), False),
        ("yesterday 9pm", at(2026, 3, 3, 21), True),
        ("yesterday at 9:15pm", at(2026, 3, 3, 21, 15), True),
        ("today 08:00", at(2026, 3, 4, 8), True),
        ("tonight", at(2026, 3, 4, 21), True),
        ("morning", at(2026, 3, 4, 9), True),
        ("3 days ago", at(2026, 3, 1, 15, 30), False),
        ("3 days ago 9pm", at(2026, 3, 1, 21), True),
        ("an hour ago", at(2026, 3, 4, 14, 30), True),
        ("20 minutes ago", at(2026, 3, 4, 15, 10), True),
        ("2 weeks ago", at(2026, 2, 18, 15, 30), False),
        ("a month ago", at(2026, 2, 4, 15, 30), False),
    ],
)
def test_phrases_resolve_against_the_fixed_now(text: str, moment: datetime, has_time: bool) -> None:
    when = dates.parse_when(text, NOW)
    assert when.moment == moment
    assert when.moment.utcoffset() == moment.utcoffset()
    assert when.has_time is has_time


def test_phrases_ignore_case_and_extra_spaces() -> None:
    assert dates.parse_when("  YESTERDAY   9PM ", NOW) == dates.parse_when("yesterday 9pm", NOW)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("friday", date(2026, 2, 27)),
        ("this friday", date(2026, 2, 27)),
        ("last friday", date(2026, 2, 27)),
        ("mon", date(2026, 3, 2)),
        ("monday", date(2026, 3, 2)),
        ("wed", date(2026, 3, 4)),  # a weekday name means the most recent one, today included
        ("last wednesday", date(2026, 2, 25)),  # ... but "last" never means today
    ],
)
def test_weekday_names_mean_the_most_recent_such_day(text: str, day: date) -> None:
    when = dates.parse_when(text, NOW)
    assert when.day == day
    assert when.has_time is False
    assert when.moment == at(day.year, day.month, day.day)


def test_last_friday_said_on_a_friday_is_a_week_ago() -> None:
    assert FRIDAY_NOW.weekday() == 4
    assert dates.parse_when("last friday", FRIDAY_NOW).day == date(2026, 2, 27)
    assert dates.parse_when("friday", FRIDAY_NOW).day == date(2026, 3, 6)


def test_weekday_with_a_time_of_day() -> None:
    when = dates.parse_when("last friday 7:30pm", NOW)
    assert when.moment == at(2026, 2, 27, 19, 30)
    assert when.has_time is True


# -- absolute dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "moment", "has_time"),
    [
        ("2026-03-01", at(2026, 3, 1), False),
        ("2026-03-01 21:30", at(2026, 3, 1, 21, 30), True),
        ("2026-03-01T21:30", at(2026, 3, 1, 21, 30), True),
        ("2026-03-01 21:30:15", at(2026, 3, 1, 21, 30, 15), True),
        ("2026-03-01 9pm", at(2026, 3, 1, 21), True),
        ("2026-03-01 00:00", at(2026, 3, 1), True),
        ("1 March 2026", at(2026, 3, 1), False),
    ],
)
def test_iso_dates_and_datetimes_take_the_persons_zone(
    text: str, moment: datetime, has_time: bool
) -> None:
    when = dates.parse_when(text, NOW)
    assert when.moment == moment
    assert when.moment.tzinfo is LONDON
    assert when.has_time is has_time


def test_iso_datetime_with_an_explicit_offset_keeps_that_offset() -> None:
    when = dates.parse_when("2026-03-01T21:30:00+05:30", NOW)
    assert (when.moment.hour, when.moment.minute) == (21, 30)
    assert when.moment.utcoffset() == timedelta(hours=5, minutes=30)
    assert when.moment == datetime(2026, 3, 1, 16, 0, tzinfo=timezone.utc)
    assert when.has_time is True


def test_iso_datetime_in_utc_keeps_a_zero_offset() -> None:
    when = dates.parse_when("2026-03-01T21:30:00Z", NOW)
    assert when.moment.utcoffset() == timedelta(0)
    assert when.moment == datetime(2026, 3, 1, 21, 30, tzinfo=timezone.utc)


def test_a_typed_time_is_recorded_as_typed_not_replaced_by_noon() -> None:
    assert dates.resolve_at("2026-03-01 21:30", NOW) == at(2026, 3, 1, 21, 30)
    assert dates.resolve_at("2026-03-04 08:00", NOW) == at(2026, 3, 4, 8)


def test_february_29_exists_in_a_leap_year_only() -> None:
    leap_now = datetime(2028, 3, 1, 9, tzinfo=LONDON)
    assert dates.parse_when("2028-02-29", leap_now).day == date(2028, 2, 29)
    assert dates.resolve_day("2028-02-29", leap_now) == date(2028, 2, 29)
    assert dates.resolve_day("yesterday", leap_now) == date(2028, 2, 29)
    with pytest.raises(DateError):
        dates.parse_when("2027-02-29", leap_now)


def test_a_year_ago_from_february_29_is_the_last_day_of_february() -> None:
    leap_day = datetime(2028, 2, 29, 12, tzinfo=LONDON)
    assert dates.parse_when("1 year ago", leap_day).day == date(2027, 2, 28)


# -- refusals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\t\n",
        "banana",
        "when I was little",
        "x" * 101,
        "yesterday " + "9" * 100,
        "2026-13-01",
        "2026-02-30",
        "yesterday 25:00",
        "today 13pm",
        "3 fortnights ago",
        "0p-3000",  # dateutil reads this as a -30:00 offset, which no datetime can hold
    ],
)
def test_empty_garbage_or_too_long_text_is_refused_with_a_date_error(text: str) -> None:
    with pytest.raises(DateError):
        dates.parse_when(text, NOW)


@pytest.mark.parametrize(
    "text",
    [
        "1899-12-31",
        "1066-10-14",
        "0001-01-01",
        "200 years ago",
        "3000 years ago",
        "100000 years ago",
    ],
)
def test_years_before_1900_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        dates.parse_when(text, NOW)


def test_the_earliest_accepted_day_is_1900_01_01() -> None:
    assert dates.parse_when("1900-01-01", NOW).day == date(1900, 1, 1)


def test_years_at_the_very_end_of_the_calendar_are_refused_not_crashed_on() -> None:
    # "9pm 9999-12-31" in New York is already year 10000 in UTC (found by hypothesis)
    new_york = datetime(2000, 1, 1, tzinfo=ZoneInfo("America/New_York"))
    with pytest.raises(DateError):
        dates.parse_when("9pm 9999-12-31", new_york)
    for text in ("9999-12-31", "9999-12-31T23:59:59-14:00"):
        with pytest.raises(DateError):
            dates.end_of(text, NOW)
        with pytest.raises(DateError):
            dates.resolve_day(text, NOW, allow_future=True)


def test_now_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        dates.parse_when("today", datetime(2026, 3, 4, 15, 30))


# -- resolve_at: the time recorded for --at --------------------------------------------


def test_bare_today_for_at_means_now() -> None:
    assert dates.resolve_at("today", NOW) == NOW


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("yesterday", at(2026, 3, 3, 12)),
        ("2026-03-01", at(2026, 3, 1, 12)),
        ("last friday", at(2026, 2, 27, 12)),
        ("3 days ago", at(2026, 3, 1, 12)),
    ],
)
def test_a_bare_earlier_day_for_at_means_noon_that_day(text: str, moment: datetime) -> None:
    assert dates.resolve_at(text, NOW) == moment


def test_a_typed_time_for_at_is_kept() -> None:
    assert dates.resolve_at("yesterday 9pm", NOW) == at(2026, 3, 3, 21)
    assert dates.resolve_at("an hour ago", NOW) == at(2026, 3, 4, 14, 30)


@pytest.mark.parametrize("text", ["2026-03-04 16:00", "4:30pm", "2026-03-04T15:45:00+00:00"])
def test_up_to_an_hour_ahead_is_accepted_for_at_for_a_clock_that_runs_fast(text: str) -> None:
    moment = dates.resolve_at(text, NOW)
    assert NOW < moment <= NOW + timedelta(hours=1)


@pytest.mark.parametrize(
    "text",
    [
        "tomorrow",
        "tomorrow 3pm",
        "4:31pm",
        "2026-03-05",
        "2026-03-06",
        "2027-01-01",
        "2026-03-06T00:00Z",
    ],
)
def test_more_than_an_hour_ahead_is_refused_for_at(text: str) -> None:
    with pytest.raises(DateError, match="in the future; an entry records what has happened"):
        dates.resolve_at(text, NOW)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("last night", at(2026, 3, 3, 22)),
        ("this morning", at(2026, 3, 4, 9)),
        ("this afternoon", at(2026, 3, 4, 15)),
        ("day before yesterday", at(2026, 3, 2, 12)),
        ("the day before yesterday 8am", at(2026, 3, 2, 8)),
        ("9pm yesterday", at(2026, 3, 3, 21)),
        ("at 7 am day before yesterday", at(2026, 3, 2, 7)),
        ("10:15pm last monday", at(2026, 3, 2, 22, 15)),
    ],
)
def test_the_times_people_type_when_logging_late_are_understood(
    text: str, moment: datetime
) -> None:
    assert dates.resolve_at(text, NOW) == moment


# -- resolve_day, start_of, end_of -----------------------------------------------------


def test_resolve_day_gives_the_calendar_day() -> None:
    assert dates.resolve_day("today", NOW) == date(2026, 3, 4)
    assert dates.resolve_day("yesterday 9pm", NOW) == date(2026, 3, 3)
    assert dates.resolve_day("2026-01-01", NOW) == date(2026, 1, 1)


def test_resolve_day_of_a_moment_elsewhere_is_the_day_in_the_persons_zone() -> None:
    # 23:30 in New York on 1 March is 04:30 on 2 March in London.
    assert dates.resolve_day("2026-03-01T23:30:00-05:00", NOW) == date(2026, 3, 2)


def test_resolve_day_refuses_far_future_days_unless_allowed() -> None:
    assert dates.resolve_day("tomorrow", NOW) == date(2026, 3, 5)
    with pytest.raises(DateError):
        dates.resolve_day("2026-03-07", NOW)
    assert dates.resolve_day("2026-03-07", NOW, allow_future=True) == date(2026, 3, 7)


def test_start_of_a_bare_day_is_local_midnight() -> None:
    assert dates.start_of("yesterday", NOW) == at(2026, 3, 3)
    assert dates.start_of("2026-03-01", NOW) == at(2026, 3, 1)


def test_end_of_a_bare_day_is_235959_that_day() -> None:
    assert dates.end_of("yesterday", NOW) == at(2026, 3, 3, 23, 59, 59)
    assert dates.end_of("2026-02-28", NOW) == at(2026, 2, 28, 23, 59, 59)
    assert dates.end_of("2028-02-29", NOW) == at(2028, 2, 29, 23, 59, 59)


def test_start_and_end_of_a_moment_are_that_moment() -> None:
    assert dates.start_of("yesterday 9pm", NOW) == at(2026, 3, 3, 21)
    assert dates.end_of("yesterday 9pm", NOW) == at(2026, 3, 3, 21)


# -- daylight saving time --------------------------------------------------------------

ZONES = [pytest.param(ZoneInfo, id="zoneinfo"), pytest.param(tz.gettz, id="dateutil")]
ZoneOf = Callable[[str], tzinfo | None]


@pytest.mark.parametrize("zone_of", ZONES)
@pytest.mark.parametrize("text", ["2026-03-08 02:30", "yesterday 2:30am", "sunday 2:30am"])
def test_a_wall_time_skipped_by_spring_forward_moves_forward(zone_of: ZoneOf, text: str) -> None:
    zone = zone_of("America/New_York")
    now = datetime(2026, 3, 9, 12, tzinfo=zone)
    moment = dates.parse_when(text, now).moment
    # 02:30 does not exist on 8 March 2026 in New York; 03:30 EDT does.
    assert (moment.hour, moment.minute) == (3, 30)
    assert moment.utcoffset() == timedelta(hours=-4)
    assert moment == datetime(2026, 3, 8, 7, 30, tzinfo=timezone.utc)
    assert tz.datetime_exists(moment)


@pytest.mark.parametrize("zone_of", ZONES)
def test_a_skipped_time_typed_on_the_spring_forward_day_is_recorded_as_a_real_time(
    zone_of: ZoneOf,
) -> None:
    zone = zone_of("America/New_York")
    now = datetime(2026, 3, 8, 10, tzinfo=zone)
    moment = dates.resolve_at("today 2:30am", now)
    assert moment == datetime(2026, 3, 8, 7, 30, tzinfo=timezone.utc)
    assert tz.datetime_exists(moment)


@pytest.mark.parametrize("zone_of", ZONES)
@pytest.mark.parametrize("text", ["2026-11-01 01:30", "yesterday 1:30am"])
def test_an_ambiguous_fall_back_time_takes_the_first_occurrence(zone_of: ZoneOf, text: str) -> None:
    zone = zone_of("America/New_York")
    now = datetime(2026, 11, 2, 12, tzinfo=zone)
    moment = dates.parse_when(text, now).moment
    assert (moment.hour, moment.minute) == (1, 30)
    assert tz.datetime_ambiguous(moment)
    # The first 01:30 is still daylight time (EDT, UTC-4).
    assert moment.utcoffset() == timedelta(hours=-4)
    assert moment.astimezone(timezone.utc) == datetime(2026, 11, 1, 5, 30, tzinfo=timezone.utc)


def test_end_of_a_dst_day_is_its_last_second_in_local_time() -> None:
    now = datetime(2026, 3, 10, 12, tzinfo=NEW_YORK)
    end = dates.end_of("2026-03-08", now)
    assert end == datetime(2026, 3, 8, 23, 59, 59, tzinfo=NEW_YORK)
    assert end.utcoffset() == timedelta(hours=-4)
    assert dates.start_of("2026-03-08", now).utcoffset() == timedelta(hours=-5)


def test_three_days_ago_across_a_dst_change_keeps_the_wall_clock_time() -> None:
    now = datetime(2026, 3, 10, 12, tzinfo=NEW_YORK)
    assert dates.parse_when("3 days ago", now).moment == datetime(2026, 3, 7, 12, tzinfo=NEW_YORK)


# -- parse_iso (stored timestamps) -----------------------------------------------------


def test_parse_iso_needs_an_offset() -> None:
    assert dates.parse_iso("2026-03-01T21:30:00+01:00").utcoffset() == timedelta(hours=1)
    for bad in ("2026-03-01T21:30:00", "yesterday", 12345, None):
        with pytest.raises(DateError):
            dates.parse_iso(bad)


# -- properties ------------------------------------------------------------------------

_DATE_WORDS = [
    "now",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "last",
    "this",
    "on",
    "at",
    "friday",
    "mon",
    "ago",
    "an",
    "a",
    "one",
    "days",
    "day",
    "weeks",
    "months",
    "years",
    "hours",
    "min",
    "9pm",
    "12am",
    "0am",
    "13pm",
    "25:00",
    "23:59",
    "0",
    "7",
    "99999",
    "100000",
    "2026",
    "2028-02-29",
    "2026-03-08",
    "02:30",
    "t",
    "z",
    "+05:30",
    "-14:00",
    "+24:00",
    "9999-12-31",
    "1899-12-31",
    "-",
    "/",
    ":",
    ".",
    "noon",
    "morning",
]
_DATEISH = st.lists(st.sampled_from(_DATE_WORDS), max_size=6).map(" ".join)
_ZONE_NAMES = [
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",  # half-hour DST shift
    "Pacific/Chatham",  # +12:45 / +13:45
    "Asia/Kolkata",
    "UTC",
]
_NOWS = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2090, 12, 31),
    timezones=st.sampled_from(_ZONE_NAMES).map(ZoneInfo),
    allow_imaginary=False,
).map(lambda moment: moment.replace(microsecond=0))


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=120) | _DATEISH)
def test_parse_when_raises_nothing_but_date_error_on_any_text(text: str) -> None:
    try:
        when = dates.parse_when(text, NOW)
    except DateError:
        return
    assert when.moment.utcoffset() is not None


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=40) | _DATEISH, now=_NOWS)
def test_resolve_at_never_returns_a_naive_datetime(text: str, now: datetime) -> None:
    try:
        moment = dates.resolve_at(text, now)
    except DateError:
        return
    assert moment.tzinfo is not None
    assert moment.utcoffset() is not None
    assert moment <= now + dates.MAX_ENTRY_AHEAD


@settings(max_examples=200, deadline=None)
@given(text=_DATEISH, now=_NOWS)
def test_a_bare_days_bounds_enclose_every_moment_of_it(text: str, now: datetime) -> None:
    try:
        start, end = dates.start_of(text, now), dates.end_of(text, now)
    except DateError:
        return
    assert start.tzinfo is not None
    assert end.tzinfo is not None
    assert start <= end
