"""Connection and community kinds: `rj connect`, `rj service`, meeting type codes and the
home group, and `rj barc` (logging, one-line errors, JSON fields, edit, search)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import PASSPHRASE, Cli, finish, spawn
from recovery_journal.domain.community import MEETING_TYPES, Barc, Connection, meeting_type
from recovery_journal.domain.entries import Meeting
from recovery_journal.errors import InvalidInput

BARC = ("5", "4", "4", "3", "5", "4", "3", "6", "4", "5")  # 43


def entry(cli: Cli, short_id: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(cli.ok("show", short_id, "--json").stdout)
    return shown


def fields(cli: Cli, short_id: str) -> dict[str, Any]:
    """The kind's own fields of one entry (without id, at, note, tags)."""
    shown = entry(cli, short_id)
    return {k: v for k, v in shown.items() if k not in ("id", "kind", "at", "note", "tags")}


# -- connect ------------------------------------------------------------------------------


def test_connect_stores_person_role_how_minutes_and_helped(fresh: Cli) -> None:
    short = fresh.log(
        "connect", "Sam", "--role", "sponsor", "--how", "call", "--minutes", "20", "--helped"
    )
    assert entry(fresh, short)["kind"] == "connection"
    assert fields(fresh, short) == {
        "person": "Sam",
        "role": "sponsor",
        "how": "call",
        "minutes": 20,
        "helped": True,
    }


def test_connect_with_nothing_else_is_still_reaching_out(fresh: Cli) -> None:
    short = fresh.log("connect")
    assert fields(fresh, short) == dict.fromkeys(("person", "role", "how", "minutes", "helped"))


def test_someone_from_people_brings_their_role_and_their_name_as_stored(fresh: Cli) -> None:
    fresh.ok("people", "add", "Sam Rivers", "--role", "sponsor", "--phone", "07700 900123")
    fresh.ok("people", "add", "Samaritans", "--role", "crisis-line", "--phone", "116 123")
    short = fresh.log("connect", "sam  rivers", "--how", "text", "--no-help")
    assert fields(fresh, short) == {
        "person": "Sam Rivers",
        "role": "sponsor",
        "how": "text",
        "minutes": None,
        "helped": False,
    }
    # A role given on the command line wins; a crisis line is "other" among connections.
    assert fields(fresh, fresh.log("connect", "Sam Rivers", "--role", "friend"))["role"] == "friend"
    assert fields(fresh, fresh.log("connect", "Samaritans"))["role"] == "other"


def test_connect_while_locked_never_asks_and_keeps_the_role_it_was_given(fresh: Cli) -> None:
    fresh.ok("people", "add", "Sam", "--role", "sponsor")
    result = fresh.ok("connect", "Sam", "--how", "call", passphrase=None)
    assert "locked: it joins your journal when you next unlock" in result.stdout
    joined = json.loads(fresh.ok("list", "--kind", "connection", "--json").stdout)
    assert [(e["person"], e["role"], e["how"]) for e in joined] == [("Sam", None, "call")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--role", "boss"),
            "The role must be one of sponsor, mentor, peer, family, friend, therapist, group, "
            "other, not 'boss'.",
        ),
        (
            ("--how", "telepathy"),
            "How you connected must be one of call, text, in-person, video, online, "
            "not 'telepathy'.",
        ),
        (("--minutes", "0"), "Minutes must be from 1 to 1440, not 0."),
    ],
)
def test_a_bad_role_or_way_is_one_clear_line_and_nothing_is_saved(
    fresh: Cli, args: tuple[str, ...], message: str
) -> None:
    result = fresh("connect", "Sam", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert fresh.ok("list").stdout.startswith("No entries yet")


def test_a_connection_can_be_edited_and_found_by_search(fresh: Cli) -> None:
    short = fresh.log("connect", "Jo", "--role", "friend", "--how", "call")
    fresh.log("connect", "Maya", "--role", "family")
    fresh.ok("edit", short, "--role", "peer", "--how", "video", "--minutes", "45", "--helped")
    assert fields(fresh, short) == {
        "person": "Jo",
        "role": "peer",
        "how": "video",
        "minutes": 45,
        "helped": True,
    }
    fresh.ok("edit", short, "--person", "Joanne")
    found = json.loads(fresh.ok("list", "--search", "joanne", "--json").stdout)
    assert [e["person"] for e in found] == ["Joanne"]
    assert len(json.loads(fresh.ok("list", "--kind", "connection", "--json").stdout)) == 2
    bad = fresh("edit", short, "--role", "boss")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: The role must be one of sponsor, mentor,")
    wrong_kind = fresh("edit", short, "--type", "SP")
    assert wrong_kind.exit_code == 1
    assert "A connection entry has no types field" in wrong_kind.stderr


def test_connection_summary_reads_as_one_line() -> None:
    from datetime import datetime, timezone

    at = datetime(2026, 3, 1, 21, 30, tzinfo=timezone.utc)
    full = Connection(id="", at=at, person="Sam", role="sponsor", how="call", minutes=20)
    assert full.summary() == "Sam (sponsor) · call · 20 min"
    assert Connection(id="", at=at, helped=False).summary() == "someone · did not help"


# -- service ------------------------------------------------------------------------------


def test_service_stores_what_its_kind_and_minutes(fresh: Cli) -> None:
    short = fresh.log("service", "made the tea", "--kind", "meeting-service", "--minutes", "30")
    assert entry(fresh, short)["kind"] == "service"
    assert fields(fresh, short) == {
        "description": "made the tea",
        "category": "meeting-service",
        "minutes": 30,
    }
    plain = fresh.log("service")
    assert fields(fresh, plain) == {"description": None, "category": "other", "minutes": None}


def test_a_bad_kind_of_service_is_one_clear_line(fresh: Cli) -> None:
    result = fresh("service", "--kind", "charity")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The kind of service must be one of meeting-service, volunteering, sponsoring, "
        "helping-newcomer, other, not 'charity'.\n"
    )


