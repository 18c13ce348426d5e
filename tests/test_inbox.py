"""Logging while locked: entries sealed to the inbox key without the passphrase, joined at unlock.

Real journal files, built through the library; the device's pins live in a state
folder under tmp_path (XDG_STATE_HOME and HOME), so a test starts as a new device.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from recovery_journal.domain import ids
from recovery_journal.domain.entries import Craving, Mood, Note, Use
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import InboxKeyTampered, NoInbox
from recovery_journal.vault import crypto, inbox, inbox_crypto, pins
from recovery_journal.vault.journal import Journal

PASSPHRASE = crypto.Secret.from_passphrase("correct horse battery staple")
AT = datetime(2026, 3, 1, 21, 30, tzinfo=timezone(timedelta(hours=1)))
WORDS = ["marzipanfjordlight", "quokkabarometer42", "velvetlighthouse9"]


@pytest.fixture(autouse=True)
def state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """This device's state folder (the inbox pins), private to the test."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "state" / "recovery-journal"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.db"


def create(path: Path, *trackers: str) -> None:
    names = trackers or ("Alcohol",)
    with Journal.create(
        path, PASSPHRASE, Tracker(id="", name=names[0], clean_date=date(2026, 1, 1))
    ) as j:
        for name in names[1:]:
            j.add_tracker(Tracker(id="", name=name, clean_date=date(2026, 1, 1)))


@pytest.fixture
def journal(path: Path) -> Path:
    create(path)
    return path


@contextlib.contextmanager
def unlocked(path: Path, **kwargs: bool) -> Iterator[Journal]:
    with Journal.unlock(path, PASSPHRASE, **kwargs) as j:
        yield j


def note(text: str, at: datetime = AT) -> Note:
    return Note(id="", at=at, text=text)


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        yield db


def meta(path: Path, key: str) -> bytes | None:
    with raw(path) as db:
        row = db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
    return None if row is None else bytes(row[0])


def set_meta(path: Path, key: str, value: bytes) -> None:
    with raw(path) as db:
        db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (key, value))


def waiting_rows(path: Path) -> dict[str, bytes]:
    with raw(path) as db:
        rows = db.execute("SELECT k, v FROM meta WHERE k LIKE 'inbox:%'").fetchall()
    return {k: bytes(v) for k, v in rows}


def entry_ids(path: Path) -> list[str]:
    with unlocked(path) as j:
        return sorted(e.id for e in j.contents().entries)


