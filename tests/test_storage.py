"""The journal file (storage.py) and the unlocked Journal service (journal.py), on real
SQLite files under tmp_path, plus selecting entries (query.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import KdfRuns
from recovery_journal.domain import ids
from recovery_journal.domain.entries import (
    Craving,
    Entry,
    Gratitude,
    Meeting,
    Mood,
    Note,
    Trigger,
    Use,
)
from recovery_journal.domain.query import EntryFilter, select
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import (
    AmbiguousId,
    DamagedEntries,
    EntryNotFound,
    InvalidInput,
    JournalExists,
    JournalMissing,
    NotAJournal,
    UnsupportedVersion,
    WrongPassphrase,
)
from recovery_journal.vault import crypto
from recovery_journal.vault.journal import EntryScope, Journal
from recovery_journal.vault.migrations import SCHEMA_VERSION
from recovery_journal.vault.storage import JournalFile

PASSPHRASE = "one day at a time, every day"
UTC = timezone.utc
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def secret(passphrase: str = PASSPHRASE) -> crypto.Secret:
    return crypto.Secret.from_passphrase(passphrase)


def first_tracker() -> Tracker:
    return Tracker(id="", name="alcohol", clean_date=date(2026, 1, 1))


def note(text: str, hours: int = 0, **kwargs: object) -> Note:
    return Note(id="", at=T0 + timedelta(hours=hours), text=text, **kwargs)  # type: ignore[arg-type]


def unlock(path: Path, passphrase: str = PASSPHRASE) -> Journal:
    return Journal.unlock(path, secret(passphrase))


def side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]


def file_bytes(path: Path) -> bytes:
    """The database and its WAL, as an attacker copying the folder would get them."""
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def digest(path: Path) -> list[str]:
    return [
        hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "-"
        for p in (path, *side_files(path))
    ]


def raw_sql(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Change a closed journal file behind the application's back."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for sql in statements:
            conn.execute(sql, params if "?" in sql else ())
    finally:
        conn.close()


def never_asked() -> crypto.Secret:
    raise AssertionError("the passphrase must not be asked for a file that fails its checks")


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    opened = Journal.create(journal_path, secret(), first_tracker())
    yield opened
    opened.close()


@pytest.fixture
def closed_journal(journal_path: Path) -> Path:
    """A journal file with a tracker and three entries, closed again."""
    with Journal.create(journal_path, secret(), first_tracker()) as created:
        for hours, text in enumerate(["first", "second", "third"]):
            created.add(note(text, hours))
    return journal_path


# -- creating and unlocking ------------------------------------------------------------


def test_a_created_journal_unlocks_with_its_passphrase(journal_path: Path) -> None:
    with Journal.create(journal_path, secret(), first_tracker()) as created:
        saved = created.add(Mood(id="", at=T0, score=7, feelings=("calm",)))
    with unlock(journal_path) as reopened:
        contents = reopened.contents()
    assert contents.entries == [saved]
    assert [t.name for t in contents.trackers] == ["alcohol"]
    assert contents.trackers[0].clean_date == date(2026, 1, 1)
    assert contents.damaged == []


def test_unlock_asks_for_the_passphrase_through_a_callable(closed_journal: Path) -> None:
    asked: list[bool] = []

    def ask() -> crypto.Secret:
        asked.append(True)
        return secret()

    with Journal.unlock(closed_journal, ask) as reopened:
        assert len(reopened.contents().entries) == 3
    assert asked == [True]


def test_a_wrong_passphrase_is_refused_and_changes_nothing(closed_journal: Path) -> None:
    before = digest(closed_journal)
    for attempt in ("one day at a time", "", PASSPHRASE.upper()):
        with pytest.raises(WrongPassphrase):
            unlock(closed_journal, attempt)
    assert digest(closed_journal) == before


def test_unlocking_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(JournalMissing):
        Journal.unlock(tmp_path / "nowhere" / "journal.db", never_asked)


@pytest.mark.parametrize("existing", [b"", b"my shopping list\n"])
def test_creating_over_an_existing_file_is_refused_and_leaves_it_untouched(
    journal_path: Path, existing: bytes
) -> None:
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(existing)
    with pytest.raises(JournalExists):
        JournalFile.create(journal_path, {})
    with pytest.raises(JournalExists):
        Journal.create(journal_path, secret(), first_tracker())
    assert journal_path.read_bytes() == existing


def test_creating_over_an_existing_journal_keeps_the_journal(closed_journal: Path) -> None:
    with pytest.raises(JournalExists):
        Journal.create(closed_journal, secret("another"), first_tracker())
    with unlock(closed_journal) as reopened:
        assert len(reopened.contents().entries) == 3


def test_the_file_holds_no_plaintext(journal: Journal) -> None:
    journal.add(note("relapse-canary-7f3a9 after the funeral", tags=("grief",)))
    journal.add(Craving(id="", at=T0, intensity=9, substance="oxycodone-canary-2b81"))
    journal.store.checkpoint()
    raw = file_bytes(journal.path)
    for needle in (b"relapse-canary-7f3a9", b"oxycodone-canary-2b81", b"grief", b"craving"):
        assert needle not in raw
    assert PASSPHRASE.encode() not in raw


# -- files and SQLite settings ---------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folder_and_files_are_private_even_under_umask_022(tmp_path: Path) -> None:
    path = tmp_path / "home" / "data" / "journal.db"
    previous = os.umask(0o022)
    try:
        with Journal.create(path, secret(), first_tracker()) as created:
            created.add(note("x"))
            wal, shm = side_files(path)
            assert wal.exists()
            assert shm.exists()
            modes = {p.name: _mode(p) for p in (path.parent, path, wal, shm)}
    finally:
        os.umask(previous)
    assert modes == {
        "data": 0o700,
        "journal.db": 0o600,
        "journal.db-wal": 0o600,
        "journal.db-shm": 0o600,
    }


def test_opening_tightens_a_journal_that_became_world_readable(closed_journal: Path) -> None:
    closed_journal.chmod(0o644)
    JournalFile.open(closed_journal).close()
    assert _mode(closed_journal) == 0o600


def _pragma(store: JournalFile, name: str) -> object:
    return store._conn.execute(f"PRAGMA {name}").fetchone()[0]


@pytest.mark.parametrize("how", ["created", "opened"])
def test_the_connection_uses_wal_secure_delete_and_full_sync(journal_path: Path, how: str) -> None:
    store = JournalFile.create(journal_path, {})
    if how == "opened":
        store.close()
        store = JournalFile.open(journal_path)
    try:
        assert _pragma(store, "journal_mode") == "wal"
        assert _pragma(store, "secure_delete") == 1
        assert _pragma(store, "synchronous") == 2  # FULL
        assert _pragma(store, "temp_store") == 2  # MEMORY
        assert _pragma(store, "trusted_schema") == 0
        assert _pragma(store, "busy_timeout") == 10_000
    finally:
        store.close()


def test_the_schema_is_exactly_two_tables(closed_journal: Path) -> None:
    conn = sqlite3.connect(closed_journal)
    try:
        objects = conn.execute("SELECT type, name FROM sqlite_schema ORDER BY name").fetchall()
        columns = {
            table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            for table in ("meta", "records")
        }
        keys = {row[0] for row in conn.execute("SELECT k FROM meta")}
    finally:
        conn.close()
    assert objects == [
        ("table", "meta"),
        ("table", "records"),
        ("index", "sqlite_autoindex_meta_1"),
    ]
    assert columns == {"meta": ["k", "v"], "records": ["id", "blob"]}
    assert keys == {
        *("format", "schema", "journal_id", "dek_id", "keyslot:passphrase"),
        *("inbox_public", "inbox_key"),  # the inbox for logging while locked
        "manifest",  # the sealed commitment to every record and meta row (manifest.py)
    }


# -- refusing files that are not (our) journals ----------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param("CREATE TABLE notes (text TEXT)", id="extra table"),
        pytest.param("CREATE VIEW everything AS SELECT id FROM records", id="view"),
        pytest.param(
            "CREATE TRIGGER leak AFTER INSERT ON records BEGIN DELETE FROM meta; END", id="trigger"
        ),
        pytest.param("ALTER TABLE records ADD COLUMN kind TEXT", id="extra records column"),
        pytest.param("ALTER TABLE meta ADD COLUMN note TEXT", id="extra meta column"),
        pytest.param("CREATE INDEX by_blob ON records (blob)", id="extra index"),
    ],
)
def test_a_journal_with_an_unexpected_schema_is_refused(closed_journal: Path, sql: str) -> None:
    raw_sql(closed_journal, sql)
    with pytest.raises(NotAJournal, match="unexpected schema"):
        JournalFile.open(closed_journal)
    with pytest.raises(NotAJournal):
        Journal.unlock(closed_journal, never_asked)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"Dear diary,\n" * 200, id="text file"),
        pytest.param(b"SQLite format 3\x00" + b"\xff" * 500, id="damaged header"),
        pytest.param(bytes(range(256)) * 16, id="binary"),
    ],
)
def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(
    journal_path: Path, content: bytes
) -> None:
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(content)
    with pytest.raises(NotAJournal):
        Journal.unlock(journal_path, never_asked)
    assert journal_path.read_bytes() == content
    assert not any(p.exists() for p in side_files(journal_path))


def test_an_empty_file_is_not_a_journal_and_is_not_left_open(journal_path: Path) -> None:
    journal_path.parent.mkdir(parents=True)
    journal_path.touch()
    with pytest.raises(NotAJournal):
        Journal.unlock(journal_path, never_asked)
    # The refused file's connection was closed, so SQLite removed its side files.
    assert not any(p.exists() for p in side_files(journal_path))


def test_another_applications_sqlite_file_is_refused(journal_path: Path) -> None:
    journal_path.parent.mkdir(parents=True)
    raw_sql(journal_path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    with pytest.raises(NotAJournal, match="not a Recovery Journal"):
        Journal.unlock(journal_path, never_asked)


def test_a_journal_from_a_newer_version_is_refused(closed_journal: Path) -> None:
    raw_sql(closed_journal, "UPDATE meta SET v = ? WHERE k = 'schema'", params=(b"99",))
    with pytest.raises(UnsupportedVersion, match="schema 99"):
        Journal.unlock(closed_journal, never_asked)


def test_the_current_schema_version_opens(closed_journal: Path) -> None:
    raw_sql(
        closed_journal,
        "UPDATE meta SET v = ? WHERE k = 'schema'",
        params=(str(SCHEMA_VERSION).encode(),),
    )
    unlock(closed_journal).close()


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("UPDATE meta SET v = ? WHERE k = 'schema'", (b"one",)),
        ("UPDATE meta SET v = ? WHERE k = 'format'", (b"some-other-app",)),
        ("DELETE FROM meta WHERE k = 'keyslot:passphrase'", ()),
        ("DELETE FROM meta WHERE k = 'dek_id'", ()),
        ("UPDATE meta SET v = ? WHERE k = 'keyslot:passphrase'", (b"{not json",)),
    ],
)
def test_damaged_meta_data_is_refused_before_asking_for_the_passphrase(
    closed_journal: Path, sql: str, params: tuple[object, ...]
) -> None:
    raw_sql(closed_journal, sql, params=params)
    with pytest.raises(NotAJournal):
        Journal.unlock(closed_journal, never_asked)


def _edit_slot(path: Path, edit: Callable[[dict[str, object]], None]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        (raw,) = conn.execute("SELECT v FROM meta WHERE k = 'keyslot:passphrase'").fetchone()
        slot = json.loads(raw)
        edit(slot)
        conn.execute(
            "UPDATE meta SET v = ? WHERE k = 'keyslot:passphrase'", (json.dumps(slot).encode(),)
        )
    finally:
        conn.close()


def test_a_keyslot_with_absurd_kdf_memory_is_refused_without_running_the_kdf(
    closed_journal: Path, kdf_runs: KdfRuns
) -> None:
    _edit_slot(closed_journal, lambda slot: slot["kdf"].update(m_kib=2**40))  # type: ignore[attr-defined]
    with pytest.raises(NotAJournal, match="impossible settings"):
        Journal.unlock(closed_journal, never_asked)
    assert kdf_runs == []


def test_a_keyslot_downgraded_in_the_file_does_not_unlock(closed_journal: Path) -> None:
    _edit_slot(closed_journal, lambda slot: slot["kdf"].update(m_kib=8))  # type: ignore[attr-defined]
    with pytest.raises(WrongPassphrase):
        unlock(closed_journal)


def test_a_journal_id_changed_in_the_file_does_not_unlock(closed_journal: Path) -> None:
    raw_sql(closed_journal, "UPDATE meta SET v = ? WHERE k = 'journal_id'", params=(b"\0" * 16,))
    with pytest.raises(WrongPassphrase):
        unlock(closed_journal)


# -- entries: add, get, replace, delete, contents --------------------------------------


def test_add_gives_an_entry_a_permanent_id(journal: Journal) -> None:
    draft = Trigger(id="", at=T0, description="walked past the pub", category="places")
    saved = journal.add(draft)
    assert len(saved.id) == 13
    assert saved.with_changes(id="") == draft
    assert journal.get(saved.id) == saved


def test_get_accepts_a_short_uppercase_prefix(journal: Journal) -> None:
    saved = journal.add(note("hello"))
    assert journal.get(ids.short(saved.id).upper()) == saved


def test_get_of_an_unknown_id_is_entry_not_found(journal: Journal) -> None:
    saved = journal.add(note("hello"))
    unknown = "0" if not saved.id.startswith("0") else "1"
    with pytest.raises(EntryNotFound):
        journal.get(unknown * 7)


def test_get_of_a_tracker_id_says_it_is_a_tracker(journal: Journal) -> None:
    (tracker,) = journal.contents().trackers
    with pytest.raises(InvalidInput, match="tracker"):
        journal.get(tracker.id)


def test_get_of_an_ambiguous_prefix_asks_for_more(journal: Journal) -> None:
    for i in range(40):  # 40 ids over 32 first characters: some first character repeats
        journal.add(note(f"n{i}"))
    firsts = [entry.id[0] for entry in journal.contents().entries]
    repeated = next(ch for ch in firsts if firsts.count(ch) > 1)
    with pytest.raises(AmbiguousId):
        journal.get(repeated)


def test_replace_changes_the_stored_entry(closed_journal: Path) -> None:
    with unlock(closed_journal) as opened:
        entry = opened.contents().entries[0]
        edited = entry.with_changes(text="third, edited", tags=("edited",))
        opened.replace(edited)
    with unlock(closed_journal) as reopened:
        assert reopened.get(entry.id) == edited
        assert len(reopened.contents().entries) == 3


def test_replacing_a_deleted_entry_is_refused(journal: Journal) -> None:
    saved = journal.add(note("soon gone"))
    journal.delete(saved)
    with pytest.raises(InvalidInput, match="no longer exists"):
        journal.replace(saved.with_changes(text="too late"))


def test_delete_removes_only_that_entry(closed_journal: Path) -> None:
    with unlock(closed_journal) as opened:
        doomed = next(e for e in opened.contents().entries if e.texts()[-1] == "second")
        opened.delete(doomed)
        with pytest.raises(EntryNotFound):
            opened.get(doomed.id)
    with unlock(closed_journal) as reopened:
        texts = [e.text for e in reopened.contents().entries]  # type: ignore[attr-defined]
    assert texts == ["third", "first"]


def test_contents_lists_entries_newest_first_and_trackers(journal: Journal) -> None:
    added = [journal.add(note(f"hour {h}", h)) for h in (5, 1, 9, 3)]
    contents = journal.contents()
    assert contents.entries == sorted(added, key=lambda e: e.at, reverse=True)
    assert [t.name for t in contents.trackers] == ["alcohol"]


def test_every_kind_survives_storage(journal: Journal) -> None:
    drafts: list[Entry] = [
        Mood(id="", at=T0, score=3, feelings=("anxious",), note="rough", tags=("work",)),
        Craving(id="", at=T0, intensity=8, halt=("tired", "lonely"), outcome="resisted"),
        Trigger(id="", at=T0, description="payday", category="situations", intensity=6),
        Meeting(id="", at=T0, fellowship="NA", name="Basic text", online=True, minutes=60),
        Gratitude(id="", at=T0, items=("my sister", "sleep")),
        Use(id="", at=T0, substance="alcohol", amount="3 drinks"),
        note("day 30"),
    ]
    saved = {journal.add(draft).id: draft for draft in drafts}
    for public_id, draft in saved.items():
        assert journal.get(public_id).with_changes(id="") == draft


def test_trackers_can_be_added_changed_and_removed(journal: Journal) -> None:
    (alcohol,) = journal.contents().trackers
    gambling = journal.add_tracker(
        Tracker(id="", name="gambling", clean_date=date(2026, 2, 1), cost_per_day=Decimal("12.50"))
    )
    journal.replace_tracker(alcohol.with_changes(clean_date=date(2026, 2, 14)))
    assert [(t.name, t.clean_date) for t in journal.contents().trackers] == [
        ("gambling", date(2026, 2, 1)),
        ("alcohol", date(2026, 2, 14)),
    ]
    journal.remove_tracker(gambling)
    assert [t.name for t in journal.contents().trackers] == ["alcohol"]


# -- damaged and tampered records (C1, C2) ---------------------------------------------


def _blobs(path: Path) -> dict[int, bytes]:
    conn = sqlite3.connect(path)
    try:
        return {
            row_id: bytes(blob) for row_id, blob in conn.execute("SELECT id, blob FROM records")
        }
    finally:
        conn.close()


def _entry_row_ids(path: Path) -> list[int]:
    with unlock(path) as opened:
        return [ids.decode(entry.id) for entry in opened.contents().entries]


def test_a_corrupted_record_is_listed_as_damaged_and_the_others_still_decode(
    closed_journal: Path,
) -> None:
    victim, *others = _entry_row_ids(closed_journal)
    blob = bytearray(_blobs(closed_journal)[victim])
    blob[40] ^= 0x04
    raw_sql(
        closed_journal, "UPDATE records SET blob = ? WHERE id = ?", params=(bytes(blob), victim)
    )
    with unlock(closed_journal) as opened:
        contents = opened.contents()
        assert contents.damaged == [ids.encode(victim)]
        assert sorted(ids.decode(e.id) for e in contents.entries) == sorted(others)
        assert len(contents.trackers) == 1
        with pytest.raises(DamagedEntries, match="1 damaged"):
            opened.get(ids.encode(victim))
        report = opened.verify()
    assert not report.ok
    assert report.damaged == [ids.encode(victim)]
    assert report.integrity_problems == []


def test_swapped_blobs_are_both_flagged(closed_journal: Path) -> None:
    a, b, untouched = _entry_row_ids(closed_journal)
    blobs = _blobs(closed_journal)
    raw_sql(closed_journal, "UPDATE records SET blob = ? WHERE id = ?", params=(blobs[b], a))
    raw_sql(closed_journal, "UPDATE records SET blob = ? WHERE id = ?", params=(blobs[a], b))
    with unlock(closed_journal) as opened:
        contents = opened.contents()
    assert sorted(contents.damaged) == sorted([ids.encode(a), ids.encode(b)])
    assert [ids.decode(e.id) for e in contents.entries] == [untouched]


def test_a_blob_copied_to_a_new_id_is_flagged(closed_journal: Path) -> None:
    original = _entry_row_ids(closed_journal)[0]
    raw_sql(
        closed_journal,
        "INSERT INTO records (id, blob) VALUES (?, ?)",
        params=(12345, _blobs(closed_journal)[original]),
    )
    with unlock(closed_journal) as opened:
        contents = opened.contents()
    assert contents.damaged == [ids.encode(12345)]
    assert len(contents.entries) == 3


# -- passphrase change (E1) ------------------------------------------------------------


def test_change_passphrase_old_fails_new_works_entries_intact(closed_journal: Path) -> None:
    blobs_before = _blobs(closed_journal)
    with unlock(closed_journal) as opened:
        before = opened.contents()
        opened.change_passphrase(secret("a brand new passphrase"))
    with pytest.raises(WrongPassphrase):
        unlock(closed_journal)
    with unlock(closed_journal, "a brand new passphrase") as reopened:
        after = reopened.contents()
    assert after == before
    assert after.damaged == []
    assert _blobs(closed_journal) == blobs_before  # rewrapped, not re-encrypted


def test_change_passphrase_leaves_no_trace_of_the_old_wrapped_key(closed_journal: Path) -> None:
    conn = sqlite3.connect(closed_journal)
    try:
        (raw,) = conn.execute("SELECT v FROM meta WHERE k = 'keyslot:passphrase'").fetchone()
    finally:
        conn.close()
    old_wrapped = json.loads(raw)["wrapped"].encode()
    with unlock(closed_journal) as opened:
        assert old_wrapped in file_bytes(closed_journal)
        opened.change_passphrase(secret("a brand new passphrase"))
        assert old_wrapped not in file_bytes(closed_journal)


# -- what the file reveals (A2, A4, A5) ------------------------------------------------


def test_a_deleted_records_ciphertext_is_gone_from_db_and_wal(journal: Journal) -> None:
    kept = [journal.add(note(f"keep {i}", i)) for i in range(5)]
    doomed = journal.add(note("delete me"))
    old_blob = journal.store.record(ids.decode(doomed.id))
    assert old_blob is not None
    needle = old_blob[1:33]  # nonce and the start of the ciphertext
    assert needle in file_bytes(journal.path)
    journal.delete(doomed)
    assert needle not in file_bytes(journal.path)
    assert needle not in journal.path.read_bytes()
    assert [e.id for e in journal.contents().entries] == [e.id for e in reversed(kept)]


def test_short_entries_all_have_the_same_blob_length(journal: Journal) -> None:
    for length in range(1, 121):
        journal.add(note("x" * length, tags=("t",) * (length % 2)))
    lengths = {len(blob) for row_id, blob in journal.store.records()}
    overhead = 1 + crypto.NONCE_BYTES + 16
    # One length for every entry (the tracker record too): nothing about the note size shows.
    assert lengths == {overhead + 256}


def test_blob_lengths_are_overhead_plus_whole_buckets(journal: Journal) -> None:
    for length in (0, 200, 500, 3000, 9000):
        journal.add(note("y" + "z" * length))
    overhead = 1 + crypto.NONCE_BYTES + 16
    for _, blob in journal.store.records():
        assert (len(blob) - overhead) % 256 == 0


def _ranks(values: list[int]) -> list[int]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0] * len(values)
    for rank, index in enumerate(order):
        ranks[index] = rank
    return ranks


def spearman(xs: list[int], ys: list[int]) -> float:
    """Spearman's rank correlation (values without ties)."""
    n = len(xs)
    d_squared = sum((a - b) ** 2 for a, b in zip(_ranks(xs), _ranks(ys), strict=True))
    return 1 - 6 * d_squared / (n * (n * n - 1))


