"""An unlocked journal: models in, sealed records out.

This is the interface the CLI (and later the analytics, exporters and
importers) use. It knows records are encrypted, but not how SQL stores them.
"""

from __future__ import annotations

import dataclasses
import gc
import heapq
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from recovery_journal.domain import ids
from recovery_journal.domain.entries import KINDS, Entry, restore_entry
from recovery_journal.domain.export_records import ExportRecord
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import DamagedEntries, DamagedFile, InvalidInput
from recovery_journal.vault import crypto
from recovery_journal.vault.files import remove_journal_files
from recovery_journal.vault.keys import (
    PASSPHRASE_SLOT,
    RECOVERY_SLOT,
    DataKey,
    KeyManagement,
    slot_key,
)
from recovery_journal.vault.keys import unlock as unlock_key
from recovery_journal.vault.recovery_key import RecoveryKey
from recovery_journal.vault.storage import JournalFile

# json.loads' Python layers cost more than the parsing itself for 100,000 small
# records, so the decoder's C scanner is called directly.
_scan_json: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


@dataclass
class Contents:
    """Everything decrypted from a journal, and the ids of records that failed."""

    entries: list[Entry] = field(default_factory=list)
    trackers: list[Tracker] = field(default_factory=list)
    exports: list[ExportRecord] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    skipped: int = 0
    matching: int | None = None
    """With EntryScope.newest: how many entries were in scope (only the newest were rebuilt)."""
    """Entries decrypted but left out of the scope asked for (not rebuilt)."""


@dataclass
class ImportResult:
    """What an import added, and what it found already there."""

    added_entries: int = 0
    added_trackers: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EntryScope:
    """Which entries a command needs rebuilt: some kinds, within some times.

    `also_kinds` are wanted whatever their time (uses decide streaks); with
    `newest`, only that many of the entries in scope are rebuilt, newest first,
    and `Contents.matching` says how many were in scope.
    """

    kinds: frozenset[str] | None = None
    since: datetime | None = None
    until: datetime | None = None
    also_kinds: frozenset[str] = frozenset()
    newest: int | None = None

    def skips_kind(self, kind: str | None) -> bool:
        """True when an entry of this kind is out of scope whatever its time."""
        return (
            kind is not None
            and self.kinds is not None
            and kind not in self.kinds
            and kind not in self.also_kinds
        )

    def includes(self, data: dict[str, Any]) -> bool:
        kind = data.get("kind")
        if kind in self.also_kinds:
            return True
        if self.kinds is not None and kind not in self.kinds:
            return False
        if self.since is None and self.until is None:
            return True
        at = datetime.fromisoformat(data["at"])
        return (self.since is None or at >= self.since) and (self.until is None or at <= self.until)


TRACKERS_ONLY = EntryScope(kinds=frozenset())
_ENTRY_PREFIX = '{"record":"entry","kind":"'


def _entry_kind(text: str) -> str | None:
    """An entry record's kind read off the front of its JSON, which we always write as
    {"record":"entry","kind":...; None for anything else (then the JSON is parsed)."""
    if not text.startswith(_ENTRY_PREFIX):
        return None
    end = text.find('"', len(_ENTRY_PREFIX))
    return text[len(_ENTRY_PREFIX) : end] if end > 0 else None


def _parse(text: str) -> dict[str, Any]:
    try:
        data, end = _scan_json(text, 0)
    except (ValueError, StopIteration):
        raise crypto.DecryptionFailed from None
    if not isinstance(data, dict) or end != len(text):
        raise crypto.DecryptionFailed
    return data


@dataclass(frozen=True)
class VerifyReport:
    counts: dict[str, int]
    damaged: list[str]
    integrity_problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.damaged and not self.integrity_problems


def _encode_record(kind: str, body: dict[str, Any]) -> bytes:
    return json.dumps({"record": kind, **body}, ensure_ascii=False, separators=(",", ":")).encode()


