"""The writes to a journal's two tables, each telling the attached ledger what changed.

Part of `storage.JournalFile` (its only SQL besides storage.py's own), given the
connection its `transaction()` yields. A `Ledger` (vault/integrity.py) hears of
every record and meta row stored or removed, inside the same transaction, and
keeps the sealed manifest (vault/manifest.py) exact whichever code path writes.
What a transaction replaces or deletes is wiped for good once it commits (`wipe_removed`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from recovery_journal.errors import StorageError
from recovery_journal.vault.crypto import random_row_id
from recovery_journal.vault.files import holds_any

if TYPE_CHECKING:
    from pathlib import Path

    from recovery_journal.vault.storage import JournalFile


class Ledger(Protocol):
    """Told of every write inside a transaction (vault/integrity.py keeps the manifest)."""

    def begin(self, store: JournalFile) -> None: ...
    def record_stored(self, row_id: int, blob: bytes) -> None: ...
    def record_removed(self, row_id: int, blob: bytes) -> None: ...
    def records_resealed(self) -> None: ...
    def meta_stored(self, name: str, value: bytes) -> None: ...
    def meta_removed(self, name: str) -> None: ...
    def commit(self, store: JournalFile, conn: sqlite3.Connection) -> None: ...
    def abort(self) -> None: ...


SEARCHED_AT_MOST = 16
"""Removed values looked for one by one after a commit; more, and the file is rebuilt."""
WIPE_NEEDLE = 32
"""How much of a removed value is looked for in the file afterwards: a blob's version byte,
its random nonce and the start of its ciphertext, so never found by chance."""


class RecordWrites:
    """The write methods of `JournalFile`."""

    _ledger: Ledger | None = None
    _removed: list[bytes]
    """The first bytes of every value this transaction replaced or deleted: after the
    commit, `JournalFile` makes sure no copy of them is left in the file."""

    path: Path
    _in_memory: bool

    def checkpoint(self) -> None:
        raise NotImplementedError  # JournalFile's

    def compact(self) -> None:
        raise NotImplementedError  # JournalFile's

    def wipe_removed(self) -> None:
        """After a commit that replaced or deleted values: none may be left in the file.
        secure_delete zeroes what SQLite frees, but a cell it moved to another page can
        leave its old copy in unused space; if any removed value is still found, the
        file is rebuilt. Many at once (an import, say) are not searched for one by one."""
        removed, self._removed = self._removed, []
        if not removed or self._in_memory:
            return
        try:
            self.checkpoint()
            if len(removed) > SEARCHED_AT_MOST or holds_any(self.path, removed):
                self.compact()
        except (StorageError, OSError) as exc:  # the change itself is committed: say so
            raise StorageError(
                f"The change was saved, but the file could not be rebuilt to wipe the old "
                f"copy of what it replaced ({exc}). Free some disk space, then run "
                "`rj rotate-keys`, which rebuilds the file."
            ) from None

    def removing(self, old: bytes) -> None:
        """`old` (a record's blob, a keyslot) is being replaced or deleted: wipe it for good."""
        self._removed.append(old[:WIPE_NEEDLE])

    def add_record(self, conn: sqlite3.Connection, seal: Callable[[int], bytes]) -> int:
        """Store `seal(id)` under a random id not yet in use, and return that id."""
        while True:
            row_id = random_row_id()
            if not conn.execute("SELECT 1 FROM records WHERE id = ?", (row_id,)).fetchone():
                break
        blob = seal(row_id)
        conn.execute("INSERT INTO records (id, blob) VALUES (?, ?)", (row_id, blob))
        if self._ledger is not None:
            self._ledger.record_stored(row_id, blob)
        return row_id

    def insert_records(self, conn: sqlite3.Connection, rows: Iterable[tuple[int, bytes]]) -> None:
        """Store sealed records under ids the caller chose (an import keeps its ids)."""
        rows = list(rows)
        conn.executemany("INSERT INTO records (id, blob) VALUES (?, ?)", rows)
        if self._ledger is not None:
            for row_id, blob in rows:
                self._ledger.record_stored(row_id, blob)

    def _stored(self, conn: sqlite3.Connection, row_id: int) -> bytes | None:
        row = conn.execute("SELECT blob FROM records WHERE id = ?", (row_id,)).fetchone()
        return None if row is None else row[0]

    def replace_record(self, conn: sqlite3.Connection, row_id: int, blob: bytes) -> bool:
        """Put `blob` in record `row_id`; False if there is no such record."""
        old = self._stored(conn, row_id)
        updated = conn.execute("UPDATE records SET blob = ? WHERE id = ?", (blob, row_id))
        if old is not None:
            self.removing(old)
        if self._ledger is not None and old is not None:
            self._ledger.record_removed(row_id, old)
            self._ledger.record_stored(row_id, blob)
        return updated.rowcount == 1

    def delete_record(self, conn: sqlite3.Connection, row_id: int) -> None:
        old = self._stored(conn, row_id)
        conn.execute("DELETE FROM records WHERE id = ?", (row_id,))
        if old is not None:
            self.removing(old)
        if self._ledger is not None and old is not None:
            self._ledger.record_removed(row_id, old)

    @staticmethod
    def records_in(conn: sqlite3.Connection) -> list[tuple[int, bytes]]:
        """Every record, read under the write lock."""
        return conn.execute("SELECT id, blob FROM records").fetchall()

    def update_blobs(self, conn: sqlite3.Connection, rows: list[tuple[bytes, int]]) -> None:
        """Put each `(blob, id)`'s blob in its record (keys rotated: the ledger is rekeyed)."""
        conn.executemany("UPDATE records SET blob = ? WHERE id = ?", rows)
        if self._ledger is not None:
            self._ledger.records_resealed()

    def put_meta(self, conn: sqlite3.Connection, values: dict[str, bytes]) -> None:
        conn.executemany("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", values.items())
        if self._ledger is not None:
            for name, value in values.items():
                self._ledger.meta_stored(name, value)

    def delete_meta(self, conn: sqlite3.Connection, key: str) -> None:
        conn.execute("DELETE FROM meta WHERE k = ?", (key,))
        if self._ledger is not None:
            self._ledger.meta_removed(key)

    def set_schema_version(self, conn: sqlite3.Connection, version: int) -> None:
        self.put_meta(conn, {"schema": str(version).encode()})
