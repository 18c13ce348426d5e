"""Keeping an unlocked journal's manifest exact, and checking the file against it.

`Integrity.attach` runs at every unlock: it opens the sealed manifest (manifest.py),
upgrades a journal from before it (one transaction, with the pre-migration copy),
compares the write counter with the highest this device has seen (device_state.py),
and attaches itself to the file as its `Ledger`, so every later write updates the
manifest in the same transaction at O(1) cost. `differences` compares a snapshot of
the whole file with the manifest: reading commands refuse on any, `verify` lists them,
and `accept` (`rj verify --accept-changes`) seals the journal as it is now.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from recovery_journal.domain import ids
from recovery_journal.errors import ChangedOutsideRj, JournalError
from recovery_journal.vault import crypto, device_state
from recovery_journal.vault.manifest import (
    MANIFEST_META,
    ManifestKey,
    ManifestState,
    covers,
    meta_differences,
    record_differences,
    total_of,
)
from recovery_journal.vault.migrations import current_schema
from recovery_journal.vault.storage import JournalFile

if TYPE_CHECKING:
    from recovery_journal.vault.keys import DataKey

Rows = Sequence[tuple[int, bytes]]
MetaRows = Sequence[tuple[str, bytes]]

DAMAGED_MANIFEST = "the manifest is damaged or was replaced outside rj"
MISSING_MANIFEST = "the manifest is missing (removed outside rj)"


def older_than_device(counter: int, remembered: int) -> str:
    return (
        "this journal is older than the one last opened on this device (write "
        f"{counter}, last seen {remembered}): was it restored from a backup?"
    )


def _listed(count: int, what: str, found: Collection[int]) -> str:
    shown = ", ".join(ids.encode(row_id) for row_id in sorted(found)[:5])
    more = " ..." if len(found) > 5 else ""
    return f"{count} record{'' if count == 1 else 's'} {what} ({shown}{more})"


class Integrity:
    """The manifest of one unlocked journal: its `Ledger`, and its checks."""

    def __init__(self, store: JournalFile, key: DataKey, *, check_device: bool) -> None:
        self._store = store
        self._journal_id = key.journal_id
        self._key = ManifestKey(key.dek, key.journal_id, key.dek_id)
        self._check_device = check_device and not store.in_memory
        self.problem: str | None = None
        """Found at unlock: no usable manifest, or an older file than this device saw."""
        self.before_manifest = False
        """A backup read in place from before the manifest: nothing to check the set with."""
        self.counter = 0
        """The highest write counter seen in this journal's manifest."""
        self._state: ManifestState | None = None  # during a write transaction
        self._dirty = self._resealed = False
        self._next_key: ManifestKey | None = None  # keys rotated in this transaction
        self._undo: tuple[ManifestKey, int] | None = None  # if COMMIT then fails

    def __repr__(self) -> str:
        return "Integrity(<redacted>)"

    # -- at unlock ------------------------------------------------------------------------

    @classmethod
    def attach(cls, store: JournalFile, key: DataKey, *, check_device: bool = True) -> Integrity:
        """Open the manifest (upgrading a journal from before it), check it, keep it current."""
        self = cls(store, key, check_device=check_device)
        remembered = (
            device_state.remembered_counter(key.journal_id, store.path)
            if self._check_device
            else None
        )
        sealed = store.meta(MANIFEST_META)
        state = self._read(sealed)
        pending = store.schema_version() < current_schema()
        if sealed is not None and state is None:
            self.problem = DAMAGED_MANIFEST
        elif sealed is None and not pending:
            self.problem = MISSING_MANIFEST
        elif sealed is None and remembered is not None:
            # A journal this device has seen with a manifest: its removal is no upgrade.
            self.problem = f"{MISSING_MANIFEST}; this device has opened it with one before"
        if pending and self.problem is None and (store.in_memory or not store.writable()):
            # Read in place (a backup) or a read-only file: never upgraded, never written.
            self.before_manifest = state is None
        elif pending and self.problem is None:
            store.upgrade(lambda conn: self._unchanged(state, conn), self._seal_all)
            state = self._read(store.meta(MANIFEST_META))
        if state is not None:
            self.counter = state.counter
            if remembered is not None and state.counter < remembered:
                self.problem = older_than_device(state.counter, remembered)
        store.attach(self)
        return self

    def _read(self, sealed: bytes | None) -> ManifestState | None:
        """The state sealed in `sealed`; None if there is none or it does not open."""
        if sealed is None:
            return None
        try:
            return self._key.open(sealed)
        except crypto.DecryptionFailed:
            return None

    def _unchanged(self, state: ManifestState | None, conn: sqlite3.Connection) -> None:
        """Before an upgrade: nothing changed outside rj may be folded into the new manifest."""
        if state is None:
            return  # a journal from before the manifest: there is nothing to check against
        records, meta = self._store.records_in(conn), self._store.meta_rows("")
        problems = self._compare(state, records, meta)
        if problems:
            raise ChangedOutsideRj(problems)

    def _seal_all(self, conn: sqlite3.Connection) -> None:
        """Seal a manifest of the file as it is (inside an upgrade's or an accept's transaction)."""
        records, meta = self._store.records_in(conn), self._store.meta_rows("")
        old = self._read(self._store.meta(MANIFEST_META))
        state = ManifestState.build(self._key, records, meta)
        remembered = (
            device_state.remembered_counter(self._journal_id, self._store.path)
            if self._check_device
            else None
        ) or 0
        state.counter = max(old.counter if old else 0, remembered, self.counter) + 1
        self._store.put_meta(conn, {MANIFEST_META: self._key.seal(state)})
        self.counter = state.counter

    # -- checking -------------------------------------------------------------------------

    def differences(
        self, records: Rows, meta: MetaRows, damaged: Collection[str] = ()
    ) -> list[str]:
        """What differs between a snapshot of the file and the manifest, said for a person.

        Records that fail to decrypt (`damaged`, public ids) are reported as damaged by
        the caller, so a difference they explain (a flipped byte reads as "rolled back",
        a copied blob as "not in the manifest") is left out here.
        """
        if self.problem is not None:
            return [self.problem]
        sealed = next((value for name, value in meta if name == MANIFEST_META), None)
        state = self._read(sealed)
        if state is None and sealed is None and self.before_manifest:
            return []  # each record is still authenticated; which exist cannot be checked
        if state is None:  # changed since the unlock
            return [MISSING_MANIFEST if sealed is None else DAMAGED_MANIFEST]
        self.counter = max(self.counter, state.counter)
        return self._compare(state, records, meta, damaged)

    def _compare(
        self, state: ManifestState, records: Rows, meta: MetaRows, damaged: Collection[str] = ()
    ) -> list[str]:
        said = []
        terms = self._key.terms(records)
        if len(records) != state.count or total_of(terms) != state.total:
            found = record_differences(self._key, state, records, terms)
            broken = {ids.decode(public) for public in damaged}
            if found.missing:
                said.append(_listed(len(found.missing), "missing", found.missing))
            unknown = set(found.unknown) - broken
            if unknown:
                said.append(_listed(len(unknown), "not in the manifest", unknown))
            rolled_back = set(found.rolled_back) - broken
            if rolled_back:
                said.append(_listed(len(rolled_back), "rolled back", rolled_back))
            if found.unlisted:
                said.append(
                    f"records differ from the manifest ({len(records)} in the file, "
                    f"{state.count} expected; too many changes to list)"
                )
        return said + meta_differences(state, meta)

    # -- the Ledger: told of every write, inside the transaction ---------------------------

    def begin(self, store: JournalFile) -> None:
        if self.problem is not None:
            raise ChangedOutsideRj([self.problem])
        sealed = store.meta(MANIFEST_META)
        self._state = self._read(sealed)
        if self._state is None:  # changed since the unlock
            raise ChangedOutsideRj([MISSING_MANIFEST if sealed is None else DAMAGED_MANIFEST])
        self._dirty = self._resealed = False
        self._next_key = self._undo = None

    def record_stored(self, row_id: int, blob: bytes) -> None:
        self._change().add(self._key, row_id, blob, +1)

    def record_removed(self, row_id: int, blob: bytes) -> None:
        self._change().add(self._key, row_id, blob, -1)

    def records_resealed(self) -> None:
        self._change()
        self._resealed = True

    def meta_stored(self, name: str, value: bytes) -> None:
        if covers(name):
            self._change().set_meta(name, value)

    def meta_removed(self, name: str) -> None:
        if covers(name):
            self._change().drop_meta(name)

    def _change(self) -> ManifestState:
        if self._state is None:
            raise RuntimeError("a write outside a transaction")  # a bug, never the person's
        self._dirty = True
        return self._state

    def rekey(self, key: DataKey, records: Rows) -> None:
        """Inside a key rotation's transaction, after every record was resealed."""
        self._next_key = ManifestKey(key.dek, key.journal_id, key.dek_id)
        self._state = self._change().rekeyed(self._next_key, records)

    def require_unchanged(self, records: Rows, meta: MetaRows) -> None:
        """Inside a transaction (before rotating keys): refuse if the file differs."""
        if self._state is None:
            raise RuntimeError("outside a transaction")  # a bug, never the person's
        problems = self._compare(self._state, records, meta)
        if problems:
            raise ChangedOutsideRj(problems)

    def commit(self, store: JournalFile, conn: sqlite3.Connection) -> None:
        state = self._state
        if not self._dirty or state is None:
            return
        if self._resealed and self._next_key is None:
            raise RuntimeError("records resealed but the manifest not rekeyed")
        key = self._next_key or self._key
        state.counter += 1
        store.put_meta(conn, {MANIFEST_META: key.seal(state)})
        self._undo = (self._key, self.counter)  # for abort(), if COMMIT then fails
        self._key, self.counter = key, max(self.counter, state.counter)
        self._state = None

    def abort(self) -> None:
        if self._undo is not None:
            self._key, self.counter = self._undo
        self._state = None
        self._undo = self._next_key = None

    # -- repairs and the device's record ----------------------------------------------------

    def accept(self) -> None:
        """Seal the journal as it is now (records, meta rows), above any counter seen."""
        self._store.attach(None)
        try:
            if not self._store.upgrade(lambda conn: None, self._seal_all):
                with self._store.transaction() as conn:
                    self._seal_all(conn)
        finally:
            self._store.attach(self)
        self.problem = None
        if not self._store.in_memory:
            device_state.remember_counter(
                self._journal_id, self._store.path, self.counter, exactly=True
            )

    def remember(self) -> None:
        """At close: note the file's counter now, as this device has seen it (never lowered
        here). Read again, not the highest this process saw: a restore meanwhile may have
        put an older journal in place on purpose, and recorded its counter itself."""
        if not self._check_device or not self._store.still_current():
            return
        try:
            state = self._read(self._store.meta(MANIFEST_META))
        except JournalError:  # best effort: a file that fails now only goes unrecorded
            return
        if state is not None:  # not if the keys were rotated or another journal restored
            device_state.remember_counter(self._journal_id, self._store.path, state.counter)


def new_manifest(key: DataKey) -> ManifestKey:
    """The manifest key of a data key (for the first manifest of a new journal)."""
    return ManifestKey(key.dek, key.journal_id, key.dek_id)


def first_manifest(key: DataKey, meta: dict[str, bytes]) -> dict[str, bytes]:
    """The manifest row of a new journal holding `meta` and no records (write 1)."""
    manifest_key = new_manifest(key)
    state = ManifestState.build(manifest_key, (), meta.items())
    state.counter = 1
    return {MANIFEST_META: manifest_key.seal(state)}
