"""Help at the hard moments: the person's reasons (`rj why`), their people (`rj people`), and
the warm block after a craving of 8 or more, a use, or a mood of 3 or less."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import pexpect
import pytest

from conftest import PASSPHRASE, Cli, finish, journal_files
from recovery_journal.analytics.hard_moments import hard_moment
from recovery_journal.analytics.support import best_coping, first_to_call, support_plan
from recovery_journal.domain.entries import Craving, Mood, Use
from recovery_journal.domain.support import Person, Reason, in_call_order
from recovery_journal.errors import InvalidInput

AT = datetime(2026, 3, 1, 21, 30, tzinfo=timezone.utc)
ADD_SOMEONE = 'No one to call is saved yet: rj people add "NAME" --role sponsor --phone NUMBER'


def flat(text: str) -> str:
    """Panel output as one line of words (the box drawing and wrapping removed)."""
    return " ".join(re.sub(r"[│╭╮╰╯─]|\x1b\[[0-9;]*m", " ", text).split())


def person(name: str, role: str = "other", phone: str | None = None) -> Person:
    return Person(id="", name=name, role=role, phone=phone)


# -- reasons -------------------------------------------------------------------------------


def test_reasons_are_added_listed_in_order_and_removed_by_number(fresh: Cli) -> None:
    assert "1 in all" in fresh.ok("why", "add", "my kids").stdout
    fresh.ok("why", "add", "waking up clear-headed")
    fresh.ok("why", "add", stdin="my health\n")  # private words need not be an argument
    listed = fresh.ok("why", "list").stdout
    assert re.search(r"1\s+my kids", listed)
    assert re.search(r"2\s+waking up clear-headed", listed)
    assert re.search(r"3\s+my health", listed)
    assert fresh.ok("why", "remove", "2", "--yes").stdout == "Removed reason 2.\n"
    listed = fresh.ok("why", "list").stdout
    assert "clear-headed" not in listed
    assert re.search(r"2\s+my health", listed)


def test_removing_a_reason_that_is_not_there_says_which_numbers_are(fresh: Cli) -> None:
    fresh.ok("why", "add", "my kids")
    result = fresh("why", "remove", "4", "--yes")
    assert result.exit_code == 1
    assert result.stderr == "Error: There is no reason 4; `rj why list` numbers them 1 to 1.\n"


def test_no_reasons_yet_says_how_to_add_one(fresh: Cli) -> None:
    assert "rj why add" in fresh.ok("why", "list").stdout


def test_removing_a_reason_off_a_terminal_needs_yes(fresh: Cli) -> None:
    fresh.ok("why", "add", "my kids")
    result = fresh("why", "remove", "1")
    assert result.exit_code == 1
    assert "--yes" in result.stderr
    assert "my kids" in fresh.ok("why", "list").stdout


# -- people --------------------------------------------------------------------------------


def test_people_are_listed_in_the_order_to_call_them(fresh: Cli) -> None:
    fresh.ok("people", "add", "Alex", "--role", "friend", "--phone", "555 0101")
    fresh.ok("people", "add", "Samaritans", "--role", "crisis-line", "--phone", "116 123")
    fresh.ok("people", "add", "Sam", "--role", "sponsor", "--phone", "+44 (0)20 7946 0000")
    fresh.ok("people", "add", "Jo", "--role", "therapist")
    rows = [line.split()[0] for line in fresh.ok("people", "list").stdout.splitlines()[2:]]
    assert rows == ["Sam", "Jo", "Alex", "Samaritans"]


def test_a_persons_note_shows_only_when_asked_for(fresh: Cli) -> None:
    fresh.ok("people", "add", "Sam", "--role", "sponsor", "--note", "after 6pm is best")
    assert "after 6pm" not in fresh.ok("people", "list").stdout
    assert "[+note]" in fresh.ok("people", "list").stdout
    assert "after 6pm is best" in fresh.ok("people", "list", "--notes").stdout


def test_editing_someone_changes_only_what_is_given(fresh: Cli) -> None:
    fresh.ok("people", "add", "Sam", "--role", "peer", "--phone", "555 0100")
    assert fresh.ok("people", "edit", "sam", "--role", "sponsor").stdout == "Updated Sam.\n"
    fresh.ok("people", "edit", "Sam", "--name", "Sam K.")
    listed = fresh.ok("people", "list").stdout
    assert re.search(r"Sam K\.\s+sponsor\s+555 0100", listed)
    fresh.ok("people", "edit", "Sam K.", "--phone", "")
    assert "555 0100" not in fresh.ok("people", "list").stdout


def test_removing_someone(fresh: Cli) -> None:
    fresh.ok("people", "add", "Sam")
    assert fresh.ok("people", "remove", "SAM", "--yes").stdout == "Removed Sam.\n"
    assert "Nobody in your support network yet" in fresh.ok("people", "list").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "Sam", "--role", "boss"), "The role must be one of sponsor, peer, family"),
        (("add", "Sam", "--phone", "call me maybe"), "does not look like a phone number"),
        (("edit", "Nobody"), "Nothing to change"),
        (("edit", "Nobody", "--role", "peer"), "Nobody named 'Nobody'"),
        (("remove", "Nobody", "--yes"), "Nobody named 'Nobody'"),
        (("add", "sam"), "There is already someone named 'Sam'."),
    ],
)
def test_mistakes_with_people_are_one_clear_line(
    fresh: Cli, args: tuple[str, ...], message: str
) -> None:
    fresh.ok("people", "add", "Sam")
    result = fresh("people", *args)
    assert result.exit_code == 1, result
    assert result.stderr.startswith("Error: "), result
    assert message in result.stderr, result


def test_people_and_reasons_are_encrypted_records_counted_by_verify(fresh: Cli) -> None:
    fresh.ok("people", "add", "Quillon Marchbanks", "--phone", "07700 900461")
    fresh.ok("why", "add", "to see my granddaughter Philippa graduate")
    verify = fresh.ok("verify").stdout
    counts = dict(re.findall(r"^\s*([a-z]+)\s+(\d+)\s*$", verify, re.MULTILINE))
    assert (counts["person"], counts["reason"]) == ("1", "1")
    assert "3 records" in verify  # the tracker, one person, one reason
    for path in journal_files(fresh.journal):
        raw = path.read_bytes()
        for word in (b"Quillon", b"Marchbanks", b"07700 900461", b"Philippa", b"granddaughter"):
            assert word not in raw, (path, word)


# -- the support block ---------------------------------------------------------------------


def with_support(cli: Cli) -> Cli:
    cli.ok("why", "add", "my kids")
    cli.ok("people", "add", "Alex", "--role", "friend", "--phone", "555 0101")
    cli.ok("people", "add", "Sam", "--role", "sponsor", "--phone", "555 0100")
    cli.ok("people", "add", "Samaritans", "--role", "crisis-line", "--phone", "116 123")
    cli.log("craving", "6", "--coping", "walked the dog")
    cli.log("craving", "7", "--coping", "called Sam", "--outcome", "resisted")
    cli.log("craving", "7", "--coping", "called Sam", "--outcome", "resisted")
    return cli


def test_a_strong_craving_brings_their_reason_their_sponsor_what_helped_and_a_crisis_line(
    fresh: Cli,
) -> None:
    result = with_support(fresh).ok("craving", "9")
    assert re.fullmatch(r"Saved craving \w{7}\n", result.stdout)  # stdout: only the result
    block = flat(result.stderr)
    assert "This is a strong craving, and it will pass." in block
    assert "Your reason: my kids" in block
    assert "Call Sam (sponsor): 555 0100" in block
    assert "What helped you before: called Sam (you got through 2 of 2 cravings with it)" in block
    assert "Crisis line: Samaritans: 116 123" in block
    assert "rj urge" in block


def test_the_block_never_reaches_json_output(fresh: Cli) -> None:
    with_support(fresh).ok("craving", "9")
    listed = fresh.ok("list", "--json")
    assert 9 in [entry["intensity"] for entry in json.loads(listed.stdout)]
    assert "my kids" not in listed.output


@pytest.mark.parametrize(
    ("args", "opening"),
    [
        (("use", "--amount", "two pints"), "Thank you for writing it down."),
        (("craving", "5", "--outcome", "used"), "Thank you for writing it down."),
        (("mood", "3"), "This sounds like a heavy day."),
        (("mood", "1"), "This sounds like a heavy day."),
        (("craving", "8"), "This is a strong craving"),
    ],
)
def test_each_hard_moment_brings_the_block(fresh: Cli, args: tuple[str, ...], opening: str) -> None:
    fresh.ok("people", "add", "Sam", "--role", "sponsor", "--phone", "555 0100")
    result = fresh.ok(*args)
    assert opening in flat(result.stderr)
    assert "Call Sam (sponsor): 555 0100" in flat(result.stderr)
    assert "relapse" not in result.stderr.lower()


@pytest.mark.parametrize("args", [("craving", "7"), ("mood", "4"), ("note", "a calm day")])
def test_other_moments_bring_no_block(fresh: Cli, args: tuple[str, ...]) -> None:
    fresh.ok("people", "add", "Sam", "--role", "sponsor", "--phone", "555 0100")
    assert fresh.ok(*args).stderr == ""


def test_with_nobody_stored_one_line_says_how_to_add_someone(fresh: Cli) -> None:
    block = flat(fresh.ok("craving", "9").stderr)
    assert ADD_SOMEONE in block
    assert "Your reason" not in block
    assert "Crisis line" not in block


def test_locked_the_block_says_where_their_people_are_without_asking(
    fresh: Cli, tmp_path: Path
) -> None:
    fresh.env["RECOVERY_JOURNAL_AGENT_DIR"] = str(tmp_path / "agent")
    with_support(fresh)
    result = fresh.ok("mood", "2", passphrase=None)
    assert "(locked:" in result.stdout
    block = flat(result.stderr)
    assert "This sounds like a heavy day." in block
    assert "which is locked: rj why list and rj people list show them" in block
    assert "my kids" not in block  # encrypted: not readable without the key


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_at_a_terminal_the_block_shows_while_redirected_output_holds_only_the_result(
    fresh: Cli, tmp_path: Path
) -> None:
    with_support(fresh)
    target = tmp_path / "out.txt"
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f'"{sys.executable}" -m recovery_journal craving 9 > "{target}"'],
        env={**fresh.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE},  # unlocked, as a script
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    rest, status = finish(child)
    assert status == 0, rest
    assert "Call Sam (sponsor): 555 0100" in flat(rest)
    assert re.fullmatch(r"Saved craving \w{7}\n", target.read_text())


# -- the pure parts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "moment"),
    [
        (Craving(id="", at=AT, intensity=8), "craving"),
        (Craving(id="", at=AT, intensity=7), None),
        (Craving(id="", at=AT, intensity=2, outcome="used"), "use"),
        (Use(id="", at=AT), "use"),
        (Mood(id="", at=AT, score=3), "mood"),
        (Mood(id="", at=AT, score=4), None),
    ],
)
def test_hard_moments(entry: Craving | Use | Mood, moment: str | None) -> None:
    assert hard_moment(entry) == moment


def test_the_sponsor_is_called_first_and_someone_with_a_number_before_someone_without() -> None:
    people = [
        person("Kim", "family", "1"),
        person("Lee", "crisis-line", "2"),
        person("Sam", "sponsor"),
        person("Ash", "peer", "3"),
    ]
    assert [p.name for p in in_call_order(people)] == ["Sam", "Ash", "Kim"]
    first = first_to_call(people)
    assert first is not None
    assert first.name == "Ash"  # the sponsor has no number stored
    assert first_to_call([person("Lee", "crisis-line", "2")]) is None


def test_what_helped_is_the_strategy_with_the_best_record() -> None:
    cravings = [
        Craving(id="", at=AT, intensity=6, coping="run", outcome="used"),
        Craving(id="", at=AT, intensity=6, coping="run", outcome="resisted"),
        Craving(id="", at=AT, intensity=6, coping="tea", outcome="resisted"),
        Craving(id="", at=AT, intensity=6, coping="scrolling", outcome="used"),
    ]
    best = best_coping(cravings)
    assert best is not None
    assert (best.strategy, best.resisted, best.times) == ("tea", 1, 1)
    assert best_coping(cravings[3:]) is None  # nothing that helped yet: nothing claimed


def test_the_reason_shown_is_one_of_theirs_whatever_the_pick() -> None:
    reasons = [Reason(id=str(n), text=f"reason {n}", added=AT) for n in range(3)]
    shown = {
        support_plan("mood", people=[], reasons=reasons, entries=[], pick=pick).reason
        for pick in range(10)
    }
    assert shown == {"reason 0", "reason 1", "reason 2"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " "}, "The name cannot be empty."),
        ({"name": "Sam", "role": "boss"}, "The role must be one of"),
        ({"name": "Sam", "phone": "ask Jo"}, "does not look like a phone number"),
    ],
)
def test_a_person_checks_their_fields(fields: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        Person(id="", **fields)
