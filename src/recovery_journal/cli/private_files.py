"""Writing exported files that only their owner can read.

Exports leave the encrypted journal, so they are created 0600 (folders 0700),
never follow a symlink planted at the target name, and never replace an
existing file unless asked to (`--force`): a new file is opened with O_EXCL; a
replacement is written beside the target and renamed over it, so a failure
leaves the old file whole.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from recovery_journal.errors import InvalidInput, StorageError, already_exists

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_NEW_FILE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _write_error(path: Path, exc: OSError) -> StorageError:
    reason = exc.strerror or type(exc).__name__
    return StorageError(f"Could not write {path}: {reason}.")


def check_target(path: Path, *, force: bool, folder: bool = False) -> None:
    """Refuse early, before any work, a target that exists (without `force`) or cannot be one."""
    parent = path.parent
    if not parent.is_dir():
        raise InvalidInput(f"The folder {parent} does not exist; create it first.")
    if not os.path.lexists(path):
        return
    if not force:
        raise InvalidInput(already_exists(path))
    if folder and not path.is_dir():
        raise InvalidInput(f"{path} is a file, not a folder; choose another name.")
    if not folder and path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name.")


def _write_new(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, _NEW_FILE, FILE_MODE)
    except FileExistsError:
        raise InvalidInput(already_exists(path)) from None
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from None
        raise


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to a new 0600 file; with `force`, atomically replace an existing one."""
    import secrets  # hashlib and hmac: not for every run

    if not force or not os.path.lexists(path):
        _write_new(path, data)
        return
    if path.is_dir() and not path.is_symlink():
        raise InvalidInput(f"{path} is a folder; give a file name.")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    _write_new(temporary, data)
    try:
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise _write_error(path, exc) from None


def write_folder(path: Path, files: Mapping[str, bytes], *, force: bool) -> None:
    """Write `files` into a new 0700 folder; with `force`, into an existing one.

    With `force`, only the files named in `files` are replaced: nothing else in
    the folder is touched, so a mistyped path never loses unrelated files.
    """
    created = False
    try:
        path.mkdir(mode=FOLDER_MODE)
        created = True
    except FileExistsError:
        if not force:
            raise InvalidInput(already_exists(path)) from None
        if not path.is_dir():
            raise InvalidInput(f"{path} is a file, not a folder; choose another name.") from None
    except OSError as exc:
        raise _write_error(path, exc) from None
    written: list[Path] = []
    try:
        for name, data in files.items():
            target = path / name
            write_file(target, data, force=force and not created)
            written.append(target)
    except BaseException:
        if created:  # leave no half-written export behind
            for target in written:
                with contextlib.suppress(OSError):
                    target.unlink()
            with contextlib.suppress(OSError):
                path.rmdir()
        raise