class Journal(KeyManagement):
    """An open, unlocked journal (its key operations come from `KeyManagement`)."""

    def __init__(self, store: JournalFile, key: DataKey) -> None:
        self.store = store
        self._key = key
        self._cipher = key.cipher()
        # A write sealed with a key rotated away meanwhile would be unreadable: refuse it.
        store.expect("dek_id", key.dek_id)

    @property
    def path(self) -> Path:
        return self.store.path

    # -- opening -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: crypto.Secret,
        first_tracker: Tracker,
        *,
        recovery_key: RecoveryKey | None = None,
    ) -> Journal:
        """A new journal at `path` (never over an existing file), optionally with a recovery key."""
        key = DataKey.new()
        meta = {
            "journal_id": key.journal_id,
            "dek_id": key.dek_id,
            slot_key(PASSPHRASE_SLOT): key.seal(PASSPHRASE_SLOT, passphrase, crypto.default_kdf()),
        }
        if recovery_key is not None:
            meta[slot_key(RECOVERY_SLOT)] = key.seal(
                RECOVERY_SLOT, recovery_key.secret(), crypto.RECOVERY_KDF
            )
        store = JournalFile.create(path, meta)
        journal = cls(store, key)
        try:
            journal.add_tracker(first_tracker)
        except BaseException:
            store.close()
            remove_journal_files(path)
            raise
        return journal

    @classmethod
    def unlock(cls, path: Path, passphrase: crypto.Secret | Callable[[], crypto.Secret]) -> Journal:
        """Open and unlock; `passphrase` may be a callable, asked only once the file checks out."""
        return cls.unlock_store(JournalFile.open(path), passphrase)

    @classmethod
    def unlock_with_recovery_key(
        cls, path: Path, recovery_key: RecoveryKey | Callable[[], RecoveryKey]
    ) -> Journal:
        """Open and unlock through the recovery keyslot instead of the passphrase."""

        def secret() -> crypto.Secret:
            return (recovery_key() if callable(recovery_key) else recovery_key).secret()

        return cls.unlock_store(JournalFile.open(path), secret, slot=RECOVERY_SLOT)

    @classmethod
    def unlock_store(
        cls,
        store: JournalFile,
        secret: crypto.Secret | Callable[[], crypto.Secret],
        *,
        slot: str = PASSPHRASE_SLOT,
    ) -> Journal:
        """Unlock an opened file through `slot`; the file is closed again if that fails."""
        try:
            return cls(store, unlock_key(store, slot, secret))
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------

    def _open_text(self, row_id: int, blob: bytes) -> str:
        try:
            return self._cipher.open(row_id, blob).decode()
        except (crypto.DecryptionFailed, ValueError):
            raise crypto.DecryptionFailed from None

    def _decode_contents(
        self, rows: Iterable[tuple[int, bytes]], wanted: EntryScope | None = None
    ) -> Contents:
        # Building 100,000 objects would trigger the cyclic garbage collector
        # again and again for nothing (entries hold no cycles): pause it.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._decode_all(rows, wanted or EntryScope())
        finally:
            if collecting:
                gc.enable()

    def _decode_all(self, rows: Iterable[tuple[int, bytes]], wanted: EntryScope) -> Contents:
        contents = Contents()
        pending: list[tuple[float, int, dict[str, Any]]] = []  # for EntryScope.newest
        seen: set[int] = set()
        for row_id, blob in rows:
            if row_id in seen:
                # A primary key met twice means a damaged B-tree page (a misdirected
                # write, say): other rows may be missing too, so never a quiet answer.
                contents.damaged.append(ids.encode(row_id))
                continue
            seen.add(row_id)
            try:
                text = self._open_text(row_id, blob)  # authenticated from here on
                if wanted.skips_kind(_entry_kind(text)):
                    contents.skipped += 1  # not even parsed: most of a streak's entries
                    continue
                data = _parse(text)
                kind = data.pop("record", None)
                if kind == "entry":
                    included = wanted.includes(data)
                    if included and wanted.newest is not None:
                        moment = datetime.fromisoformat(data["at"]).timestamp()
                        pending.append((moment, row_id, data))
                    elif included:
                        contents.entries.append(restore_entry(data, ids.encode(row_id)))
                    else:
                        contents.skipped += 1
                elif kind == "tracker":
                    tracker_id = ids.encode(row_id)
                    contents.trackers.append(Tracker.from_json({**data, "id": tracker_id}))
                elif kind == "export":
                    export_id = ids.encode(row_id)
                    contents.exports.append(ExportRecord.from_json({**data, "id": export_id}))
            except (crypto.DecryptionFailed, InvalidInput, KeyError, TypeError, ValueError):
                contents.damaged.append(ids.encode(row_id))
        if wanted.newest is not None:
            contents.matching = len(pending)
            newest = heapq.nlargest(wanted.newest, pending, key=lambda item: item[0])
            contents.entries = [restore_entry(data, ids.encode(row)) for _, row, data in newest]
            contents.skipped += len(pending) - len(newest)
        # Timestamps sort much faster than aware datetimes with differing offsets.
        contents.entries.sort(key=lambda entry: entry.at.timestamp(), reverse=True)
        contents.trackers.sort(key=lambda tracker: (tracker.clean_date, tracker.name))
        contents.exports.sort(key=lambda export: export.at.timestamp(), reverse=True)
        return contents

    def contents(self, wanted: EntryScope | None = None, *, check_file: bool = True) -> Contents:
        """Decrypt every record (all are authenticated); keep the entries in `wanted`.

        Trackers and damaged records are always reported. Narrowing the scope
        skips rebuilding entries a command does not need, which is most of the
        cost left at 100,000 entries. First SQLite's quick check (about 25 ms at
        100,000 entries): a damaged page can drop rows without any record
        failing to decrypt, and an answer missing entries must never look right.
        """
        if check_file:
            problems = self.store.integrity_problems(quick=True)
            if problems:
                raise DamagedFile(self.path, problems)
        return self._decode_contents(self.store.records(), wanted)

    def get(self, id_prefix: str) -> Entry:
        public_id = ids.resolve(id_prefix, (ids.encode(i) for i in self.store.record_ids()))
        row_id = ids.decode(public_id)
        blob = self.store.record(row_id)
        if blob is None:  # deleted meanwhile by another process
            return self.get(id_prefix)
        contents = self._decode_contents([(row_id, blob)])
        if contents.damaged:
            raise DamagedEntries(contents.damaged)
        if not contents.entries:
            raise InvalidInput(f"{ids.short(public_id)} is a tracker, not an entry.")
        return contents.entries[0]

    # -- writing ---------------------------------------------------------------

    def _insert(self, conn: sqlite3.Connection, kind: str, body: dict[str, Any]) -> int:
        payload = _encode_record(kind, body)
        while True:
            row_id = crypto.random_row_id()
            if not conn.execute("SELECT 1 FROM records WHERE id = ?", (row_id,)).fetchone():
                break
        conn.execute(
            "INSERT INTO records (id, blob) VALUES (?, ?)",
            (row_id, self._cipher.seal(row_id, payload)),
        )
        return row_id

    def add(self, entry: Entry) -> Entry:
        """Seal and store a new entry; returns it with its permanent id."""
        return self.add_many([entry])[0]

    def add_many(self, entries: Iterable[Entry]) -> list[Entry]:
        """Store several entries in one transaction: all of them, or none."""
        saved = []
        with self.store.transaction() as conn:
            for entry in entries:
                body = entry.to_json()
                del body["id"]
                row_id = self._insert(conn, "entry", body)
                saved.append(entry.with_changes(id=ids.encode(row_id)))
        return saved

    def import_records(
        self, entries: Sequence[Entry], trackers: Sequence[Tracker], *, dry_run: bool = False
    ) -> ImportResult:
        """Store entries and trackers under their own ids, in one transaction.

        An id already holding the same content is skipped, so importing the same
        file twice adds nothing; an id holding different content is a conflict
        and nothing at all is written.
        """
        result = ImportResult()
        planned: list[tuple[int, bytes]] = []
        existing = self._decode_contents(self.store.records())
        by_id: dict[str, Any] = {e.id: e.to_json() for e in existing.entries}
        by_id.update({t.id: t.to_json() for t in existing.trackers})
        items: list[tuple[str, Entry | Tracker]] = [("tracker", t) for t in trackers]
        items += [("entry", e) for e in entries]
        for kind, item in items:
            body = item.to_json()
            if item.id in by_id:
                if by_id[item.id] == body:
                    result.unchanged += 1
                else:
                    result.conflicts.append(item.id)
                continue
            if item.id in existing.damaged:
                result.conflicts.append(item.id)
                continue
            by_id[item.id] = body
            row_id = ids.decode(item.id)
            del body["id"]
            planned.append((row_id, self._cipher.seal(row_id, _encode_record(kind, body))))
            result.added_trackers += kind == "tracker"
            result.added_entries += kind == "entry"
        if result.conflicts:
            shown = ", ".join(ids.short(i) for i in result.conflicts[:5])
            raise InvalidInput(
                f"{len(result.conflicts)} id(s) already hold different content ({shown}); "
                "nothing was imported."
            )
        if not dry_run and planned:
            with self.store.transaction() as conn:
                conn.executemany("INSERT INTO records (id, blob) VALUES (?, ?)", planned)
        return result

    def replace(self, entry: Entry) -> None:
        body = entry.to_json()
        del body["id"]
        row_id = ids.decode(entry.id)
        with self.store.transaction() as conn:
            updated = conn.execute(
                "UPDATE records SET blob = ? WHERE id = ?",
                (self._cipher.seal(row_id, _encode_record("entry", body)), row_id),
            )
            if updated.rowcount != 1:
                raise InvalidInput(f"Entry {ids.short(entry.id)} no longer exists.")

    def delete(self, entry: Entry) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM records WHERE id = ?", (ids.decode(entry.id),))
        self.store.checkpoint()  # with secure_delete, old ciphertext leaves the WAL too

    def add_tracker(self, tracker: Tracker) -> Tracker:
        body = tracker.to_json()
        del body["id"]
        with self.store.transaction() as conn:
            row_id = self._insert(conn, "tracker", body)
        return tracker.with_changes(id=ids.encode(row_id))

    def add_export(self, record: ExportRecord) -> ExportRecord:
        """Remember (encrypted) that something was exported: `export history` lists it."""
        body = record.to_json()
        del body["id"]
        with self.store.transaction() as conn:
            row_id = self._insert(conn, "export", body)
        return dataclasses.replace(record, id=ids.encode(row_id))

    def replace_tracker(self, tracker: Tracker) -> None:
        body = tracker.to_json()
        del body["id"]
        row_id = ids.decode(tracker.id)
        with self.store.transaction() as conn:
            sealed = self._cipher.seal(row_id, _encode_record("tracker", body))
            conn.execute("UPDATE records SET blob = ? WHERE id = ?", (sealed, row_id))

    def remove_tracker(self, tracker: Tracker) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM records WHERE id = ?", (ids.decode(tracker.id),))
        self.store.checkpoint()

    # -- keys and checks ---------------------------------------------------------

    def verify(self) -> VerifyReport:
        problems = self.store.integrity_problems()
        contents = self.contents(check_file=False)  # verify reports the problems itself
        found = Counter(entry.kind for entry in contents.entries)
        counts = {kind: found[kind] for kind in KINDS}
        counts["tracker"] = len(contents.trackers)
        counts["export"] = len(contents.exports)
        return VerifyReport(counts, sorted(contents.damaged), problems)
