"""The manifest (SECURITY.md C7): nothing deleted, rolled back or planted goes unnoticed.

Each case tampers with the file as an attacker with write access and no key would (the
sqlite3 shell), then checks that `verify` names what is wrong, that reading commands
refuse with one line (exit 1) and write nothing, and that every way rj itself writes
keeps the manifest exact. Whole-file rollback is caught against the counter this device
remembers; a deliberate `restore` or `verify --accept-changes` is not flagged again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSPHRASE, Cli, Result, before_the_manifest, journal_files, record_ids
from recovery_journal.domain import ids
from recovery_journal.domain.entries import Mood
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import ChangedOutsideRj
from recovery_journal.vault import crypto, manifest
from recovery_journal.vault.journal import Journal
from test_cli_safety import read_only

NEW_PASSPHRASE = "a different staple for the horse"
SECRET = crypto.Secret.from_passphrase(PASSPHRASE)
READING = (("list",), ("streak",), ("trends",), ("export", "data", "--format", "json"))


def fingerprint(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in journal_files(path)}


def sql(path: Path, statement: str, params: tuple[Any, ...] = ()) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(statement, params)


def blobs(path: Path) -> dict[int, bytes]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {row: bytes(blob) for row, blob in db.execute("SELECT id, blob FROM records")}


def meta_value(path: Path, key: str) -> bytes:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return bytes(db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()[0])


def row_of(cli: Cli, short: str) -> int:
    listed = json.loads(cli.ok("list", "--json", "--limit", "0").stdout)
    (full,) = [entry["id"] for entry in listed if entry["id"].startswith(short)]
    return ids.decode(full)


def error(result: Result) -> str:
    """The one `Error:` line of a run that failed with exit 1."""
    assert result.exit_code == 1, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result
    assert lines[0].startswith("Error: "), result
    assert "Traceback" not in result.output
    return lines[0]


def refused_everywhere(cli: Cli, fragment: str) -> str:
    """verify names `fragment`; every reading command refuses with the same one line,
    exit 1, and the journal's files are left byte for byte as they were."""
    before = fingerprint(cli.journal)
    line = error(cli("verify"))
    assert fragment in line, line
    assert "changed outside rj" in line.lower()
    for command in READING:
        assert error(cli(*command)) == line, command
    assert fingerprint(cli.journal) == before
    return line


@pytest.fixture
def nine_days(fresh: Cli) -> tuple[Cli, str]:
    """A journal whose only use was nine days ago, and a few other entries; the use's id."""
    use = fresh.log("use", "--at", "9 days ago")
    fresh.log("mood", "6", "--at", "3 days ago")
    fresh.log("note", "a quiet day", "--at", "2 days ago")
    return fresh, use


def current_days(cli: Cli) -> int:
    (report,) = json.loads(cli.ok("streak", "--json").stdout)
    return int(report["current_days"])


# -- what an attacker without the key can do to the records ----------------------------------


def test_a_deleted_use_is_one_record_missing_and_the_streak_is_never_quietly_longer(
    nine_days: tuple[Cli, str], figures: Callable[..., None]
) -> None:
    cli, use = nine_days
    days = current_days(cli)
    row = row_of(cli, use)
    sql(cli.journal, "DELETE FROM records WHERE id = ?", (row,))
    line = refused_everywhere(cli, f"1 record missing ({ids.encode(row)})")
    assert error(cli("show", use)).startswith("Error: ")
    # Logging still works (a person in a hard moment is never turned away), and the
    # manifest, updated term by term, keeps the evidence: the deletion stays named.
    cli.log("mood", "5")
    assert error(cli("streak")) == line
    figures("manifest: a use row deleted", streak_before=days, streak_after="refused", named=1)


