"""What is deleted, edited away or re-keyed leaves no copy in the file.

SQLite's secure_delete zeroes what it frees, but a cell it moves to another page while
rebalancing can leave its old copy in unused space: about one journal in eight kept one
old record after `rotate-keys`, one in twenty after a few deletes and edits, when this
was first measured. After a commit that replaced or deleted values the file is searched
for them, and rebuilt (VACUUM) if any is left; `rotate-keys` and `restore` always rebuild.
Real journals on disk, of random layouts, searched byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import journal_files
from recovery_journal.domain import ids
from recovery_journal.domain.entries import Entry, Note
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import StorageError
from recovery_journal.vault import crypto, storage
from recovery_journal.vault.files import holds_any
from recovery_journal.vault.journal import Journal

pytestmark = pytest.mark.slow  # the torture tests: `-m 'not slow'` skips them

SECRET = crypto.Secret.from_passphrase("an invented passphrase")
AT = datetime(2026, 3, 1, 21, 0, tzinfo=timezone.utc)
SIZES = (10, 300, 900, 3000, 5000, 9000)  # one bucket to several overflow pages
TRIALS = 12


def filled(path: Path, rng: random.Random) -> list[Entry]:
    """A journal of 20 to 80 notes of mixed sizes, in random row order."""
    tracker = Tracker(id="", name="alcohol", clean_date=date(2026, 1, 1))
    with Journal.create(path, SECRET, tracker) as journal:
        return [
            journal.add(Note(id="", at=AT + timedelta(minutes=i), text="x" * rng.choice(SIZES)))
            for i in range(rng.randint(20, 80))
        ]


def left_behind(path: Path, old: list[bytes]) -> list[bytes]:
    raw = b"".join(file.read_bytes() for file in journal_files(path))
    return [needle for needle in old if needle in raw]


def test_deleted_and_edited_entries_leave_no_old_ciphertext(
    tmp_path: Path, figures: Callable[..., None]
) -> None:
    rng = random.Random(2026)
    changed = 0
    for trial in range(TRIALS):
        path = tmp_path / f"{trial}" / "journal.db"
        notes = filled(path, rng)
        old: list[bytes] = []
        with Journal.unlock(path, SECRET) as journal:
            for note in rng.sample(notes, 6):
                blob = journal.store.record(ids.decode(note.id))
                assert blob is not None
                old.append(blob[:32])
                if rng.random() < 0.5:
                    journal.delete(note)
                else:
                    journal.replace(note.with_changes(text="y" * rng.choice(SIZES)))
                changed += 1
        assert left_behind(path, old) == [], f"trial {trial}"
    figures("wipe: deletes and edits", trials=TRIALS, changed=changed, stale=0)


def test_rotating_keys_leaves_no_record_the_old_key_opens(tmp_path: Path) -> None:
    rng = random.Random(8)
    for trial in range(TRIALS):
        path = tmp_path / f"{trial}" / "journal.db"
        filled(path, rng)
        with Journal.unlock(path, SECRET) as journal:
            old = [blob[:32] for _, blob in journal.store.records()]
            journal.rotate_keys(SECRET)
        assert left_behind(path, old) == [], f"trial {trial}"


def test_the_file_is_rebuilt_only_when_a_removed_value_is_still_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    first, second, third = filled(path, random.Random(1))[:3]
    rebuilt: list[Path] = []
    compact = storage.JournalFile.compact

    def counted(store: storage.JournalFile) -> None:
        rebuilt.append(store.path)
        compact(store)

    monkeypatch.setattr(storage.JournalFile, "compact", counted)
    with Journal.unlock(path, SECRET) as journal:
        journal.delete(first)
        assert rebuilt == []  # nothing of it left: searched, and not rebuilt
        blob = journal.store.record(ids.decode(second.id))
        assert blob is not None
        with journal.store.transaction() as conn:  # a copy that stays, as a moved cell would
            journal.store.put_meta(conn, {"copy-for-this-test": blob[:40]})
        journal.delete(second)
        assert rebuilt == [path]
        journal.delete(third)
        assert rebuilt == [path]  # what is left is a copy of the second, not the third


def test_a_wipe_that_fails_says_the_change_was_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    first, second = filled(path, random.Random(3))[:2]

    def full_disk(store: storage.JournalFile) -> None:
        raise StorageError("Not saved: the disk is full.")

    monkeypatch.setattr(storage.JournalFile, "compact", full_disk)
    with Journal.unlock(path, SECRET) as journal:
        blob = journal.store.record(ids.decode(first.id))
        assert blob is not None
        with journal.store.transaction() as conn:
            journal.store.put_meta(conn, {"copy-for-this-test": blob[:40]})
        with pytest.raises(StorageError, match="The change was saved, but") as raised:
            journal.delete(first)
        assert "rj rotate-keys" in str(raised.value)
        assert journal.store.record(ids.decode(first.id)) is None  # deleted all the same
        assert journal.get(second.id) == second


def test_a_needle_across_two_chunks_is_found(tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.write_bytes(b"a" * 30 + b"NEEDLE" + b"b" * 30)
    assert holds_any(path, [b"NEEDLE"], chunk=32)
    assert holds_any(path, [b"absent", b"NEEDLE"], chunk=7)
    assert not holds_any(path, [b"absent"], chunk=32)
    assert not holds_any(path, [], chunk=32)
