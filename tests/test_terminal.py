"""At a real terminal (a pseudo-terminal driven by pexpect): hidden passphrase
prompts, asked twice at init, and private text asked for instead of typed as
arguments."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import PASSPHRASE, Cli, finish, spawn

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


def test_a_command_asks_for_the_passphrase_once_and_a_wrong_one_is_refused(
    initialized: Cli,
) -> None:
    child = spawn(initialized, "list")
    child.expect("Passphrase: ")
    child.sendline("not the passphrase")
    rest, status = finish(child)
    assert status == 1
    assert "Wrong passphrase" in rest
    assert "not the passphrase" not in rest


def test_note_text_left_out_is_asked_for_and_never_needs_the_command_line(
    initialized: Cli,
) -> None:
    child = spawn(initialized, "note")
    child.expect("Ctrl-D")
    child.sendline("Private words that should not sit in shell history.")
    child.sendline("A second line.")
    child.sendeof()
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    rest, status = finish(child)
    assert status == 0, rest
    assert "Saved note" in rest
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
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
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
    child = spawn(initialized, "use")
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect(r"Which tracker does this count for \(sobriety, nicotine\)\?")
    child.sendline("Nicotine")
    rest, status = finish(child)
    assert status == 0, rest
    entries = json.loads(initialized.ok("list", "--json").stdout)
    assert entries[0]["substance"] == "nicotine"
