"""Logging commands, end to end: every option is stored and read back as JSON.

Each test logs through the real CLI (the app, run in this process) and reads the entry back
with `show --json` or `list --json`, whose field names are a public interface.
The clock zone is Europe/London (set by conftest): +00:00 in winter, +01:00 in summer.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from conftest import Cli

LONDON = ZoneInfo("Europe/London")
COMMON_FIELDS = {"id", "kind", "at", "note", "tags"}
KIND_FIELDS = {
    "mood": {"score", "feelings"},
    "craving": {
        "intensity",
        "substance",
        "triggers",
        "halt",
        "coping",
        "outcome",
        "tracker",
        "duration_minutes",
    },
    "trigger": {"description", "category", "intensity"},
    "meeting": {"fellowship", "name", "online", "minutes", "types", "home"},
    "gratitude": {"items"},
    "use": {"substance", "amount", "tracker", "quantity", "unit"},
    "note": {"text"},
    "pacs": {"items", "total", "substance"},
    "reflection": {"use_id", "activating", "beliefs", "consequences", "different"},
    "connection": {"person", "role", "how", "minutes", "helped"},
    "service": {"description", "category", "minutes"},
    "barc": {"items", "total"},
    "challenge": {"days", "ended"},
}


def show(cli: Cli, short_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = json.loads(cli.ok("show", short_id, "--json").stdout)
    assert entry["id"].startswith(short_id), entry
    assert set(entry) == COMMON_FIELDS | KIND_FIELDS[entry["kind"]], entry
    return entry


def listed(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    """Every entry from `list --json`, keyed by short id (first 7 characters)."""
    entries = json.loads(cli.ok("list", "--json", "--limit", "0", *args).stdout)
    for entry in entries:
        assert set(entry) == COMMON_FIELDS | KIND_FIELDS[entry["kind"]], entry
    return {entry["id"][:7]: entry for entry in entries}


def local(day: date, hour: int, minute: int = 0) -> str:
    return datetime.combine(day, time(hour, minute), LONDON).isoformat()


def london_today() -> date:
    return datetime.now(LONDON).date()


def assert_recent(at: str, before: datetime, after: datetime) -> None:
    """`at` (ISO with offset) lies between two clock readings, to the second."""
    moment = datetime.fromisoformat(at)
    assert moment.utcoffset() == datetime.now(LONDON).utcoffset(), at
    assert before.replace(microsecond=0) <= moment <= after, (before, at, after)


def test_mood_stores_score_feelings_time_note_and_tags(fresh: Cli) -> None:
    cli = fresh
    full = cli.log(
        "mood",
        "7",
        "--feeling",
        "hopeful",
        "--feeling",
        "Restless",
        "--at",
        "2026-03-01 21:30",
        "--note",
        "Fed the neighbour's invented cat, Bramblewick",
        "--tag",
        "Evening",
        "--tag",
        "#walk",
        "--tag",
        "evening",
    )
    before = datetime.now(LONDON)
    bare = cli.log("mood", "1")
    after = datetime.now(LONDON)
    printed = cli.ok("mood", "10").stdout.split()
    assert printed[:2] == ["Saved", "mood"]
    top = printed[2]
    assert len(top) == 7
    assert top.isalnum()
    assert top == top.lower()

    entries = listed(cli)
    assert entries[top]["score"] == 10
    assert entries[full] == {
        "id": entries[full]["id"],
        "kind": "mood",
        "at": "2026-03-01T21:30:00+00:00",
        "note": "Fed the neighbour's invented cat, Bramblewick",
        "tags": ["evening", "walk"],
        "score": 7,
        "feelings": ["hopeful", "Restless"],
    }
    assert len(entries[full]["id"]) == 13
    plain = entries[bare]
    assert (plain["score"], plain["feelings"], plain["note"], plain["tags"]) == (1, [], None, [])
    assert_recent(plain["at"], before, after)


def test_craving_stores_every_option(fresh: Cli) -> None:
    cli = fresh
    full = cli.log(
        "craving",
        "8",
        "--substance",
        "Glimmerwine",
        "--trigger",
        "payday",
        "--trigger",
        "Passing the old corner shop",
        "--halt",
        "hungry",
        "--halt",
        "Lonely",
        "--halt",
        "tired",
        "--coping",
        "Rang my sponsor and walked it off",
        "--outcome",
        "used",
        "--tracker",
        "sobriety",
        "--at",
        "2026-07-15 21:30",
        "--note",
        "It passed after twenty minutes",
        "--tag",
        "night",
    )
    bare = cli.log("craving", "0")
    angry = cli.log("craving", "10", "--halt", "ANGRY", "--outcome", "Resisted")

    entries = listed(cli)
    assert (entries[angry]["intensity"], entries[angry]["halt"]) == (10, ["angry"])
    assert entries[angry]["outcome"] == "resisted"
    assert entries[full] == {
        "id": entries[full]["id"],
        "kind": "craving",
        "at": "2026-07-15T21:30:00+01:00",
        "note": "It passed after twenty minutes",
        "tags": ["night"],
        "intensity": 8,
        "substance": "Glimmerwine",
        "triggers": ["payday", "Passing the old corner shop"],
        "halt": ["hungry", "lonely", "tired"],
        "coping": "Rang my sponsor and walked it off",
        "outcome": "used",
        "tracker": entries[full]["tracker"],
        "duration_minutes": None,
    }
    # acted on, it is recorded against the tracker chosen
    assert isinstance(entries[full]["tracker"], str)
    assert len(entries[full]["tracker"]) == 13
    assert entries[bare]["tracker"] is None  # not acted on: counts against nothing
    plain = entries[bare]
    assert plain["intensity"] == 0
    assert plain["outcome"] is None  # not given: never assumed
    assert (plain["substance"], plain["coping"]) == (None, None)
    assert (plain["triggers"], plain["halt"]) == ([], [])


def test_trigger_stores_description_category_and_intensity(fresh: Cli) -> None:
    cli = fresh
    full = cli.log(
        "trigger",
        "A loud quarrel in the flat downstairs",
        "--category",
        "Situations",
        "--intensity",
        "6",
        "--at",
        "2026-02-14 08:05",
        "--note",
        "Put headphones on",
        "--tag",
        "home",
    )
    bare = cli.log("trigger", "The smell of the old pub")

    entries = listed(cli)
    assert entries[full] == {
        "id": entries[full]["id"],
        "kind": "trigger",
        "at": "2026-02-14T08:05:00+00:00",
        "note": "Put headphones on",
        "tags": ["home"],
        "description": "A loud quarrel in the flat downstairs",
        "category": "situations",
        "intensity": 6,
    }
    plain = entries[bare]
    assert plain["description"] == "The smell of the old pub"
    assert (plain["category"], plain["intensity"]) == (None, None)


def test_trigger_categories_are_all_accepted(fresh: Cli) -> None:
    cli = fresh
    for category in ("places", "things", "feelings"):  # people, situations: the tests around
        cli.log("trigger", f"something about {category}", "--category", category)
    stored = {e["category"] for e in listed(cli, "--kind", "trigger").values()}
    assert stored == {"places", "things", "feelings"}


def test_trigger_description_is_read_from_piped_stdin_when_left_out(fresh: Cli) -> None:
    cli = fresh
    short = cli.log(
        "trigger", "--category", "people", stdin="An old friend texted out of the blue\n"
    )
    entry = show(cli, short)
    assert entry["description"] == "An old friend texted out of the blue"
    assert entry["category"] == "people"


def test_meeting_stores_fellowship_name_place_and_minutes(fresh: Cli) -> None:
    cli = fresh
    online = cli.log(
        "meeting",
        "--fellowship",
        "NA",
        "--name",
        "Tuesday Lanterns Group",
        "--online",
        "--minutes",
        "60",
        "--at",
        "2026-03-03 19:00",
        "--note",
        "Shared for the first time",
        "--tag",
        "milestone",
    )
    in_person = cli.log("meeting", "--fellowship", "Refuge Recovery", "--in-person")
    bare = cli.log("meeting")

    entries = listed(cli)
    assert entries[online] == {
        "id": entries[online]["id"],
        "kind": "meeting",
        "at": "2026-03-03T19:00:00+00:00",
        "note": "Shared for the first time",
        "tags": ["milestone"],
        "fellowship": "NA",
        "name": "Tuesday Lanterns Group",
        "online": True,
        "minutes": 60,
        "types": [],
        "home": False,
    }
    assert entries[in_person]["fellowship"] == "Refuge Recovery"
    assert entries[in_person]["online"] is False
    plain = entries[bare]
    assert [plain[f] for f in ("fellowship", "name", "online", "minutes")] == [None] * 4


def test_gratitude_stores_each_argument_as_an_item(fresh: Cli) -> None:
    cli = fresh
    first_day = london_today()
    short = cli.log(
        "gratitude",
        "Warm porridge",
        "A kind bus driver",
        "Three weeks clean",
        "--at",
        "yesterday 9pm",
        "--note",
        "Good day overall",
        "--tag",
        "daily",
    )
    entry = show(cli, short)
    assert entry["items"] == ["Warm porridge", "A kind bus driver", "Three weeks clean"]
    assert (entry["note"], entry["tags"]) == ("Good day overall", ["daily"])
    yesterdays = {day - timedelta(days=1) for day in (first_day, london_today())}
    assert entry["at"] in {local(day, 21) for day in yesterdays}


def test_gratitude_items_are_read_line_by_line_from_piped_stdin(fresh: Cli) -> None:
    cli = fresh
    short = cli.log("gratitude", stdin="Sunlight on the kettle\n\n  My sister's call  \n")
    assert show(cli, short)["items"] == ["Sunlight on the kettle", "My sister's call"]


def test_use_stores_substance_and_amount(fresh: Cli) -> None:
    cli = fresh
    full = cli.log(
        "use",
        "--substance",
        "Glimmerwine",
        "--tracker",
        "sobriety",
        "--amount",
        "two glasses",
        "--at",
        "2026-04-02 23:15",
        "--note",
        "Starting again tomorrow",
        "--tag",
        "relapse",
    )
    bare = cli.log("use")

    entries = listed(cli)
    assert entries[full] == {
        "id": entries[full]["id"],
        "kind": "use",
        "at": "2026-04-02T23:15:00+01:00",
        "note": "Starting again tomorrow",
        "tags": ["relapse"],
        "substance": "Glimmerwine",
        "amount": "two glasses",
        "tracker": entries[full]["tracker"],
        "quantity": None,
        "unit": None,
    }
    assert (entries[bare]["substance"], entries[bare]["amount"]) == (None, None)
    # recorded against the tracker chosen; with one tracker and no substance, that one
    assert len(entries[full]["tracker"]) == 13
    assert entries[bare]["tracker"] == entries[full]["tracker"]


def test_note_stores_text_given_as_an_argument(fresh: Cli) -> None:
    cli = fresh
    short = cli.log(
        "note",
        "Walked the long way home by the canal",
        "--at",
        "2026-01-20 07:45",
        "--note",
        "an aside",
        "--tag",
        "walk",
        "--tag",
        "Morning",
    )
    entry = show(cli, short)
    assert entry == {
        "id": entry["id"],
        "kind": "note",
        "at": "2026-01-20T07:45:00+00:00",
        "note": "an aside",
        "tags": ["walk", "morning"],
        "text": "Walked the long way home by the canal",
    }


def test_note_text_is_read_from_piped_stdin_when_left_out(fresh: Cli) -> None:
    cli = fresh
    body = "First line of a long evening note.\nSecond line: still here.\n"
    short = cli.log("note", "--tag", "evening", stdin=body)
    entry = show(cli, short)
    assert entry["text"] == body.strip()
    assert entry["tags"] == ["evening"]


def test_iso_times_are_stored_with_the_local_offset_of_that_date(fresh: Cli) -> None:
    cli = fresh
    winter = cli.log("note", "winter", "--at", "2026-03-01 21:30")
    summer = cli.log("note", "summer", "--at", "2025-08-10 06:05")
    day_only = cli.log("note", "day only", "--at", "2025-12-24")
    entries = listed(cli)
    assert entries[winter]["at"] == "2026-03-01T21:30:00+00:00"
    assert entries[summer]["at"] == "2025-08-10T06:05:00+01:00"
    day_at = datetime.fromisoformat(entries[day_only]["at"])
    assert day_at.date() == date(2025, 12, 24)
    assert day_at.utcoffset() == timedelta(0)


def test_everyday_date_phrases_are_understood_in_local_time(fresh: Cli) -> None:
    cli = fresh
    first_day = london_today()
    yesterday = cli.log("note", "yesterday evening", "--at", "yesterday 9pm")
    days_ago = cli.log("note", "three days back", "--at", "3 days ago")
    friday = cli.log("note", "last friday", "--at", "last friday")
    today = cli.log("note", "today", "--at", "today")
    entries = listed(cli)
    last_day = london_today()

    def expected_days(back: int) -> set[date]:
        return {first_day - timedelta(days=back), last_day - timedelta(days=back)}

    assert entries[yesterday]["at"] in {local(day, 21) for day in expected_days(1)}

    def check(short: str, days: set[date]) -> None:
        moment = datetime.fromisoformat(entries[short]["at"])
        assert moment.date() in days, entries[short]
        # The offset is the one London had on that date (summer time or not).
        assert moment.utcoffset() == moment.replace(tzinfo=LONDON).utcoffset(), entries[short]

    check(days_ago, expected_days(3))
    check(today, {first_day, last_day})

    def last_friday(day: date) -> date:
        back = (day.weekday() - 4) % 7 or 7
        return day - timedelta(days=back)

    check(friday, {last_friday(first_day), last_friday(last_day)})
    assert datetime.fromisoformat(entries[friday]["at"]).weekday() == 4


def test_default_time_is_now_with_the_current_offset(fresh: Cli) -> None:
    cli = fresh
    before = datetime.now(LONDON)
    short = cli.log("use", "--amount", "a little")
    after = datetime.now(LONDON)
    assert_recent(show(cli, short)["at"], before, after)
