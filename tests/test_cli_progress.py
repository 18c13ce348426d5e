"""End to end: trackers, use attribution, `streak` and `trends` through the real CLI.

Every call runs the real CLI (the app, in this process) against a real journal file.
Streak tests use relative dates ("10 days ago") so they hold whatever today is; the trends
data set is logged on fixed past days (January 2026, Europe/London is on UTC then) so every
expected figure below can be worked out by hand from the entries.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import Cli, Result, clean_env

LONDON = ZoneInfo("Europe/London")


# -- helpers --------------------------------------------------------------------------------


def today() -> date:
    """Today where the CLI runs (conftest sets TZ=Europe/London)."""
    return datetime.now(LONDON).date()


def days_ago(n: int) -> str:
    return (today() - timedelta(days=n)).isoformat()


def assert_clean_error(result: Result, *fragments: str) -> str:
    """A bad input fails with exactly one 'Error:' line on stderr and no traceback."""
    assert result.exit_code != 0, result
    assert "Traceback" not in result.output, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result
    assert lines[0].startswith("Error: "), result
    for fragment in fragments:
        assert fragment in lines[0], result
    return lines[0]


def streaks(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    """`streak --json` as {tracker name: report}."""
    reports = json.loads(cli.ok("streak", "--json", *args).stdout)
    return {report["tracker"]: report for report in reports}


def tracker_names(cli: Cli) -> list[str]:
    """Tracker names as `tracker list` shows them (first column of the table body)."""
    lines = cli.ok("tracker", "list").stdout.splitlines()
    return [line.split()[0] for line in lines[2:] if line.strip()]


def entry_count(cli: Cli) -> int:
    return len(json.loads(cli.ok("list", "--json", "--limit", "0").stdout))


def trends_json(cli: Cli, *args: str) -> dict[str, Any]:
    trends: dict[str, Any] = json.loads(cli.ok("trends", "--json", *args).stdout)
    return trends


def by_label(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {period["label"]: period for period in report["periods"]}


# -- trackers -------------------------------------------------------------------------------


def test_tracker_add_keeps_clean_date_exact_decimal_cost_and_uppercases_currency(
    initialized: Cli,
) -> None:
    added = initialized.ok(
        "tracker", "add", "nicotine", "--clean-date", "2026-03-01",
        "--cost-per-day", "12.35", "--currency", "eur",
    )  # fmt: skip
    assert added.stdout.strip() == "Tracking nicotine since 2026-03-01."

    listed = initialized.ok("tracker", "list").stdout
    assert "sobriety" in listed
    assert "2026-01-01" in listed
    row = next(line for line in listed.splitlines() if "nicotine" in line)
    assert row.split() == ["nicotine", "2026-03-01", "12.35", "EUR"]

    report = streaks(initialized)["nicotine"]
    assert report["clean_since"] == "2026-03-01"
    assert report["currency"] == "EUR"


def test_tracker_edit_changes_name_clean_date_cost_and_currency(initialized: Cli) -> None:
    initialized.ok("tracker", "add", "nicotine", "--clean-date", "2026-03-01")
    edited = initialized.ok(
        "tracker", "edit", "NICOTINE", "--name", "tobacco", "--clean-date", "2026-04-02",
        "--cost-per-day", "8.5", "--currency", "usd",
    )  # fmt: skip
    assert edited.stdout.strip() == "Updated tracker tobacco."

    assert tracker_names(initialized) == ["sobriety", "tobacco"]
    row = next(
        line for line in initialized.ok("tracker", "list").stdout.splitlines() if "tob" in line
    )
    assert row.split() == ["tobacco", "2026-04-02", "8.5", "USD"]
    report = streaks(initialized, "tobacco")["tobacco"]
    assert report["clean_since"] == "2026-04-02"
    assert report["currency"] == "USD"


def test_tracker_remove_with_yes_removes_only_the_tracker_and_keeps_entries(
    initialized: Cli,
) -> None:
    initialized.ok("tracker", "add", "gambling")
    initialized.log("mood", "6")

    removed = initialized.ok("tracker", "remove", "Gambling", "--yes")

    assert removed.stdout.strip() == "Removed tracker gambling."
    assert tracker_names(initialized) == ["sobriety"]
    assert entry_count(initialized) == 1


def test_tracker_remove_without_yes_and_no_terminal_refuses_and_removes_nothing(
    initialized: Cli,
) -> None:
    initialized.ok("tracker", "add", "gambling")

    assert_clean_error(initialized("tracker", "remove", "gambling"), "--yes")

    assert tracker_names(initialized) == ["sobriety", "gambling"]


def test_duplicate_tracker_names_are_refused_ignoring_case_and_spacing(initialized: Cli) -> None:
    initialized.ok("tracker", "add", "Alcohol")

    assert_clean_error(initialized("tracker", "add", "  alcohol "), "already", "'Alcohol'")
    assert_clean_error(initialized("tracker", "add", "SOBRIETY"), "already", "'sobriety'")
    assert_clean_error(
        initialized("tracker", "edit", "alcohol", "--name", "Sobriety"), "already", "'sobriety'"
    )
    assert tracker_names(initialized) == ["sobriety", "Alcohol"]


def test_unknown_tracker_is_a_clear_error_for_edit_remove_and_streak(initialized: Cli) -> None:
    for args in (
        ("tracker", "edit", "cannabis", "--name", "weed"),
        ("tracker", "remove", "cannabis", "--yes"),
        ("streak", "cannabis"),
        ("streak", "cannabis", "--json"),
    ):
        assert_clean_error(initialized(*args), "No tracker named 'cannabis'", "sobriety")
    assert tracker_names(initialized) == ["sobriety"]


def test_bad_cost_currency_or_empty_edit_is_refused_and_changes_nothing(initialized: Cli) -> None:
    bad_inputs = [
        (("tracker", "add", "nicotine", "--cost-per-day", "-1"), "negative"),
        (("tracker", "add", "nicotine", "--cost-per-day", "-0.01"), "negative"),
        (("tracker", "add", "nicotine", "--cost-per-day", "twelve"), "amount of money"),
        (("tracker", "add", "nicotine", "--currency", "EURO"), "three-letter"),
        (("tracker", "add", "nicotine", "--currency", "E1R"), "three-letter"),
        (("tracker", "edit", "sobriety", "--cost-per-day", "-5"), "negative"),
        (("tracker", "edit", "sobriety", "--currency", "€"), "three-letter"),
        (("tracker", "edit", "sobriety"), "Nothing to change"),
    ]
    for args, fragment in bad_inputs:
        assert_clean_error(initialized(*args), fragment)
    assert tracker_names(initialized) == ["sobriety"]
    report = streaks(initialized)["sobriety"]
    assert report["money_saved"] is None
    assert report["currency"] is None


# -- use attribution ------------------------------------------------------------------------


def test_with_one_tracker_a_use_naming_no_substance_ends_its_streak(cli: Cli) -> None:
    cli.init("--clean-date", "10 days ago")
    cli.log("use", "--at", "4 days ago")

    report = streaks(cli)["sobriety"]
    assert report["current_days"] == 3
    assert report["use_days"] == 1


def test_with_several_trackers_a_use_ends_only_the_named_trackers_streak(cli: Cli) -> None:
    cli.init("--tracker", "alcohol", "--clean-date", "10 days ago")
    cli.ok("tracker", "add", "nicotine", "--clean-date", "10 days ago")

    cli.log("use", "--substance", "Nicotine", "--at", "2 days ago")
    after_use = streaks(cli)
    assert after_use["nicotine"]["current_days"] == 1
    assert after_use["alcohol"]["current_days"] == 10

    cli.log("craving", "8", "--outcome", "used", "--substance", "alcohol", "--at", "4 days ago")
    after_craving = streaks(cli)
    assert after_craving["alcohol"]["current_days"] == 3
    assert after_craving["alcohol"]["use_days"] == 1
    assert after_craving["nicotine"]["current_days"] == 1
    assert after_craving["nicotine"]["use_days"] == 1

    only = json.loads(cli.ok("streak", "NICOTINE", "--json").stdout)
    assert [report["tracker"] for report in only] == ["nicotine"]
    panel = cli.ok("streak", "nicotine").stdout
    assert "nicotine" in panel
    assert "alcohol" not in panel


def test_adding_a_tracker_later_does_not_move_earlier_uses(cli: Cli) -> None:
    cli.init("--clean-date", "10 days ago")
    cli.log("use", "--at", "4 days ago")  # no substance: counts for the only tracker
    cli.ok("tracker", "add", "nicotine", "--clean-date", "10 days ago")

    reports = streaks(cli)
    assert reports["sobriety"]["current_days"] == 3
    assert reports["sobriety"]["use_days"] == 1
    assert reports["nicotine"]["current_days"] == 10


def test_removing_a_tracker_does_not_hand_its_uses_to_another(cli: Cli) -> None:
    cli.init("--tracker", "alcohol", "--clean-date", "10 days ago")
    cli.ok("tracker", "add", "nicotine", "--clean-date", "10 days ago")
    cli.log("use", "--substance", "nicotine", "--at", "2 days ago")
    cli.ok("tracker", "remove", "nicotine", "--yes")

    report = streaks(cli)["alcohol"]
    assert report["current_days"] == 10
    assert report["use_days"] == 0


def test_editing_a_use_moves_it_to_the_tracker_its_new_substance_names(cli: Cli) -> None:
    cli.init("--tracker", "alcohol", "--clean-date", "10 days ago")
    cli.ok("tracker", "add", "nicotine", "--clean-date", "10 days ago")
    slip = cli.log("use", "--substance", "alcohol", "--at", "4 days ago")
    assert streaks(cli)["alcohol"]["current_days"] == 3

    cli.ok("edit", slip, "--substance", "nicotine")
    moved = streaks(cli)
    assert (moved["alcohol"]["current_days"], moved["nicotine"]["current_days"]) == (10, 3)

    cli.ok("edit", slip, "--tracker", "ALCOHOL")
    back = streaks(cli)
    assert (back["alcohol"]["current_days"], back["nicotine"]["current_days"]) == (3, 10)
    assert_clean_error(cli("edit", slip, "--tracker", "gambling"), "No tracker named")


def test_editing_a_craving_to_used_ends_the_streak_and_back_to_resisted_restores_it(
    cli: Cli,
) -> None:
    cli.init("--clean-date", "10 days ago")
    craving = cli.log("craving", "9", "--at", "4 days ago")
    assert streaks(cli)["sobriety"]["current_days"] == 10

    cli.ok("edit", craving, "--outcome", "used")
    assert streaks(cli)["sobriety"]["current_days"] == 3

    cli.ok("edit", craving, "--outcome", "resisted")
    assert streaks(cli)["sobriety"]["current_days"] == 10


def test_use_that_does_not_say_which_of_several_trackers_is_refused_and_not_saved(
    cli: Cli,
) -> None:
    cli.init("--tracker", "alcohol", "--clean-date", "10 days ago")
    cli.ok("tracker", "add", "nicotine", "--clean-date", "10 days ago")
    before = entry_count(cli)

    assert_clean_error(cli("use"), "--tracker NAME", "alcohol, nicotine", "rj tracker add")
    assert_clean_error(cli("craving", "7", "--outcome", "used"), "--tracker NAME")
    assert_clean_error(
        cli("use", "--substance", "cannabis"),
        "'cannabis'",
        "none of your trackers",
        "--tracker NAME",
        "rj tracker add cannabis",
    )

    assert entry_count(cli) == before
    assert {name: r["current_days"] for name, r in streaks(cli).items()} == {
        "alcohol": 10,
        "nicotine": 10,
    }


# -- streak figures -------------------------------------------------------------------------


def test_clean_date_today_is_day_zero_and_shows_hours_and_minutes(cli: Cli) -> None:
    cli.init()

    report = streaks(cli)["sobriety"]
    assert report["clean_since"] == today().isoformat()
    assert report["current_days"] == 0
    assert report["next_milestone"]["name"] == "1 day"
    assert report["next_milestone"]["days_left"] == 1
    assert report["last_milestone"] is None

    panel = cli.ok("streak").stdout
    assert "sobriety" in panel
    assert "0 days clean" in panel
    assert "hour" in panel
    assert "minute" in panel


def test_ten_days_clean_counts_calendar_days_without_the_hours_line(cli: Cli) -> None:
    cli.init("--clean-date", "10 days ago")

    report = streaks(cli)["sobriety"]
    assert report["clean_since"] == days_ago(10)
    assert report["current_days"] == 10
    assert report["longest_days"] == 10
    assert report["use_days"] == 0
    assert report["sober_days_last_30"] == 10
    assert report["sober_days_last_90"] == 10
    assert report["money_saved"] is None

    panel = cli.ok("streak").stdout
    assert "10 days clean" in panel
    assert "hour" not in panel
    assert "minute" not in panel


def test_backdated_use_restarts_the_streak_the_next_day_and_same_day_uses_count_once(
    cli: Cli,
) -> None:
    cli.init("--clean-date", "10 days ago")
    cli.log("use", "--at", "4 days ago", "--note", "first")

    report = streaks(cli)["sobriety"]
    assert report["current_days"] == 3
    assert report["clean_since"] == days_ago(3)
    assert report["longest_days"] == 6
    assert report["use_days"] == 1
    assert report["sober_days_last_30"] == 9
    assert report["attempts"] == [
        {"start": days_ago(10), "end": days_ago(5), "days": 6, "used_on": days_ago(4),
         "used_until": days_ago(4), "note": "first"},
        {"start": days_ago(3), "end": None, "days": 3, "used_on": None, "used_until": None,
         "note": None},
    ]  # fmt: skip

    cli.log("use", "--at", "4 days ago 9pm", "--note", "second")

    again = streaks(cli)["sobriety"]
    assert again["use_days"] == 1
    assert again["current_days"] == 3
    assert again["longest_days"] == 6
    assert again["attempts"] == report["attempts"]  # the day's first use ended it


def test_use_before_the_clean_date_changes_nothing(cli: Cli) -> None:
    cli.init("--clean-date", "10 days ago")
    cli.log("use", "--at", "12 days ago")

    report = streaks(cli)["sobriety"]
    assert report["current_days"] == 10
    assert report["longest_days"] == 10
    assert report["use_days"] == 0
    assert len(report["attempts"]) == 1


def test_sober_days_in_the_last_30_and_90_survive_a_slip(cli: Cli) -> None:
    cli.init("--clean-date", "40 days ago")
    cli.log("use", "--at", "20 days ago")

    report = streaks(cli)["sobriety"]
    assert report["current_days"] == 19
    assert report["longest_days"] == 20
    assert report["sober_days_last_30"] == 29
    assert report["sober_days_last_90"] == 39
    assert report["sober_share"] == round(39 / 40, 4)


def test_money_saved_multiplies_sober_days_by_a_decimal_cost(cli: Cli) -> None:
    cli.init("--clean-date", "10 days ago")
    cli.ok("tracker", "edit", "sobriety", "--cost-per-day", "12.35", "--currency", "gbp")

    report = streaks(cli)["sobriety"]
    assert report["money_saved"] == 123.5
    assert report["currency"] == "GBP"
    assert "£123.50" in cli.ok("streak").stdout


def test_next_milestone_and_days_left(cli: Cli) -> None:
    cli.init("--clean-date", "5 days ago")

    report = streaks(cli)["sobriety"]
    assert report["last_milestone"] == {"name": "1 day", "date": days_ago(4)}
    assert report["next_milestone"] == {"name": "1 week", "date": days_ago(-2), "days_left": 2}
    assert report["milestone_today"] is None
    assert "1 week in 2 days" in cli.ok("streak").stdout


def test_reaching_a_milestone_today_is_celebrated(cli: Cli) -> None:
    cli.init("--clean-date", "7 days ago")

    assert streaks(cli)["sobriety"]["milestone_today"] == "1 week"
    assert "Today you reach 1 week" in cli.ok("streak").stdout


def test_meetings_last_90_counts_meetings_in_the_window_and_trends_sees_them(cli: Cli) -> None:
    cli.init("--clean-date", "100 days ago")
    cli.log("meeting", "--fellowship", "AA", "--at", "3 days ago")
    cli.log("meeting", "--at", "89 days ago")  # first day of the window
    cli.log("meeting", "--at", "90 days ago")  # just outside it

    assert streaks(cli)["sobriety"]["meetings_last_90"] == 2
    assert "2 in the last 90 days" in cli.ok("streak").stdout

    # Default trends by day: the last 14 days, today last, empty days kept.
    daily = trends_json(cli, "--by", "day")
    labels = [period["label"] for period in daily["periods"]]
    assert labels == [days_ago(n) for n in range(13, -1, -1)]
    assert [period["meetings"] for period in daily["periods"]] == [0] * 10 + [1, 0, 0, 0]
    assert daily["entries"] == 1
    assert daily["total_entries"] == 3


def test_streak_history_shows_every_attempt_with_its_note_as_typed(cli: Cli) -> None:
    cli.init("--clean-date", "10 days ago")
    tricky = "[bold]x[/bold] at the party [/]"
    cli.log("use", "--at", "6 days ago", "--note", tricky)
    cli.log("use", "--at", "2 days ago", "--note", "long week")

    result = cli.ok("streak", "--history")
    assert "Traceback" not in result.output
    lines = [line.split() for line in result.stdout.splitlines()]
    rows = [words for words in lines if words[:1] in (["1"], ["2"], ["3"])]
    assert rows == [
        ["1", days_ago(10), days_ago(7), "4", "use", "on", f"{days_ago(6)}:", *tricky.split()],
        ["2", days_ago(5), days_ago(3), "3", "use", "on", f"{days_ago(2)}:", "long", "week"],
        ["3", days_ago(1), "today", "1", "still", "going"],
    ]
    assert "Average of the last 3 streaks: 2.7 days" in result.stdout

    attempts = streaks(cli)["sobriety"]["attempts"]
    assert [attempt["note"] for attempt in attempts] == [tricky, "long week", None]


# -- trends ---------------------------------------------------------------------------------
#
# Three hand-made weeks of January 2026 (London is on UTC then, so hours are as typed):
#
#   W02  Mon 05 Jan  mood 4 (09:00), meeting (19:00), mood 6 (20:00): the day's mood is 5
#        Tue 06 Jan  craving 7 resisted 21:30 · trigger "Payday" · hungry, tired · "called sponsor"
#        Wed 07 Jan  craving 5 used 02:00 · trigger " PAYDAY " · lonely · "walk"
#        Thu 08 Jan  mood 8 (10:00), trigger entry "argument with boss" (intensity 6)
#        Fri 09 Jan  gratitude
#   W03  Mon 12 Jan  craving 3 resisted 07:00 · "Called Sponsor "
#        Tue 13 Jan  mood 7
#        Wed 14 Jan  use
#   W04  nothing

TREND_ENTRIES: list[tuple[str, ...]] = [
    ("mood", "4", "--at", "2026-01-05 09:00"),
    ("meeting", "--fellowship", "NA", "--at", "2026-01-05 19:00"),
    ("mood", "6", "--at", "2026-01-05 20:00"),
    ("craving", "7", "--trigger", "Payday", "--halt", "hungry", "--halt", "tired",
     "--coping", "called sponsor", "--outcome", "resisted", "--at", "2026-01-06 21:30"),
    ("craving", "5", "--trigger", " PAYDAY ", "--halt", "lonely", "--coping", "walk",
     "--outcome", "used", "--at", "2026-01-07 02:00"),
    ("mood", "8", "--at", "2026-01-08 10:00"),
    ("trigger", "argument with boss", "--intensity", "6", "--at", "2026-01-08 12:00"),
    ("gratitude", "a warm kitchen", "--at", "2026-01-09 18:00"),
    ("craving", "3", "--coping", "Called Sponsor ", "--outcome", "resisted",
     "--at", "2026-01-12 07:00"),
    ("mood", "7", "--at", "2026-01-13 12:00"),
    ("use", "--at", "2026-01-14 22:00"),
]  # fmt: skip
THREE_WEEKS = ("--since", "2026-01-05", "--until", "2026-01-25")
EMPTY_PERIOD = {
    "mood_avg": None,
    "mood_min": None,
    "mood_max": None,
    "moods": 0,
    "cravings": 0,
    "craving_avg_intensity": None,
    "resisted_share": None,
    "use_days": 0,
    "meetings": 0,
    "gratitude": 0,
}


@pytest.fixture(scope="module")
def january_journal(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A journal holding TREND_ENTRIES; tests only read it."""
    home: Path = tmp_path_factory.mktemp("trends")
    cli = Cli(home / "data" / "journal.db", clean_env(home))
    cli.init("--clean-date", "2025-12-01")
    for args in TREND_ENTRIES:
        cli.log(*args)
    return cli


