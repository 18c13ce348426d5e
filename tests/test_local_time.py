"""The person's time zone comes from $TZ or the system, through zoneinfo, and reads the
same as dateutil's did; a wall time skipped by a DST jump moves on as dateutil's did."""

import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz
from hypothesis import given
from hypothesis import strategies as st

from recovery_journal.cli.local_time import clock_now, local_zone, now
from recovery_journal.domain.wall_clock import resolve_imaginary

WINTER = datetime(2026, 1, 15, 12)
SUMMER = datetime(2026, 7, 15, 12)
ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe", "America/Santiago")


def offset(zone: object, moment: datetime) -> timedelta | None:
    return moment.replace(tzinfo=zone).utcoffset()  # type: ignore[arg-type]


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


@pytest.mark.parametrize("value", ["America/New_York", ":America/New_York"])
def test_a_zone_name_in_tz_is_that_zone(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("TZ", value)
    assert offset(local_zone(), WINTER) == hours(-5)
    assert offset(local_zone(), SUMMER) == hours(-4)


def test_a_zone_file_path_in_tz_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path("/usr/share/zoneinfo/Asia/Tokyo")
    if not path.is_file():
        pytest.skip("no system zone files here")
    monkeypatch.setenv("TZ", str(path))
    assert offset(local_zone(), SUMMER) == hours(9)


@pytest.mark.parametrize(
    ("rule", "winter", "summer"),
    [("EST5EDT,M3.2.0,M11.1.0", -5, -4), ("ABC+3", -3, -3), ("UTC", 0, 0)],
)
def test_a_posix_rule_in_tz_still_works(
    monkeypatch: pytest.MonkeyPatch, rule: str, winter: int, summer: int
) -> None:
    monkeypatch.setenv("TZ", rule)
    assert offset(local_zone(), WINTER) == hours(winter)
    assert offset(local_zone(), SUMMER) == hours(summer)


def test_without_tz_the_system_zone_reads_as_dateutil_read_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    ours, theirs = local_zone(), tz.gettz() or tz.tzlocal()
    for month in range(1, 13):
        moment = datetime(2026, month, 1, 12)
        assert offset(ours, moment) == offset(theirs, moment)


def test_now_is_aware_and_whole_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    moment = now()
    assert moment.utcoffset() == hours(5.5)
    assert moment.microsecond == 0
    assert abs(moment - datetime.now(timezone.utc)) < timedelta(minutes=1)


@pytest.fixture
def c_library_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """$TZ as the C library sees it too (time.tzset), restored afterwards."""
    yield monkeypatch
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    "zone", ["Europe/London", "America/St_Johns", "Asia/Kathmandu", "EST5EDT,M3.2.0,M11.1.0"]
)
def test_the_clock_alone_gives_the_same_now_as_the_zone_rules(
    c_library_zone: pytest.MonkeyPatch, zone: str
) -> None:
    c_library_zone.setenv("TZ", zone)
    time.tzset()
    by_rules, by_clock = now(), clock_now()
    assert by_clock.utcoffset() == by_rules.utcoffset()
    assert abs(by_clock - by_rules) <= timedelta(seconds=1)
    assert by_clock.microsecond == 0


def test_a_skipped_wall_time_moves_forward_by_the_jump() -> None:
    london = ZoneInfo("Europe/London")
    skipped = datetime(2026, 3, 29, 1, 30, tzinfo=london)  # clocks go 01:00 -> 02:00
    assert resolve_imaginary(skipped) == datetime(2026, 3, 29, 2, 30, tzinfo=london)
    lord_howe = ZoneInfo("Australia/Lord_Howe")  # a half-hour jump
    skipped = datetime(2026, 10, 4, 2, 15, tzinfo=lord_howe)
    assert resolve_imaginary(skipped).replace(tzinfo=None) == datetime(2026, 10, 4, 2, 45)


def test_real_and_repeated_wall_times_are_unchanged() -> None:
    london = ZoneInfo("Europe/London")
    repeated = datetime(2026, 10, 25, 1, 30, tzinfo=london)  # happens twice
    assert resolve_imaginary(repeated) is repeated
    plain = datetime(2026, 6, 1, 9, tzinfo=london)
    assert resolve_imaginary(plain) is plain
    naive = datetime(2026, 3, 29, 1, 30)
    assert resolve_imaginary(naive) is naive


def change_days(zone: str) -> list[tuple[str, datetime]]:
    """Midnight before each day a zone's clocks change, 2024 to 2028."""
    info, days = ZoneInfo(zone), []
    day = datetime(2024, 1, 1)
    while day.year < 2029:
        if offset(info, day) != offset(info, day + timedelta(days=1)):
            days.append((zone, day))
        day += timedelta(days=1)
    return days


CHANGE_DAYS = [change for zone in ZONES for change in change_days(zone)]


@given(change=st.sampled_from(CHANGE_DAYS), minutes=st.integers(0, 2 * 24 * 60))
def test_resolving_agrees_with_dateutil_around_every_clock_change(
    change: tuple[str, datetime], minutes: int
) -> None:
    zone, day = change
    moment = day + timedelta(minutes=minutes)
    ours = resolve_imaginary(moment.replace(tzinfo=ZoneInfo(zone)))
    theirs = tz.resolve_imaginary(moment.replace(tzinfo=tz.gettz(zone)))
    assert ours.replace(tzinfo=None) == theirs.replace(tzinfo=None)
    assert ours.utcoffset() == theirs.utcoffset()
