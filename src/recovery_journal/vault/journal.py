"""An unlocked journal: models in, sealed records out.

This is the interface the CLI uses (with the scope and contents types from
contents.py, which it passes on). It knows records are encrypted, but not how
SQL stores them: storage.py speaks SQL, this module speaks records and keys.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recovery_journal.domain import ids
from recovery_journal.domain.entry_base import Entry
from recovery_journal.errors import ChangedOutsideRj, DamagedEntries, DamagedFile, InvalidInput
from recovery_journal.vault import crypto
from recovery_journal.vault.checks import Checks
from recovery_journal.vault.contents import (
    TRACKERS_ONLY,
    Contents,
    EntryScope,
    decode_records,
    encode_record,
)
from recovery_journal.vault.files import remove_journal_files
from recovery_journal.vault.import_mark_records import ImportMarkRecords
from recovery_journal.vault.inbox import JoinedInbox, discard_unreadable, join, unlock_inbox
from recovery_journal.vault.inbox_crypto import ROW_PREFIX, InboxKey, new_key_meta
from recovery_journal.vault.integrity import Integrity, first_manifest
from recovery_journal.vault.keys import (
    PASSPHRASE_SLOT,
    RECOVERY_SLOT,
    DataKey,
    KeyManagement,
    agent_key,
    slot_key,
)
from recovery_journal.vault.keys import unlock as unlock_key
from recovery_journal.vault.storage import JournalFile
from recovery_journal.vault.support_records import SupportRecords

if TYPE_CHECKING:  # loaded where used: most commands never import or export
    import sqlite3

    from recovery_journal.domain.export_records import ExportRecord
    from recovery_journal.domain.import_marks import ImportMark
    from recovery_journal.domain.settings import Settings
    from recovery_journal.domain.support import Person, Reason
    from recovery_journal.domain.trackers import Tracker
    from recovery_journal.vault.importing import ImportResult
    from recovery_journal.vault.recovery_key import RecoveryKey

# The CLI takes the scope and contents types from here, its one door into the journal.
__all__ = [
    "TRACKERS_ONLY",
    "Contents",
    "EntryScope",
    "JoinedInbox",
    "Journal",
]


class Journal(KeyManagement, SupportRecords, ImportMarkRecords, Checks):
    """An open, unlocked journal (key operations from `KeyManagement`, people and reasons
    from `SupportRecords`, `verify` and the manifest's checks from `Checks`)."""

    def __init__(self, store: JournalFile, key: DataKey, *, check_device: bool = True) -> None:
        self.store = store
        self._key = key
        self._cipher = key.cipher()
        # A write sealed with a key rotated away meanwhile would be unreadable: refuse it.
        store.expect("dek_id", key.dek_id)
        # Checks the manifest (upgrading an older journal) and keeps it exact from now on.
        self._integrity = Integrity.attach(store, key, check_device=check_device)
        self._inbox: InboxKey | None = None  # set by `_checked`, once it checks out
        self.inbox_repaired = False
        """True when `repair_inbox` found the inbox key tampered with and reset it."""

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
        from recovery_journal.vault import keyslots  # only here and where a key is derived

        key = DataKey.new()
        meta = {
            "journal_id": key.journal_id,
            "dek_id": key.dek_id,
            slot_key(PASSPHRASE_SLOT): key.seal(
                PASSPHRASE_SLOT, passphrase, keyslots.default_kdf()
            ),
            **new_key_meta(key, InboxKey.generate()),
        }
        if recovery_key is not None:
            meta[slot_key(RECOVERY_SLOT)] = key.seal(
                RECOVERY_SLOT, recovery_key.secret(), keyslots.RECOVERY_KDF
            )
        store = JournalFile.create(path, meta, lambda full: first_manifest(key, full))
        try:
            journal = cls._checked(store, key)  # and pinned on this device
            journal.add_tracker(first_tracker)
        except BaseException:
            store.close()
            remove_journal_files(path)
            raise
        return journal

    @classmethod
    def unlock(
        cls,
        path: Path,
        passphrase: crypto.Secret | Callable[[], crypto.Secret],
        *,
        repair_inbox: bool = False,
    ) -> Journal:
        """Open and unlock; `passphrase` may be a callable, asked only once the file checks out.

        Every unlock checks the inbox key (InboxKeyTampered if it was changed outside
        rj); `repair_inbox` resets a tampered one instead (see `inbox_repaired`).
        """
        return cls.unlock_store(JournalFile.open(path), passphrase, repair_inbox=repair_inbox)

    @classmethod
    def unlock_via_agent(
        cls,
        path: Path,
        passphrase: crypto.Secret | Callable[[], crypto.Secret],
        *,
        repair_inbox: bool = False,
    ) -> Journal:
        """Unlock with the key the unlock agent holds for this journal, else the passphrase."""
        store, key = _open_with_agent_key(path)
        if key is not None:
            return cls._checked(store, key, repair_inbox=repair_inbox)
        return cls.unlock_store(store, passphrase, repair_inbox=repair_inbox)

    @classmethod
    def open_if_unlocked(cls, path: Path) -> Journal | None:
        """The journal, when its unlock agent holds the key; None (never asking) when not."""
        store, key = _open_with_agent_key(path)
        if key is None:
            store.close()
            return None
        return cls._checked(store, key)

    @classmethod
    def unlock_with_recovery_key(
        cls,
        path: Path,
        recovery_key: RecoveryKey | Callable[[], RecoveryKey],
        *,
        repair_inbox: bool = False,
    ) -> Journal:
        """Open and unlock through the recovery keyslot instead of the passphrase."""

        def secret() -> crypto.Secret:
            return (recovery_key() if callable(recovery_key) else recovery_key).secret()

        store = JournalFile.open(path)
        return cls.unlock_store(store, secret, slot=RECOVERY_SLOT, repair_inbox=repair_inbox)

    @classmethod
    def unlock_store(
        cls,
        store: JournalFile,
        secret: crypto.Secret | Callable[[], crypto.Secret],
        *,
        slot: str = PASSPHRASE_SLOT,
        repair_inbox: bool = False,
        check_device: bool = True,
    ) -> Journal:
        """Unlock an opened file through `slot`; the file is closed again if that fails.

        `check_device=False` skips comparing the write counter with this device's
        (a backup being restored is older on purpose).
        """
        try:
            key = unlock_key(store, slot, secret)
        except BaseException:
            store.close()
            raise
        return cls._checked(store, key, repair_inbox=repair_inbox, check_device=check_device)

    @classmethod
    def _checked(
        cls,
        store: JournalFile,
        key: DataKey,
        *,
        repair_inbox: bool = False,
        check_device: bool = True,
    ) -> Journal:
        """The journal, once its inbox key checks out (inbox.unlock_inbox); closed if not."""
        try:
            # First: its writes then refuse a key rotated meanwhile, and keep the manifest.
            journal = cls(store, key, check_device=check_device)
            try:
                inbox = unlock_inbox(store, key, repair=repair_inbox)
            except ChangedOutsideRj:  # writing a key pair is refused: verify says why
                inbox = None, False
            journal._inbox, journal.inbox_repaired = inbox
        except BaseException:
            store.close()
            raise
        return journal

    def close(self) -> None:
        self._integrity.remember()
        self.store.close()

    def keep_unlocked(self, duration: timedelta) -> int:
        """Hand the key to an unlock agent for `duration` (see vault/agent.py); its pid."""
        from recovery_journal.vault import agent

        return agent.start_agent(self._key, duration=duration)

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------

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
        records, meta = self.store.snapshot()
        contents = decode_records(records, self._cipher, wanted)
        self._check(records, meta, contents.damaged)
        return contents

    def get(self, id_prefix: str) -> Entry:
        records, meta = self.store.snapshot()
        self._check(records, meta)
        public_id = ids.resolve(id_prefix, (ids.encode(i) for i, _ in records))
        row_id = ids.decode(public_id)
        blob = next(blob for i, blob in records if i == row_id)
        contents = decode_records([(row_id, blob)], self._cipher)
        if contents.damaged:
            raise DamagedEntries(contents.damaged)
        if not contents.entries:
            raise InvalidInput(
                f"{ids.short(public_id)} is {_not_an_entry(contents)}, not an entry."
            )
        return contents.entries[0]

    # -- writing ---------------------------------------------------------------

    def _sealer(self, kind: str, body: dict[str, Any]) -> Callable[[int], bytes]:
        """Seals `body` for the record id storage picks (the id is bound into the seal)."""
        payload = encode_record(kind, body)
        return lambda row_id: self._cipher.seal(row_id, payload)

    def _reseal(self, conn: sqlite3.Connection, kind: str, record: Any) -> bool:
        """Seal `record` again under its own id, in `conn`'s transaction; False if it is gone."""
        body = record.to_json()
        del body["id"]
        row_id = ids.decode(record.id)
        sealed = self._cipher.seal(row_id, encode_record(kind, body))
        return self.store.replace_record(conn, row_id, sealed)

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
                row_id = self.store.add_record(conn, self._sealer("entry", body))
                saved.append(entry.with_changes(id=ids.encode(row_id)))
        return saved

    def import_records(
        self,
        entries: Sequence[Entry],
        trackers: Sequence[Tracker],
        *,
        dry_run: bool = False,
        exports: Sequence[ExportRecord] = (),
        replaced: Sequence[Entry] = (),
        people: Sequence[Person] = (),
        reasons: Sequence[Reason] = (),
        settings: Sequence[Settings] = (),
    ) -> ImportResult:
        """Store entries, trackers, export records, people and reasons in one transaction
        (see importing.py).

        Records keep their ids, and one already here unchanged is skipped; entries
        without an id get new ones; `replaced` entries overwrite theirs. A conflict
        writes nothing at all.
        """
        from recovery_journal.vault import importing

        records: list[importing.Record] = [
            *trackers,
            *entries,
            *exports,
            *people,
            *reasons,
            *settings,
        ]
        return importing.import_records(
            self.store, self._cipher, records, replaced=replaced, dry_run=dry_run
        )

    def replace(self, entry: Entry, *, mark: ImportMark | None = None) -> None:
        """Store `entry` under its id, with `mark` (an imported entry edited here)."""
        with self.store.transaction() as conn:
            if not self._reseal(conn, "entry", entry):
                raise InvalidInput(f"Entry {ids.short(entry.id)} no longer exists.")
            if mark is not None:
                self._put_mark(conn, mark)

    def delete(self, entry: Entry, *, mark: ImportMark | None = None) -> None:
        """Delete `entry`, with `mark` (an imported entry deleted here)."""
        with self.store.transaction() as conn:
            self.store.delete_record(conn, ids.decode(entry.id))
            if mark is not None:
                self._put_mark(conn, mark)

    def add_tracker(self, tracker: Tracker) -> Tracker:
        body = tracker.to_json()
        del body["id"]
        with self.store.transaction() as conn:
            row_id = self.store.add_record(conn, self._sealer("tracker", body))
        return tracker.with_changes(id=ids.encode(row_id))

    def add_export(self, record: ExportRecord) -> ExportRecord:
        """Remember (encrypted) that something was exported: `export history` lists it."""
        body = record.to_json()
        del body["id"]
        with self.store.transaction() as conn:
            row_id = self.store.add_record(conn, self._sealer("export", body))
        return dataclasses.replace(record, id=ids.encode(row_id))

    def replace_tracker(self, tracker: Tracker) -> None:
        with self.store.transaction() as conn:
            self._reseal(conn, "tracker", tracker)

    def remove_tracker(self, tracker: Tracker) -> None:
        with self.store.transaction() as conn:
            self.store.delete_record(conn, ids.decode(tracker.id))

    # -- the inbox: entries logged while locked (see inbox.py) -------------------

    def join_inbox(self) -> JoinedInbox:
        """Move every entry logged while locked into the journal, in one transaction.

        Each waiting entry is opened, validated as untrusted input, attributed to a
        tracker if it is a use, and stored under the id it was given when logged;
        its inbox row is deleted in the same transaction. Rows that fail to open
        or validate stay where they are and are counted in `unreadable`. Nothing joins
        a journal changed outside rj (the entries wait until it checks out), so a
        reading command that then refuses has written nothing.
        """
        if self._inbox is None or not self.store.meta_rows(ROW_PREFIX):
            return JoinedInbox()
        if not self.checks_out():
            return JoinedInbox()
        return join(self.store, self._key, self._inbox)

    def discard_unreadable_inbox(self) -> int:
        """Delete the waiting rows that cannot be opened or validated; how many there were."""
        return discard_unreadable(self.store, self._key, self._inbox)


def _open_with_agent_key(path: Path) -> tuple[JournalFile, DataKey | None]:
    """The opened file and the unlock agent's key for it, if it holds a good one."""
    store = JournalFile.open(path)
    try:
        return store, agent_key(store)
    except BaseException:
        store.close()
        raise


def _not_an_entry(contents: Contents) -> str:
    """What a record that is not an entry is, and where it is listed."""
    if contents.people:
        return "someone in your support network (`rj people list`)"
    if contents.reasons:
        return "one of your reasons (`rj why list`)"
    if contents.exports:
        return "an export record (`rj export history`)"
    return "a tracker (`rj tracker list`)"
