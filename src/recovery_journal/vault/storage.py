"""The only SQL on the journal's tables (with writes.py): a file of opaque sealed records.

Schema: `meta(k, v)` for the format, ids and keyslots, and `records(id, blob)`
where `id` is a random 63-bit integer and `blob` an AEAD ciphertext. Nothing
about an entry (kind, time, text) is stored in the clear. Older files are
upgraded at their first unlock, with the key (migrations.py, whose steps are
given a connection); files.py copies and checkpoints whole files without
touching a table.

Once a journal is unlocked, a `Ledger` (vault/integrity.py) is attached: every
write below tells it what changed, inside the same transaction, so the sealed
manifest of which records and meta rows exist (vault/manifest.py) stays exact
whichever code path writes.

Why the standard library's sqlite3 rather than sqlite-utils (checked against
sqlite-utils 4.2): version 4 nests its writes inside a transaction we open, so
it could write here, but it would not fit. Every write here is one `BEGIN
IMMEDIATE` transaction, which takes the write lock up front so the busy timeout
applies; its `atomic()` begins a DEFERRED one (`BEGIN`), which can fail with
"database is locked" when it meets another writer. Its migrations record
themselves in a `_sqlite_migrations` table, breaking the promise that the file
holds only the `records` and `meta` tables (a file with any other table is
refused). Its schema and upsert helpers would go unused on two fixed tables of
blobs, and importing it costs about 50 ms on every command.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from recovery_journal.errors import (
    JournalExists,
    JournalMissing,
    NotAJournal,
    StorageError,
    UnsupportedVersion,
)
from recovery_journal.vault import migrations
from recovery_journal.vault.files import (
    copy_database,
    inode,
    remove_journal_files,
    side_files,
    tighten_permissions,
)
from recovery_journal.vault.storage_errors import sqlite_errors, storage_error
from recovery_journal.vault.writes import Ledger, RecordWrites

__all__ = ["JournalFile", "Ledger", "storage_error"]

APP_FORMAT = b"recovery-journal"
_SCHEMA = (
    ("table", "meta", "CREATE TABLE meta (k TEXT PRIMARY KEY, v BLOB NOT NULL)"),
    ("index", "sqlite_autoindex_meta_1", None),
    ("table", "records", "CREATE TABLE records (id INTEGER PRIMARY KEY, blob BLOB NOT NULL)"),
)
_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA busy_timeout=10000",
    "PRAGMA trusted_schema=OFF",
)


class JournalFile(RecordWrites):
    """A SQLite journal file: meta values and sealed records, in transactions."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, in_memory: bool = False) -> None:
        self.path = path
        self._conn = conn
        self._in_memory = in_memory
        self._inode = None if in_memory else inode(path)
        self._expected: dict[str, bytes] = {}
        self._ledger: Ledger | None = None
        self._removed = []

    @classmethod
    def create(
        cls,
        path: Path,
        meta: dict[str, bytes],
        derived: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None,
    ) -> JournalFile:
        """Create a new journal holding `meta` (plus the rows `derived` makes of all of it,
        the manifest) in one transaction; never overwrites an existing file."""
        if path.exists():
            raise JournalExists.journal_at(path)
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Created 0600 before SQLite opens it, so -wal and -shm inherit 0600.
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            raise JournalExists.journal_at(path) from None
        except OSError as exc:
            raise storage_error(exc, path) from None
        try:
            with sqlite_errors(path):
                journal = cls(path, cls._connect(path))
                with journal.transaction() as conn:
                    for _, _, sql in _SCHEMA:
                        if sql:
                            conn.execute(sql)
                    schema = str(migrations.current_schema()).encode()
                    meta = {"format": APP_FORMAT, "schema": schema, **meta}
                    meta.update(derived(meta) if derived else {})
                    conn.executemany("INSERT INTO meta (k, v) VALUES (?, ?)", meta.items())
            return journal
        except BaseException:
            remove_journal_files(path)
            raise

    @classmethod
    def open(cls, path: Path, *, keep_pre_migration_copy: bool = True) -> JournalFile:
        """Open a journal file, upgrading an older schema (see the module docstring)."""
        if not path.is_file():
            missing = "" if path.parent.is_dir() else f" (the folder {path.parent} does not exist)"
            raise JournalMissing(
                f"No journal at {path}{missing}. "
                "Create one with `rj init`, or point --journal at yours."
            )
        if not os.access(path, os.R_OK):
            raise StorageError(f"Cannot read {path}: permission denied.")
        with sqlite_errors(path):
            journal = cls(path, cls._connect(path))
            try:
                journal._prepare(keep_pre_migration_copy)
            except BaseException:
                journal.close()  # a refused file must not stay open (and locked)
                raise
        tighten_permissions(path)
        return journal

    @classmethod
    def load(cls, path: Path) -> JournalFile:
        """A journal file (a backup) opened read-only: it is only ever read, page by page,
        never copied whole into memory (`in_memory` is True: it is never written)."""
        if not path.is_file():
            raise JournalMissing(f"No backup at {path}.")
        if not os.access(path, os.R_OK):
            raise StorageError(f"Cannot read {path}: permission denied.")
        with sqlite_errors(path):
            # Read-only; and with no -wal beside it, immutable, so that reading
            # a WAL-mode file does not leave -wal and -shm files next to it.
            flags = "mode=ro" + ("" if side_files(path)[0].exists() else "&immutable=1")
            source = sqlite3.connect(
                f"{path.resolve().as_uri()}?{flags}", uri=True, isolation_level=None
            )
            try:
                source.execute("PRAGMA trusted_schema=OFF")
                journal = cls(path, source, in_memory=True)
                journal._prepare(keep_pre_migration_copy=False)
            except BaseException:
                source.close()
                raise
        return journal

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, isolation_level=None, timeout=10)
        try:
            for pragma in _PRAGMAS:
                conn.execute(pragma)
        except BaseException:
            conn.close()  # e.g. "file is not a database"
            raise
        return conn

    def _objects(self) -> list[tuple[str, str, str | None]]:
        try:
            rows = self._conn.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name")
            return [tuple(row) for row in rows]
        except sqlite3.DatabaseError as exc:
            raise NotAJournal(f"{self.path} is not a Recovery Journal ({exc}).") from None

    def _prepare(self, keep_pre_migration_copy: bool) -> None:
        """Check the file is ours; an older schema is upgraded at unlock (`upgrade`)."""
        names = {name for _, name, _ in self._objects()}
        if "meta" not in names or "records" not in names:
            raise NotAJournal(f"{self.path} is not a Recovery Journal file.")
        self.schema_version()  # refuses a newer or unreadable one
        self.keep_pre_migration_copy = keep_pre_migration_copy and not self._in_memory
        # Refuses: nothing may run inside a tampered file. (Every schema so far has the
        # same tables; a migration that changes them must teach this check the old ones.)
        self.check_schema()

    def upgrade(
        self,
        before: Callable[[sqlite3.Connection], None],
        after: Callable[[sqlite3.Connection], None],
    ) -> bool:
        """Run pending migrations with the key at hand (see migrations.upgrade); True if any."""
        version = self.schema_version()
        if version >= migrations.current_schema():
            return False
        keep_copy = self.keep_pre_migration_copy
        migrations.upgrade(self, version, keep_copy=keep_copy, before=before, after=after)
        return True

    def schema_version(self) -> int:
        """The file's schema number, refusing a file that is not ours or is too new."""
        if self.meta("format") != APP_FORMAT:
            raise NotAJournal(f"{self.path} is not a Recovery Journal file.")
        schema = self.meta("schema")
        # Length first: int() of thousands of digits raises instead of answering.
        if schema is None or not schema.isdigit() or len(schema) > 9 or int(schema) < 1:
            raise NotAJournal(f"{self.path} has no readable schema version.")
        if int(schema) > migrations.current_schema():
            raise UnsupportedVersion(
                f"{self.path} was written by a newer Recovery Journal (schema {int(schema)}); "
                "upgrade with `pip install --upgrade recovery-journal`."
            )
        return int(schema)

    def check_schema(self) -> None:
        """Refuse a file whose tables, indexes, triggers or views are not exactly ours."""
        expected = sorted(_SCHEMA, key=lambda row: row[1])
        if self._objects() != expected:
            raise NotAJournal(
                f"{self.path} has an unexpected schema (extra tables, triggers or columns); "
                "refusing to open it. Restore it from a backup."
            )

    def meta(self, key: str) -> bytes | None:
        with sqlite_errors(self.path):
            row = self._conn.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        if row is None:
            return None
        value = row[0]
        # Written as blobs; a hand-edited file may hold text or numbers instead.
        return bytes(value) if isinstance(value, bytes) else str(value).encode()

    def meta_rows(self, prefix: str) -> list[tuple[str, bytes]]:
        """Every meta row whose key starts with `prefix`, read under the write lock if held."""
        with sqlite_errors(self.path):
            sql = "SELECT k, v FROM meta WHERE substr(k, 1, ?) = ? ORDER BY k"
            rows = self._conn.execute(sql, (len(prefix), prefix)).fetchall()
        return [(str(k), v if isinstance(v, bytes) else str(v).encode()) for k, v in rows]

    @property
    def in_memory(self) -> bool:
        return self._in_memory

    def records(self) -> list[tuple[int, bytes]]:
        with sqlite_errors(self.path):
            return self._conn.execute("SELECT id, blob FROM records").fetchall()

    def snapshot(self) -> tuple[list[tuple[int, bytes]], list[tuple[str, bytes]]]:
        """Every record and every meta row, read in one read transaction (consistent)."""
        if self._conn.in_transaction:  # under our own write lock: already consistent
            return self.records(), self.meta_rows("")
        with sqlite_errors(self.path):
            self._conn.execute("BEGIN")
            try:
                return self.records(), self.meta_rows("")
            finally:
                self._conn.execute("COMMIT")

    def record(self, row_id: int) -> bytes | None:
        with sqlite_errors(self.path):
            row = self._conn.execute("SELECT blob FROM records WHERE id = ?", (row_id,)).fetchone()
        return None if row is None else bytes(row[0])

    def first_record(self) -> tuple[int, bytes] | None:
        """Any one record (the lowest id): enough to check that a key opens this journal."""
        with sqlite_errors(self.path):
            row = self._conn.execute("SELECT id, blob FROM records ORDER BY id LIMIT 1").fetchone()
        return None if row is None else (row[0], row[1])

    def record_ids(self) -> list[int]:
        with sqlite_errors(self.path):
            return [row[0] for row in self._conn.execute("SELECT id FROM records")]

    def count(self) -> int:
        with sqlite_errors(self.path):
            return int(self._conn.execute("SELECT count(*) FROM records").fetchone()[0])

    def attach(self, ledger: Ledger | None) -> None:
        """From now on, tell `ledger` of every write (None: stop)."""
        self._ledger = ledger

    def writable(self) -> bool:
        """Whether this process may write the file (a read-only journal is still read)."""
        return not self._in_memory and os.access(self.path, os.W_OK)

    def still_current(self) -> bool:
        """Whether the file at our path is still the one opened (not replaced meanwhile)."""
        return self._inode is None or inode(self.path) == self._inode

    def expect(self, key: str, value: bytes) -> None:
        """Refuse any later write if meta `key` no longer holds `value` (e.g. keys rotated)."""
        self._expected[key] = value

    def _check_unchanged(self) -> None:
        if self._inode is not None and inode(self.path) != self._inode:
            raise StorageError(
                f"The journal at {self.path} was replaced (restored?) while this command ran; "
                "nothing was saved. Run the command again."
            )
        for key, value in self._expected.items():
            if self.meta(key) != value:
                raise StorageError(
                    "The journal's keys were changed in another window while this command ran; "
                    "nothing was saved. Run the command again."
                )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside lands, or nothing does."""
        with sqlite_errors(self.path):
            # IMMEDIATE takes the write lock up front, so the busy timeout applies
            # instead of a deferred transaction failing with "database is locked".
            ledger = self._ledger
            self._removed = []
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                self._check_unchanged()
                if ledger is not None:
                    ledger.begin(self)
                yield self._conn
                if ledger is not None:
                    ledger.commit(self, self._conn)
                self._conn.execute("COMMIT")
            except BaseException:
                if ledger is not None:
                    ledger.abort()
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self.wipe_removed()

    def integrity_problems(self, *, quick: bool = False) -> list[str]:
        """SQLite's integrity check (quick: without cross-checking indexes)."""
        pragma = "PRAGMA quick_check" if quick else "PRAGMA integrity_check"
        with sqlite_errors(self.path):
            rows = self._conn.execute(pragma).fetchall()
        problems = [str(row[0]) for row in rows]
        return [] if problems == ["ok"] else problems

    def checkpoint(self) -> None:
        """Fold the WAL into the database and truncate it, so old pages do not linger."""
        with sqlite_errors(self.path):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def compact(self) -> None:
        """Rebuild the file from its live rows alone (VACUUM), then fold in the WAL."""
        with sqlite_errors(self.path):
            self._conn.execute("VACUUM")
        self.checkpoint()

    # -- copies ------------------------------------------------------------------

    def copy_to(self, target: Path, *, replace: bool = False) -> None:
        """A consistent, private, self-contained copy (see `files.copy_database`)."""
        with sqlite_errors(target):
            try:
                copy_database(self._conn, target, replace=replace)
            except FileExistsError:
                raise JournalExists.file_at(target) from None

    def replace_contents(self, staged: Path, keep_as: Path) -> None:
        """Replace every row with those of the journal file `staged`, holding the write lock
        throughout: first the rows as they are are copied to `keep_as` (a new 0600 file,
        synced), then one transaction swaps them. A writer waits, then writes into the new
        contents (or is refused if its key no longer fits): no acknowledged write is lost
        between the copy and the swap, and none lands in a file that is no longer the journal.
        """
        with sqlite_errors(self.path):
            self._conn.execute("ATTACH DATABASE ? AS staged", (str(staged),))
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    self._check_unchanged()
                    with contextlib.closing(sqlite3.connect(self.path, timeout=10)) as reader:
                        copy_database(reader, keep_as, replace=False)  # sees all committed
                    for table in ("records", "meta"):
                        self._conn.execute(f"DELETE FROM main.{table}")  # noqa: S608 (ours)
                        self._conn.execute(f"INSERT INTO main.{table} SELECT * FROM staged.{table}")  # noqa: S608
                    self._conn.execute("COMMIT")
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            finally:
                self._conn.execute("DETACH DATABASE staged")
        self.compact()  # the old rows' ciphertext leaves the WAL and every page

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> JournalFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
