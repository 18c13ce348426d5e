"""`rj checkin` at a real terminal (pexpect): one question at a time, bad answers asked
again, nothing saved until the end and nothing at all after Ctrl-C; an explicit "no use"
reaches the Timeline Followback as a recorded zero. `rj sober` records one directly."""

from __future__ import annotations

import json
import re
import sys
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pexpect
import pytest

from conftest import PASSPHRASE, Cli, finish, spawn
from recovery_journal.analytics.tlfb import tlfb, to_csv
from recovery_journal.domain.entries import Entry, Sober, Use
from recovery_journal.domain.trackers import Tracker

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

LONDON = ZoneInfo("Europe/London")  # conftest's TZ
Step = tuple[str, str]  # (what the terminal shows, as a regex; what the person types)


def today() -> date:
    return datetime.now(LONDON).date()


@pytest.fixture
def month(cli: Cli) -> Cli:
    """One tracker, alcohol, clean for 30 days: today is the 30-day milestone."""
    cli.init("--tracker", "alcohol", "--clean-date", "30 days ago")
    return cli


def talk(cli: Cli, steps: list[Step], *args: str) -> pexpect.spawn[str]:
    """Start `rj checkin ARGS` at a terminal, give the passphrase, then answer `steps`."""
    child = spawn(cli, "checkin", *args)
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    for shown, typed in steps:
        child.expect(shown)
        child.sendline(typed)
    return child


def skip_until(child: pexpect.spawn[str], shown: str) -> None:
    """Press Enter at each question (skipping it) until `shown` appears."""
    for _ in range(20):
        if child.expect([r"\]: ", shown]) == 1:
            return
        child.sendline("")
    raise AssertionError(f"{shown!r} never came")