def test_service_can_be_edited_and_found_by_search(fresh: Cli) -> None:
    short = fresh.log("service", "stacked chairs", "--kind", "meeting-service")
    fresh.ok("edit", short, "--category", "volunteering", "--description", "food bank")
    assert fields(fresh, short)["category"] == "volunteering"
    found = json.loads(fresh.ok("list", "--search", "FOOD", "--json").stdout)
    assert [e["id"][:7] for e in found] == [short]


# -- meetings: type codes and the home group ----------------------------------------------------


def test_meeting_types_are_stored_in_their_usual_spelling_once_each(fresh: Cli) -> None:
    short = fresh.log(
        "meeting", "--fellowship", "AA", "--type", "sp", "--type", "D", "--type", "Sp", "--home"
    )
    shown = fields(fresh, short)
    assert (shown["types"], shown["home"]) == (["SP", "D"], True)
    listed = fresh.ok("list").stdout
    assert "AA · home group · SP D" in listed


def test_the_gatherings_that_are_not_fellowship_meetings_have_codes_too(fresh: Cli) -> None:
    short = fresh.log("meeting", "--type", "group-therapy", "--type", "faith")
    assert fields(fresh, short)["types"] == ["group-therapy", "faith"]
    assert {"O", "C", "ST", "SP", "D", "B", "M", "W", "LGBTQ", "BE", "ONL"} <= set(MEETING_TYPES)
    assert {"group-therapy", "faith", "sober-event"} <= set(MEETING_TYPES)


def test_an_unknown_type_code_is_one_clear_line(fresh: Cli) -> None:
    result = fresh("meeting", "--type", "XYZ")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Unknown meeting type 'XYZ'; the codes are O, C, D,")
    assert result.stderr.endswith("(`rj meeting --help` says what each means).\n")
    assert result.stderr.count("\n") == 1


def test_meeting_types_and_home_can_be_edited_and_searched(fresh: Cli) -> None:
    short = fresh.log("meeting", "--type", "O", "--home")
    fresh.ok("edit", short, "--type", "C", "--type", "ST", "--not-home")
    shown = fields(fresh, short)
    assert (shown["types"], shown["home"]) == (["C", "ST"], False)
    assert [e["id"][:7] for e in json.loads(fresh.ok("list", "--search", "st", "--json").stdout)]
    assert fresh("edit", short, "--type", "nope").exit_code == 1


def test_an_old_meeting_record_reads_as_no_types_and_not_the_home_group() -> None:
    from recovery_journal.domain.stored_entries import restore_entry

    old: dict[str, Any] = {"kind": "meeting", "at": "2026-03-01T19:00:00+00:00", "note": None}
    old["tags"] = []
    old |= {"fellowship": "AA", "name": None, "online": None, "minutes": None}
    restored = restore_entry(old, "a3f9k2m4b7c8d")
    assert isinstance(restored, Meeting)
    assert (restored.types, restored.home) == ((), False)


def test_meeting_type_codes_ignore_case_and_refuse_the_unknown() -> None:
    assert meeting_type("lgbtq") == "LGBTQ"
    assert meeting_type(" 12X12 ") == "12x12"
    with pytest.raises(InvalidInput, match="Unknown meeting type"):
        meeting_type("Q")


# -- BARC-10 ------------------------------------------------------------------------------------


