"""Which tracker a use counts against, asked for when the journal cannot tell.

A use counts against the tracker its `--substance` names, or the one chosen with
`--tracker NAME`; with no substance and one tracker, that one. A substance naming none
of the trackers is never counted against another one silently: at a terminal the
person chooses (a tracker, no tracker, or a new tracker for it); elsewhere the command
stops with one line saying how to choose.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import TYPE_CHECKING

from recovery_journal.cli import prompts
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry
    from recovery_journal.domain.trackers import Tracker
    from recovery_journal.vault.journal import Journal

NEW_TRACKER = "new tracker"
"""What `choose_tracker` returns for "add a tracker for it"."""


def attribute_use(journal: Journal, entry: Entry) -> Entry:
    """Record which tracker a use counts against, so later tracker changes never move it."""
    if not entry.counts_against_a_tracker():
        return entry  # before loading trackers: most entries are moods, notes, ...
    from recovery_journal.domain.trackers import (
        chosen_tracker,
        counted_against,
        tracker_for_substance,
    )
    from recovery_journal.vault.journal import TRACKERS_ONLY

    trackers = journal.contents(TRACKERS_ONLY).trackers
    recorded: str | None = getattr(entry, "tracker", None)
    substance: str | None = getattr(entry, "substance", None)
    if recorded is not None:  # an id, or the name given with --tracker, or --no-tracker
        tracker = chosen_tracker(recorded, trackers)
    else:
        tracker = tracker_for_substance(substance, trackers)
        if tracker is not None or not trackers:
            return counted_against(entry, tracker)
        tracker = _ask(journal, entry, trackers, substance)
    if tracker is None or substance:
        return counted_against(entry, tracker)
    # A use chosen for a tracker without naming what was used is of the tracker's substance.
    return counted_against(entry.with_changes(substance=tracker.name), tracker)


def _ask(
    journal: Journal, entry: Entry, trackers: Sequence[Tracker], substance: str | None
) -> Tracker | None:
    from recovery_journal.domain.trackers import Tracker

    listed = ", ".join(tracker.name for tracker in trackers)
    if entry.kind == "sober":  # a day without use answers for one of the trackers
        if not prompts.interactive():
            raise InvalidInput(
                f"You track several things ({listed}); say which with --tracker NAME."
            )
        chosen = choose_tracker("Which tracker is this for?", trackers, new=None, untracked=False)
        return chosen if isinstance(chosen, Tracker) else None
    if not prompts.interactive():
        if substance:
            raise InvalidInput(
                f"--substance {substance!r} names none of your trackers ({listed}): add "
                "--tracker NAME to count it against one (or --no-tracker), or start tracking "
                f"it with `rj tracker add {shlex.quote(substance)}`."
            )
        raise InvalidInput(
            f"You track several things ({listed}); say which with --tracker NAME "
            "(or --no-tracker), or add one with `rj tracker add NAME`."
        )
    question = (
        f"{substance!r} is not one of your trackers. Count this {entry.kind} against:"
        if substance
        else f"Which tracker does this {entry.kind} count for?"
    )
    chosen = choose_tracker(question, trackers, new=substance or "")
    if chosen != NEW_TRACKER:
        return chosen if isinstance(chosen, Tracker) else None
    name = substance or prompts.ask("Name of the new tracker: ").strip()
    tracker = journal.add_tracker(Tracker(id="", name=name, clean_date=entry.at.date()))
    prompts.tell(f"Tracking {tracker.name} since {tracker.clean_date.isoformat()}.")
    return tracker


def choose_tracker(
    question: str, trackers: Sequence[Tracker], *, new: str | None, untracked: bool = True
) -> Tracker | str | None:
    """A numbered choice at the terminal: a tracker, None for "no tracker" (unless not
    `untracked`), or NEW_TRACKER ("add a tracker for it", offered unless `new` is None).
    A tracker's name works too."""
    from recovery_journal.domain.trackers import find_tracker
    from recovery_journal.errors import EntryNotFound

    options: list[tuple[str, Tracker | str | None]] = [(t.name, t) for t in trackers]
    if untracked:
        options.append(("no tracker: just record it", None))
    if new is not None:
        options.append((f"add a tracker for {new}" if new else "add a tracker for it", NEW_TRACKER))
    lines = [question, *(f"  {n}  {label}" for n, (label, _) in enumerate(options, start=1))]
    prompts.tell("\n".join(lines))
    while True:
        answer = prompts.ask(f"Choose 1-{len(options)}: ").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1][1]
        try:
            if answer:
                return find_tracker(trackers, answer)
        except EntryNotFound:
            pass
        prompts.tell(f"Please type a number from 1 to {len(options)}, or a tracker's name.")