def plain(output: str) -> str:
    """What the terminal showed, without its colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", output)


def entries(cli: Cli) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(cli.ok("list", "--json", "--limit", "0").stdout)
    return found


def by_kind(cli: Cli) -> dict[str, dict[str, Any]]:
    return {entry["kind"]: entry for entry in entries(cli)}


def tracker_id(cli: Cli, name: str) -> str:
    document = json.loads(cli.ok("export", "data").stdout)
    found: str = next(t["id"] for t in document["trackers"] if t["name"] == name)
    return found


MOOD: list[Step] = [
    (r"Mood, 1 \(worst\) to 10 \(best\) \[skip\]: ", "7"),
    (r"Feelings, separated by commas \[skip\]: ", "hopeful, tired"),
]
CRAVING: list[Step] = [
    (r"Any cravings since your last check-in\? \[y/N\]: ", "y"),
    (r"Craving 1: how strong, 0 to 10 \[skip\]: ", "6"),
    (r"When\? \(e\.g\. 3pm, this morning\) \[\d\d:\d\d\]: ", ""),
    (r"What for\? \[alcohol\]: ", ""),
    (r"What set it off\? \(commas\) \[skip\]: ", "payday"),
    (r"Hungry, angry, lonely or tired\? \(commas\) \[skip\]: ", "tired"),
    (r"What did you do to get through it\? \[skip\]: ", "called my sponsor"),
    (r"Resisted or used\? \[skip\]: ", "r"),
    (r"Another craving\? \[y/N\]: ", "n"),
]
NO_USE: list[Step] = [(r"Did you use alcohol today\? \[y/n, Enter to skip\]: ", "n")]
REST: list[Step] = [
    (r"Triggers you met today, separated by commas \[skip\]: ", "payday, the old pub"),
    (r"Did you go to a meeting today\? \[y/N\]: ", "y"),
    (r"Fellowship \(AA, NA, SMART, ...\) \[skip\]: ", "SMART"),
    (r"The meeting's name \[skip\]: ", "Thursday online"),
    (r"Online\? \[y/n, Enter to skip\]: ", "y"),
    (r"How many minutes \[skip\]: ", "90"),
    (r"Type codes, e.g. O, SP, D \(commas\) \[skip\]: ", "sp, d"),
    (r"Did you reach out to anyone today \(a call, a text, a visit\)\? \[y/N\]: ", "y"),
    (r"Who\? \[skip\]: ", "Maya"),
    (r"Who are they to you\? \(sponsor, mentor, .*\) \[skip\]: ", "family"),
    (r"How\? \(call, text, in-person, video, online\) \[skip\]: ", "c"),
    (r"Did it help\? \[y/n, Enter to skip\]: ", "y"),
    (r"Anyone else\? \[y/N\]: ", "n"),
    (r"Any service or giving back today\? \[y/N\]: ", "y"),
    (r"What did you do\? \[skip\]: ", "made the tea"),
    (r"What kind\? \(meeting-service, .*\) \[other\]: ", "m"),
    (r"How many minutes \[skip\]: ", ""),
    (r"Up to 3 things you are grateful for \(Enter when done\):", ""),
    (r"1\. \[done\]: ", "my sister calling"),
    (r"2\. \[done\]: ", "a long walk by the river"),
    (r"3\. \[done\]: ", "the dog"),
    (r"A note for today \[skip\]: ", "First full week back at work."),
]


def test_a_full_check_in_saves_everything_at_once_and_shows_the_streak(month: Cli) -> None:
    steps = [*MOOD, *CRAVING, *NO_USE, *REST]
    steps.remove((r"Up to 3 things you are grateful for \(Enter when done\):", ""))
    child = talk(month, steps)
    child.expect("About to save:")
    child.expect(r"Save these 10 entries\? \[Y/n\]: ")
    summary = child.before or ""
    assert "no use · alcohol" in summary
    assert "6/10 resisted · alcohol · HALT: tired · payday" in summary
    assert entries(month) == []  # nothing is written before the answer
    child.sendline("")
    rest, status = finish(child)
    rest = plain(rest)
    assert status == 0, rest
    assert re.search(r"Saved 10 entries: mood \w{7}, craving \w{7}, sober \w{7}, trigger", rest)
    assert "alcohol: 30 days clean, since" in rest
    assert "Today you reach 30 days. Well done" in rest

    saved = entries(month)
    assert sorted(e["kind"] for e in saved) == sorted(
        [
            *("mood", "craving", "sober", "trigger", "trigger", "meeting"),
            *("connection", "service", "gratitude", "note"),
        ]
    )
    kinds = by_kind(month)
    assert (kinds["mood"]["score"], kinds["mood"]["feelings"]) == (7, ["hopeful", "tired"])
    craving = kinds["craving"]
    assert (craving["intensity"], craving["substance"], craving["outcome"]) == (
        6,
        "alcohol",
        "resisted",
    )
    assert (craving["triggers"], craving["halt"], craving["coping"]) == (
        ["payday"],
        ["tired"],
        "called my sponsor",
    )
    assert kinds["sober"]["tracker"] == tracker_id(month, "alcohol")
    assert kinds["meeting"]["fellowship"] == "SMART"
    assert (kinds["meeting"]["online"], kinds["meeting"]["minutes"]) == (True, 90)
    assert kinds["meeting"]["types"] == ["SP", "D"]
    connection = kinds["connection"]
    assert [connection[k] for k in ("person", "role", "how", "helped")] == [
        "Maya",
        "family",
        "call",
        True,
    ]
    assert (kinds["service"]["description"], kinds["service"]["category"]) == (
        "made the tea",
        "meeting-service",
    )
    assert kinds["gratitude"]["items"] == [
        "my sister calling",
        "a long walk by the river",
        "the dog",
    ]
    assert kinds["note"]["text"] == "First full week back at work."
    assert sorted(e["description"] for e in saved if e["kind"] == "trigger") == [
        "payday",
        "the old pub",
    ]
    assert len({e["at"] for e in saved}) == 1  # one moment for the whole check-in
    assert json.loads(month.ok("streak", "--json").stdout)[0]["current_days"] == 30


def test_a_craving_acted_on_for_something_new_can_start_its_tracker(month: Cli) -> None:
    """As with `rj use`: one of the trackers, no tracker, or a new one for it, saved with
    the entries, in the same transaction, only once the person says yes."""
    steps: list[Step] = [
        *MOOD,
        (r"Any cravings since your last check-in\? \[y/N\]: ", "y"),
        (r"Craving 1: how strong, 0 to 10 \[skip\]: ", "8"),
        (r"When\? \(e\.g\. 3pm, this morning\) \[\d\d:\d\d\]: ", ""),
        (r"What for\? \[alcohol\]: ", "nicotine"),
        (r"What set it off\? \(commas\) \[skip\]: ", ""),
        (r"Hungry, angry, lonely or tired\? \(commas\) \[skip\]: ", ""),
        (r"What did you do to get through it\? \[skip\]: ", ""),
        (r"Resisted or used\? \[skip\]: ", "used"),
        (r"3  add a tracker for nicotine", ""),
        (r"Choose 1-3: ", "3"),
        (r"Another craving\? \[y/N\]: ", "n"),
        *NO_USE,
    ]
    child = talk(month, steps)
    skip_until(child, "and a new tracker: nicotine")  # the rest of the questions
    assert entries(month) == []  # nothing, not even the tracker, before the answer
    child.expect(r"Save these 3 entries\? \[Y/n\]: ")
    child.sendline("")
    child.expect(r"Would you like to write a short reflection on it now\? \[y/N\]: ")
    child.sendline("")
    rest, status = finish(child)
    assert status == 0, rest
    craving = by_kind(month)["craving"]
    assert craving["tracker"] == tracker_id(month, "nicotine")
    assert "nicotine" in month.ok("tracker", "list").stdout


def test_a_craving_in_a_check_in_keeps_its_own_time_of_day(month: Cli) -> None:
    """'3pm' in a check-in for two days ago is 3pm that day: cravings are not all put at
    the check-in's evening, which would skew "when cravings hit"."""
    day = today() - timedelta(days=2)
    steps: list[Step] = [
        *MOOD,
        (r"Any cravings since your last check-in\? \[y/N\]: ", "y"),
        (r"Craving 1: how strong, 0 to 10 \[skip\]: ", "5"),
        (r"When\? \(e\.g\. 3pm, this morning\) \[21:00\]: ", "3pm"),
        (r"What for\? \[alcohol\]: ", ""),
        (r"What set it off\? \(commas\) \[skip\]: ", ""),
        (r"Hungry, angry, lonely or tired\? \(commas\) \[skip\]: ", ""),
        (r"What did you do to get through it\? \[skip\]: ", ""),
        (r"Resisted or used\? \[skip\]: ", "r"),
        (r"Another craving\? \[y/N\]: ", "n"),
    ]
    child = talk(month, steps, "--at", "2 days ago 21:00")
    skip_until(child, r"Save these 2 entries\? \[Y/n\]: ")
    child.sendline("")
    rest, status = finish(child)
    assert status == 0, rest
    kinds = by_kind(month)
    assert kinds["craving"]["at"].startswith(f"{day.isoformat()}T15:00:00")
    assert kinds["mood"]["at"].startswith(f"{day.isoformat()}T21:00:00")


