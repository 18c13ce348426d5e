"""Upgrading an older journal file to the current schema, after simonw/llm.

`MIGRATIONS` is an ordered list of named functions; the one at index i turns
schema i+1 into i+2, given the connection inside the upgrade's transaction (a
step is the one place SQL may be written outside storage.py). An older file is
upgraded at its first unlock, because the manifest (manifest.py) must follow:
it is first copied to `<name>.pre-migration-v<N>.bak` (0600); then one
transaction checks the file against its manifest (if it has one: nothing
changed outside rj may be folded in), runs every pending step, bumps meta
'schema', checks the resulting schema and seals a manifest of the result, so a
failure leaves the file exactly as it was. The copy is removed once the
migration has committed. Commands that never unlock (logging while locked,
`rj lock`) read an older file as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from recovery_journal.errors import JournalError, MigrationFailed

if TYPE_CHECKING:
    from recovery_journal.vault.storage import JournalFile

Migration = Callable[[sqlite3.Connection], None]


def authenticated_manifest(conn: sqlite3.Connection) -> None:
    """Schema 2: the journal holds a sealed manifest of its records and meta rows.

    No SQL: the upgrade seals the manifest after every step (see `upgrade`). The
    number tells an older rj, which would write without keeping the manifest, to
    refuse the file.
    """


MIGRATIONS: list[Migration] = [authenticated_manifest]


def current_schema() -> int:
    return 1 + len(MIGRATIONS)


SCHEMA_VERSION = current_schema()


def upgrade(
    store: JournalFile,
    version: int,
    *,
    keep_copy: bool,
    before: Migration,
    after: Migration,
) -> None:
    """Run the migrations after schema `version`, keeping a copy of the file until they commit.

    In the same transaction, `before` runs first (it checks the file against its
    manifest) and `after` last (it seals the manifest of the result).
    """
    copy = store.path.with_name(f"{store.path.name}.pre-migration-v{version}.bak")
    if keep_copy:
        store.copy_to(copy, replace=True)
    step_name = ""
    try:
        with store.transaction() as conn:
            start = store.schema_version()  # again, under the write lock
            before(conn)
            for number, step in enumerate(MIGRATIONS[start - 1 :], start=start):
                step_name = step.__name__
                step(conn)
                store.set_schema_version(conn, number + 1)
            store.check_schema()
            after(conn)
    except Exception as exc:
        kept = f"; a copy is kept at {copy}" if keep_copy else ""
        reason = str(exc) if isinstance(exc, JournalError) else type(exc).__name__
        raise MigrationFailed(
            f"Could not upgrade {store.path} from schema {version} to {current_schema()} "
            f"(step {step_name or 'start'}: {reason}). It was left as it was{kept}."
        ) from None
    if keep_copy:
        store.checkpoint()
        copy.unlink(missing_ok=True)
