"""Bad input never crashes and never writes.

Every case in the table runs the real CLI against a copy of one small journal
and must fail with a non-zero exit, exactly one `Error: ...` line on stderr,
no traceback anywhere, and the journal files byte-for-byte unchanged.
Text a person typed that looks like markup or terminal control codes is
stored as typed and shown literally.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import PASSPHRASE, Cli, clean_env, flip_byte, journal_files, record_ids

FUTURE = (datetime.now(ZoneInfo("Europe/London")) + timedelta(days=3)).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Template:
    """A journal at rest: a mood and a note, plus two entries sharing a first character."""

    db: bytes
    mood: str  # short id of the mood entry
    mood_full: str
    mood_row: int
    ambiguous: str  # one character that starts two entry ids
    sharing: tuple[str, str]  # the short ids of those two entries
    records: int


def fingerprint(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in journal_files(path)}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    root = tmp_path_factory.mktemp("template")
    cli = Cli(root / "data" / "journal.db", clean_env(root))
    cli.init("--clean-date", "2026-01-01")
    before = record_ids(cli.journal)
    mood = cli.log("mood", "6", "--note", "a calm evening", "--at", "2026-02-01 20:00")
    (mood_row,) = record_ids(cli.journal) - before
    firsts = {mood[0]: mood}  # log entries until two ids share a first character
    short = cli.log("note", "a second entry", "--at", "2026-02-02 20:00")
    while short[0] not in firsts:
        firsts[short[0]] = short
        short = cli.log("note", f"filler {len(firsts)}", "--at", "2026-02-03 20:00")
    mood_full = json.loads(cli.ok("show", mood, "--json").stdout)["id"]
    assert journal_files(cli.journal) == [cli.journal]  # at rest: no -wal or -shm
    return Template(
        cli.journal.read_bytes(),
        mood,
        mood_full,
        mood_row,
        short[0],
        (firsts[short[0]], short),
        len(record_ids(cli.journal)),
    )


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    expect: str  # a fragment of the one error line (case-insensitive)
    stdin: str | None = None
    passphrase: str | None = PASSPHRASE
    journal: str = "copy"  # "copy", "missing" or "flipped" (the mood's ciphertext damaged)
    env: dict[str, str] = field(default_factory=dict)


CASES: dict[str, Case] = {
    # Out of range and malformed values
    "mood score 0": Case(("mood", "0"), "from 1 to 10"),
    "mood score 11": Case(("mood", "11"), "from 1 to 10"),
    "mood score not a number": Case(("mood", "seven"), "score"),
    "craving -- -1": Case(("craving", "--", "-1"), "from 0 to 10"),
    "craving -1 read as an option": Case(("craving", "-1"), "-1"),
    "unknown --halt word": Case(("craving", "5", "--halt", "hangry"), "hangry"),
    "unknown --outcome": Case(("craving", "5", "--outcome", "maybe"), "maybe"),
    "unknown --category": Case(("trigger", "rain", "--category", "weather"), "weather"),
    "meeting of 0 minutes": Case(("meeting", "--minutes", "0"), "minutes"),
    "tag with a space": Case(("mood", "5", "--tag", "two words"), "tag"),
    # Dates
    "unparsable date": Case(("note", "hello", "--at", "the day after never"), "understand"),
    "empty date": Case(("mood", "5", "--at", " "), "empty"),
    "date days ahead": Case(("mood", "5", "--at", FUTURE), "future"),
    "date years ahead": Case(("gratitude", "tea", "--at", "2099-01-01"), "future"),
    "list --since after --until": Case(
        ("list", "--since", "2026-02-10", "--until", "2026-02-01"), "since"
    ),
    # Empty text
    "gratitude with no items and nothing piped": Case(("gratitude",), "at least one item"),
    "gratitude with only blank lines piped": Case(("gratitude",), "at least one", stdin="\n \n"),
    "gratitude with an empty item": Case(("gratitude", ""), "at least one item"),
    "empty note argument": Case(("note", ""), "empty"),
    "blank note piped": Case(("note",), "empty", stdin="   \n\n"),
    "empty trigger piped": Case(("trigger", "--category", "people"), "empty", stdin=""),
    # Ids
    "show unknown id": Case(("show", "{unknown}"), "no entry"),
    "show malformed id": Case(("show", "not-an-id!"), "not an entry id"),
    "show ambiguous prefix": Case(("show", "{ambiguous}"), "entries start with"),
    "edit unknown id": Case(("edit", "{unknown}", "--note", "x"), "no entry"),
    "edit ambiguous prefix": Case(("edit", "{ambiguous}", "--note", "x"), "entries start with"),
    "delete unknown id": Case(("delete", "{unknown}", "--yes"), "no entry"),
    "delete ambiguous prefix": Case(("delete", "{ambiguous}", "--yes"), "entries start with"),
    "delete without --yes": Case(("delete", "{mood}"), "--yes"),
    # Edit
    "edit with nothing to change": Case(("edit", "{mood}"), "nothing to change"),
    "edit a field the kind lacks": Case(("edit", "{mood}", "--intensity", "3"), "intensity"),
    "edit score out of range": Case(("edit", "{mood}", "--score", "11"), "from 1 to 10"),
    "edit to a future time": Case(("edit", "{mood}", "--at", "2099-01-01 10:00"), "future"),
    # List
    "list --kind nonsense": Case(("list", "--kind", "nonsense"), "nonsense"),
    "list --limit -1": Case(("list", "--limit", "-1"), "--limit"),
    "unknown command": Case(("frobnicate",), "frobnicate"),
    # The journal itself
    "list missing journal": Case(("list",), "no journal", journal="missing"),
    "mood missing journal": Case(("mood", "5"), "no journal", journal="missing"),
    "list wrong passphrase": Case(("list",), "wrong passphrase", passphrase="wrong horse"),
    "mood wrong passphrase": Case(("mood", "5"), "wrong passphrase", passphrase="wrong horse"),
    "delete wrong passphrase": Case(
        ("delete", "{mood}", "--yes"), "wrong passphrase", passphrase="wrong horse"
    ),
    "list without a passphrase": Case(("list",), "no passphrase", passphrase=None),
    "streak without a passphrase": Case(("streak",), "no passphrase", passphrase=None),
    "init over a journal": Case(("init",), "already exists"),
    "passwd to a short passphrase": Case(
        ("passwd",), "at least", env={"RECOVERY_JOURNAL_NEW_PASSPHRASE": "short"}
    ),
    "passwd without a new passphrase": Case(("passwd",), "no passphrase"),
    # A flipped byte in one ciphertext
    "list a damaged journal": Case(("list",), "{mood}", journal="flipped"),
    "show the damaged entry": Case(("show", "{mood}"), "{mood}", journal="flipped"),
    "verify a damaged journal": Case(("verify",), "{mood}", journal="flipped"),
    "edit the damaged entry": Case(("edit", "{mood}", "--note", "x"), "{mood}", journal="flipped"),
}


def _fill(text: str, template: Template) -> str:
    last = template.mood_full[-1]
    unknown = template.mood_full[:-1] + ("a" if last != "a" else "b")
    return text.format(mood=template.mood, ambiguous=template.ambiguous, unknown=unknown)


def copy_template(cli: Cli, template: Template) -> Cli:
    cli.journal.parent.mkdir(mode=0o700)
    cli.journal.write_bytes(template.db)
    cli.journal.chmod(0o600)
    return cli


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input_fails_with_one_error_line_and_writes_nothing(
    case: Case, template: Template, cli: Cli
) -> None:
    if case.journal != "missing":
        copy_template(cli, template)
    if case.journal == "flipped":
        flip_byte(cli.journal, template.mood_row)
    before = fingerprint(cli.journal)

    args = [_fill(arg, template) for arg in case.args]
    result = cli(*args, stdin=case.stdin, passphrase=case.passphrase, env=case.env)

    assert result.exit_code != 0, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result
    assert lines[0].startswith("Error: "), result
    assert lines[0][len("Error: ") :].strip(), result
    assert _fill(case.expect, template).lower() in lines[0].lower(), result
    assert "Traceback" not in result.output
    if case.journal == "missing":
        assert not cli.journal.parent.exists()
    else:
        assert fingerprint(cli.journal) == before
        assert len(record_ids(cli.journal)) == template.records


# -- text that looks like markup or control codes ------------------------------------------

TRICKY = "[/] closes nothing, [bold]x[/bold] stays plain, \x1b[2J clears nothing"


def test_markup_and_escape_codes_in_text_are_stored_and_shown_literally(
    template: Template, cli: Cli
) -> None:
    copy_template(cli, template)
    note = cli.log("note", TRICKY, "--note", TRICKY, "--tag", "odd")
    mood = cli.log("mood", "5", "--feeling", "[red]raw[/red]", "--note", TRICKY)

    stored = json.loads(cli.ok("show", note, "--json").stdout)
    assert stored["text"] == TRICKY
    assert stored["note"] == TRICKY
    assert json.loads(cli.ok("show", mood, "--json").stdout)["feelings"] == ["[red]raw[/red]"]

    shown = TRICKY.replace("\x1b", "\\x1b")
    for args in (("show", note), ("show", mood)):
        result = cli.ok(*args)
        assert shown in result.stdout, result
        assert "\x1b" not in result.stdout
        assert result.stderr == ""
    assert "[red]raw[/red]" in cli.ok("show", mood).stdout

    listing = cli.ok("list")
    assert "\x1b" not in listing.stdout
    assert "[/] closes nothing, [bold]x[/bold] stays plain" in listing.stdout
    as_json = cli.ok("list", "--json").stdout
    assert "\x1b" not in as_json
    assert "\\u001b[2J" in as_json


def test_control_characters_piped_into_a_note_are_shown_escaped(
    template: Template, cli: Cli
) -> None:
    copy_template(cli, template)
    text = "null \x00 here, bell \x07, right-to-left \u202e override, [/]\n[bold]"
    short = cli.log("note", stdin=text)
    assert json.loads(cli.ok("show", short, "--json").stdout)["text"] == text.strip()
    out = cli.ok("show", short).stdout
    for raw in ("\x00", "\x07", "\u202e", "\x1b"):
        assert raw not in out
    for escaped in ("\\x00", "\\x07", "\\u202e", "[/]", "[bold]"):
        assert escaped in out, escaped


def test_an_ambiguous_prefix_names_the_candidates_and_longer_prefixes_work(
    template: Template, cli: Cli
) -> None:
    copy_template(cli, template)
    line = cli("show", template.ambiguous.upper()).stderr
    assert "entries start with" in line  # two, or three if the tracker's id does too
    for short in template.sharing:
        assert short[: len(template.ambiguous) + 2] in line  # each candidate, a little longer
        assert json.loads(cli.ok("show", short, "--json").stdout)["id"].startswith(short)


def test_a_damaged_copy_does_not_hide_the_other_entries(template: Template, cli: Cli) -> None:
    copy_template(cli, template)
    flip_byte(cli.journal, template.mood_row)
    listing = cli("list", "--json", "--limit", "0")
    assert listing.exit_code != 0
    shown = json.loads(listing.stdout)
    assert len(shown) == template.records - 2  # all but the damaged mood and the tracker
    assert template.mood_full not in {entry["id"] for entry in shown}


def test_the_template_copy_itself_is_a_healthy_journal(template: Template, cli: Cli) -> None:
    """Guards the table above: its failures come from the bad input, not the copy."""
    copy_template(cli, template)
    result = cli.ok("verify")
    assert f"{template.records} records" in result.stdout
