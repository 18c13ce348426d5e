"""Unlock durations: "15m", "2h", "90s", "1h30m" and the bounds an unlock may have."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_journal.domain.durations import (
    DEFAULT_UNLOCK,
    MAX_UNLOCK,
    MIN_UNLOCK,
    format_duration,
    parse_duration,
)
from recovery_journal.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15m", timedelta(minutes=15)),
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("90s", timedelta(seconds=90)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("1h30m15s", timedelta(hours=1, minutes=30, seconds=15)),
        ("2h5s", timedelta(hours=2, seconds=5)),
        ("1h 30m", timedelta(hours=1, minutes=30)),
        ("  45 m ", timedelta(minutes=45)),
        ("1H30M", timedelta(hours=1, minutes=30)),
        ("12h", timedelta(hours=12)),
        ("720m", timedelta(hours=12)),
        ("1m", timedelta(minutes=1)),
        ("60s", timedelta(minutes=1)),
    ],
)
def test_durations_people_write_are_read(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


def test_the_default_lies_within_the_bounds() -> None:
    assert MIN_UNLOCK <= DEFAULT_UNLOCK <= MAX_UNLOCK
    assert parse_duration("15m") == DEFAULT_UNLOCK


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Give a duration like 15m, 2h, 90s or 1h30m."),
        ("   ", "Give a duration like 15m, 2h, 90s or 1h30m."),
        ("15", "'15' needs a unit: 15m for minutes, 15h for hours, 15s for seconds."),
        (
            "30m1h",
            "'30m1h' is not a duration: write hours, minutes and seconds, in that order, "
            "like 15m, 2h, 90s or 1h30m.",
        ),
        (
            "1d",
            "'1d' is not a duration: write hours, minutes and seconds, in that order, "
            "like 15m, 2h, 90s or 1h30m.",
        ),
        ("13h", "'13h' is longer than the maximum of 12h."),
        ("12h1s", "'12h1s' is longer than the maximum of 12h."),
        ("999999h", "'999999h' is longer than the maximum of 12h."),
        ("59s", "'59s' is shorter than the minimum of 1m."),
        ("0m", "'0m' is shorter than the minimum of 1m."),
    ],
)
def test_bad_or_out_of_range_durations_get_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_duration(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "-5m",
        "1.5h",
        "1h30",
        "h",
        "m5",
        "1hh",
        "5 minutes",
        "1e3s",
        "\u0661\u0665m",
        "1234567s",
        "\x1b5m",
    ],
)
def test_malformed_durations_are_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a duration"):
        parse_duration(text)


def test_bounds_can_be_changed_by_the_caller() -> None:
    assert parse_duration("2s", minimum=timedelta(seconds=1)) == timedelta(seconds=2)
    with pytest.raises(InvalidInput, match="longer than the maximum of 1h"):
        parse_duration("61m", maximum=timedelta(hours=1))


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (timedelta(0), "0s"),
        (timedelta(seconds=45), "45s"),
        (timedelta(minutes=15), "15m"),
        (timedelta(hours=1, minutes=30), "1h30m"),
        (timedelta(hours=2, seconds=5), "2h5s"),
        (timedelta(minutes=14, seconds=31.6), "14m32s"),
        (timedelta(seconds=-3), "0s"),
    ],
)
def test_durations_are_shown_as_they_are_typed(duration: timedelta, text: str) -> None:
    assert format_duration(duration) == text


@given(st.integers(min_value=60, max_value=12 * 3600))
def test_format_then_parse_round_trips(seconds: int) -> None:
    duration = timedelta(seconds=seconds)
    assert parse_duration(format_duration(duration)) == duration


@given(st.text(max_size=20))
def test_any_text_is_a_duration_in_range_or_invalid_input(text: str) -> None:
    message = ""
    try:
        duration = parse_duration(text)
    except InvalidInput as error:
        message = str(error)
    else:
        assert MIN_UNLOCK <= duration <= MAX_UNLOCK
    assert message.isprintable()  # one line, no control characters echoed back


def test_odd_text_is_not_echoed_back() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_duration("\x1b[2J5m")
    assert str(caught.value).startswith("That is not a duration")