def test_spearman_helper_detects_order() -> None:
    assert spearman(list(range(100)), list(range(100))) == 1
    assert spearman(list(range(100)), list(range(100, 0, -1))) == -1


def test_row_ids_do_not_reveal_insertion_order(journal: Journal) -> None:
    # 2,000 ids put |rho| >= 0.1 at about 4.5 standard deviations: a false alarm
    # about once in 100,000 runs, where 1,000 ids would give one in 600.
    count = 2000
    row_ids = [ids.decode(e.id) for e in journal.add_many(note(f"entry {i}") for i in range(count))]
    assert len(set(row_ids)) == count
    rho = spearman(list(range(count)), row_ids)
    assert abs(rho) < 0.1, f"Spearman rho between insertion order and row id = {rho:.3f}"


# -- round trip of odd text through the real file (F1) ---------------------------------

_ODD_TEXT = st.lists(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=200)
    | st.sampled_from(["[/]", "[bold]x[/bold]", "\x1b[2J", "\u202e", "\x00", "👩‍👩‍👧", "e\u0301"]),
    min_size=1,
    max_size=8,
).map(lambda parts: "x" + "".join(parts))


def test_any_text_survives_storage_exactly(journal: Journal) -> None:
    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=_ODD_TEXT, note_text=st.none() | _ODD_TEXT, intensity=st.integers(0, 10))
    def round_trip(text: str, note_text: str | None, intensity: int) -> None:
        draft = Trigger(id="", at=T0, description=text, note=note_text, intensity=intensity)
        saved = journal.add(draft)
        assert journal.get(saved.id).to_json() == saved.to_json()

    round_trip()
    assert journal.contents().damaged == []