@pytest.fixture(scope="module")
def weekly(january_journal: Cli) -> dict[str, Any]:
    return trends_json(january_journal, "--by", "week", *THREE_WEEKS)


def test_trends_json_gives_each_weeks_figures_and_keeps_the_empty_week(
    weekly: dict[str, Any],
) -> None:
    assert weekly["by"] == "week"
    assert (weekly["since"], weekly["until"]) == ("2026-01-05", "2026-01-25")
    assert weekly["entries"] == weekly["total_entries"] == len(TREND_ENTRIES)
    w02, w03, w04 = weekly["periods"]
    assert w02 == {
        "label": "2026-W02", "start": "2026-01-05", "end": "2026-01-11",
        "mood_avg": 6.5, "mood_min": 4, "mood_max": 8, "moods": 3,
        "cravings": 2, "craving_avg_intensity": 6.0, "resisted_share": 0.5,
        "use_days": 1, "meetings": 1, "gratitude": 1,
        "trend": dict.fromkeys(
            ("mood_avg", "cravings", "craving_avg_intensity", "resisted_share", "use_days",
             "meetings", "gratitude"), ""),
    }  # fmt: skip
    assert w03 == {
        "label": "2026-W03", "start": "2026-01-12", "end": "2026-01-18",
        "mood_avg": 7.0, "mood_min": 7, "mood_max": 7, "moods": 1,
        "cravings": 1, "craving_avg_intensity": 3.0, "resisted_share": 1.0,
        "use_days": 1, "meetings": 0, "gratitude": 0,
        "trend": {"mood_avg": "up", "cravings": "down", "craving_avg_intensity": "down",
                  "resisted_share": "up", "use_days": "flat", "meetings": "down",
                  "gratitude": "down"},
    }  # fmt: skip
    assert w04["label"] == "2026-W04"
    assert {key: w04[key] for key in EMPTY_PERIOD} == EMPTY_PERIOD


