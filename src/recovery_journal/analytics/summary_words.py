"""The person's own words in a summary: notes (all with `include_notes`, or only those chosen
with `--include-note ID`) and the opt-in reflections on uses. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from recovery_journal.analytics.streaks import entry_day
from recovery_journal.domain.entries import Entry, Note, Reflection


@dataclass(frozen=True)
class NoteItem:
    at: datetime
    kind: str
    text: str


@dataclass(frozen=True)
class ReflectionItem:
    """A reflection on a use (only in a report that names the `reflections` section)."""

    at: datetime
    use_day: date | None
    """The day of the use it is about; None if that use is not in the journal any more."""
    activating: str | None
    beliefs: str | None
    consequences: str | None
    different: str | None


def notes_of(entries: Iterable[Entry]) -> list[NoteItem]:
    """Note entries and the note on any entry, oldest first."""
    found = []
    for entry in entries:
        if isinstance(entry, Note):
            found.append(NoteItem(entry.at, "note", entry.text))
        if entry.note:
            found.append(NoteItem(entry.at, entry.kind, entry.note))
    return sorted(found, key=lambda item: item.at.timestamp())


def notes_fields(
    dated: Sequence[Entry], *, include_notes: bool, chosen: Sequence[Entry]
) -> dict[str, Any]:
    """The report's notes: every note of the period with `include_notes`; else only the
    chosen entries' (any day: the person picked them), and how many others stay out."""
    period = notes_of(dated)
    if include_notes:
        return {"notes": period, "notes_left_out": 0, "notes_chosen": 0}
    picked = notes_of(chosen)
    ids = {entry.id for entry in chosen}
    others = notes_of(entry for entry in dated if entry.id not in ids)
    return {"notes": picked, "notes_left_out": len(others), "notes_chosen": len(picked)}


def reflections_fields(
    every: list[Entry], since: date, until: date, *, chosen: bool
) -> dict[str, Any]:
    """Reflections on the period's uses (or, with the use gone, written in it): only when
    their section was chosen; else only how many were left out."""
    use_days = {entry.id: entry_day(entry) for entry in every if entry.kind in ("use", "craving")}
    found = [
        (r, use_days.get(r.use_id))
        for r in every
        if isinstance(r, Reflection) and since <= use_days.get(r.use_id, entry_day(r)) <= until
    ]
    if not chosen:
        return {"reflections": [], "reflections_left_out": len(found)}
    items = [
        ReflectionItem(r.at, day, r.activating, r.beliefs, r.consequences, r.different)
        for r, day in sorted(found, key=lambda pair: pair[0].at.timestamp())
    ]
    return {"reflections": items, "reflections_left_out": 0}