def test_a_bad_answer_is_asked_again_with_the_reason(month: Cli) -> None:
    child = spawn(month, "checkin")
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect(r"Mood, 1 \(worst\) to 10 \(best\) \[skip\]: ")
    child.sendline("12")
    child.expect(r"Mood must be from 1 to 10, not 12\. Please try again, or press Enter to skip\.")
    child.expect(r"Mood, 1 \(worst\) to 10 \(best\) \[skip\]: ")
    child.sendline("seven")
    child.expect("Mood is a whole number from 1 to 10.")
    child.sendline("7")
    child.expect(r"Feelings.*: ")
    child.sendline("")
    child.expect(r"cravings.*\[y/N\]: ")
    child.sendline("maybe")
    child.expect("Please answer y or n.")
    child.sendline("y")
    child.expect(r"how strong, 0 to 10 \[skip\]: ")
    child.sendline("8")
    child.expect(r"When\? .*\]: ")
    child.sendline("tomorrow")
    child.expect("'tomorrow' is after this check-in")
    child.sendline("")
    for answer in ("", "", "sleepy"):
        child.expect(r"\[(alcohol|skip)\]: ")
        child.sendline(answer)
    child.expect("HALT must be one of hungry, angry, lonely, tired, not 'sleepy'.")
    child.sendline("lonely, Tired")
    child.expect(r"get through it\? \[skip\]: ")
    child.sendline("")
    child.expect(r"Resisted or used\? \[skip\]: ")
    child.sendline("perhaps")
    child.expect("Outcome must be one of resisted, used")
    child.sendline("r")
    for shown in (r"Another craving\? \[y/N\]: ", r"Did you use alcohol today\? .*: "):
        child.expect(shown)
        child.sendline("n")
    for _ in ("triggers", "meeting", "reach out", "service", "gratitude", "note"):
        child.expect(r"\[(skip|y/N|done)\]: ")
        child.sendline("")
    child.expect(r"Save these 3 entries\? \[Y/n\]: ")
    child.sendline("y")
    rest, status = finish(child)
    assert status == 0, rest
    kinds = by_kind(month)
    assert kinds["mood"]["score"] == 7
    assert (kinds["craving"]["intensity"], kinds["craving"]["halt"]) == (8, ["lonely", "tired"])
    assert kinds["craving"]["outcome"] == "resisted"


