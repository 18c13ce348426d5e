"""The journal's files on disk: private creation, copies, syncing, SQLite's side files."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from recovery_journal.errors import StorageError

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_NEW_FILE = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)


def side_files(path: Path) -> list[Path]:
    """SQLite's companions of `path` (-wal, -shm, -journal), existing or not."""
    return [Path(f"{path}{suffix}") for suffix in SIDE_SUFFIXES]


def create_private(path: Path) -> None:
    """Create an empty 0600 file; FileExistsError if anything (even a symlink) is there."""
    os.close(os.open(path, _NEW_FILE, 0o600))


def copy_private(source: Path, target: Path) -> None:
    """A byte copy into a new 0600 file, synced; nothing is left at `target` on failure."""
    fd = os.open(target, _NEW_FILE, 0o600)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as data:
            while chunk := data.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


MIB = 1024 * 1024
# A journal grows about 350 bytes per entry: 1 GiB is some three million entries.
LARGEST_PLAUSIBLE = 1024 * MIB


def implausible_size(path: Path, journal: Path | None) -> str | None:
    """Why the file at `path` cannot be a journal or a backup of one, from its size alone
    (checked before a byte is read); None if its size is plausible.

    A sparse file (mostly holes: its apparent size far above the space it takes on disk)
    is never one rj made; nor is a file far larger than the journal and than any real one.
    """
    info = path.stat()
    blocks = getattr(info, "st_blocks", None)
    if blocks is not None and info.st_size > MIB and blocks * 512 * 2 < info.st_size:
        return (
            f"{path} is a sparse file ({_size(info.st_size)} that take {_size(blocks * 512)} "
            "on disk), which rj never makes; it is not a journal or a backup of one."
        )
    current = journal.stat().st_size if journal is not None and journal.is_file() else 0
    if info.st_size > max(16 * current, LARGEST_PLAUSIBLE):
        return (
            f"{path} is {_size(info.st_size)}, far larger than your journal "
            f"({_size(current)}) or any real one; it is not a backup rj made."
        )
    return None


def _size(count: int) -> str:
    return f"{count / MIB:,.1f} MiB" if count >= MIB else f"{count:,} bytes"


def fsync(path: Path) -> None:
    """Flush a file (or a folder's entries, where the system allows it) to disk."""
    folder = path.is_dir()
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        if folder:  # e.g. Windows cannot open a folder
            return
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not folder:
            raise
    finally:
        os.close(fd)


def inode(path: Path) -> tuple[int, int] | None:
    """What identifies the file now at `path`, to notice it being replaced."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def tighten_permissions(path: Path) -> None:
    for candidate in [path, *side_files(path)]:
        with contextlib.suppress(OSError):
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)


def remove_journal_files(path: Path) -> None:
    for candidate in [path, *side_files(path)]:
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def copy_database(conn: sqlite3.Connection, target: Path, *, replace: bool) -> None:
    """A consistent, self-contained copy of `conn`'s database through SQLite's backup API.

    Written to a private (0600) temporary file beside `target`, synced, then
    renamed into place: `target` is either the whole copy or as it was. Without
    `replace`, `target` must not exist and is claimed (O_EXCL) before the copy.
    Errors are raised as they come (OSError, sqlite3.Error).
    """
    temporary = target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")
    claimed = done = False
    try:
        if not replace:
            create_private(target)
            claimed = True
        create_private(temporary)
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            # One step (pages=-1): a consistent snapshot even while others write.
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file: no -wal to lose on the way
        finally:
            copy.close()
        fsync(temporary)
        os.replace(temporary, target)
        fsync(target.parent)
        done = True
    finally:
        if claimed and not done:
            target.unlink(missing_ok=True)
        for leftover in (temporary, *side_files(temporary)):
            leftover.unlink(missing_ok=True)


def fold_in_wal(path: Path) -> None:
    """Fold a journal's WAL into its main file and close, so the file stands alone.

    Refuses while another process has the journal open. A file SQLite cannot
    open is left as it is (its side files are then kept beside any copy).
    """
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    except sqlite3.Error:
        return
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error:
        busy = None
    finally:
        conn.close()
    if busy is not None and busy[0] != 0:
        raise StorageError(
            f"The journal at {path} is in use in another window; close it and try again."
        )


def holds_any(path: Path, needles: list[bytes], chunk: int = 4 * 1024 * 1024) -> bool:
    """Whether the file at `path` contains any of `needles` (read in chunks that overlap,
    so a needle across two of them is found too)."""
    if not needles:
        return False
    overlap = max(len(needle) for needle in needles) - 1
    with path.open("rb") as file:
        tail = b""
        while block := file.read(chunk):
            window = tail + block
            if any(needle in window for needle in needles):
                return True
            tail = window[-overlap:] if overlap else b""
    return False
