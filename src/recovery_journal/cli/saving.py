"""Saving one logged entry: with the key if it is at hand, else sealed while locked.

Shared by the logging commands (`log_commands.py`, `urge_commands.py`); command modules
never import each other, so what they share lives here.
"""

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from recovery_journal.cli import prompts
from recovery_journal.cli.attribution import attribute_use
from recovery_journal.cli.context import current_path, join_waiting, now, say, unlock_current
from recovery_journal.cli.support_block import offer_support

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry
    from recovery_journal.vault.journal import Journal


def log_entry(
    build: "Callable[..., Entry]",
    at: str,
    note: str | None,
    tags: list[str] | None,
    *,
    complete: "Callable[[Journal, Entry], Entry] | None" = None,
    **fields: Any,
) -> None:
    """Validate first; then store with the key if it is at hand, else sealed while locked.

    Logging never asks for the passphrase: unlocked (agent, or a passphrase a script
    gave), the entry is stored as usual; locked, it is sealed to the journal's inbox
    and joins at the next unlock. A journal without an inbox yet is unlocked as before.
    `complete` fills in what only the open journal knows (a person's role from
    `rj people`); locked, the entry is saved as given.
    """
    from recovery_journal.domain import ids

    moment = _moment(at)
    entry = build(id="", at=moment, note=note, tags=tuple(tags or ()), **fields)
    journal = journal_at_hand()
    if journal is None:
        from recovery_journal.errors import NoInbox
        from recovery_journal.vault.inbox import seal_locked

        try:
            public_id = seal_locked(current_path(), entry)
        except NoInbox:
            journal = unlock_current()
        else:
            say(
                f"Saved {entry.kind} {ids.short(public_id)} "
                "(locked: it joins your journal when you next unlock)"
            )
            offer_support(None, entry.with_changes(id=public_id))
            return
    with journal:
        if complete is not None:
            entry = complete(journal, entry)
        saved = journal.add(attribute_use(journal, entry))
        say(f"Saved {saved.kind} {ids.short(saved.id)}")
        offer_support(journal, saved)


def _moment(at: str) -> datetime:
    """When to record an entry: "now" (the default) straight from the clock; any other
    WHEN through the parser, which needs the zone's rules ("yesterday 9pm" across DST)."""
    from recovery_journal.domain.words import NOW_WORDS

    if " ".join(at.lower().split()) in NOW_WORDS:  # normalized as `dates.parse_when` does
        from recovery_journal.cli.local_time import clock_now

        return clock_now()
    from recovery_journal.domain.dates import resolve_at

    return resolve_at(at, now())


def journal_at_hand() -> "Journal | None":
    """The journal if it opens without asking: the agent's key or a script's passphrase."""
    from recovery_journal.vault.agent_folder import may_hold_a_key

    if prompts.passphrase_from_script():
        return unlock_current()
    if not may_hold_a_key():  # locked, surely: spare loading what an open journal needs
        return None
    from recovery_journal.vault.journal import Journal

    journal = Journal.open_if_unlocked(current_path())
    if journal is not None:
        join_waiting(journal)
    return journal