def test_an_edited_entrys_old_blob_put_back_is_one_record_rolled_back(
    nine_days: tuple[Cli, str], figures: Callable[..., None]
) -> None:
    cli, _ = nine_days
    note = cli.log("note", "before")
    row = row_of(cli, note)
    old = blobs(cli.journal)[row]
    cli.ok("edit", note, "--text", "after, with more")
    sql(cli.journal, "UPDATE records SET blob = ? WHERE id = ?", (old, row))
    refused_everywhere(cli, f"1 record rolled back ({ids.encode(row)})")
    figures("manifest: an old blob put back", rolled_back=1)


def test_a_deleted_entry_put_back_from_an_old_copy_is_not_in_the_manifest(
    nine_days: tuple[Cli, str], tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli, use = nine_days
    row = row_of(cli, use)
    old = blobs(cli.journal)[row]
    cli.ok("delete", use, "--yes")
    sql(cli.journal, "INSERT INTO records (id, blob) VALUES (?, ?)", (row, old))
    refused_everywhere(cli, f"1 record not in the manifest ({ids.encode(row)})")
    figures("manifest: a deleted use resurrected", not_in_manifest=1)


def test_several_changes_at_once_are_each_named(fresh: Cli, figures: Callable[..., None]) -> None:
    cli = fresh
    notes = [cli.log("note", f"note {n}") for n in range(6)]
    rows = [row_of(cli, note) for note in notes]
    old = blobs(cli.journal)[rows[3]]
    cli.ok("edit", notes[3], "--text", "changed")
    gone = rows[:3]
    for row in gone:
        sql(cli.journal, "DELETE FROM records WHERE id = ?", (row,))
    sql(cli.journal, "UPDATE records SET blob = ? WHERE id = ?", (old, rows[3]))
    cli_rows_before = record_ids(cli.journal)
    line = error(cli("verify"))
    assert "3 records missing" in line, line
    assert "1 record rolled back" in line, line
    verify = cli("verify").stdout
    assert all(ids.encode(row) in verify for row in gone)
    assert record_ids(cli.journal) == cli_rows_before
    figures("manifest: 3 deleted + 1 rolled back", missing=3, rolled_back=1)


def test_a_flipped_byte_is_still_said_as_one_damaged_record(fresh: Cli) -> None:
    """Damage the AEAD catches is reported as damage by id, not as a manifest change."""
    cli = fresh
    row = row_of(cli, cli.log("note", "flip me"))
    blob = bytearray(blobs(cli.journal)[row])
    blob[30] ^= 1
    sql(cli.journal, "UPDATE records SET blob = ? WHERE id = ?", (bytes(blob), row))
    line = error(cli("verify"))
    assert "1 damaged" in line
    assert ids.encode(row) in line
    assert "outside rj" not in line


def test_entries_logged_while_locked_wait_until_the_journal_checks_out(fresh: Cli) -> None:
    """Joining is a write: on a journal changed outside rj a reading command joins nothing
    (it refuses, and the file is left as it was); once accepted, the entry joins."""
    cli = fresh
    row = row_of(cli, cli.log("note", "to be deleted"))
    locked = cli.ok("mood", "3", passphrase=None).stdout  # "Saved mood ID (locked: ...)"
    waiting = locked.split()[2]
    sql(cli.journal, "DELETE FROM records WHERE id = ?", (row,))
    refused_everywhere(cli, "1 record missing")
    cli.ok("verify", "--accept-changes")
    listed = json.loads(cli.ok("list", "--json").stdout)
    assert [entry["id"][:7] for entry in listed] == [waiting]


# -- keyslots and meta rows -----------------------------------------------------------------


def test_the_keyslot_from_before_passwd_put_back_is_caught(
    fresh: Cli, figures: Callable[..., None]
) -> None:
    cli = fresh
    cli.log("note", "private")
    old_slot = meta_value(cli.journal, "keyslot:passphrase")
    cli.ok("passwd", env={"RECOVERY_JOURNAL_NEW_PASSPHRASE": NEW_PASSPHRASE})
    sql(cli.journal, "UPDATE meta SET v = ? WHERE k = 'keyslot:passphrase'", (old_slot,))
    # The old passphrase opens the file again: the manifest says the slot is not rj's.
    before = fingerprint(cli.journal)
    line = error(cli("list"))
    assert "keyslot changed outside rj (passphrase)" in line
    assert "keyslot changed outside rj (passphrase)" in error(cli("verify"))
    assert fingerprint(cli.journal) == before
    figures("manifest: keyslot from before passwd", opened_with="old passphrase", refused=1)


def test_a_planted_or_removed_meta_row_is_named(fresh: Cli) -> None:
    cli = fresh
    sql(cli.journal, "INSERT INTO meta (k, v) VALUES ('note_to_self', x'00')")
    refused_everywhere(cli, "unknown meta row (note_to_self)")
    sql(cli.journal, "DELETE FROM meta WHERE k = 'note_to_self'")
    cli.ok("verify")
    cli.ok("recovery-key", "new")
    sql(cli.journal, "DELETE FROM meta WHERE k = 'keyslot:recovery'")
    refused_everywhere(cli, "keyslot removed outside rj (recovery)")


def test_a_missing_or_damaged_manifest_refuses_reads_and_writes(fresh: Cli) -> None:
    cli = fresh
    cli.log("note", "kept")
    sealed = bytearray(meta_value(cli.journal, "manifest"))
    sealed[-3] ^= 1
    sql(cli.journal, "UPDATE meta SET v = ? WHERE k = 'manifest'", (bytes(sealed),))
    line = refused_everywhere(cli, "the manifest is damaged")
    assert error(cli("note", "more")) == line
    sql(cli.journal, "DELETE FROM meta WHERE k = 'manifest'")
    refused_everywhere(cli, "the manifest is missing")


def test_the_manifest_of_an_older_copy_is_caught_by_its_contents_and_counter(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    cli.log("note", "first")
    older = meta_value(cli.journal, "manifest")
    cli.log("note", "second")
    sql(cli.journal, "UPDATE meta SET v = ? WHERE k = 'manifest'", (older,))
    line = error(cli("verify"))
    assert "older than the one last opened on this device" in line


def test_a_stripped_manifest_on_a_device_that_saw_it_is_no_upgrade(fresh: Cli) -> None:
    """Removing the manifest and writing schema 1 makes the file look older than the
    manifest; this device remembers a counter for it, so it is refused, not upgraded."""
    cli = fresh
    cli.log("note", "kept")
    sql(cli.journal, "DELETE FROM meta WHERE k = 'manifest'")
    sql(cli.journal, "UPDATE meta SET v = x'31' WHERE k = 'schema'")
    refused_everywhere(cli, "this device has opened it with one before")


# -- whole-file rollback against this device's counter ----------------------------------------


def test_an_older_copy_of_the_whole_file_is_flagged_until_accepted(
    fresh: Cli, tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli = fresh
    cli.log("note", "first")
    older = tmp_path / "older.db"
    shutil.copy(cli.journal, older)
    cli.log("note", "second")
    cli.log("note", "third")
    shutil.copy(older, cli.journal)
    line = refused_everywhere(cli, "older than the one last opened on this device")
    assert "was it restored from a backup?" in line
    before = fingerprint(cli.journal)
    assert error(cli("note", "a write would hide the rollback")) == line
    assert fingerprint(cli.journal) == before

    accepted = cli.ok("verify", "--accept-changes")
    assert "Changed outside rj: this journal is older" in accepted.stdout
    assert "Accepted" in accepted.stdout
    cli.ok("list")
    cli.log("note", "fourth")
    cli.ok("verify")
    figures("manifest: whole-file rollback", flagged=1, after_accept="reads")


def test_restore_is_a_deliberate_rollback_and_is_not_flagged(fresh: Cli, tmp_path: Path) -> None:
    cli = fresh
    cli.log("note", "in the backup")
    backup = tmp_path / "backup.db"
    cli.ok("backup", str(backup))
    for n in range(3):
        cli.log("note", f"after the backup {n}")
    cli.ok("restore", "--yes", str(backup))
    listed = json.loads(cli.ok("list", "--json").stdout)
    assert [entry["text"] for entry in listed] == ["in the backup"]
    cli.log("note", "after the restore")
    cli.ok("verify")


def test_backup_verify_checks_the_manifest_but_not_the_device_counter(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    cli.log("note", "one")
    backup = tmp_path / "backup.db"
    cli.ok("backup", str(backup))
    cli.log("note", "two")
    assert "Backup OK" in cli.ok("backup", "--verify", str(backup)).stdout  # older on purpose
    sql(backup, "DELETE FROM records WHERE id = (SELECT max(id) FROM records)")
    assert "1 record missing" in error(cli("backup", "--verify", str(backup)))
    assert "1 record missing" in error(cli("restore", "--yes", str(backup)))


def test_an_older_copy_kept_elsewhere_is_not_a_rollback(fresh: Cli, tmp_path: Path) -> None:
    """The device remembers each journal id per file: a backup opened where it lies is
    older on purpose; the same bytes put back in place of the journal are a rollback."""
    cli = fresh
    cli.log("note", "one")
    backup = tmp_path / "backup.db"
    cli.ok("backup", str(backup))
    cli.log("note", "two")
    listed = json.loads(cli.ok("--journal", str(backup), "list", "--json").stdout)
    assert [entry["text"] for entry in listed] == ["one"]
    cli.ok("list")
    shutil.copy(backup, cli.journal)
    assert "older than the one last opened" in error(cli("list"))


# -- upgrading a journal from before the manifest ---------------------------------------------


def test_a_journal_from_before_the_manifest_gets_one_at_its_next_unlock(
    fresh: Cli, tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli = fresh
    cli.log("note", "written before the manifest")
    before_the_manifest(cli.journal, tmp_path / "state")
    assert "manifest" not in {k for k, _ in _meta_rows(cli.journal)}
    cli.ok("list")
    assert meta_value(cli.journal, "schema") == b"2"
    assert not list(cli.journal.parent.glob("*.pre-migration-*"))  # removed once committed
    cli.ok("verify")
    row = max(record_ids(cli.journal))
    sql(cli.journal, "DELETE FROM records WHERE id = ?", (row,))
    refused_everywhere(cli, "1 record missing")
    figures("manifest: migration at next unlock", migrated=1, then_tamper_caught=1)


def test_a_read_only_journal_from_before_the_manifest_is_still_read(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    cli.log("note", "kept")
    before_the_manifest(cli.journal, tmp_path / "state")
    with read_only(cli.journal):
        listed = json.loads(cli.ok("list", "--json").stdout)
        assert [entry["text"] for entry in listed] == ["kept"]
        assert meta_value(cli.journal, "schema") == b"1"  # upgraded once it can be written
    cli.ok("list")
    assert meta_value(cli.journal, "schema") == b"2"


def _meta_rows(path: Path) -> list[tuple[str, bytes]]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return [(k, bytes(v)) for k, v in db.execute("SELECT k, v FROM meta")]


# -- every way rj writes keeps the manifest exact -----------------------------------------------


def test_every_command_that_writes_keeps_the_manifest_exact(
    fresh: Cli, tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli = fresh
    steps: list[tuple[str, ...]] = [
        ("mood", "6"),
        ("craving", "7", "--trigger", "stress"),
        ("note", "a note"),
        ("tracker", "add", "nicotine", "--clean-date", "2026-02-01"),
        ("export", "data", "--format", "json", "-o", str(tmp_path / "out.json"), "--yes"),
        ("recovery-key", "new"),
        ("recovery-key", "remove", "--yes"),
    ]
    for step in steps:
        cli.ok(*step)
        cli.ok("verify")
    note = cli.log("note", "to edit")
    cli.ok("edit", note, "--text", "edited")
    cli.ok("verify")
    cli.ok("delete", note, "--yes")
    cli.ok("verify")
    cli.ok("passwd", env={"RECOVERY_JOURNAL_NEW_PASSPHRASE": NEW_PASSPHRASE})
    cli.ok("verify", passphrase=NEW_PASSPHRASE)
    cli.ok("rotate-keys", passphrase=NEW_PASSPHRASE)
    cli.ok("verify", passphrase=NEW_PASSPHRASE)
    cli.log("mood", "4", passphrase=None)  # locked: into the inbox, without any key
    cli.ok("verify", passphrase=NEW_PASSPHRASE)  # checked, then joined
    cli.ok("verify", passphrase=NEW_PASSPHRASE)  # the joined record is in the manifest
    exported = tmp_path / "all.json"
    cli.ok("export", "data", "--format", "json", "-o", str(exported), "--yes",
           passphrase=NEW_PASSPHRASE)  # fmt: skip
    other_path = tmp_path / "other.db"
    other = Cli(other_path, {**cli.env, "RECOVERY_JOURNAL_PATH": str(other_path)})
    other.init()
    other.ok("import", "json", str(exported), "--merge-trackers")
    other.ok("verify")
    figures("manifest: writes kept exact", commands=len(steps) + 9, verify_failures=0)


def test_library_writes_keep_the_manifest_exact_and_cost_one_term_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    """O(1) per write: adding to a journal of 2,000 records hashes one record, not all."""
    path = tmp_path / "journal.db"
    tracker = Tracker(id="", name="sobriety", clean_date=date(2026, 1, 1))
    moods = [Mood(id="", score=1 + n % 10, at=_at(n)) for n in range(2000)]
    with Journal.create(path, SECRET, tracker) as journal:
        journal.add_many(moods)
    calls = {"term": 0, "terms": 0}
    real_term, real_terms = manifest.ManifestKey.term, manifest.ManifestKey.terms

    def term(self: manifest.ManifestKey, *args: Any) -> bytes:
        calls["term"] += 1
        return real_term(self, *args)

    def terms(self: manifest.ManifestKey, rows: Any) -> list[bytes]:
        calls["terms"] += 1
        return real_terms(self, rows)

    with Journal.unlock(path, SECRET) as journal:
        monkeypatch.setattr(manifest.ManifestKey, "term", term)
        monkeypatch.setattr(manifest.ManifestKey, "terms", terms)
        saved = journal.add(Mood(id="", score=5, at=_at(3000)))
        added = dict(calls)
        journal.replace(saved.with_changes(score=6))
        replaced = calls["term"] - added["term"]
        journal.delete(saved)
        monkeypatch.undo()
        assert journal.verify().ok
    assert added == {"term": 1, "terms": 0}
    assert replaced == 2  # the old version out, the new one in
    assert calls["terms"] == 0  # no write hashed the whole journal
    figures("manifest: terms per write at 2,000 records", add=1, replace=2, delete=1, full=0)


def _at(n: int) -> Any:
    from datetime import datetime, timezone

    return datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=n)


def test_the_library_refuses_with_changed_outside_rj(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    tracker = Tracker(id="", name="sobriety", clean_date=date(2026, 1, 1))
    with Journal.create(path, SECRET, tracker) as journal:
        saved = journal.add(Mood(id="", score=5, at=_at(1)))
    sql(path, "DELETE FROM records WHERE id = ?", (ids.decode(saved.id),))
    with Journal.unlock(path, SECRET) as journal:
        with pytest.raises(ChangedOutsideRj, match="1 record missing"):
            journal.contents()
        with pytest.raises(ChangedOutsideRj):
            journal.get(ids.short(saved.id))
        report = journal.verify()
        assert not report.ok
        assert report.changes == [f"1 record missing ({saved.id})"]
