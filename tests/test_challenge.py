"""The meetings challenge ("90 in 90"): its progress, worked out by hand, and `rj meeting
challenge start|stop`, shown in `rj streak` and on the home screen."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from conftest import Cli
from recovery_journal.analytics.meetings import challenge_progress
from recovery_journal.domain.community import Challenge
from recovery_journal.errors import InvalidInput

MARCH_1 = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)
MEETINGS = [date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 3)]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_progress_counts_meetings_from_the_first_day_to_today() -> None:
    progress = challenge_progress(Challenge(id="", at=MARCH_1), MEETINGS, date(2026, 3, 5))
    assert progress.to_json() == {
        "start": "2026-03-01",
        "days": 90,
        "last_day": "2026-05-29",
        "ended": None,
        "day": 5,
        "meetings": 3,  # two on 1 March count as two; the one on 28 February is before
        "to_go": 87,
        "running": True,
    }


def test_a_stopped_challenge_counts_up_to_the_day_it_stopped() -> None:
    stopped = Challenge(id="", at=MARCH_1, ended="2026-03-02")
    progress = challenge_progress(stopped, MEETINGS, date(2026, 3, 5))
    assert (progress.day, progress.meetings, progress.running) == (2, 2, False)


def test_a_finished_challenge_stops_counting_at_its_last_day() -> None:
    short = Challenge(id="", at=MARCH_1, days=3)
    progress = challenge_progress(short, [*MEETINGS, date(2026, 3, 4)], date(2026, 3, 10))
    assert (progress.day, progress.meetings, progress.running) == (3, 3, False)
    assert progress.reached
    assert progress.last_day == date(2026, 3, 3)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"days": 0}, "The challenge's days must be from 1 to 366, not 0."),
        ({"ended": "2026-02-01"}, "A challenge cannot end (2026-02-01) before it starts."),
        ({"ended": "soon"}, "The day a challenge ended is a date like 2026-03-20, not 'soon'."),
    ],
)
def test_a_challenge_checks_its_days_and_end(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Challenge(id="", at=MARCH_1, **changes)  # type: ignore[arg-type]
    assert str(caught.value) == message


# -- the commands -----------------------------------------------------------------------------


def test_start_then_streak_and_home_show_the_progress(fresh: Cli) -> None:
    started = fresh.ok("meeting", "challenge", "start", "--days", "30", "--at", "3 days ago")
    assert started.stdout.startswith("Started 30 meetings in 30 days: ")
    assert "Meetings so far: 0." in started.stdout
    fresh.ok("meeting", "--at", "2 days ago")
    fresh.ok("meeting", "--type", "SP")
    expected = "30 in 30 day 4 of 30 · 2 meetings, 28 to go"
    assert expected in flat(fresh.ok("streak").stdout)
    assert expected in flat(fresh.ok().stdout)
    assert "90 in 90:" not in fresh.ok("streak").stdout  # the challenge says it instead


def test_streak_json_carries_the_challenge_and_meeting_weeks_as_the_screen_does(
    fresh: Cli,
) -> None:
    [before] = json.loads(fresh.ok("streak", "--json").stdout)
    assert before["meetings_challenge"] is None
    assert before["meeting_weeks"] == {"weeks_in_a_row": 0, "this_week": 0}
    fresh.ok("meeting", "challenge", "start", "--days", "30", "--at", "3 days ago")
    fresh.ok("meeting", "--at", "2 days ago")
    fresh.ok("meeting")
    [report] = json.loads(fresh.ok("streak", "--json").stdout)
    challenge = report["meetings_challenge"]
    assert (challenge["days"], challenge["day"], challenge["meetings"]) == (30, 4, 2)
    assert (challenge["to_go"], challenge["running"]) == (28, True)
    assert report["meeting_weeks"]["this_week"] >= 1  # today's meeting, at least
    assert report["meeting_weeks"]["weeks_in_a_row"] >= 1


def test_a_second_challenge_waits_for_the_first_to_stop(fresh: Cli) -> None:
    fresh.ok("meeting", "challenge", "start")
    again = fresh("meeting", "challenge", "start")
    assert (again.exit_code, again.stderr) == (
        1,
        "Error: A challenge is already running (day 1 of 90); "
        "stop it first with `rj meeting challenge stop`.\n",
    )


def test_stop_keeps_the_meetings_and_says_so_kindly(fresh: Cli) -> None:
    fresh.ok("meeting", "challenge", "start", "--at", "yesterday")
    fresh.ok("meeting")
    stopped = fresh.ok("meeting", "challenge", "stop")
    assert stopped.stdout == (
        "Stopped your 90 in 90 on day 2, with 1 meeting. Every one of them counts.\n"
    )
    [challenge] = json.loads(fresh.ok("list", "--kind", "challenge", "--json").stdout)
    assert challenge["days"] == 90
    assert challenge["ended"] > challenge["at"][:10]  # stopped today; started yesterday
    assert "stopped on day 2 with 1 meeting" in flat(fresh.ok("streak").stdout)
    assert "90 in 90" not in fresh.ok().stdout  # the home screen shows a running one only
    nothing = fresh("meeting", "challenge", "stop")
    assert (nothing.exit_code, nothing.stderr) == (
        1,
        "Error: No meetings challenge is running; start one with `rj meeting challenge start`.\n",
    )
    fresh.ok("meeting", "challenge", "start", "--days", "7")  # and a new one can start


def test_a_challenge_entry_can_be_edited_like_any_other(fresh: Cli) -> None:
    fresh.ok("meeting", "challenge", "start")
    [challenge] = json.loads(fresh.ok("list", "--kind", "challenge", "--json").stdout)
    short = challenge["id"][:7]
    fresh.ok("edit", short, "--days", "60")
    assert "60 in 60 day 1 of 60" in flat(fresh.ok("streak").stdout)
    bad = fresh("edit", short, "--ended", "2020-01-01")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: A challenge cannot end (2020-01-01) before it starts")
    assert fresh("meeting", "challenge", "start", "--days", "0").exit_code == 1


def test_meeting_alone_still_logs_a_meeting(fresh: Cli) -> None:
    assert fresh.ok("meeting").stdout.startswith("Saved meeting ")
    assert "challenge" in fresh.ok("meeting", "--help").stdout