def verify_counts(cli: Cli) -> str:
    """`rj verify`'s table: counts per kind."""
    return cli.ok("verify").stdout


@pytest.mark.parametrize(("stop", "status"), [("ctrl-c", 130), ("ctrl-d", 1)])
def test_stopping_half_way_saves_nothing(month: Cli, stop: str, status: int) -> None:
    month.log("mood", "5")
    before = verify_counts(month)
    child = talk(month, [*MOOD, *CRAVING, *NO_USE])
    child.expect(r"Triggers you met today.*: ")
    if stop == "ctrl-c":
        child.sendintr()
    else:
        child.sendeof()
    rest, code = finish(child)
    assert code == status
    assert "Cancelled; nothing was saved." in rest
    assert verify_counts(month) == before
    assert [e["kind"] for e in entries(month)] == ["mood"]


@pytest.mark.parametrize(
    ("said", "quantity", "unit"),
    [("three pints", None, None), ("3 standard drinks", 3.0, "standard-drinks")],
)
def test_a_backdated_check_in_fills_in_a_missed_day(
    month: Cli, said: str, quantity: float | None, unit: str | None
) -> None:
    day = today() - timedelta(days=2)
    weekday = f"{day:%A %d %B}"
    child = spawn(month, "checkin", "--at", "2 days ago 21:00")
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect(f"Check-in for {day:%A %d %B %Y}.")
    child.expect(r"Mood.*\[skip\]: ")
    child.sendline("4")
    child.expect(r"Feelings.*: ")
    child.sendline("")
    child.expect(r"cravings.*: ")
    child.sendline("")
    child.expect(f"Did you use alcohol on {weekday}\\? \\[y/n, Enter to skip\\]: ")
    child.sendline("y")
    child.expect(r"How much\? A number and unit, or your own words \[skip\]: ")
    child.sendline(said)
    asked = (f"met on {weekday}", f"meeting on {weekday}", f"anyone on {weekday}")
    for shown in (*asked, f"giving back on {weekday}", "grateful", f"note for {weekday}"):
        child.expect(shown)
        child.expect(r"\]: ")
        child.sendline("")
    child.expect(r"Save these 2 entries\? \[Y/n\]: ")
    child.sendline("")
    # A use in the check-in brings the support block and the offer of a reflection.
    child.expect(r"Would you like to write a short reflection on it now\? \[y/N\]: ")
    saved = child.before or ""
    child.sendline("")
    rest, status = finish(child)
    assert status == 0, rest
    assert "alcohol: 1 day clean, since" in plain(saved)
    kinds = by_kind(month)
    assert kinds["mood"]["at"].startswith(f"{day.isoformat()}T21:00:00")
    use = kinds["use"]
    assert (use["amount"], use["substance"]) == (said, "alcohol")
    assert (use["quantity"], use["unit"]) == (quantity, unit)  # the TLFB counts a number
    assert use["tracker"] == tracker_id(month, "alcohol")
    assert use["at"].startswith(day.isoformat())


def test_an_explicit_no_is_a_recorded_zero_in_the_tlfb_export(month: Cli) -> None:
    no_use = [(r"Did you use alcohol on .*\? \[y/n, Enter to skip\]: ", "n")]
    steps = [(r"Mood.*\[skip\]: ", ""), (r"cravings.*: ", ""), *no_use]
    child = talk(month, steps, "--at", "yesterday 21:00")
    for _ in ("triggers", "meeting", "reach out", "service", "gratitude", "note"):
        child.expect(r"\[(skip|y/N|done)\]: ")
        child.sendline("")
    child.expect(r"Save this entry\? \[Y/n\]: ")
    child.sendline("")
    rest, status = finish(child)
    assert status == 0, rest
    rows = month.ok("export", "tlfb", "--since", "3 days ago").stdout.splitlines()
    assert rows[0] == "date,tracker,used,quantity,unit,amount"
    day = today() - timedelta(days=1)
    before = day - timedelta(days=1)
    assert f"{day.isoformat()},alcohol,0,,," in rows  # answered "no": a real zero
    assert f"{before.isoformat()},alcohol,,,," in rows  # nobody answered: no data
    assert rows[-1].startswith(day.isoformat())  # today is not over: never counted


