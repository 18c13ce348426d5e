"""What every command shares: the consoles, the chosen journal, the clock, unlocking.

Command modules import from here, never from each other or from `app`, so each
command group can be read (and tested) on its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from recovery_journal.cli import prompts
from recovery_journal.errors import WrongPassphrase

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry
    from recovery_journal.vault.crypto import Secret
    from recovery_journal.vault.journal import Journal

# What `rj --help` loads stays small: the vault, dates and words are imported where used.

# Rich looks up sys.stdout / sys.stderr at each print, so output captured by a test
# runner (or redirected by the shell) lands where it should. No ":name:" codes become
# emoji: our wording has none, and a read then never loads Rich's emoji table.
console = Console(highlight=False, emoji=False)
err_console = Console(stderr=True, highlight=False, emoji=False)


class _Options:
    """Global options, set by the root callback on every run."""

    journal: str | None = None


OPTIONS = _Options()


def current_path() -> Path:
    from recovery_journal.vault.paths import journal_path

    return journal_path(OPTIONS.journal)


def now() -> datetime:
    from recovery_journal.cli.local_time import now

    return now()


def tracker_names_if_unlocked() -> list[str]:
    """The journal's tracker names while it is unlocked (the agent holds its key), else none.

    For shell completion: it never asks for a passphrase or prints.
    """
    from recovery_journal.vault.journal import TRACKERS_ONLY, Journal

    path = current_path()
    journal = Journal.open_if_unlocked(path) if path.exists() else None
    if journal is None:
        return []
    with journal:
        return [tracker.name for tracker in journal.contents(TRACKERS_ONLY).trackers]


def complete_tracker_name(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for a tracker's name (names are encrypted: none while locked)."""
    journal = ctx.find_root().params.get("journal")
    if journal is not None:  # `rj --journal FILE streak <Tab>`: the root callback never ran
        OPTIONS.journal = journal
    try:
        names = tracker_names_if_unlocked()
    except Exception:  # a completion never shows an error, whatever went wrong
        return []
    return [name for name in names if name.startswith(incomplete)]


PASSPHRASE_TRIES = 3


def unlock_current(
    read: Callable[[], Secret] = prompts.read_passphrase,
    *,
    repair_inbox: bool = False,
    join: bool = True,
) -> Journal:
    """Unlock (the agent's key, else `read`), then let entries logged while locked join
    (unless `join` is False: `verify` checks the journal first).

    A mistyped passphrase at a terminal is asked again, up to three times; whatever the
    command read before (a note, a gratitude list) stays in memory meanwhile, so a typo
    never costs the person their words.
    """
    journal = _unlock(read, repair_inbox=repair_inbox)
    try:
        if join:
            join_waiting(journal)
    except BaseException:
        journal.close()
        raise
    return journal


def join_waiting(journal: Journal) -> None:
    """Entries logged while locked become ordinary entries; say which (on stderr)."""
    from recovery_journal.domain import ids
    from recovery_journal.domain.words import plural

    joined = journal.join_inbox()
    if joined.entries:
        count = len(joined.entries)
        were = "was" if count == 1 else "were"
        listed = ", ".join(f"{entry.kind} {ids.short(entry.id)}" for entry in joined.entries)
        err_console.print(
            f"{plural(count, 'entry', 'entries')} logged while locked {were} added: {listed}",
            markup=False,
            soft_wrap=True,
        )
    for entry in joined.entries:
        _say_if_untracked(entry)
    if joined.unreadable:
        warn(
            f"{plural(joined.unreadable, 'entry', 'entries')} waiting since a locked log "
            "could not be read (damaged, or not written by rj) and stayed out of the journal."
        )


def _say_if_untracked(entry: Entry) -> None:
    """A use that joined counting against no tracker (its substance named none): say so."""
    from recovery_journal.domain import ids

    if not entry.counts_against_a_tracker() or getattr(entry, "tracker", None) is not None:
        return
    short = ids.short(entry.id)
    substance = getattr(entry, "substance", None)
    err_console.print(
        f"{entry.kind} {short}{f' ({substance})' if substance else ''} counts against no "
        f"tracker; `rj edit {short} --tracker NAME` counts it against one.",
        markup=False,
        soft_wrap=True,
    )


def _unlock(read: Callable[[], Secret], *, repair_inbox: bool) -> Journal:
    from recovery_journal.vault.journal import Journal

    tries_left = 1 if prompts.passphrase_from_script() else PASSPHRASE_TRIES
    while True:
        tries_left -= 1
        try:
            return Journal.unlock_via_agent(current_path(), read, repair_inbox=repair_inbox)
        except WrongPassphrase:
            if not tries_left or not prompts.can_ask_secret():
                raise
            err_console.print(
                "That passphrase did not open the journal; please try again.", markup=False
            )


@contextlib.contextmanager
def open_journal() -> Iterator[Journal]:
    """Unlock the journal (asking for the passphrase only once the file checks out)."""
    journal = unlock_current()
    try:
        yield journal
    finally:
        journal.close()


def say(message: str) -> None:
    """A status line, printed literally: no Rich markup is parsed (a path or a name the
    person chose may hold `[/]`) and control characters are shown escaped."""
    from recovery_journal.terminal.text import literal

    console.print(literal(message), soft_wrap=True)


def warn(message: str) -> None:
    from recovery_journal.terminal.text import escape_controls

    err_console.print(
        f"[yellow]Warning:[/yellow] {escape_controls(message, keep_newlines=False)}",
        markup=True,
        highlight=False,
    )
