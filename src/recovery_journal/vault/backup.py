"""Backups: consistent encrypted copies of a journal, checked, and restoring one.

A backup is a self-contained SQLite file made with the online backup API (so it
is consistent even while another process writes), 0600, never half-written. It
holds only ciphertext and keyslots, so it opens with the passphrase (and
recovery key) the journal had when it was made.

A file handed to `backup --verify` or `restore` is untrusted: its size is checked
before a byte is read (files.implausible_size: no sparse or absurd file), and it is
read in place, page by page, never copied whole into memory. `restore` swaps the
journal's rows under its write lock (storage.replace_contents), so a writer running
at the same time loses nothing it was told was saved.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from recovery_journal.errors import (
    ChangedOutsideRj,
    DamagedEntries,
    InvalidInput,
    JournalError,
    JournalExists,
    NotAJournal,
    StorageError,
    UnsupportedVersion,
    WrongPassphrase,
)
from recovery_journal.vault import crypto, device_state
from recovery_journal.vault.files import (
    copy_private,
    create_private,
    fold_in_wal,
    fsync,
    implausible_size,
    side_files,
)
from recovery_journal.vault.journal import Journal
from recovery_journal.vault.storage import JournalFile, storage_error
from recovery_journal.vault.verify_report import VerifyReport

Passphrase = crypto.Secret | Callable[[], crypto.Secret]


def _same_file(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        return a.exists() and b.exists() and os.path.samefile(a, b)
    return False


def check_backup_target(target: Path, journal: Path, *, force: bool) -> None:
    """Refuse a bad target (before anything is asked for or written)."""
    if target.resolve() == journal.resolve() or _same_file(target, journal):
        raise InvalidInput(f"{target} is the journal itself; choose another file for the backup.")
    if not target.parent.is_dir():
        raise InvalidInput(f"The folder {target.parent} does not exist; create it first.")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give a file name for the backup.")
    if os.path.lexists(target) and not force:
        raise JournalExists.file_at(target)


def check_plausible(path: Path, journal: Path | None) -> None:
    """Refuse a file whose size alone shows it is no backup (before anything is read)."""
    if not path.is_file():
        raise InvalidInput(f"No backup at {path}.")
    try:
        problem = implausible_size(path, journal)
    except OSError as exc:
        raise storage_error(exc, path) from None
    if problem:
        raise NotAJournal(problem)


def open_backup(path: Path, passphrase: Passphrase) -> Journal:
    """Unlock the backup at `path`, read-only, in place (the file itself is only read)."""
    try:
        return Journal.unlock_store(JournalFile.load(path), passphrase)
    except WrongPassphrase:
        raise WrongPassphrase(
            f"Wrong passphrase for the backup {path}: it opens with the passphrase the journal "
            "had when the backup was made. Nothing was changed."
        ) from None


def verify_backup(
    path: Path, passphrase: Passphrase, *, journal: Path | None = None
) -> VerifyReport:
    """The same checks as `verify` (integrity check, decrypt every record, the manifest),
    on a backup; with `journal`, a file implausibly large next to it is refused first."""
    check_plausible(path, journal)
    with open_backup(path, passphrase) as copy:
        return copy.verify()


def raise_for(report: VerifyReport, what: str) -> None:
    """Turn a failed verification into the error `verify` gives."""
    if report.damaged:
        raise DamagedEntries(report.damaged)
    if report.integrity_problems:
        raise JournalError(f"SQLite's integrity check failed on {what}; it cannot be trusted.")
    if report.changes:
        raise ChangedOutsideRj(report.changes)


def backup(journal: Journal, target: Path, passphrase: crypto.Secret, *, force: bool) -> int:
    """Copy the unlocked journal to `target`, then prove the copy opens and decrypts.

    Returns the number of records in the backup. On any failure nothing is left
    at `target` (or, with `force`, the file that was there is untouched).
    """
    check_backup_target(target, journal.path, force=force)
    claimed = done = False
    if not force:  # claim the name first: nothing else can take it meanwhile
        try:
            create_private(target)
        except FileExistsError:
            raise JournalExists.file_at(target) from None
        except OSError as exc:
            raise storage_error(exc, target) from None
        claimed = True
    staged = target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")
    try:
        journal.store.copy_to(staged)
        report = verify_backup(staged, passphrase)
        raise_for(report, f"the new backup {target}")
        os.replace(staged, target)
        done = True
    except OSError as exc:
        raise storage_error(exc, target) from None
    finally:
        staged.unlink(missing_ok=True)
        if claimed and not done:
            target.unlink(missing_ok=True)
    return sum(report.counts.values())


@dataclass(frozen=True)
class RestorePlan:
    """What `restore` is about to do, for the person to confirm."""

    source: Path
    target: Path
    records: int
    keep_as: Path | None


def kept_copies(journal: Path) -> list[Path]:
    """The copies `restore` kept beside the journal (`<name>.<timestamp>.bak`, with the side
    files of a damaged one), oldest first."""
    pattern = f"{journal.name}.[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*.bak"
    kept = [path for path in journal.parent.glob(pattern) if path.is_file()]
    sides = [side for path in kept for side in side_files(path) if side.is_file()]
    return sorted([*kept, *sides])


def remove_kept(paths: list[Path]) -> None:
    """Remove the copies `kept_copies` listed (plain unlinks: see the README on what stays
    on a disk after a file is deleted)."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise storage_error(exc, path) from None
    if paths:
        fsync(paths[0].parent)