def file_bytes(path: Path) -> dict[str, bytes]:
    files = [path, *(Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal"))]
    return {p.name: p.read_bytes() for p in files if p.exists()}


def found(files: dict[str, bytes], words: list[str]) -> list[tuple[str, str]]:
    return [
        (word, name)
        for word in words
        for name, data in files.items()
        for needle in (word.encode(), word.encode("utf-16-le"))
        if needle in data
    ]


def plant(path: Path, payload: bytes, row_id: int | None = None) -> int:
    """What an attacker with the file alone can do: seal anything to the real public key."""
    row_id = row_id or crypto.random_row_id()
    public, journal_id = meta(path, "inbox_public"), meta(path, "journal_id")
    assert public is not None
    assert journal_id is not None
    sealed = inbox_crypto.seal_entry(public, journal_id, row_id, payload)
    set_meta(path, inbox_crypto.row_name(row_id), sealed)
    return row_id


def envelope(entry: dict[str, object], logged: int = 1) -> bytes:
    return json.dumps({"v": 1, "logged": logged, "entry": entry}).encode()


# -- logging and joining ---------------------------------------------------------------


def test_an_entry_logged_while_locked_joins_once_under_the_id_given_when_logged(
    journal: Path,
) -> None:
    public_id = inbox.seal_locked(journal, Mood(id="ignored", at=AT, score=4, note="rough day"))
    assert len(public_id) == ids.ID_CHARS
    assert inbox.waiting_count(journal) == 1
    with unlocked(journal) as j:
        joined = j.join_inbox()
        assert joined.unreadable == 0
        assert [e.id for e in joined.entries] == [public_id]
        assert joined.entries[0] == Mood(id=public_id, at=AT, score=4, note="rough day")
        assert j.get(public_id) == joined.entries[0]
        assert j.join_inbox().entries == ()  # nothing joins twice
    assert inbox.waiting_count(journal) == 0
    assert entry_ids(journal) == [public_id]


def test_twenty_locked_entries_join_exactly_once_in_logging_order(journal: Path) -> None:
    # Logged out of time order: the join keeps the order they were logged in.
    logged = [
        inbox.seal_locked(journal, note(f"entry {n}", AT - timedelta(hours=n % 7)))
        for n in range(20)
    ]
    assert inbox.waiting_count(journal) == 20
    with unlocked(journal) as j:
        joined = j.join_inbox()
    assert [e.id for e in joined.entries] == logged
    assert [e.text for e in joined.entries if isinstance(e, Note)] == [
        f"entry {n}" for n in range(20)
    ]
    assert entry_ids(journal) == sorted(logged)
    assert waiting_rows(journal) == {}


def test_a_locked_use_counts_against_the_tracker_its_substance_names(path: Path) -> None:
    create(path, "Alcohol", "Cannabis")
    named = inbox.seal_locked(path, Use(id="", at=AT, substance="cannabis"))
    unnamed = inbox.seal_locked(path, Use(id="", at=AT))
    unknown = inbox.seal_locked(path, Use(id="", at=AT, substance="kratom"))
    used = inbox.seal_locked(
        path, Craving(id="", at=AT, intensity=8, substance="alcohol", outcome="used")
    )
    resisted = inbox.seal_locked(path, Craving(id="", at=AT, intensity=8, substance="alcohol"))
    with unlocked(path) as j:
        by_name = {t.name: t.id for t in j.contents().trackers}
        joined = {e.id: e for e in j.join_inbox().entries}
    tracker = {key: getattr(joined[key], "tracker", None) for key in joined}
    assert tracker[named] == by_name["Cannabis"]
    assert tracker[used] == by_name["Alcohol"]
    assert tracker[unnamed] is None  # several trackers, no substance: left for the person
    assert tracker[unknown] is None  # names none of them
    assert tracker[resisted] is None


def test_with_one_tracker_every_locked_use_counts_against_it(journal: Path) -> None:
    inbox.seal_locked(journal, Use(id="", at=AT))
    with unlocked(journal) as j:
        (tracker,) = j.contents().trackers
        (use,) = j.join_inbox().entries
    assert isinstance(use, Use)
    assert use.tracker == tracker.id


# -- what the file tells a thief ---------------------------------------------------------


def test_the_words_of_a_locked_note_never_reach_the_files(journal: Path) -> None:
    # A reader holds the database open, so the -wal and -shm stay to be searched.
    with raw(journal) as reader:
        reader.execute("SELECT count(*) FROM meta").fetchone()
        for word in WORDS:
            inbox.seal_locked(journal, note(f"tonight {word} again", AT))
        before = file_bytes(journal)
        with unlocked(journal) as j:
            assert len(j.join_inbox().entries) == len(WORDS)
            during = file_bytes(journal)
    after = file_bytes(journal)
    assert len(before.get("journal.db-wal", b"")) > 4096  # the writes were still in the WAL
    assert "journal.db-shm" in before
    for files in (before, during, after):
        assert found(files, WORDS) == []
    # The search itself works.
    assert found({"x": b"..." + WORDS[0].encode("utf-16-le")}, WORDS) == [(WORDS[0], "x")]


def test_waiting_rows_are_padded_like_records(journal: Path) -> None:
    for length in (0, 1, 40, 80, 100):
        inbox.seal_locked(journal, note("n" + "x" * length))
    inbox.seal_locked(journal, note("y" * 600))
    inbox.seal_locked(journal, note("z" * 6000))
    sizes = sorted(len(blob) for blob in waiting_rows(journal).values())
    overhead = 1 + 32 + 12 + 16  # version, ephemeral key, nonce, tag
    assert sizes[:5] == [overhead + 256] * 5  # 1 to 101 characters: one size
    assert sizes[5] == overhead + 3 * 256
    assert sizes[6] == overhead + 8192


def test_the_file_holds_only_two_tables_and_the_inbox_in_meta(journal: Path) -> None:
    inbox.seal_locked(journal, note("one"))
    with raw(journal) as db:
        tables = sorted(
            row[0] for row in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
        )
        keys = {row[0] for row in db.execute("SELECT k FROM meta")}
    assert tables == ["meta", "records"]
    inbox_keys = {k for k in keys if k.startswith("inbox")}
    assert len(inbox_keys) == 3
    assert {"inbox_public", "inbox_key"} < inbox_keys
    assert len(meta(journal, "inbox_public") or b"") == 32


# -- a key swapped in the file -------------------------------------------------------------


def attacker_key(path: Path) -> bytes:
    attacker = inbox_crypto.InboxKey.generate()
    set_meta(path, "inbox_public", attacker.public)
    return attacker.public


def test_a_swapped_inbox_key_is_refused_by_the_pin_and_at_unlock(journal: Path) -> None:
    inbox.seal_locked(journal, note("before the swap"))
    attacker_key(journal)
    with pytest.raises(InboxKeyTampered, match="not the one this device saw before"):
        inbox.seal_locked(journal, note(WORDS[0]))
    assert len(waiting_rows(journal)) == 1  # nothing written
    with pytest.raises(InboxKeyTampered) as raised:
        Journal.unlock(journal, PASSPHRASE)
    message = str(raised.value)
    assert "changed this journal's inbox key outside rj" in message
    assert "may have been readable" in message
    assert "rj verify" in message
    assert raised.value.exit_code == 1
    # Repairing trusts the half sealed with the data key: the real key is back.
    with unlocked(journal, repair_inbox=True) as j:
        assert j.inbox_repaired
        assert [e.text for e in j.join_inbox().entries if isinstance(e, Note)] == [
            "before the swap"
        ]
    inbox.seal_locked(journal, note("after the repair"))
    with unlocked(journal) as j:
        assert not j.inbox_repaired
        assert len(j.join_inbox().entries) == 1


def test_a_key_swapped_before_this_device_saw_it_is_caught_at_the_next_unlock(
    journal: Path, state: Path
) -> None:
    (state / pins.PIN_FILE).unlink()  # a new device: nothing pinned
    attacker_key(journal)
    inbox.seal_locked(journal, note("trusted on first sight"))  # the known limit of pinning
    with pytest.raises(InboxKeyTampered):
        Journal.unlock(journal, PASSPHRASE)


@pytest.mark.parametrize("public", [bytes(32), b"\x01" + bytes(31), b"short"])
def test_an_unusable_public_key_is_refused_on_a_new_device(
    journal: Path, state: Path, public: bytes
) -> None:
    (state / pins.PIN_FILE).unlink()
    set_meta(journal, "inbox_public", public)  # low-order points give an all-zero secret
    with pytest.raises(InboxKeyTampered, match="inbox key is damaged"):
        inbox.seal_locked(journal, note("nothing"))
    assert waiting_rows(journal) == {}


def test_a_damaged_or_missing_sealed_half_is_a_tamper_error(journal: Path) -> None:
    sealed = bytearray(meta(journal, "inbox_key") or b"")
    sealed[20] ^= 1
    set_meta(journal, "inbox_key", bytes(sealed))
    with pytest.raises(InboxKeyTampered):
        Journal.unlock(journal, PASSPHRASE)
    with raw(journal) as db:
        db.execute("DELETE FROM meta WHERE k = 'inbox_key'")
    with pytest.raises(InboxKeyTampered):
        Journal.unlock(journal, PASSPHRASE)
    with unlocked(journal, repair_inbox=True) as j:  # a new pair
        assert j.inbox_repaired
    inbox.seal_locked(journal, note("works again"))
    with unlocked(journal) as j:
        assert len(j.join_inbox().entries) == 1


def test_the_sealed_half_is_bound_to_its_journal(journal: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    create(other)
    set_meta(journal, "inbox_key", meta(other, "inbox_key") or b"")
    set_meta(journal, "inbox_public", meta(other, "inbox_public") or b"")
    with pytest.raises(InboxKeyTampered):
        Journal.unlock(journal, PASSPHRASE)


# -- rows planted by someone with the file ---------------------------------------------------


def test_a_planted_entry_is_joined_and_listed(journal: Path) -> None:
    row_id = plant(
        journal,
        envelope(
            {"kind": "note", "at": AT.isoformat(), "text": "planted", "note": None, "tags": []}
        ),
    )
    with unlocked(journal) as j:
        joined = j.join_inbox()
    assert [e.id for e in joined.entries] == [ids.encode(row_id)]
    assert joined.unreadable == 0


def test_unreadable_rows_are_reported_not_joined_and_kept(journal: Path) -> None:
    kept = inbox.seal_locked(journal, note("a real one"))
    garbage = {
        "inbox:00000000000000ab": os.urandom(317),
        "inbox:00000000000000ac": b"",
        "inbox:zz": os.urandom(317),
        "inbox:00000000000000AD": os.urandom(317),
    }
    for name, blob in garbage.items():
        set_meta(journal, name, blob)
    plant(journal, b"{not json")
    plant(
        journal,
        json.dumps(
            {"v": 1, "logged": 1, "entry": {"kind": "mood", "at": AT.isoformat(), "score": 99}}
        ).encode(),
    )
    plant(journal, envelope({"kind": "alien", "at": AT.isoformat()}))
    plant(journal, envelope({"kind": "note", "at": "yesterday", "text": "x"}))
    plant(journal, envelope({"kind": "note", "at": AT.isoformat(), "text": "x", "tags": [1, None]}))
    plant(journal, json.dumps({"v": 2, "logged": 1, "entry": {}}).encode())
    plant(journal, b"[" * 100_000 + b"]" * 100_000)
    # A real row moved to another name does not open: the row id is bound into the seal.
    rows = waiting_rows(journal)
    real_name = inbox_crypto.row_name(ids.decode(kept))
    set_meta(journal, "inbox:00000000000000ae", rows[real_name])
    unreadable = len(garbage) + 8
    assert inbox.waiting_count(journal) == unreadable + 1
    with unlocked(journal) as j:
        joined = j.join_inbox()
        assert [e.id for e in joined.entries] == [kept]
        assert joined.unreadable == unreadable
        assert j.join_inbox().unreadable == unreadable  # kept, reported again
        assert j.discard_unreadable_inbox() == unreadable
        assert j.join_inbox() == inbox.JoinedInbox()
    assert waiting_rows(journal) == {}
    assert entry_ids(journal) == [kept]


def test_a_planted_row_under_a_taken_id_joins_under_a_new_one(journal: Path) -> None:
    with unlocked(journal) as j:
        existing = j.add(note("already here"))
    planted = envelope(
        {"kind": "note", "at": AT.isoformat(), "text": "planted", "note": None, "tags": []}
    )
    plant(journal, planted, row_id=ids.decode(existing.id))
    with unlocked(journal) as j:
        (joined,) = j.join_inbox().entries
        assert joined.id != existing.id
        assert j.get(existing.id) == existing
    assert len(entry_ids(journal)) == 2


def test_a_row_put_back_after_joining_is_not_joined_twice(journal: Path) -> None:
    inbox.seal_locked(journal, note("once"))
    copy = waiting_rows(journal)
    with unlocked(journal) as j:
        assert len(j.join_inbox().entries) == 1
    for name, blob in copy.items():
        set_meta(journal, name, blob)
    with unlocked(journal) as j:
        assert j.join_inbox() == inbox.JoinedInbox()
    assert len(entry_ids(journal)) == 1
    assert waiting_rows(journal) == {}


# -- keys changing, and older journals ------------------------------------------------------


def test_rotating_keys_makes_a_new_inbox_key_and_keeps_waiting_entries(journal: Path) -> None:
    before = [inbox.seal_locked(journal, note(f"before {n}")) for n in range(3)]
    old_public = meta(journal, "inbox_public")
    with unlocked(journal) as j:
        j.rotate_keys(PASSPHRASE)
    assert meta(journal, "inbox_public") != old_public  # an old data key opens nothing later
    after = [inbox.seal_locked(journal, note(f"after {n}")) for n in range(2)]  # pin follows
    with unlocked(journal) as j:
        joined = j.join_inbox()
    assert joined.unreadable == 0
    assert sorted(e.id for e in joined.entries) == sorted(before + after)


def test_a_new_passphrase_keeps_the_inbox(journal: Path) -> None:
    inbox.seal_locked(journal, note("waiting"))
    new = crypto.Secret.from_passphrase("a new passphrase for a new start")
    with unlocked(journal) as j:
        j.change_passphrase(new)
    inbox.seal_locked(journal, note("after"))
    with Journal.unlock(journal, new) as j:
        assert len(j.join_inbox().entries) == 2


def test_an_older_journal_gets_its_inbox_key_at_the_next_unlock(journal: Path) -> None:
    with raw(journal) as db:
        db.execute("DELETE FROM meta WHERE k IN ('inbox_public', 'inbox_key')")
    with pytest.raises(NoInbox, match="no inbox yet: unlock it once"):
        inbox.seal_locked(journal, note("too early"))
    assert waiting_rows(journal) == {}
    with unlocked(journal) as j:
        assert j.join_inbox() == inbox.JoinedInbox()
    assert len(meta(journal, "inbox_public") or b"") == 32
    public_id = inbox.seal_locked(journal, note("now it works"))
    with unlocked(journal) as j:
        assert [e.id for e in j.join_inbox().entries] == [public_id]


def test_a_backup_read_in_memory_neither_adds_nor_pins_a_key(
    journal: Path, state: Path, tmp_path: Path
) -> None:
    from recovery_journal.vault import backup

    with raw(journal) as db:
        db.execute("DELETE FROM meta WHERE k IN ('inbox_public', 'inbox_key')")
    pinned = (state / pins.PIN_FILE).read_bytes()
    with backup.open_backup(journal, PASSPHRASE) as copy:
        assert copy.join_inbox() == inbox.JoinedInbox()
    assert (state / pins.PIN_FILE).read_bytes() == pinned
    assert meta(journal, "inbox_public") is None


def test_the_pin_file_is_private(journal: Path, state: Path) -> None:
    assert (state.stat().st_mode & 0o777) == 0o700
    assert ((state / pins.PIN_FILE).stat().st_mode & 0o777) == 0o600
    journal_id = meta(journal, "journal_id")
    assert journal_id is not None
    assert pins.pinned(journal_id) == meta(journal, "inbox_public")
    (state / pins.PIN_FILE).write_text("{damaged")
    assert pins.pinned(journal_id) is None
    inbox.seal_locked(journal, note("pinned again at first sight"))
    assert pins.pinned(journal_id) == meta(journal, "inbox_public")


def test_a_key_pair_whose_halves_do_not_match_is_a_loud_error_when_used() -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    private = X25519PrivateKey.generate()
    someone_else = inbox_crypto.InboxKey.generate().public
    mismatched = inbox_crypto.InboxKey(crypto.Secret(private.private_bytes_raw()), someone_else)
    with pytest.raises(InboxKeyTampered):
        mismatched.private_key()
    matching = private.public_key().public_bytes_raw()
    paired = inbox_crypto.InboxKey(crypto.Secret(private.private_bytes_raw()), matching)
    assert paired.private_key().public_key().public_bytes_raw() == matching
