"""Streaks that read right: what the streak panel, the history and the home screen say.

Rendered with a fixed width and no colour, from reports made with a fixed today and zone.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console, RenderableType

from conftest import Cli
from recovery_journal.analytics.streaks import StreakReport, streak_report, streak_reports
from recovery_journal.domain.entries import Entry, Meeting, Use
from recovery_journal.domain.trackers import Tracker
from recovery_journal.terminal.home import HomeView, home_panel
from recovery_journal.terminal.streaks import history_table, meetings_line, streak_panel

TODAY = date(2026, 11, 21)
UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")


def text(renderable: RenderableType) -> str:
    out = io.StringIO()
    Console(width=100, file=out, color_system=None).print(renderable)
    return out.getvalue()


def days_ago(n: int, today: date = TODAY) -> date:
    return today - timedelta(days=n)


def moment(day: date, hour: int, minute: int = 0, zone: tzinfo = UTC) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def alcohol(clean: date) -> Tracker:
    return Tracker(id="t-alcohol", name="alcohol", clean_date=clean)


def use(when: datetime, note: str | None = None) -> Use:
    return Use(id=f"u{when.isoformat()}", at=when, tracker="t-alcohol", note=note)


def report(
    entries: list[Entry], clean: date, today: date = TODAY, zone: tzinfo = UTC
) -> StreakReport:
    return streak_report(alcohol(clean), entries, today=today, zone=zone)


# "Since" is never a future date


def test_after_a_use_today_the_panel_says_the_next_streak_starts_tomorrow() -> None:
    shown = text(streak_panel(report([use(moment(TODAY, 9))], days_ago(10)), moment(TODAY, 13)))
    assert "Used today; your next streak starts tomorrow." in shown
    assert "clean, since" not in shown
    assert "Sun 22 Nov" not in shown
    assert "0 days clean" not in shown


def test_a_clean_date_set_for_tomorrow_is_not_a_since() -> None:
    shown = text(streak_panel(report([], TODAY + timedelta(days=1)), moment(TODAY, 20)))
    assert "Your streak starts tomorrow (Sun 22 Nov 2026)." in shown
    assert "clean, since" not in shown


def test_after_a_use_today_history_and_home_say_tomorrow_not_a_date() -> None:
    result = report([use(moment(TODAY, 9))], days_ago(10))
    history = text(history_table(result))
    assert "tomorrow" in history
    assert "your next streak" in history
    assert "2026-11-22" not in history
    home = text(home_panel(HomeView([result], [], 0, None)))
    assert "used today · next streak from tomorrow" in home


# One clock


def test_the_hours_line_counts_from_the_streaks_first_midnight_not_the_use() -> None:
    slip = use(moment(days_ago(1), 21))  # yesterday 21:00: the streak began at midnight
    shown = text(streak_panel(report([slip], days_ago(10)), moment(TODAY, 21, 30)))
    assert "0 days clean, since Sat 21 Nov 2026" in shown
    assert "21 hours, 30 minutes" in shown
    assert "1 day" not in shown.split("Longest")[0]


def test_the_hours_line_agrees_with_the_days_above_it() -> None:
    shown = text(streak_panel(report([], days_ago(1)), moment(TODAY, 9, 5)))
    assert "1 day clean, since Fri 20 Nov 2026" in shown
    assert "1 day, 9 hours, 5 minutes" in shown


@pytest.mark.parametrize(
    ("dst_day", "clock", "expected"),
    [
        (date(2026, 3, 8), time(3, 30), "1 day, 3 hours, 30 minutes"),  # a 23-hour day
        (date(2026, 11, 1), time(23, 30), "1 day, 23 hours, 30 minutes"),  # a 25-hour day
    ],
)
def test_on_dst_days_the_two_lines_agree(dst_day: date, clock: time, expected: str) -> None:
    now = datetime.combine(dst_day, clock, tzinfo=NEW_YORK)
    result = report([], days_ago(1, dst_day), today=dst_day, zone=NEW_YORK)
    shown = text(streak_panel(result, now))
    assert "1 day clean" in shown
    assert expected in shown


# Sober days out of the days tracked


def test_a_12_day_old_tracker_shows_12_of_12() -> None:
    shown = text(streak_panel(report([], days_ago(12)), moment(TODAY, 12)))
    assert "12/12 last 30 · 100% of all days" in shown
    assert "/30" not in shown
    assert "/90" not in shown
    assert "/365" not in shown


def test_an_older_tracker_shows_each_window_out_of_its_tracked_days() -> None:
    shown = text(
        streak_panel(report([use(moment(days_ago(3), 20))], days_ago(173)), moment(TODAY, 9))
    )
    assert "29/30 last 30 · 89/90 last 90 · 172/173 last 365 · 99% of all days" in shown


def test_a_tracker_started_today_has_no_completed_days_yet() -> None:
    shown = text(streak_panel(report([], TODAY), moment(TODAY, 9)))
    assert "none completed yet" in shown
    assert "0/0" not in shown


# 90 in 90: once, and only with meetings


def test_meetings_are_said_once_below_the_panels_not_in_each() -> None:
    meetings: list[Entry] = [Meeting(id="m1", at=moment(days_ago(2), 19), fellowship="AA")]
    trackers = [alcohol(days_ago(30)), Tracker(id="t-n", name="nicotine", clean_date=days_ago(5))]
    reports = streak_reports(trackers, meetings, today=TODAY, zone=UTC)
    panels = "".join(text(streak_panel(r, moment(TODAY, 9))) for r in reports)
    assert "90 in 90" not in panels
    line = meetings_line(reports)
    assert line is not None
    assert text(line).strip() == "Meetings  1 in the last 90 days (90 in 90: 1/90)"
    assert meetings_line(streak_reports(trackers, [], today=TODAY, zone=UTC)) is None


def test_streak_command_says_90_in_90_once_and_only_with_meetings(cli: Cli) -> None:
    cli.init("--tracker", "alcohol", "--clean-date", "20 days ago")
    cli.ok("tracker", "add", "nicotine", "--clean-date", "5 days ago")
    assert "90 in 90" not in cli.ok("streak").stdout
    cli.log("meeting", "--fellowship", "AA", "--at", "2 days ago")
    shown = cli.ok("streak").stdout
    assert shown.count("90 in 90") == 1
    assert "Meetings  1 in the last 90 days (90 in 90: 1/90)" in shown
    assert "90 in 90" not in cli.ok("streak", "--history").stdout
    reports = json.loads(cli.ok("streak", "--json").stdout)
    assert [r["meetings_last_90"] for r in reports] == [1, 1]


# History: episodes, and an average that is fair


def test_consecutive_use_days_are_one_row_in_the_history() -> None:
    uses: list[Entry] = [
        use(moment(days_ago(n), 22), note="The funeral week." if n == 10 else None)
        for n in (10, 9, 8)
    ]
    shown = text(history_table(report(uses, days_ago(30))))
    assert "used 2026-11-11 to 2026-11-13 (3 days): The funeral week." in shown
    assert "still going" in shown
    assert " 0 " not in shown  # no 0-day streaks between the use days
    assert "Average of the last 2 streaks: 13.5 days." in shown  # (20 + 7) / 2


def test_the_average_leaves_out_a_current_streak_shorter_than_a_day() -> None:
    uses: list[Entry] = [use(moment(days_ago(n), 22)) for n in (30, 20, 0)]
    shown = text(history_table(report(uses, days_ago(40))))
    assert "Average of the last 3 streaks: 12.7 days." in shown  # (10 + 9 + 19) / 3