def _kept_name(target: Path) -> Path:
    stamp = datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
    candidate = target.with_name(f"{target.name}.{stamp}.bak")
    number = 1
    while os.path.lexists(candidate):
        number += 1
        candidate = target.with_name(f"{target.name}.{stamp}-{number}.bak")
    return candidate


def _stage(
    source: Path, folder: Path, passphrase: Passphrase
) -> tuple[Path, int, tuple[bytes, int]]:
    """Copy the backup into `folder`, upgrade it if needed and verify it: the staged path,
    its record count, and its journal id and write counter."""
    staged = folder / f".restore-{os.urandom(6).hex()}.tmp"
    try:
        with JournalFile.load(source) as loaded:
            loaded.copy_to(staged)  # page by page into a file: never the whole in memory
        store = JournalFile.open(staged, keep_pre_migration_copy=False)
        try:
            # An older copy on purpose: not compared with the counter this device saw.
            with Journal.unlock_store(store, passphrase, check_device=False) as copy:
                report = copy.verify()
                written = copy.write_counter
        except WrongPassphrase:
            raise WrongPassphrase(
                f"Wrong passphrase for the backup {source}: it opens with the passphrase the "
                "journal had when the backup was made. Nothing was changed."
            ) from None
        raise_for(report, f"the backup {source}")
    except BaseException:
        for path in (staged, *side_files(staged)):
            path.unlink(missing_ok=True)
        raise
    return staged, sum(report.counts.values()), written


def restore(
    source: Path, target: Path, passphrase: Passphrase, confirm: Callable[[RestorePlan], bool]
) -> RestorePlan | None:
    """Replace the journal at `target` with a verified copy of the backup at `source`.

    The current journal (if any) is kept as `<name>.<timestamp>.bak`, copied under
    the journal's write lock, and its rows replaced in the same hold of the lock
    (a journal that cannot be opened as one is kept and replaced as a file, with
    no -wal or -shm of it left to be replayed). Returns None if `confirm` declines.
    """
    check_plausible(source, target)
    if _same_file(source, target):
        raise InvalidInput(f"{source} is the journal itself; give the backup file to restore.")
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, target) from None
    staged, records, (journal_id, counter) = _stage(source, target.parent, passphrase)
    try:
        keep_as = _kept_name(target) if os.path.lexists(target) else None
        plan = RestorePlan(source, target, records, keep_as)
        if not confirm(plan):
            return None
        if keep_as is None:
            os.replace(staged, target)
        else:
            _swap(target, staged, keep_as)
        fsync(target.parent)
        # A deliberate restore: this device now expects this (older) journal.
        device_state.remember_counter(journal_id, target, counter, exactly=True)
    except OSError as exc:
        raise storage_error(exc, target) from None
    finally:
        for path in (staged, *side_files(staged)):
            path.unlink(missing_ok=True)
    return plan


def _swap(target: Path, staged: Path, keep_as: Path) -> None:
    """Keep the journal at `target` as `keep_as` and put the staged rows in its place."""
    try:
        current = JournalFile.open(target, keep_pre_migration_copy=False)
    except (NotAJournal, UnsupportedVersion):
        current = None  # damaged or foreign: kept byte for byte, and replaced as a file
    if current is None:
        _retire(target, keep_as)
        os.replace(staged, target)
        return
    with current:
        current.replace_contents(staged, keep_as)


def _retire(target: Path, keep_as: Path) -> None:
    """Keep the current journal as `keep_as` and clear its side files."""
    if target.is_dir():
        raise StorageError(f"{target} is a folder, not a journal; nothing was changed.")
    fold_in_wal(target)  # the main file then holds everything; refuses if in use
    copy_private(target, keep_as)
    for side in side_files(target):
        if side.exists():
            # Only if SQLite could not fold it in (a damaged journal): keep it with the copy.
            if side.stat().st_size:
                copy_private(side, Path(f"{keep_as}{side.name[len(target.name) :]}"))
            side.unlink()