def test_barc_stores_ten_items_and_their_total(fresh: Cli) -> None:
    result = fresh.ok("barc", *BARC)
    assert "Your BARC-10 total: 43 of 60" in result.stdout
    short = result.stdout.split()[2]
    assert entry(fresh, short)["kind"] == "barc"
    assert fields(fresh, short) == {"items": [int(n) for n in BARC], "total": 43}


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        (("0", *BARC[1:]), "BARC-10 statement 1 must be from 1 to 6, not 0."),
        ((*BARC[:9], "7"), "BARC-10 statement 10 must be from 1 to 6, not 7."),
        (BARC[:9], "The BARC-10 has 10 statements, rated 1-6 each; 9 given."),
    ],
)
def test_barc_refuses_a_0_a_7_or_the_wrong_count(
    fresh: Cli, numbers: tuple[str, ...], message: str
) -> None:
    result = fresh("barc", *numbers)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")


def test_barc_scoring_is_the_sum_from_10_to_60() -> None:
    from datetime import datetime, timezone

    at = datetime(2026, 3, 1, tzinfo=timezone.utc)
    assert Barc(id="", at=at, items=(1,) * 10).total == 10
    assert Barc(id="", at=at, items=(6,) * 10).total == 60
    with pytest.raises(InvalidInput, match="sum of its items"):
        Barc(id="", at=at, items=(6,) * 10, total=59)


def test_barc_off_a_terminal_needs_its_ten_numbers(fresh: Cli) -> None:
    result = fresh("barc")
    assert result.exit_code == 1
    assert "Give the ten ratings" in result.stderr


def test_barc_items_can_be_edited_and_the_total_follows(fresh: Cli) -> None:
    short = fresh.ok("barc", *BARC).stdout.split()[2]
    fresh.ok("edit", short, *(arg for n in ("6",) * 10 for arg in ("--item", n)))
    assert fields(fresh, short) == {"items": [6] * 10, "total": 60}
    bad = fresh("edit", short, *(arg for n in ("7",) * 10 for arg in ("--item", n)))
    assert (bad.exit_code, bad.stderr) == (
        1,
        "Error: A BARC-10 item is a whole number from 1 to 6, not '7'.\n",
    )


def test_barc_at_a_terminal_asks_each_statement_and_re_asks_a_wrong_answer(fresh: Cli) -> None:
    child = spawn(fresh, "barc")
    child.expect("1/10. There are more important things to me in life than using substances.")
    child.expect("Your answer")
    child.sendline("7")
    child.expect("Please type one number from 1 to 6")
    for answer in BARC:
        child.sendline(answer)
    output, status = finish(child)
    assert status == 0, output
    assert "Your BARC-10 total: 43 of 60" in output
    assert "locked: it joins your journal when you next unlock" in output


# -- the check-in -------------------------------------------------------------------------------


def test_the_check_in_asks_who_you_reached_out_to_and_knows_your_people(fresh: Cli) -> None:
    fresh.ok("people", "add", "Sam", "--role", "sponsor")
    child = spawn(fresh, "checkin")
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    steps = [
        (r"Mood.*\[skip\]: ", ""),
        (r"cravings.*\[y/N\]: ", ""),
        (r"Did you use sobriety today\?.*: ", ""),
        (r"Triggers.*\[skip\]: ", ""),
        (r"meeting today\? \[y/N\]: ", ""),
        (r"Did you reach out to anyone today \(a call, a text, a visit\)\? \[y/N\]: ", "y"),
        (r"Who\? \[Sam\]: ", ""),  # the first person to call is the default
        (r"How\? .*\[skip\]: ", "telepathy"),
        (r"How you connected must be one of call, text, in-person, video, online", "t"),
        (r"Did it help\? .*: ", ""),
        (r"Anyone else\? \[y/N\]: ", "y"),
        (r"Who\? \[Sam\]: ", "Jo"),
        (r"Who are they to you\? .*\[skip\]: ", "fr"),
        (r"How\? .*\[skip\]: ", "v"),
        (r"Did it help\? .*: ", "n"),
        (r"Anyone else\? \[y/N\]: ", ""),
        (r"Any service or giving back today\? \[y/N\]: ", ""),
        (r"1\. \[done\]: ", ""),
        (r"A note for today \[skip\]: ", ""),
        (r"Save these 2 entries\? \[Y/n\]: ", ""),
    ]
    for shown, typed in steps:
        child.expect(shown)
        child.sendline(typed)
    output, status = finish(child)
    assert status == 0, output
    saved = json.loads(fresh.ok("list", "--kind", "connection", "--json").stdout)
    assert sorted((e["person"], e["role"], e["how"], e["helped"]) for e in saved) == [
        ("Jo", "friend", "video", False),
        ("Sam", "sponsor", "text", None),  # from `rj people`: no need to ask the role
    ]
