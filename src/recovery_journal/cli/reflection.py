"""A reflection on a use in SMART Recovery's ABC shape: the questions at the terminal, and
finding the use it is about."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from recovery_journal.cli import prompts
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry
    from recovery_journal.vault.journal import Journal

QUESTIONS = (
    ("activating", "A, the activating event: what was happening just before?"),
    ("beliefs", "B, your beliefs: what were you telling yourself?"),
    ("consequences", "C, the consequences: what followed, for you and for others?"),
    ("different", "What could be different next time?"),
)


def ask_abc(given: dict[str, str | None]) -> dict[str, str | None]:
    """Ask (on the terminal) for each part not already `given`; Enter skips one."""
    answers = dict(given)
    missing = [(name, question) for name, question in QUESTIONS if not given.get(name)]
    if missing:
        sys.stderr.write("A short reflection (SMART Recovery's ABC); press Enter to skip one.\n")
    for name, question in missing:
        answers[name] = prompts.ask(f"{question}\n> ").strip() or None
    return answers


def find_use(journal: Journal, prefix: str) -> Entry:
    """The use (or craving acted on) `prefix` names; a clear error for anything else."""
    from recovery_journal.domain.entries import Craving, Use

    entry = journal.get(prefix)
    if isinstance(entry, Use) or (isinstance(entry, Craving) and entry.outcome == "used"):
        return entry
    raise InvalidInput(
        f"{entry.kind} {entry.id[:7]} is not a use; a reflection is about a use "
        "(`rj list --kind use` shows them)."
    )
