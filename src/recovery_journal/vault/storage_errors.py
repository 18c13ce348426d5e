"""SQLite and file-system failures as one line a person can act on (see storage.py)."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from recovery_journal.errors import NotAJournal, StorageError

_DISK_FULL = (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC))


def storage_error(exc: BaseException, path: Path) -> StorageError:
    """The one-line error for an OSError or SQLite error met while using `path`."""
    text = str(exc).lower()
    if (
        (isinstance(exc, OSError) and exc.errno in _DISK_FULL)
        or "full" in text
        or "disk i/o" in text
    ):
        return StorageError(
            f"Not saved: the disk is full or failed while writing {path}. "
            "Free some space and try again; earlier entries are safe."
        )
    if (
        "readonly" in text
        or "read-only" in text
        or isinstance(exc, PermissionError)
        or (isinstance(exc, OSError) and exc.errno == errno.EROFS)
    ):
        return StorageError(f"Cannot write to {path}: the file or its folder is read-only.")
    if "unable to open" in text:
        # The file was readable; SQLite could not create its -wal/-shm beside it.
        return StorageError(
            f"Cannot open {path}: its folder {path.parent} is read-only or not accessible "
            "(the journal needs to write small files beside it)."
        )
    if "locked" in text or "busy" in text:
        return StorageError("The journal is busy in another window; try again in a moment.")
    return StorageError(f"The journal at {path} could not be read or written ({exc}).")


@contextlib.contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise NotAJournal(
                f"{path} is not a Recovery Journal or is badly damaged ({exc})."
            ) from None
        raise storage_error(exc, path) from None
    except OSError as exc:
        raise storage_error(exc, path) from None
