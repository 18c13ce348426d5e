"""Which tracker a use counts against, asked for when the journal cannot tell."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from recovery_journal.cli import prompts
from recovery_journal.errors import EntryNotFound, InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.entries import Entry
    from recovery_journal.vault.journal import Journal


def attribute_use(journal: Journal, entry: Entry) -> Entry:
    """Record which tracker a use counts against, so later tracker changes never move it.

    The substance names it; with one tracker, every use counts for that one; with
    several and no match, the person is asked (or told to use --substance).
    """
    from recovery_journal.domain.entries import Craving, Use
    from recovery_journal.domain.trackers import find_tracker, tracker_for_substance
    from recovery_journal.vault.journal import TRACKERS_ONLY

    if not (isinstance(entry, Use) or (isinstance(entry, Craving) and entry.outcome == "used")):
        return entry
    trackers = journal.contents(TRACKERS_ONLY).trackers
    tracker = tracker_for_substance(entry.substance, trackers)
    if tracker is not None:
        return entry.with_changes(tracker=tracker.id)
    if not trackers:
        return entry
    listed = ", ".join(tracker.name for tracker in trackers)
    if not prompts.interactive():
        raise InvalidInput(f"You track several things ({listed}); say which with --substance.")
    while True:
        answer = prompts.ask(f"Which tracker does this count for ({listed})?: ")
        try:
            chosen = find_tracker(trackers, answer)
        except EntryNotFound:
            typer.echo(f"Please type one of: {listed}.", err=True)
            continue
        return entry.with_changes(substance=chosen.name, tracker=chosen.id)
