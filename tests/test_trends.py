"""Trend tables and patterns on small hand-made journals. All data is invented."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, time, timedelta, timezone, tzinfo

import pytest

from recovery_journal.analytics.patterns import (
    TIMES_OF_DAY,
    CopingStat,
    MoodByMeeting,
    TriggerStat,
    coping_ranking,
    craving_heatmap,
    halt_breakdown,
    mood_on_meeting_days,
    top_triggers,
)
from recovery_journal.analytics.periods import Period, default_range, periods
from recovery_journal.analytics.trends import period_stats, trend, trends_report
from recovery_journal.domain.entries import (
    Craving,
    Entry,
    Gratitude,
    Meeting,
    Mood,
    Note,
    Trigger,
    Use,
)
from recovery_journal.errors import InvalidInput

UTC = timezone.utc
TOKYO = timezone(timedelta(hours=9))
_ids = itertools.count()


def at(day: date, hour: int = 12, minute: int = 0, zone: tzinfo = UTC) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def mood(day: date, score: int, hour: int = 12) -> Mood:
    return Mood(id=f"mo{next(_ids)}", at=at(day, hour), score=score)


def craving(
    moment: datetime | date,
    intensity: int = 5,
    *,
    outcome: str = "resisted",
    triggers: tuple[str, ...] = (),
    halt: tuple[str, ...] = (),
    coping: str | None = None,
) -> Craving:
    when = moment if isinstance(moment, datetime) else at(moment)
    return Craving(
        id=f"cr{next(_ids)}",
        at=when,
        intensity=intensity,
        outcome=outcome,
        triggers=triggers,
        halt=halt,
        coping=coping,
    )


def meeting(day: date) -> Meeting:
    return Meeting(id=f"me{next(_ids)}", at=at(day, 19), fellowship="NA")


def trigger(description: str, intensity: int | None = None) -> Trigger:
    return Trigger(
        id=f"tr{next(_ids)}", at=at(date(2026, 2, 2)), description=description, intensity=intensity
    )


# Periods


def test_weeks_are_iso_weeks_starting_on_monday() -> None:
    found = periods("week", date(2026, 2, 18), date(2026, 3, 3))
    assert found == [
        Period(date(2026, 2, 16), date(2026, 2, 22), "2026-W08"),
        Period(date(2026, 2, 23), date(2026, 3, 1), "2026-W09"),
        Period(date(2026, 3, 2), date(2026, 3, 8), "2026-W10"),
    ]


def test_iso_week_53_and_week_1_across_new_year() -> None:
    found = periods("week", date(2026, 12, 31), date(2027, 1, 4))
    assert [(p.start, p.end, p.label) for p in found] == [
        (date(2026, 12, 28), date(2027, 1, 3), "2026-W53"),
        (date(2027, 1, 4), date(2027, 1, 10), "2027-W01"),
    ]


def test_months_keep_their_own_lengths() -> None:
    found = periods("month", date(2028, 1, 15), date(2028, 4, 2))
    assert [(p.start, p.end, p.label) for p in found] == [
        (date(2028, 1, 1), date(2028, 1, 31), "2028-01"),
        (date(2028, 2, 1), date(2028, 2, 29), "2028-02"),
        (date(2028, 3, 1), date(2028, 3, 31), "2028-03"),
        (date(2028, 4, 1), date(2028, 4, 30), "2028-04"),
    ]


def test_days_are_single_days() -> None:
    found = periods("day", date(2026, 2, 27), date(2026, 3, 1))
    assert [(p.start, p.end, p.label) for p in found] == [
        (date(2026, 2, 27), date(2026, 2, 27), "2026-02-27"),
        (date(2026, 2, 28), date(2026, 2, 28), "2026-02-28"),
        (date(2026, 3, 1), date(2026, 3, 1), "2026-03-01"),
    ]


@pytest.mark.parametrize("by", ["year", "", "weekly"])
def test_unknown_grouping_raises_invalid_input(by: str) -> None:
    with pytest.raises(InvalidInput, match="day, week or month"):
        periods(by, date(2026, 1, 1), date(2026, 2, 1))


def test_range_that_ends_before_it_starts_raises_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="after it ends"):
        periods("day", date(2026, 2, 1), date(2026, 1, 1))


@pytest.mark.parametrize(
    ("by", "first", "count"),
    [
        ("day", date(2026, 3, 7), 14),
        ("week", date(2025, 12, 29), 12),
        ("month", date(2025, 4, 1), 12),
    ],
)
def test_default_range_ends_today(by: str, first: date, count: int) -> None:
    today = date(2026, 3, 20)
    since, until = default_range(by, today)
    assert (since, until) == (first, today)
    assert len(periods(by, since, until)) == count


# Period figures

W08 = date(2026, 2, 16)  # Monday
W09 = date(2026, 2, 23)


def sample_week_entries() -> list[Entry]:
    tuesday = W08 + timedelta(days=1)
    return [
        mood(W08, 4),
        mood(W08, 6),
        mood(tuesday, 8),
        craving(W08, 7),
        craving(tuesday, 3, outcome="used"),
        Use(id="u1", at=at(tuesday, 22)),
        Use(id="u2", at=at(W08 + timedelta(days=3))),
        meeting(W08),
        meeting(tuesday),
        Gratitude(id="g1", at=at(W08), items=("my sister",)),
        Note(id="n1", at=at(W08), text="Ordinary day."),
        mood(W09, 5),
        mood(W08 - timedelta(days=1), 1),  # the Sunday before: outside the range
    ]


def test_period_figures_on_a_hand_made_fortnight() -> None:
    spans = periods("week", W08, W09 + timedelta(days=7))
    first, second, empty = period_stats(sample_week_entries(), spans)
    # Monday 4 and 6 (a day's mean, 5), Tuesday 8: the mean of daily means is 6.5.
    assert (first.mood_avg, first.mood_min, first.mood_max, first.moods) == (6.5, 4, 8, 3)
    assert (first.cravings, first.craving_avg_intensity, first.resisted_share) == (2, 5.0, 0.5)
    assert (first.use_days, first.meetings, first.gratitude) == (2, 2, 1)
    assert (second.mood_avg, second.mood_min, second.mood_max, second.moods) == (5.0, 5, 5, 1)
    assert (second.cravings, second.craving_avg_intensity, second.resisted_share) == (0, None, None)
    assert second.use_days == second.meetings == second.gratitude == 0
    assert (empty.period.label, empty.moods, empty.mood_avg, empty.cravings) == (
        "2026-W10",
        0,
        None,
        0,
    )


def test_empty_periods_are_kept() -> None:
    spans = periods("day", W08, W08 + timedelta(days=3))
    after_the_last = mood(W08 + timedelta(days=4), 1)
    found = period_stats([mood(W08, 7), after_the_last], spans)
    assert [row.period for row in found] == spans
    assert [row.moods for row in found] == [1, 0, 0, 0]
    assert found[2].mood_avg is None
    assert found[2].mood_min is None
    assert found[2].resisted_share is None


def test_an_entry_counts_on_its_own_local_day() -> None:
    """09:30 in Tokyo on the 17th is still the 16th in UTC, but it counts on the 17th."""
    spans = periods("day", W08, W08 + timedelta(days=1))
    tokyo = Mood(id="t", at=at(W08 + timedelta(days=1), 9, 30, TOKYO), score=9)
    assert [row.moods for row in period_stats([tokyo], spans)] == [0, 1]


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (5.0, 6.0, "up"),
        (0.5, 0.4, "down"),
        (5.0, 5.05, "flat"),
        (2.0, 2.0, "flat"),
        (0.0, 1.0, "up"),
        (None, 3.0, ""),
        (3.0, None, ""),
    ],
)
def test_trend_direction_with_a_small_tolerance(
    previous: float | None, current: float | None, expected: str
) -> None:
    assert trend(previous, current) == expected


# Triggers and HALT


def test_trigger_names_are_folded_and_shown_as_most_often_written() -> None:
    entries: list[Entry] = [
        trigger("Payday", intensity=6),
        craving(W08, 8, triggers=(" payday ",)),
        craving(W08, 4, outcome="used", triggers=("PAYDAY", "Payday")),  # once per craving
        trigger("Payday"),
        trigger("work  stress", intensity=5),
        craving(W08, 7, triggers=("Work stress",)),
    ]
    assert top_triggers(entries) == [
        TriggerStat("Payday", 4, 6.0, 0.5),
        TriggerStat("work  stress", 2, 6.0, 1.0),
    ]
    assert top_triggers(entries, limit=1) == [TriggerStat("Payday", 4, 6.0, 0.5)]


def test_trigger_entries_alone_have_no_resisted_share() -> None:
    assert top_triggers([trigger("crowds")]) == [TriggerStat("crowds", 1, None, None)]


def test_halt_breakdown_counts_each_word_and_keeps_unused_ones() -> None:
    entries = [
        craving(W08, halt=("hungry", "tired")),
        craving(W08, halt=("TIRED",)),
        craving(W08),
        mood(W08, 5),
    ]
    assert halt_breakdown(entries) == {"hungry": 1, "angry": 0, "lonely": 0, "tired": 2}
    assert halt_breakdown([]) == {"hungry": 0, "angry": 0, "lonely": 0, "tired": 0}


# When cravings hit


def test_heatmap_buckets_by_weekday_and_local_hour() -> None:
    monday, wednesday, sunday = W08, W08 + timedelta(days=2), W08 + timedelta(days=6)
    entries: list[Entry] = [
        craving(at(monday, 5, 59)),
        craving(at(monday, 6, 0)),
        craving(at(wednesday, 12, 0)),
        craving(at(wednesday, 17, 59)),
        craving(at(sunday, 23, 59)),
        craving(at(monday + timedelta(days=1), 1, 0, TOKYO)),  # Monday 16:00 in UTC
        mood(monday, 5),
    ]
    cells = craving_heatmap(entries)
    assert len(cells) == 7 * len(TIMES_OF_DAY)
    assert {cell: n for cell, n in cells.items() if n} == {
        (0, "night"): 1,
        (0, "morning"): 1,
        (2, "afternoon"): 2,
        (6, "evening"): 1,
        (1, "night"): 1,
    }
    assert TIMES_OF_DAY == ("night", "morning", "afternoon", "evening")


# What helps


def test_coping_ranked_by_resisted_share_then_times() -> None:
    entries = [
        craving(W08, coping="Called my sponsor"),
        craving(W08, coping="called  my sponsor"),
        craving(W08, coping="Called my sponsor"),
        craving(W08, coping="Went for a run"),
        craving(W08, coping="Made tea"),
        craving(W08, coping="made tea", outcome="used"),
        craving(W08, coping="Ignored it", outcome="used"),
        craving(W08),  # no coping: not ranked
    ]
    assert coping_ranking(entries) == [
        CopingStat("Called my sponsor", 3, 3, 1.0, 3),
        CopingStat("Went for a run", 1, 1, 1.0, 1),
        CopingStat("Made tea", 2, 1, 0.5, 2),
        CopingStat("Ignored it", 1, 0, 0.0, 1),
    ]


def test_mood_on_meeting_days_against_other_days() -> None:
    day = [W08 + timedelta(days=n) for n in range(5)]
    entries: list[Entry] = [
        meeting(day[0]),
        mood(day[0], 8),
        mood(day[0], 6),
        meeting(day[1]),
        mood(day[1], 9),
        mood(day[2], 4),
        mood(day[3], 5),
        mood(day[3], 6),
        meeting(day[4]),  # no mood that day: not counted
    ]
    assert mood_on_meeting_days(entries) == MoodByMeeting(8.0, 2, 4.75, 2)
    assert mood_on_meeting_days([]) == MoodByMeeting(None, 0, None, 0)


# The whole report


def test_report_bundles_every_table_and_serializes() -> None:
    report = trends_report(sample_week_entries(), by="week", since=W08, until=W09)
    assert not report.is_empty
    assert [row.period.label for row in report.periods] == ["2026-W08", "2026-W09"]
    assert report.entries == 12
    assert report.total_entries == 13
    data = json.loads(json.dumps(report.to_json()))
    first, second = data["periods"]
    assert first["mood_avg"] == 6.5
    assert first["resisted_share"] == 0.5
    assert first["trend"]["mood_avg"] == ""
    assert second["trend"]["mood_avg"] == "down"
    assert second["trend"]["meetings"] == "down"
    assert data["halt"] == {"hungry": 0, "angry": 0, "lonely": 0, "tired": 0}
    assert data["heatmap"]["monday"]["afternoon"] == 1
    assert data["mood_by_meeting"] == {
        "meeting_days_avg": 6.5,
        "meeting_days": 2,
        "other_days_avg": 5.0,
        "other_days": 1,
    }


def test_report_with_no_entries_is_empty_but_keeps_its_periods() -> None:
    report = trends_report([], by="month", since=date(2026, 1, 1), until=date(2026, 3, 31))
    assert report.is_empty
    assert len(report.periods) == 3
    assert all(row.moods == 0 and row.mood_avg is None for row in report.periods)
    assert report.triggers == []
    assert report.coping == []
    json.dumps(report.to_json())


def test_report_with_entries_only_outside_the_range_is_not_empty() -> None:
    report = trends_report([mood(W08, 5)], by="day", since=W09, until=W09)
    assert not report.is_empty
    assert report.entries == 0


def test_report_rejects_an_unknown_grouping() -> None:
    with pytest.raises(InvalidInput):
        trends_report([], by="year", since=W08, until=W09)


def test_report_json_lists_triggers_and_coping_with_rounded_shares() -> None:
    entries = [
        craving(W08, 6, triggers=("Payday",), coping="Called my sponsor"),
        craving(W08, 5, triggers=("payday",), coping="Called my sponsor", outcome="used"),
        craving(W08, 4, triggers=("payday",), coping="called my sponsor"),
    ]
    data = trends_report(entries, by="week", since=W08, until=W08).to_json()
    assert data["triggers"] == [
        {"name": "payday", "count": 3, "avg_intensity": 5.0, "resisted_share": 0.667}
    ]
    assert data["coping"] == [
        {
            "strategy": "Called my sponsor",
            "times": 3,
            "resisted": 2,
            "resisted_share": 0.667,
            "given": 3,
        }
    ]
    assert data["halt"] == {"hungry": 0, "angry": 0, "lonely": 0, "tired": 0}
    assert data["periods"][0]["label"] == "2026-W08"
    assert data["periods"][0]["craving_avg_intensity"] == 5.0