def test_trends_json_folds_trigger_names_and_counts_halt_and_heatmap(
    weekly: dict[str, Any],
) -> None:
    payday, boss = weekly["triggers"]
    # "Payday" and " PAYDAY " are one trigger, shown in one of the spellings typed.
    assert payday["name"] in ("Payday", "PAYDAY")
    assert {key: payday[key] for key in ("count", "avg_intensity", "resisted_share")} == {
        "count": 2,
        "avg_intensity": 6.0,
        "resisted_share": 0.5,
    }
    assert boss == {
        "name": "argument with boss",
        "count": 1,
        "avg_intensity": 6.0,
        "resisted_share": None,
    }
    assert weekly["halt"] == {"hungry": 1, "angry": 0, "lonely": 1, "tired": 1}
    busy = {
        (weekday, bucket): count
        for weekday, buckets in weekly["heatmap"].items()
        for bucket, count in buckets.items()
        if count
    }
    assert busy == {("tuesday", "evening"): 1, ("wednesday", "night"): 1, ("monday", "morning"): 1}
    assert len(weekly["heatmap"]) == 7
    assert all(len(buckets) == 4 for buckets in weekly["heatmap"].values())


def test_trends_json_ranks_coping_and_compares_mood_on_meeting_days(
    weekly: dict[str, Any],
) -> None:
    coping = weekly["coping"]
    assert [(c["times"], c["resisted"], c["resisted_share"]) for c in coping] == [
        (2, 2, 1.0),
        (1, 0, 0.0),
    ]
    assert coping[0]["strategy"].casefold() == "called sponsor"
    assert coping[1]["strategy"] == "walk"
    # Daily means: 5 Jan (meeting) 5.0; other days 8 Jan 8.0 and 13 Jan 7.0.
    assert weekly["mood_by_meeting"] == {
        "meeting_days_avg": 5.0,
        "meeting_days": 1,
        "other_days_avg": 7.5,
        "other_days": 2,
    }


