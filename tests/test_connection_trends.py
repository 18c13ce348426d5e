"""Connection over time: trends per period (checked against figures worked out by hand), weeks
with a meeting, days since the person last reached out, and the home screen's gentle nudge."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

import pytest

from conftest import Cli, journal_files
from recovery_journal.analytics.community import (
    community_trends,
    connections_by_role,
    isolation,
    longest_without,
)
from recovery_journal.analytics.meetings import meeting_weeks
from recovery_journal.analytics.periods import dated_entries, periods
from recovery_journal.domain.community import Barc, Connection, Service
from recovery_journal.domain.entries import Entry, Meeting, Mood

UTC = timezone.utc


def at(day: int, hour: int = 12, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


# Two weeks of March 2026: W10 is Mon 2 to Sun 8, W11 is Mon 9 to Sun 15.
ENTRIES: list[Entry] = [
    Connection(id="", at=at(2, 10), person="Sam", role="sponsor", how="call", helped=True),
    Connection(id="", at=at(2, 18), person="Jo", role="friend", how="text"),
    Connection(id="", at=at(4), person="Maya", role="family"),
    Service(id="", at=at(3), category="meeting-service", minutes=30),
    Meeting(id="", at=at(3, 19), fellowship="AA", types=("SP", "D"), home=True),
    Meeting(id="", at=at(5, 19), fellowship="NA", types=("D",)),
    Mood(id="", at=at(2, 9), score=6),
    Mood(id="", at=at(2, 21), score=8),  # 2 March: 7 on average, a connection day
    Mood(id="", at=at(3), score=5),
    Mood(id="", at=at(4), score=9),
    Mood(id="", at=at(6), score=3),
    Service(id="", at=at(10), category="volunteering", minutes=120),
    Meeting(id="", at=at(11), types=("group-therapy",)),
    Connection(id="", at=at(12), role="peer", how="video", helped=True),
    Mood(id="", at=at(12, 20), score=7),
    Mood(id="", at=at(13), score=4),
    Barc(id="", at=at(14), items=(5, 4, 4, 3, 5, 4, 3, 6, 4, 5)),  # 43
    Barc(id="", at=at(31), items=(5, 5, 5, 5, 5, 5, 5, 5, 5, 5)),  # 50, the month's last
]


def test_connection_figures_per_week_match_a_count_by_hand() -> None:
    spans = periods("week", date(2026, 3, 2), date(2026, 3, 15))
    trends = community_trends(dated_entries(ENTRIES), spans)
    first, second = (row.to_json() for row in trends.periods)
    assert first == {
        "label": "2026-W10",
        "start": "2026-03-02",
        "end": "2026-03-08",
        "connections": 3,
        "connection_days": 2,  # 2 and 4 March
        "helped": 1,
        "service": 1,
        "service_minutes": 30,
        "meetings": 2,
        "meeting_types": {"D": 2, "SP": 1},  # in the table's order, a meeting under each type
        "home_group": 1,
    }
    assert second | {"label": "", "start": "", "end": ""} == {
        "label": "",
        "start": "",
        "end": "",
        "connections": 1,
        "connection_days": 1,
        "helped": 1,
        "service": 1,
        "service_minutes": 120,
        "meetings": 1,
        "meeting_types": {"group-therapy": 1},
        "home_group": 0,
    }


def test_mood_on_days_with_a_connection_against_days_without() -> None:
    trends = community_trends(dated_entries(ENTRIES), periods("week", at(2).date(), at(15).date()))
    # Daily means with a connection: 2 March 7, 4 March 9, 12 March 7; without: 5, 3, 4.
    assert trends.mood.to_json() == {
        "connection_days_avg": round((7 + 9 + 7) / 3, 3),
        "connection_days": 3,
        "other_days_avg": 4.0,
        "other_days": 3,
    }


def test_barc_by_month_takes_the_months_last_score() -> None:
    trends = community_trends(dated_entries(ENTRIES), periods("month", at(1).date(), at(31).date()))
    assert [month.to_json() for month in trends.barc] == [
        {"month": "2026-03", "total": 50, "scores": 2, "max": 60, "cut_off": 47}
    ]
    assert trends.barc[0].at_or_above_cut_off


def test_weeks_with_a_meeting_count_back_from_this_week_or_last() -> None:
    days = [date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 11)]  # W10 twice, W11
    wednesday_w12 = date(2026, 3, 18)
    assert meeting_weeks(days, wednesday_w12).to_json() == {"weeks_in_a_row": 2, "this_week": 0}
    with_this_week = meeting_weeks([*days, date(2026, 3, 16)], wednesday_w12)
    assert with_this_week.to_json() == {"weeks_in_a_row": 3, "this_week": 1}
    # A week without one ends the streak: nothing in W12 or W13.
    assert meeting_weeks(days, date(2026, 3, 25)).weeks == 0


def test_isolation_counts_days_since_the_last_connection_or_meeting() -> None:
    found = isolation(ENTRIES, date(2026, 3, 15))
    assert (found.last, found.days, found.how) == (date(2026, 3, 12), 3, "someone (video)")
    meeting_last = isolation([*ENTRIES, Meeting(id="", at=at(14))], date(2026, 3, 15))
    assert (meeting_last.days, meeting_last.how) == (1, "a meeting")
    assert isolation([Mood(id="", at=at(1), score=5)], date(2026, 3, 15)).days is None


def test_longest_stretch_without_reaching_out() -> None:
    # Reached out on 2, 3, 4, 5, 11 and 12 March: the longest gap is 6 to 10 March.
    assert longest_without(ENTRIES, date(2026, 3, 1), date(2026, 3, 15)) == (5, date(2026, 3, 6))
    assert longest_without([], date(2026, 3, 1), date(2026, 3, 3)) == (3, date(2026, 3, 1))


def test_connections_by_role_in_the_roles_order() -> None:
    assert connections_by_role(ENTRIES) == {"sponsor": 1, "peer": 1, "family": 1, "friend": 1}
    unnamed = [*ENTRIES, Connection(id="", at=at(14))]
    assert connections_by_role(unnamed)["not said"] == 1


# -- rj trends ------------------------------------------------------------------------------


def log_march(cli: Cli) -> None:
    cli.ok(
        "connect",
        "Sam",
        "--role",
        "sponsor",
        "--how",
        "call",
        "--helped",
        "--at",
        "2026-03-02 10:00",
    )
    cli.ok("connect", "Jo", "--role", "friend", "--at", "2026-03-02 18:00")
    cli.ok("connect", "Maya", "--role", "family", "--at", "2026-03-04 12:00")
    cli.ok("service", "--kind", "meeting-service", "--minutes", "30", "--at", "2026-03-03 12:00")
    cli.ok("meeting", "--type", "SP", "--type", "D", "--home", "--at", "2026-03-03 19:00")
    cli.ok("meeting", "--type", "D", "--at", "2026-03-05 19:00")
    for when, score in (("2026-03-02 09:00", 6), ("2026-03-02 21:00", 8), ("2026-03-03", 5)):
        cli.ok("mood", str(score), "--at", when)
    cli.ok("mood", "9", "--at", "2026-03-04 12:00")
    cli.ok("mood", "3", "--at", "2026-03-06 12:00")
    cli.ok("barc", "5", "4", "4", "3", "5", "4", "3", "6", "4", "5", "--at", "2026-03-14 12:00")


def test_trends_json_has_the_connection_figures(fresh: Cli) -> None:
    log_march(fresh)
    report: dict[str, Any] = json.loads(
        fresh.ok("trends", "--since", "2026-03-02", "--until", "2026-03-08", "--json").stdout
    )
    community = report["community"]
    [week] = community["periods"]
    assert (week["connections"], week["connection_days"], week["helped"]) == (3, 2, 1)
    assert (week["service"], week["service_minutes"], week["meetings"]) == (1, 30, 2)
    assert (week["meeting_types"], week["home_group"]) == ({"D": 2, "SP": 1}, 1)
    assert community["mood_by_connection"] == {
        "connection_days_avg": 8.0,  # 2 March 7, 4 March 9
        "connection_days": 2,
        "other_days_avg": 4.0,  # 3 March 5, 6 March 3
        "other_days": 2,
    }
    assert community["barc"] == []  # the BARC-10 was on 14 March


def test_trends_by_month_shows_barc_with_the_cut_off_said_neutrally(fresh: Cli) -> None:
    log_march(fresh)
    shown = fresh.ok("trends", "--by", "month", "--since", "2026-03-01", "--until", "2026-03-31")
    text = " ".join(shown.stdout.split())
    assert "Recovery capital (BARC-10)" in text
    assert "2026-03 43 1" in text
    assert "scoring 47 or more were more likely to have been in sustained remission" in text
    assert "not a pass mark" in text
    assert "Mood on days with a connection: 8.0 (2 days) · other days: 4.0 (2 days)" in text


# -- the home screen: when the person last reached out ------------------------------------------

NUDGE = "might be glad to hear from you"


def home(cli: Cli, **env: str) -> str:
    return " ".join(cli.ok(env=env or None).stdout.split())


def test_after_three_days_the_home_screen_names_the_first_person_to_call(fresh: Cli) -> None:
    fresh.ok("people", "add", "Jo", "--role", "friend")
    fresh.ok("people", "add", "Sam", "--role", "sponsor", "--phone", "07700 900123")
    fresh.ok("connect", "Jo", "--how", "text", "--at", "3 days ago")
    shown = home(fresh)
    assert "Last reached out 3 days ago (Jo (text))" in shown
    assert f"It has been 3 days. No pressure: Sam {NUDGE} (07700 900123)." in shown
    assert "A short call or text counts; log it with `rj connect`." in shown


def test_a_call_today_takes_the_nudge_away(fresh: Cli) -> None:
    fresh.ok("people", "add", "Sam", "--role", "sponsor")
    fresh.ok("meeting", "--at", "5 days ago")
    assert NUDGE in home(fresh)
    fresh.ok("connect", "Sam", "--how", "call")
    shown = home(fresh)
    assert NUDGE not in shown
    assert "Last reached out today (Sam (call))" in shown


def test_the_nudge_days_are_a_setting_kept_in_the_journal(fresh: Cli) -> None:
    assert "after 3 days without reaching out" in fresh.ok("settings").stdout
    fresh.ok("meeting", "--at", "2 days ago")
    assert NUDGE not in home(fresh)
    saved = fresh.ok("settings", "--nudge-days", "2")
    assert saved.stdout.strip() == (
        "Saved. The home screen gently suggests a call after 2 days without reaching out."
    )
    assert f"It has been 2 days. No pressure: Someone you trust {NUDGE}." in home(fresh)
    # The journal's own setting wins over the environment variable.
    assert NUDGE in home(fresh, RECOVERY_JOURNAL_NUDGE_DAYS="9")
    fresh.ok("settings", "--nudge-days", "0")
    assert NUDGE not in home(fresh)
    assert "never suggests a call" in fresh.ok("settings").stdout
    raw = b"".join(path.read_bytes() for path in journal_files(fresh.journal))
    assert b"nudge" not in raw  # sealed like every record


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("400", "The number of days before a nudge must be from 0 to 365, not 400."),
        ("soon", "nudge days must be a whole number"),
    ],
)
def test_a_bad_number_of_nudge_days_is_one_clear_line(fresh: Cli, value: str, message: str) -> None:
    result = fresh("settings", "--nudge-days", value)
    assert result.exit_code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "after 3 days" in fresh.ok("settings").stdout  # nothing was changed


def test_two_days_is_not_yet_a_nudge_and_the_number_of_days_is_settable(fresh: Cli) -> None:
    fresh.ok("meeting", "--at", "2 days ago")
    assert NUDGE not in home(fresh)
    shown = home(fresh, RECOVERY_JOURNAL_NUDGE_DAYS="2")
    assert f"It has been 2 days. No pressure: Someone you trust {NUDGE}." in shown
    fresh.ok("meeting", "--at", "9 days ago")
    assert NUDGE not in home(fresh, RECOVERY_JOURNAL_NUDGE_DAYS="0")  # 0: never
    bad = fresh(env={"RECOVERY_JOURNAL_NUDGE_DAYS": "soon"})
    assert bad.exit_code == 1
    assert bad.stderr == (
        "Error: RECOVERY_JOURNAL_NUDGE_DAYS is a whole number of days up to 365 "
        "(0 turns the suggestion off), not 'soon'.\n"
    )


def test_nothing_about_reaching_out_before_anything_was_logged(fresh: Cli) -> None:
    shown = home(fresh)
    assert "Last reached out" not in shown
    assert NUDGE not in shown


def test_the_barc_reminder_comes_after_thirty_days(fresh: Cli) -> None:
    fresh.ok("barc", *("5",) * 10, "--at", "29 days ago")
    assert "rj barc" not in home(fresh)
    fresh.ok("barc", *("5",) * 10, "--at", "35 days ago")  # the last one counts, not the first
    assert "rj barc" not in home(fresh)


def test_the_barc_reminder_says_how_long_it_has_been(fresh: Cli) -> None:
    fresh.ok("barc", *("5",) * 10, "--at", "31 days ago")
    assert "Your last BARC-10 was 31 days ago; it is suggested monthly: `rj barc`." in home(fresh)


def test_meeting_weeks_show_on_the_home_screen_and_in_streak(fresh: Cli) -> None:
    for when in ("today", "7 days ago", "14 days ago"):  # three weeks in a row, whatever today is
        fresh.ok("meeting", "--at", when)
    expected = "Meeting weeks 3 in a row · 1 meeting this week"
    assert expected in home(fresh)
    assert expected in " ".join(fresh.ok("streak").stdout.split())
