"""The lock state of a journal file, read without its key: for `rj lock`, `rj unlock`
and the home screen. The key itself only ever moves inside `Journal.keep_unlocked`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from recovery_journal.vault import agent
from recovery_journal.vault.storage import JournalFile


def _journal_id(path: Path) -> bytes | None:
    store = JournalFile.open(path)
    try:
        return store.meta("journal_id")
    finally:
        store.close()


def lock(path: Path) -> bool:
    """Make the journal's unlock agent wipe its key now; True if it was unlocked."""
    journal_id = _journal_id(path)
    return journal_id is not None and agent.lock(journal_id)


def unlocked_for(path: Path) -> timedelta | None:
    """How long the journal stays unlocked without a request; None when it is locked."""
    journal_id = _journal_id(path)
    return None if journal_id is None else agent.agent_status(journal_id)