# -- selecting entries (query.py) ------------------------------------------------------

ENTRIES: list[Entry] = [
    Mood(id="m1", at=T0, score=4, feelings=("Anxious",), tags=("work",)),
    Craving(
        id="c1", at=T0 + timedelta(days=1), intensity=8, substance="Alcohol", tags=("evening",)
    ),
    Note(id="n1", at=T0 + timedelta(days=2), text="Coffee with my SPONSOR in Straße 5"),
    Gratitude(id="g1", at=T0 + timedelta(days=3), items=("my sponsor", "sunshine")),
    Meeting(
        id="e1", at=T0 + timedelta(days=4), name="Tuesday step", note="shared for the first time"
    ),
]


def chosen(**options: object) -> list[str]:
    return [entry.id for entry in select(ENTRIES, EntryFilter.build(**options))]  # type: ignore[arg-type]


def test_no_filter_selects_everything_newest_first() -> None:
    assert chosen() == ["e1", "g1", "n1", "c1", "m1"]


def test_kinds_filter_is_case_insensitive() -> None:
    assert chosen(kinds=["Mood", " note "]) == ["n1", "m1"]


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Unknown kind"):
        EntryFilter.build(kinds=["relapse"])


def test_since_and_until_are_inclusive() -> None:
    assert chosen(since=T0 + timedelta(days=1), until=T0 + timedelta(days=3)) == ["g1", "n1", "c1"]
    assert chosen(since=T0 + timedelta(days=4)) == ["e1"]
    assert chosen(until=T0) == ["m1"]


