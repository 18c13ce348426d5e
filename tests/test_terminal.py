"""At a real terminal (a pseudo-terminal driven by pexpect): hidden passphrase
prompts, asked twice at init, and private text asked for instead of typed as
arguments. Logging never asks for the passphrase (locked, it waits in the inbox); the
passphrase prompts of logging are seen on a journal from before the inbox existed."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import PASSPHRASE, Cli, finish, spawn

LOCKED = "(locked: it joins your journal when you next unlock)"


def without_inbox(cli: Cli) -> Cli:
    """The journal as made before the inbox existed: logging then unlocks, asking."""
    with contextlib.closing(sqlite3.connect(cli.journal)) as db, db:
        db.execute("DELETE FROM meta WHERE k IN ('inbox_public', 'inbox_key')")
    return cli


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def test_init_asks_twice_for_a_hidden_passphrase(cli: Cli, journal_path: Path) -> None:
    child = spawn(cli, "init")
    child.expect("Choose a passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect("Repeat for confirmation: ")
    child.sendline(PASSPHRASE)
    child.expect(r"Make a recovery key\? .*\[Y/n\]: ")
    child.sendline("n")
    rest, status = finish(child)
    assert status == 0, rest
    assert "Created your journal" in rest
    assert PASSPHRASE not in rest  # hidden input is never echoed
    assert journal_path.exists()
    assert cli.ok("verify").exit_code == 0  # the typed passphrase unlocks it


def test_init_with_mismatched_passphrases_asks_again_and_writes_nothing_until_they_match(
    cli: Cli, journal_path: Path
) -> None:
    child = spawn(cli, "init")
    child.expect("Choose a passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect("Repeat for confirmation: ")
    child.sendline("something else entirely")
    child.expect("Error: The two entered values do not match.")
    assert not journal_path.exists()
    child.expect("Choose a passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect("Repeat for confirmation: ")
    child.sendline(PASSPHRASE)
    child.expect(r"\[Y/n\]: ")
    child.sendline("n")
    _, status = finish(child)
    assert status == 0
    assert journal_path.exists()


def test_a_wrong_passphrase_is_asked_again_up_to_three_times_then_refused(
    initialized: Cli,
) -> None:
    child = spawn(initialized, "list")
    for _ in range(3):
        child.expect("Passphrase: ")
        child.sendline("not the passphrase")
    rest, status = finish(child)
    assert status == 1
    assert rest.count("please try again") == 0  # the third miss ends it
    assert "Wrong passphrase" in rest
    assert "not the passphrase" not in rest


def test_a_mistyped_passphrase_keeps_the_words_typed_before_it(initialized: Cli) -> None:
    child = spawn(without_inbox(initialized), "note")
    child.expect("Ctrl-D")
    child.sendline("Words typed at 11 pm that must not be lost.")
    child.sendeof()
    child.expect("Passphrase: ")
    child.sendline("a typo")
    child.expect("That passphrase did not open the journal; please try again.")
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    rest, status = finish(child)
    assert status == 0, rest
    assert "Saved note" in rest
    entries = json.loads(initialized.ok("list", "--json").stdout)
    assert entries[0]["text"] == "Words typed at 11 pm that must not be lost."


def test_prompts_go_to_the_terminal_and_stdout_keeps_only_the_output(
    initialized: Cli, tmp_path: Path
) -> None:
    """`rj list --json > entries.json` at a terminal: the prompt shows, the file is pure JSON."""
    initialized.log("mood", "6")
    target = tmp_path / "entries.json"
    env = {k: v for k, v in initialized.env.items() if k != "RECOVERY_JOURNAL_PASSPHRASE"}
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f'"{sys.executable}" -m recovery_journal list --json > "{target}"'],
        env=env,
        encoding="utf-8",
        timeout=30,
    )
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    _, status = finish(child)
    assert status == 0
    assert [entry["kind"] for entry in json.loads(target.read_text())] == ["mood"]


def test_piped_text_at_a_terminal_still_asks_for_the_passphrase_on_the_terminal(
    initialized: Cli,
) -> None:
    """`echo ... | rj trigger`: stdin is the pipe, the passphrase comes from /dev/tty."""
    without_inbox(initialized)
    env = {k: v for k, v in initialized.env.items() if k != "RECOVERY_JOURNAL_PASSPHRASE"}
    child = pexpect.spawn(
        "/bin/sh",
        [
            "-c",
            f'echo "the old bar on my way home" | "{sys.executable}" -m recovery_journal trigger',
        ],
        env=env,
        encoding="utf-8",
        timeout=30,
    )
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    rest, status = finish(child)
    assert status == 0, rest
    entries = json.loads(initialized.ok("list", "--json").stdout)
    assert entries[0]["description"] == "the old bar on my way home"


def test_locked_logging_at_a_terminal_never_asks_for_the_passphrase(initialized: Cli) -> None:
    child = spawn(initialized, "craving", "9", "--coping", "breathing")
    rest, status = finish(child)
    assert status == 0, rest
    assert LOCKED in rest
    assert "Passphrase" not in rest
    assert json.loads(initialized.ok("list", "--json").stdout)[0]["intensity"] == 9


def test_ctrl_c_at_a_question_exits_130_and_saves_nothing(initialized: Cli) -> None:
    child = spawn(initialized, "trigger")
    child.expect("What was the trigger")
    child.sendintr()
    rest, status = finish(child)
    assert status == 130
    assert "Cancelled; nothing was saved." in rest
    assert json.loads(initialized.ok("list", "--json").stdout) == []


def test_note_text_left_out_is_asked_for_and_never_needs_the_command_line(
    initialized: Cli,
) -> None:
    child = spawn(initialized, "note")
    child.expect("Ctrl-D")
    child.sendline("Private words that should not sit in shell history.")
    child.sendline("A second line.")
    child.sendeof()
    rest, status = finish(child)
    assert status == 0, rest
    assert "Saved note" in rest
    assert LOCKED in rest
    entries = json.loads(initialized.ok("list", "--json").stdout)
    expected = "Private words that should not sit in shell history.\nA second line."
    assert entries[0]["text"] == expected


def test_gratitude_items_are_asked_for_one_per_line(initialized: Cli) -> None:
    child = spawn(initialized, "gratitude")
    child.expect("an empty line finishes")
    child.expect("1: ")
    child.sendline("a warm bed")
    child.expect("2: ")
    child.sendline("the dog")
    child.expect("3: ")
    child.sendline("")
    rest, status = finish(child)
    assert status == 0, rest
    entries = json.loads(initialized.ok("list", "--json").stdout)
    assert entries[0]["items"] == ["a warm bed", "the dog"]


def test_delete_asks_for_confirmation_and_no_keeps_the_entry(initialized: Cli) -> None:
    entry_id = initialized.log("mood", "5")
    child = spawn(initialized, "delete", entry_id)
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect(r"Delete mood .*\? \[y/N\]: ")
    child.sendline("n")
    rest, status = finish(child)
    assert status == 0
    assert "nothing was deleted" in rest
    assert initialized.ok("show", entry_id).exit_code == 0


def test_with_several_trackers_a_use_asks_which_one_it_counts_for(initialized: Cli) -> None:
    initialized.ok("tracker", "add", "nicotine")
    child = spawn(without_inbox(initialized), "use")
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect(r"Which tracker does this use count for\?")
    child.expect("Choose 1-4: ")
    child.sendline("Nicotine")
    child.expect(r"reflection on it now\? \[y/N\]: ")  # offered after a use at a terminal
    child.sendline("")
    rest, status = finish(child)
    assert status == 0, rest
    entries = json.loads(initialized.ok("list", "--json").stdout)
    assert entries[0]["substance"] == "nicotine"
