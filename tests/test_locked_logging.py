"""Logging without unlocking: sealed to the journal's inbox, joined at the next unlock.

The sealing itself (crypto, padding, pins, kill -9 while joining) is proven in
test_inbox.py and test_torture_inbox.py; here: what a person sees at the command line.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import Cli, journal_files

LOCKED = "(locked: it joins your journal when you next unlock)"


@pytest.fixture
def locked(fresh: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A journal with its inbox key (made at its first unlock), now locked."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("RECOVERY_JOURNAL_AGENT_DIR", str(tmp_path / "agent"))
    fresh.env["XDG_STATE_HOME"] = str(state)
    fresh.env["RECOVERY_JOURNAL_AGENT_DIR"] = str(tmp_path / "agent")
    fresh.ok("verify")  # an unlock: the copied blank journal gets its inbox key and pin
    return fresh


def listed(cli: Cli) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads(cli.ok("list", "--json", "--limit", "0").stdout)
    return entries


def test_a_locked_log_needs_no_passphrase_and_says_honestly_where_it_went(locked: Cli) -> None:
    result = locked.ok("mood", "4", "--feeling", "shaky", passphrase=None)
    assert result.stdout.startswith("Saved mood ")
    assert LOCKED in result.stdout


def test_the_next_unlock_adds_what_was_logged_while_locked_and_says_what(locked: Cli) -> None:
    mood = locked.ok("mood", "4", passphrase=None).stdout.split()[2]
    craving = locked.ok("craving", "8", "--halt", "tired", passphrase=None).stdout.split()[2]
    unlocked = locked.ok("list", "--json")
    assert (
        f"2 entries logged while locked were added: mood {mood}, craving {craving}"
        in unlocked.stderr
    )
    entries = json.loads(unlocked.stdout)  # stdout stays pure JSON
    assert {entry["id"][:7] for entry in entries} == {mood, craving}
    again = locked.ok("list", "--json")
    assert "logged while locked" not in again.stderr  # joined once, never twice
    assert len(json.loads(again.stdout)) == 2


def test_twenty_locked_entries_join_exactly_once(locked: Cli) -> None:
    said = [
        locked.ok("mood", str(1 + i % 10), passphrase=None).stdout.split()[2] for i in range(20)
    ]
    entries = listed(locked)
    assert sorted(str(entry["id"])[:7] for entry in entries) == sorted(said)
    assert len(listed(locked)) == 20


def test_a_locked_notes_words_never_reach_the_file_in_plaintext(locked: Cli) -> None:
    secret = "Zanzibar-shaped craving after the funeral"
    locked.ok("note", secret, passphrase=None)
    for before_join in journal_files(locked.journal):
        raw = before_join.read_bytes()
        assert secret.encode() not in raw
        assert secret.encode("utf-16-le") not in raw
    assert [entry["text"] for entry in listed(locked)] == [secret]
    for after_join in journal_files(locked.journal):
        assert secret.encode() not in after_join.read_bytes()


def test_a_swapped_inbox_key_is_refused_when_logging_and_flagged_at_unlock(locked: Cli) -> None:
    with contextlib.closing(sqlite3.connect(locked.journal)) as db, db:
        db.execute("UPDATE meta SET v = ? WHERE k = 'inbox_public'", (os.urandom(32),))
    refused = locked("mood", "5", passphrase=None)
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: ")
    assert "Traceback" not in refused.output
    assert "inbox" in refused.stderr.lower()
    flagged = locked("list")
    assert flagged.exit_code == 1
    assert "inbox" in flagged.stderr.lower()
    repaired = locked.ok("verify")
    assert "changed outside rj" in repaired.stderr
    assert LOCKED in locked.ok("mood", "5", passphrase=None).stdout  # works again


def test_a_journal_without_an_inbox_yet_is_unlocked_as_before(fresh: Cli) -> None:
    """A journal copied from before the inbox: logging with a passphrase still works."""
    saved = fresh.ok("mood", "6")
    assert LOCKED not in saved.stdout
    assert len(listed(fresh)) == 1


def test_a_locked_log_is_validated_before_anything_is_written(locked: Cli) -> None:
    before = [path.read_bytes() for path in journal_files(locked.journal)]
    result = locked("mood", "11", passphrase=None)
    assert result.exit_code != 0
    assert [path.read_bytes() for path in journal_files(locked.journal)] == before