def test_trends_by_day_lists_every_day_in_the_range_including_empty_ones(
    january_journal: Cli,
) -> None:
    daily = trends_json(
        january_journal, "--by", "day", "--since", "2026-01-08", "--until", "2026-01-12"
    )

    days = by_label(daily)
    assert list(days) == ["2026-01-08", "2026-01-09", "2026-01-10", "2026-01-11", "2026-01-12"]
    assert days["2026-01-08"]["mood_avg"] == 8.0
    assert days["2026-01-09"]["gratitude"] == 1
    for empty in ("2026-01-10", "2026-01-11"):
        assert {key: days[empty][key] for key in EMPTY_PERIOD} == EMPTY_PERIOD
    assert days["2026-01-12"]["cravings"] == 1
    assert daily["entries"] == 4
    assert [t["name"] for t in daily["triggers"]] == ["argument with boss"]


def test_trends_by_month_covers_whole_months_overlapping_the_range(january_journal: Cli) -> None:
    monthly = trends_json(
        january_journal, "--by", "month", "--since", "2026-01-20", "--until", "2026-02-03"
    )

    january, february = monthly["periods"]
    assert (january["label"], january["start"], january["end"]) == (
        "2026-01",
        "2026-01-01",
        "2026-01-31",
    )
    assert january["mood_avg"] == 6.667  # daily means 5, 8 and 7
    assert (january["mood_min"], january["mood_max"]) == (4, 8)
    assert january["cravings"] == 3
    assert january["craving_avg_intensity"] == 5.0
    assert january["resisted_share"] == 0.667
    assert (january["use_days"], january["meetings"], january["gratitude"]) == (2, 1, 1)
    assert (february["label"], february["end"]) == ("2026-02", "2026-02-28")
    assert {key: february[key] for key in EMPTY_PERIOD} == EMPTY_PERIOD
    assert february["trend"]["cravings"] == "down"


