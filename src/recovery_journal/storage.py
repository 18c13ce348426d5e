"""The only SQL in the project: a journal file holding opaque sealed records.

Schema: `meta(k, v)` for the format, ids and keyslots, and `records(id, blob)`
where `id` is a random 63-bit integer and `blob` an AEAD ciphertext. Nothing
about an entry (kind, time, text) is stored in the clear.

Why the standard library's sqlite3 rather than sqlite-utils: every write here
must be one `BEGIN IMMEDIATE` transaction spanning several statements, and
sqlite-utils' helpers commit on their own; the schema is two fixed tables of
blobs, so its schema and upsert helpers would go unused while its import
would add ~60 ms to every command.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from recovery_journal.errors import (
    JournalExists,
    JournalMissing,
    NotAJournal,
    StorageError,
    UnsupportedVersion,
)

APP_FORMAT = b"recovery-journal"
SCHEMA_VERSION = 1
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
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def _storage_error(exc: BaseException, path: Path) -> StorageError:
    text = str(exc).lower()
    if (
        (isinstance(exc, OSError) and exc.errno == errno.ENOSPC)
        or "full" in text
        or "disk i/o" in text
    ):
        return StorageError(
            f"Not saved: the disk is full or failed while writing {path}. "
            "Free some space and try again; earlier entries are safe."
        )
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return StorageError(f"Cannot write to {path}: the file or its folder is read-only.")
    if "locked" in text or "busy" in text:
        return StorageError("The journal is busy in another window; try again in a moment.")
    return StorageError(f"The journal at {path} could not be read or written ({exc}).")


@contextlib.contextmanager
def _sqlite_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise NotAJournal(
                f"{path} is not a Recovery Journal or is badly damaged ({exc})."
            ) from None
        raise _storage_error(exc, path) from None
    except OSError as exc:
        raise _storage_error(exc, path) from None


class JournalFile:
    """A SQLite journal file: meta values and sealed records, in transactions."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    @classmethod
    def create(cls, path: Path, meta: dict[str, bytes]) -> JournalFile:
        """Create a new journal holding `meta`; never overwrites an existing file."""
        if path.exists():
            raise JournalExists(f"A journal already exists at {path}; it was left untouched.")
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Created 0600 before SQLite opens it, so -wal and -shm inherit 0600.
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            raise JournalExists(
                f"A journal already exists at {path}; it was left untouched."
            ) from None
        except OSError as exc:
            raise _storage_error(exc, path) from None
        try:
            with _sqlite_errors(path):
                journal = cls(path, cls._connect(path))
                with journal.transaction() as conn:
                    for _, _, sql in _SCHEMA:
                        if sql:
                            conn.execute(sql)
                    meta = {"format": APP_FORMAT, "schema": str(SCHEMA_VERSION).encode(), **meta}
                    conn.executemany("INSERT INTO meta (k, v) VALUES (?, ?)", meta.items())
            return journal
        except BaseException:
            remove_journal_files(path)
            raise

    @classmethod
    def open(cls, path: Path) -> JournalFile:
        if not path.is_file():
            raise JournalMissing(
                f"No journal at {path}. Create one with `rj init`, or point --journal at yours."
            )
        if not os.access(path, os.R_OK):
            raise StorageError(f"Cannot read {path}: permission denied.")
        with _sqlite_errors(path):
            journal = cls(path, cls._connect(path))
            try:
                journal._check_schema()
            except BaseException:
                journal.close()  # a refused file must not stay open (and locked)
                raise
        _tighten_permissions(path)
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

    def _check_schema(self) -> None:
        try:
            found = self._conn.execute(
                "SELECT type, name, sql FROM sqlite_schema ORDER BY name"
            ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise NotAJournal(f"{self.path} is not a Recovery Journal ({exc}).") from None
        expected = sorted(_SCHEMA, key=lambda row: row[1])
        if [tuple(row) for row in found] != expected:
            names = {row[1] for row in found}
            if "meta" not in names or "records" not in names:
                raise NotAJournal(f"{self.path} is not a Recovery Journal file.")
            raise NotAJournal(
                f"{self.path} has an unexpected schema (extra tables, triggers or columns); "
                "refusing to open it. Restore it from a backup."
            )
        if self.meta("format") != APP_FORMAT:
            raise NotAJournal(f"{self.path} is not a Recovery Journal file.")
        schema = self.meta("schema")
        if schema is None or not schema.isdigit():
            raise NotAJournal(f"{self.path} has no readable schema version.")
        if int(schema) > SCHEMA_VERSION:
            raise UnsupportedVersion(
                f"{self.path} was written by a newer Recovery Journal (schema {int(schema)}); "
                "upgrade with `pip install --upgrade recovery-journal`."
            )

    def meta(self, key: str) -> bytes | None:
        with _sqlite_errors(self.path):
            row = self._conn.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def records(self) -> list[tuple[int, bytes]]:
        with _sqlite_errors(self.path):
            return self._conn.execute("SELECT id, blob FROM records").fetchall()

    def record(self, row_id: int) -> bytes | None:
        with _sqlite_errors(self.path):
            row = self._conn.execute("SELECT blob FROM records WHERE id = ?", (row_id,)).fetchone()
        return None if row is None else bytes(row[0])

    def record_ids(self) -> list[int]:
        with _sqlite_errors(self.path):
            return [row[0] for row in self._conn.execute("SELECT id FROM records")]

    def count(self) -> int:
        with _sqlite_errors(self.path):
            return int(self._conn.execute("SELECT count(*) FROM records").fetchone()[0])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside lands, or nothing does."""
        with _sqlite_errors(self.path):
            # IMMEDIATE takes the write lock up front, so the busy timeout applies
            # instead of a deferred transaction failing with "database is locked".
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def integrity_problems(self) -> list[str]:
        with _sqlite_errors(self.path):
            rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        problems = [str(row[0]) for row in rows]
        return [] if problems == ["ok"] else problems

    def checkpoint(self) -> None:
        """Fold the WAL into the database and truncate it, so old pages do not linger."""
        with _sqlite_errors(self.path):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()


def _tighten_permissions(path: Path) -> None:
    for candidate in [path, *(Path(f"{path}{suffix}") for suffix in SIDE_SUFFIXES)]:
        with contextlib.suppress(OSError):
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)


def remove_journal_files(path: Path) -> None:
    for candidate in [path, *(Path(f"{path}{suffix}") for suffix in SIDE_SUFFIXES)]:
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