def test_a_use_already_recorded_today_is_not_asked_about(month: Cli) -> None:
    month.log("use", "--amount", "a glass")
    child = talk(month, [(r"Mood.*\[skip\]: ", ""), (r"cravings.*: ", "")])
    child.expect("alcohol: a use is already recorded for today.")
    for _ in ("triggers", "meeting", "reach out", "service", "gratitude", "note"):
        child.expect(r"\[(skip|y/N|done)\]: ")
        child.sendline("")
    rest, status = finish(child)
    assert status == 0, rest
    assert "Nothing to save; nothing was saved." in rest
    assert "Did you use" not in rest


def test_saying_no_at_the_end_saves_nothing(month: Cli) -> None:
    child = talk(month, [*MOOD, (r"cravings.*: ", ""), *NO_USE])
    for _ in ("triggers", "meeting", "reach out", "service", "gratitude", "note"):
        child.expect(r"\[(skip|y/N|done)\]: ")
        child.sendline("")
    child.expect(r"Save these 2 entries\? \[Y/n\]: ")
    child.sendline("n")
    rest, status = finish(child)
    assert status == 0, rest
    assert "Nothing was saved." in rest
    assert entries(month) == []


def test_off_a_terminal_the_check_in_refuses_with_a_hint(month: Cli) -> None:
    result = month("checkin")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The check-in asks its questions at a terminal.")
    assert "rj mood, rj craving, rj use, rj sober" in result.stderr
    assert entries(month) == []


# -- rj sober, and the TLFB rule itself ---------------------------------------------------


def test_sober_records_an_explicit_no_for_the_tracker(cli: Cli) -> None:
    cli.init("--tracker", "alcohol", "--clean-date", "10 days ago")
    cli.log("sober", "--at", "yesterday")
    cli.ok("tracker", "add", "nicotine", "--clean-date", "10 days ago")
    refused = cli("sober")
    assert refused.exit_code == 1
    assert "say which with --tracker NAME" in refused.stderr
    cli.log("sober", "--tracker", "Nicotine")
    cli.log("sober", "--tracker", "alcohol", passphrase=None)  # locked: joins at the unlock
    sober = [e for e in entries(cli) if e["kind"] == "sober"]
    assert sorted(e["substance"] for e in sober) == ["alcohol", "alcohol", "nicotine"]
    assert all(len(e["tracker"]) == 13 for e in sober)
    assert json.loads(cli.ok("streak", "--json").stdout)[0]["current_days"] == 10


def test_tlfb_marks_days_with_an_answer_as_recorded() -> None:
    alcohol = Tracker(id="t-a", name="alcohol", clean_date=date(2026, 3, 1))
    at = datetime(2026, 3, 2, 21, tzinfo=LONDON)
    found: list[Entry] = [
        Sober(id="s", at=at, substance="alcohol", tracker="t-a"),
        Sober(id="other", at=at + timedelta(days=1), substance="nicotine", tracker="t-n"),
        Use(id="u", at=at + timedelta(days=2), amount="a pint", tracker="t-a"),
    ]
    table = tlfb(found, [alcohol], since=date(2026, 3, 1), until=date(2026, 3, 4))
    assert [(r.day.day, r.used) for r in table.rows] == [
        (1, None),  # nothing logged: no data
        (2, False),  # answered "no": a real zero
        (3, None),  # another tracker's answer says nothing about this one
        (4, True),
    ]
    assert to_csv(table).splitlines()[1:3] == ["2026-03-01,alcohol,,,,", "2026-03-02,alcohol,0,,,"]
    figures = table.figures[0]
    assert (figures.use_days, figures.days_with_data, figures.no_data_days) == (1, 2, 2)
    assert figures.percent_abstinent == 50.0


def test_a_craving_time_is_read_as_of_the_check_in_and_never_after_it() -> None:
    from recovery_journal.cli.checkin_questions import moment_by
    from recovery_journal.errors import InvalidInput

    zone = ZoneInfo("Europe/London")
    half_past_midnight = datetime(2026, 11, 30, 0, 30, tzinfo=zone)
    read = moment_by(half_past_midnight)
    assert read("yesterday 9pm") == datetime(2026, 11, 29, 21, 0, tzinfo=zone)
    assert read("00:10") == datetime(2026, 11, 30, 0, 10, tzinfo=zone)
    for later in ("9pm", "tomorrow", "this morning"):
        with pytest.raises(InvalidInput, match=r"is after this check-in \(00:30\)"):
            read(later)