def test_trends_since_and_until_limit_every_table_to_the_range(january_journal: Cli) -> None:
    week = trends_json(january_journal, "--since", "2026-01-12", "--until", "2026-01-18")

    assert [period["label"] for period in week["periods"]] == ["2026-W03"]
    assert week["entries"] == 3
    assert week["total_entries"] == len(TREND_ENTRIES)
    assert week["triggers"] == []
    assert set(week["halt"].values()) == {0}
    assert sum(sum(buckets.values()) for buckets in week["heatmap"].values()) == 1
    assert [(c["times"], c["resisted"]) for c in week["coping"]] == [(1, 1)]
    assert week["mood_by_meeting"] == {
        "meeting_days_avg": None,
        "meeting_days": 0,
        "other_days_avg": 7.0,
        "other_days": 1,
    }


def test_trends_tables_show_periods_triggers_and_what_helps(january_journal: Cli) -> None:
    out = january_journal.ok("trends", *THREE_WEEKS).stdout

    assert "By week" in out
    rows: dict[str, list[str]] = {}
    for line in out.splitlines():  # the first table's rows ("Connection" repeats the periods)
        if "-W0" in line:
            rows.setdefault(line.split()[0], line.split())
    assert rows["2026-W02"][1] == "6.5"
    assert "4-8" in rows["2026-W02"]
    assert rows["2026-W04"] == ["2026-W04"]  # an empty week is shown, and shown empty
    assert "Most frequent triggers" in out
    payday_rows = [line.split() for line in out.splitlines() if "payday" in line.casefold()]
    assert len(payday_rows) == 1
    assert payday_rows[0][1:] == ["2", "6.0", "50%"]
    assert "When cravings hit" in out
    assert "What helps" in out
    assert "Mood on meeting days: 5.0 (1 day) · other days: 7.5 (2 days)" in out


def test_trends_default_is_the_last_12_weeks_even_when_they_are_empty(january_journal: Cli) -> None:
    report = trends_json(january_journal)

    year, week, _ = today().isocalendar()
    assert len(report["periods"]) == 12
    assert report["periods"][-1]["label"] == f"{year}-W{week:02d}"
    assert report["entries"] == 0
    assert report["total_entries"] == len(TREND_ENTRIES)
    table = january_journal.ok("trends").stdout
    assert "By week" in table
    assert "Nothing to show yet" not in table


def test_trends_on_a_journal_without_entries_is_a_friendly_message(initialized: Cli) -> None:
    result = initialized.ok("trends")

    assert "Nothing to show yet" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--by", "year"), "day, week or month"),
        (("--since", "2026-03-10", "--until", "2026-03-01"), "--since is after --until"),
        (("--since", "the day I stopped"), "Could not understand"),
        (("--by", "day", "--since", "2020-01-01", "--until", "2026-01-01"), "more than 1000"),
    ],
)
def test_bad_trends_options_are_one_line_errors(
    initialized: Cli, args: tuple[str, ...], fragment: str
) -> None:
    result = initialized("trends", *args)

    assert_clean_error(result, fragment)
    assert result.stdout == ""