def test_since_after_until_is_refused() -> None:
    with pytest.raises(InvalidInput, match="swap"):
        EntryFilter.build(since=T0 + timedelta(days=1), until=T0)


def test_since_compares_moments_across_offsets() -> None:
    just_after = (T0 + timedelta(seconds=1)).astimezone(timezone(timedelta(hours=-5)))
    assert "m1" not in chosen(since=just_after)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("sponsor", ["g1", "n1"]),  # note text and gratitude items, any case
        ("ALCOHOL", ["c1"]),  # a kind's own field
        ("anxious", ["m1"]),  # a list field
        ("first time", ["e1"]),  # the note
        ("WORK", ["m1"]),  # tags are searched too
        ("strasse", ["n1"]),  # case-folded, not just lowercased
        ("  tuesday ", ["e1"]),
        ("nothing like this", []),
    ],
)
def test_search_is_case_insensitive_across_all_texts(search: str, expected: list[str]) -> None:
    assert chosen(search=search) == expected


def test_tag_filter_normalizes_the_tag() -> None:
    assert chosen(tag="#Evening") == ["c1"]
    assert chosen(tag="work") == ["m1"]
    with pytest.raises(InvalidInput):
        EntryFilter.build(tag="two words")


def test_filters_combine() -> None:
    assert chosen(kinds=["gratitude", "note"], search="sponsor", until=T0 + timedelta(days=2)) == [
        "n1"
    ]


