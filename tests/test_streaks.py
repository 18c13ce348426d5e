"""Streak rules, with a fixed today and time zone. All data is invented."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_journal.analytics.streaks import (
    StreakReport,
    entry_day,
    local_midnight,
    milestones,
    streak_report,
    streak_reports,
    uses_for,
)
from recovery_journal.domain.entries import Craving, Entry, Meeting, Mood, Use
from recovery_journal.domain.trackers import Tracker

TODAY = date(2026, 3, 20)
UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = timezone(timedelta(hours=9))
_ids = itertools.count()


def days_ago(n: int, today: date = TODAY) -> date:
    return today - timedelta(days=n)


def at(day: date, hour: int = 21, minute: int = 0, zone: tzinfo = UTC) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def tracker(
    name: str = "alcohol", clean: date = date(2026, 1, 1), cost: str | None = None
) -> Tracker:
    return Tracker(
        id=f"t-{name}",
        name=name,
        clean_date=clean,
        cost_per_day=None if cost is None else Decimal(cost),
        currency=None if cost is None else "EUR",
    )


def use(
    moment: datetime,
    substance: str | None = None,
    note: str | None = None,
    counts_for: str | None = "t-alcohol",
) -> Use:
    """A use recorded against the tracker with id `counts_for` (`tracker()` makes 't-<name>')."""
    return Use(id=f"u{next(_ids)}", at=moment, substance=substance, note=note, tracker=counts_for)


def used_craving(
    moment: datetime, substance: str | None = None, counts_for: str | None = "t-alcohol"
) -> Craving:
    return Craving(
        id=f"c{next(_ids)}",
        at=moment,
        intensity=8,
        substance=substance,
        outcome="used",
        tracker=counts_for,
    )


def meeting(moment: datetime) -> Meeting:
    return Meeting(id=f"m{next(_ids)}", at=moment, fellowship="AA")


def report(
    entries: Sequence[Entry],
    clean: date,
    *,
    today: date = TODAY,
    zone: tzinfo = UTC,
    cost: str | None = None,
) -> StreakReport:
    only = tracker(clean=clean, cost=cost)
    return streak_report(only, entries, today=today, zone=zone)


# Counting days


def test_clean_date_today_is_zero_days() -> None:
    result = report([], clean=TODAY)
    assert result.current_days == 0
    assert result.clean_since == TODAY
    assert result.longest_days == 0
    assert result.sober_share is None


def test_clean_date_yesterday_is_one_day_today() -> None:
    result = report([], clean=days_ago(1))
    assert result.current_days == 1
    assert result.sober_days_last_30 == 1
    assert result.sober_share == 1.0


def test_clean_all_along_matches_current_days() -> None:
    result = report([], clean=days_ago(20))
    assert result.current_days == 20
    assert result.longest_days == 20
    assert (result.sober_days_last_30, result.sober_days_last_90) == (20, 20)
    assert result.use_days == 0


@pytest.mark.parametrize("ahead", [1, 2])
def test_clean_date_in_the_future_is_zero_days_not_negative(ahead: int) -> None:
    result = report([], clean=TODAY + timedelta(days=ahead))
    assert result.current_days == 0
    assert result.sober_days_last_30 == result.sober_days_last_365 == 0
    assert result.sober_share is None
    assert result.next_milestone.days_left == ahead + 1


def test_use_today_gives_zero_and_the_next_streak_starts_tomorrow() -> None:
    slip = use(at(TODAY, 9))
    result = report([slip], clean=days_ago(10))
    assert result.current_days == 0
    assert result.clean_since == TODAY + timedelta(days=1)
    assert result.used_today
    assert result.current_since == local_midnight(TODAY + timedelta(days=1), UTC)
    assert result.longest_days == 10
    assert result.sober_days_last_30 == 10


def test_current_streak_starts_the_day_after_the_last_use() -> None:
    result = report([use(at(days_ago(5)))], clean=days_ago(30))
    assert result.clean_since == days_ago(4)
    assert result.current_days == 4
    assert result.longest_days == 25


def test_backdated_use_in_the_middle_of_a_streak_splits_it() -> None:
    """A use logged today for a day ten days ago counts as if logged then."""
    earlier = [meeting(at(days_ago(3)))]
    before = report(earlier, clean=days_ago(40))
    assert before.current_days == 40
    late = use(at(days_ago(10), 22), note="Logging this late: drank at the wedding.")
    after = report([*earlier, late], clean=days_ago(40))
    assert after.current_days == 9
    assert after.clean_since == days_ago(9)
    assert after.longest_days == 30
    assert after.use_days == 1
    assert after.attempts[0].ended_by is late


def test_entry_order_does_not_matter() -> None:
    entries: list[Entry] = [use(at(days_ago(n))) for n in (50, 12, 30, 31)]
    shuffled = entries[::-1]
    assert report(entries, clean=days_ago(60)) == report(shuffled, clean=days_ago(60))


def test_two_uses_on_the_same_day_are_one_use_day() -> None:
    day = days_ago(6)
    first, second = use(at(day, 13), note="first"), used_craving(at(day, 23))
    result = report([second, first], clean=days_ago(20))
    assert result.use_days == 1
    assert result.current_days == 5
    assert len(result.attempts) == 2
    assert result.attempts[0].ended_by is first
    assert result.current_since == local_midnight(days_ago(5), UTC)
    assert not result.used_today


def test_use_before_the_clean_date_keeps_the_current_streak() -> None:
    result = report([use(at(days_ago(45))), use(at(days_ago(31), 23))], clean=days_ago(30))
    assert result.current_days == 30
    assert result.use_days == 0
    assert len(result.attempts) == 1
    assert result.current_since == local_midnight(days_ago(30), UTC)


def test_use_on_the_clean_date_is_a_zero_day_attempt() -> None:
    result = report([use(at(days_ago(10)))], clean=days_ago(10))
    first = result.attempts[0]
    assert (first.start, first.days, first.used_on) == (days_ago(10), 0, days_ago(10))
    assert first.end == days_ago(11)
    assert result.current_days == 9


def test_uses_dated_after_today_are_not_counted_yet() -> None:
    result = report([use(at(TODAY + timedelta(days=1)))], clean=days_ago(10))
    assert result.current_days == 10
    assert result.use_days == 0


def test_progress_counts_completed_days_in_each_window() -> None:
    result = report([use(at(days_ago(5))), use(at(days_ago(200)))], clean=days_ago(400))
    assert result.sober_days_last_30 == 29
    assert result.sober_days_last_90 == 89
    assert result.sober_days_last_365 == 363
    assert result.sober_share == pytest.approx(398 / 400)
    assert result.use_days == 2


def test_meetings_in_the_last_90_days_include_today() -> None:
    entries = [meeting(at(d, 19)) for d in (TODAY, TODAY, days_ago(89), days_ago(90))]
    assert report(entries, clean=days_ago(5)).meetings_last_90 == 3


# Time zones, DST and leap days


@pytest.mark.parametrize(
    ("zone", "dst_day"),
    [
        (NEW_YORK, date(2026, 3, 8)),  # spring forward: a 23-hour day
        (NEW_YORK, date(2026, 11, 1)),  # fall back: a 25-hour day
        (BERLIN, date(2026, 3, 29)),
        (BERLIN, date(2026, 10, 25)),
    ],
)
def test_dst_week_counts_calendar_days_not_24_hour_blocks(zone: tzinfo, dst_day: date) -> None:
    week_later = dst_day + timedelta(days=4)
    result = report([], clean=dst_day - timedelta(days=3), today=week_later, zone=zone)
    assert result.current_days == 7
    assert result.milestone_today is not None
    assert result.milestone_today.name == "1 week"


@pytest.mark.parametrize(
    ("zone", "dst_day"),
    [
        (NEW_YORK, date(2026, 3, 8)),
        (NEW_YORK, date(2026, 11, 1)),
        (BERLIN, date(2026, 3, 29)),
        (BERLIN, date(2026, 10, 25)),
    ],
)
def test_use_at_half_past_midnight_on_a_dst_day_counts_on_that_day(
    zone: tzinfo, dst_day: date
) -> None:
    slip = use(at(dst_day, 0, 30, zone))
    assert entry_day(slip) == dst_day
    result = report([slip], clean=dst_day - timedelta(days=10), today=dst_day + timedelta(3))
    assert result.clean_since == dst_day + timedelta(days=1)
    assert result.current_days == 2
    assert result.longest_days == 10


def test_current_since_is_local_midnight_of_the_streaks_first_day() -> None:
    spring_forward = date(2026, 3, 8)
    result = report([], clean=spring_forward, today=spring_forward, zone=NEW_YORK)
    assert result.current_since.isoformat() == "2026-03-08T00:00:00-05:00"
    next_midnight = datetime(2026, 3, 9, tzinfo=NEW_YORK)
    assert next_midnight - result.current_since == timedelta(hours=23)
    slip = use(at(days_ago(2), 21, 0, NEW_YORK))
    after = report([slip], clean=days_ago(9), zone=NEW_YORK)
    assert after.current_since == local_midnight(days_ago(1), NEW_YORK)  # not the use's time


def test_journal_carried_to_another_zone_keeps_entry_days() -> None:
    """Logged at 08:00 in Tokyo on the 10th: still the 10th when read in New York."""
    slip = use(datetime(2026, 3, 10, 8, 0, tzinfo=TOKYO))
    assert slip.at.astimezone(NEW_YORK).date() == date(2026, 3, 9)
    result = report([slip], clean=date(2026, 3, 1), today=date(2026, 3, 15), zone=NEW_YORK)
    assert result.attempts[0].used_on == date(2026, 3, 10)
    assert result.clean_since == date(2026, 3, 11)
    assert result.current_days == 4


def test_streak_across_29_february_counts_the_leap_day() -> None:
    result = report([], clean=date(2028, 2, 27), today=date(2028, 3, 1))
    assert result.current_days == 3


def test_one_year_from_29_february_is_28_february() -> None:
    leap = date(2028, 2, 29)
    result = report([], clean=leap, today=date(2029, 2, 28))
    assert result.current_days == 365
    assert result.milestone_today is not None
    assert result.milestone_today.name == "1 year"
    days = {m.name: m.day for m in itertools.islice(milestones(leap, leap), 10)}
    assert days["6 months"] == date(2028, 8, 29)
    assert days["18 months"] == date(2029, 8, 29)
    assert days["2 years"] == date(2030, 2, 28)


# Milestones


def test_milestone_names_and_days_follow_fellowship_chips() -> None:
    start = date(2026, 1, 31)
    found = [(m.name, m.day) for m in itertools.islice(milestones(start, start), 11)]
    assert found == [
        ("1 day", date(2026, 2, 1)),
        ("1 week", date(2026, 2, 7)),
        ("30 days", date(2026, 3, 2)),
        ("60 days", date(2026, 4, 1)),
        ("90 days", date(2026, 5, 1)),
        ("6 months", date(2026, 7, 31)),
        ("9 months", date(2026, 10, 31)),
        ("1 year", date(2027, 1, 31)),
        ("18 months", date(2027, 7, 31)),
        ("2 years", date(2028, 1, 31)),
        ("3 years", date(2029, 1, 31)),
    ]


def test_last_and_next_milestone_with_days_left() -> None:
    result = report([], clean=days_ago(40))
    assert result.last_milestone is not None
    assert result.last_milestone.name == "30 days"
    assert result.last_milestone.days_left == -10
    assert (result.next_milestone.name, result.next_milestone.days_left) == ("60 days", 20)
    assert result.milestone_today is None


def test_milestone_reached_today_is_celebrated() -> None:
    result = report([], clean=days_ago(90))
    assert result.milestone_today is not None
    assert result.milestone_today.name == "90 days"
    assert result.milestone_today.days_left == 0
    assert result.next_milestone.name == "6 months"


def test_no_milestone_on_day_zero() -> None:
    result = report([], clean=TODAY)
    assert result.last_milestone is None
    assert result.milestone_today is None
    assert (result.next_milestone.name, result.next_milestone.days_left) == ("1 day", 1)


def test_milestones_count_from_the_current_streak_after_a_use() -> None:
    result = report([use(at(days_ago(8)))], clean=days_ago(100))
    assert result.clean_since == days_ago(7)
    assert result.milestone_today is not None
    assert result.milestone_today.name == "1 week"


# Several trackers


def test_several_trackers_count_only_the_uses_recorded_against_them() -> None:
    alcohol, nicotine = tracker("Alcohol", days_ago(30)), tracker("nicotine", days_ago(30))
    entries: list[Entry] = [
        use(at(days_ago(10)), substance=" ALCOHOL ", counts_for=alcohol.id),
        used_craving(at(days_ago(4)), substance="Nicotine", counts_for=nicotine.id),
        use(at(days_ago(2)), substance=None, counts_for=None),
        use(at(days_ago(1)), substance="cannabis", counts_for=None),
    ]
    by_name = {
        r.tracker.name: r
        for r in streak_reports([alcohol, nicotine], entries, today=TODAY, zone=UTC)
    }
    assert by_name["Alcohol"].current_days == 9
    assert by_name["nicotine"].current_days == 3
    assert [u.at for u in uses_for(alcohol, entries)] == [entries[0].at]


def test_a_use_recorded_against_no_tracker_counts_for_none_even_with_one_tracker() -> None:
    only = tracker("alcohol", days_ago(30))
    untracked = [use(at(days_ago(3)), substance="nicotine", counts_for=None)]
    assert uses_for(only, untracked) == []
    result = streak_report(only, untracked, today=TODAY, zone=UTC)
    assert (result.current_days, result.use_days) == (30, 0)


def test_a_use_recorded_against_a_tracker_stays_with_it_whatever_the_trackers_now() -> None:
    alcohol, nicotine = tracker("alcohol", days_ago(30)), tracker("nicotine", days_ago(30))
    # logged when nicotine was the only tracker, with a substance naming neither
    recorded = Use(id="u-recorded", at=at(days_ago(4)), substance="cigarettes", tracker=nicotine.id)
    assert uses_for(nicotine, [recorded]) == [recorded]
    # its tracker removed: it counts for nobody, not for the tracker that is left
    assert uses_for(alcohol, [recorded]) == []


def test_streak_reports_keep_tracker_order() -> None:
    trackers = [tracker("b", days_ago(3)), tracker("a", days_ago(9))]
    reports = streak_reports(trackers, [], today=TODAY, zone=UTC)
    assert [(r.tracker.name, r.current_days) for r in reports] == [("b", 3), ("a", 9)]


# Money


def test_money_saved_with_a_decimal_cost_is_exact() -> None:
    result = report([], clean=days_ago(10), cost="12.35")
    assert result.money_saved == Decimal("123.50")
    assert result.to_json()["money_saved"] == 123.5


def test_money_saved_skips_use_days() -> None:
    result = report([use(at(days_ago(3)))], clean=days_ago(10), cost="0.10")
    assert result.money_saved == Decimal("0.90")


def test_no_cost_means_no_money_saved() -> None:
    assert report([], clean=days_ago(10)).money_saved is None


# History of attempts


def test_attempts_record_every_streak_with_the_note_that_ended_it() -> None:
    first = use(at(days_ago(20)), note="Old friends came round; telling my sponsor.")
    second = used_craving(at(days_ago(8)))
    result = report([second, first], clean=days_ago(50))
    rows = [(a.start, a.end, a.days, a.ended_by) for a in result.attempts]
    assert rows == [
        (days_ago(50), days_ago(21), 30, first),
        (days_ago(19), days_ago(9), 11, second),
        (days_ago(7), None, 7, None),
    ]
    assert result.average_recent_days == pytest.approx(16.0)
    assert result.to_json()["attempts"][0]["note"] == "Old friends came round; telling my sponsor."


def test_average_recent_days_uses_the_last_three_streaks() -> None:
    uses = [use(at(days_ago(n))) for n in (90, 60, 40, 10)]
    result = report(uses, clean=days_ago(100))
    assert [a.days for a in result.attempts] == [10, 29, 19, 29, 9]
    assert result.average_recent_days == pytest.approx((19 + 29 + 9) / 3)


def test_average_recent_days_is_none_with_only_the_current_streak() -> None:
    assert report([], clean=days_ago(10)).average_recent_days is None


def test_average_recent_days_leaves_out_a_current_streak_shorter_than_a_day() -> None:
    uses = [use(at(days_ago(n))) for n in (30, 20, 0)]  # the last one today
    result = report(uses, clean=days_ago(40))
    assert [a.days for a in result.attempts] == [10, 9, 19, 0]
    assert result.average_recent_days == pytest.approx((10 + 9 + 19) / 3)
    assert result.averaged_streaks == 3
    one_before = report([use(at(days_ago(1)))], clean=days_ago(20))
    assert one_before.current_days == 0
    assert one_before.average_recent_days is None  # one finished streak is no average


def test_consecutive_use_days_are_one_episode_not_zero_day_streaks() -> None:
    first = use(at(days_ago(10)), note="The funeral week.")
    uses = [first, use(at(days_ago(9))), used_craving(at(days_ago(8)))]
    result = report(uses, clean=days_ago(30))
    assert [(a.start, a.days, a.used_on, a.used_until) for a in result.attempts] == [
        (days_ago(30), 20, days_ago(10), days_ago(8)),
        (days_ago(7), 7, None, None),
    ]
    assert result.attempts[0].ended_by is first
    assert result.use_days == 3
    assert result.longest_days == 20


def test_use_days_from_the_clean_date_on_are_one_zero_day_episode() -> None:
    uses = [use(at(days_ago(10))), use(at(days_ago(9)))]
    result = report(uses, clean=days_ago(10))
    assert [(a.days, a.used_on, a.used_until) for a in result.attempts] == [
        (0, days_ago(10), days_ago(9)),
        (8, None, None),
    ]


def test_sober_days_count_out_of_the_days_tracked_in_each_window() -> None:
    young = report([], clean=days_ago(12))
    assert (young.sober_days_last_30, young.tracked_days_last_30) == (12, 12)
    assert (young.sober_days_last_365, young.tracked_days_last_365) == (12, 12)
    old = report([use(at(days_ago(3)))], clean=days_ago(173))
    assert (old.sober_days_last_30, old.tracked_days_last_30) == (29, 30)
    assert (old.sober_days_last_90, old.tracked_days_last_90) == (89, 90)
    assert (old.sober_days_last_365, old.tracked_days_last_365) == (172, 173)
    new = report([], clean=TODAY)
    assert (new.sober_days_last_30, new.tracked_days_last_30) == (0, 0)


# JSON


def test_to_json_carries_every_figure() -> None:
    entries: list[Entry] = [use(at(days_ago(5)), note="A hard evening."), meeting(at(TODAY))]
    entries.append(Mood(id="mood", at=at(TODAY), score=7))
    data = report(entries, clean=days_ago(40), cost="5").to_json()
    json.dumps(data)
    assert data["tracker"] == "alcohol"
    assert data["clean_since"] == days_ago(4).isoformat()
    assert data["current_days"] == 4
    assert data["longest_days"] == 35
    assert data["use_days"] == 1
    assert (data["sober_days_last_30"], data["sober_days_last_90"]) == (29, 39)
    assert data["sober_days_last_365"] == 39
    assert data["sober_share"] == pytest.approx(39 / 40, abs=1e-4)
    assert data["last_milestone"] == {"name": "1 day", "date": days_ago(3).isoformat()}
    assert data["next_milestone"] == {
        "name": "1 week",
        "date": (TODAY + timedelta(days=3)).isoformat(),
        "days_left": 3,
    }
    assert data["milestone_today"] is None
    assert (data["money_saved"], data["currency"]) == (195.0, "EUR")
    assert data["meetings_last_90"] == 1
    assert data["attempts"][0] == {
        "start": days_ago(40).isoformat(),
        "end": days_ago(6).isoformat(),
        "days": 35,
        "used_on": days_ago(5).isoformat(),
        "used_until": days_ago(5).isoformat(),
        "note": "A hard evening.",
    }
    assert data["used_today"] is False
    assert (data["tracked_days_last_30"], data["tracked_days_last_90"]) == (30, 40)
    assert data["tracked_days_last_365"] == 40
    assert data["average_recent_days"] == 19.5


# Properties

use_offsets = st.lists(
    st.tuples(
        st.integers(-60, 800), st.integers(0, 23), st.integers(-12, 14)
    ),  # day after clean, hour, UTC offset
    max_size=30,
)


def _uses(clean: date, offsets: list[tuple[int, int, int]]) -> list[Entry]:
    return [
        use(at(clean + timedelta(days=d), h, 0, timezone(timedelta(hours=o))))
        for d, h, o in offsets
    ]


@given(clean_ago=st.integers(-5, 800), offsets=use_offsets)
def test_streak_never_exceeds_days_since_the_clean_date(
    clean_ago: int, offsets: list[tuple[int, int, int]]
) -> None:
    clean = days_ago(clean_ago)
    result = report(_uses(clean, offsets), clean=clean)
    assert 0 <= result.current_days <= max(0, clean_ago)
    assert result.longest_days >= result.current_days


@given(clean_ago=st.integers(-5, 800), offsets=use_offsets)
def test_sober_windows_stay_within_their_length(
    clean_ago: int, offsets: list[tuple[int, int, int]]
) -> None:
    clean = days_ago(clean_ago)
    result = report(_uses(clean, offsets), clean=clean)
    assert 0 <= result.sober_days_last_30 <= 30
    assert result.sober_days_last_30 <= result.sober_days_last_90 <= 90
    assert result.sober_days_last_90 <= result.sober_days_last_365 <= 365
    assert result.sober_share is None or 0 <= result.sober_share <= 1
    assert result.sober_days_last_30 <= result.tracked_days_last_30 <= 30
    assert result.sober_days_last_90 <= result.tracked_days_last_90 <= 90
    assert result.sober_days_last_365 <= result.tracked_days_last_365 <= 365


@given(clean_ago=st.integers(-5, 800), offsets=use_offsets, seed=st.integers(0, 1000))
def test_streak_days_add_up_to_the_sober_days(
    clean_ago: int, offsets: list[tuple[int, int, int]], seed: int
) -> None:
    clean = days_ago(clean_ago)
    entries = _uses(clean, offsets)
    result = report(entries, clean=clean, cost="1")
    used_before_today = {entry_day(e) for e in entries if clean <= entry_day(e) < TODAY}
    sober = max(0, clean_ago) - len(used_before_today)
    assert sum(attempt.days for attempt in result.attempts) == sober
    assert result.money_saved == Decimal(sober)
    random.Random(seed).shuffle(entries)
    assert report(entries, clean=clean, cost="1") == result