def test_select_works_on_a_real_journals_contents(journal: Journal) -> None:
    journal.add(note("talked to my sponsor", 1, tags=("support",)))
    journal.add(Mood(id="", at=T0, score=6))
    found = select(journal.contents().entries, EntryFilter.build(tag="support"))
    assert [entry.kind for entry in found] == ["note"]


def test_a_scope_can_keep_only_the_entries_of_a_kind_with_one_value(journal: Journal) -> None:
    tracker = journal.contents().trackers[0]
    resisted = Craving(id="", at=T0, intensity=6, outcome="resisted")
    acted_on = Craving(id="", at=T0, intensity=8, outcome="used", tracker=tracker.id)
    unsaid = Craving(id="", at=T0, intensity=3)
    kept_note = note("a note stays")
    journal.add_many([resisted, acted_on, unsaid, kept_note])
    scope = EntryScope(only_where=(("craving", "outcome", "used"),))
    contents = journal.contents(scope)
    assert sorted(entry.kind for entry in contents.entries) == ["craving", "note"]
    assert [e.outcome for e in contents.entries if isinstance(e, Craving)] == ["used"]
    assert contents.skipped == 2


def test_asking_for_an_entry_by_the_id_of_something_else_says_what_it_is(
    journal: Journal,
) -> None:
    from recovery_journal.domain.support import Person, Reason

    person = journal.add_person(Person(id="", name="Invented Sponsor", role="sponsor"))
    reason = journal.add_reason(Reason(id="", text="to be there for my invented niece", added=T0))
    tracker = journal.contents().trackers[0]
    for record_id, said in [
        (person.id, "someone in your support network (`rj people list`)"),
        (reason.id, "one of your reasons (`rj why list`)"),
        (tracker.id, "a tracker (`rj tracker list`)"),
    ]:
        with pytest.raises(InvalidInput) as raised:
            journal.get(record_id)
        assert str(raised.value) == f"{ids.short(record_id)} is {said}, not an entry."
