"""Every entry, tracker, person and reason as one JSON document: `rj export data --format json`.

The document (a public interface, read back by `rj import json`):

    {"format": "recovery-journal-export", "version": 1,
     "exported_at": "2026-03-01T21:30:00+00:00",
     "trackers": [Tracker.to_json(), ...],       # by clean date, then name
     "entries": [Entry.to_json(), ...],          # oldest first, then by id
     "people": [Person.to_json(), ...],          # by name, then id
     "reasons": [Reason.to_json(), ...],         # first added first, then by id
     "exports": [ExportRecord.to_json(), ...],   # only when asked for
     "settings": Settings.to_json()}             # only when any were set

Entries have exactly the fields of `list --json`. The order is fixed, so two
exports of the same journal differ only in `exported_at`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.export_records import ExportRecord
from recovery_journal.domain.settings import Settings
from recovery_journal.domain.support import Person, Reason
from recovery_journal.domain.trackers import Tracker
from recovery_journal.domain.validation import fold_name

FORMAT = "recovery-journal-export"
VERSION = 1


def entries_in_order(entries: Iterable[Entry]) -> list[Entry]:
    """Oldest first; entries at the same instant by id."""
    return sorted(entries, key=lambda entry: (entry.at.timestamp(), entry.id))


def trackers_in_order(trackers: Iterable[Tracker]) -> list[Tracker]:
    """As `tracker list` shows them: by clean date, then name (then id, to be total)."""
    return sorted(trackers, key=lambda t: (t.clean_date, fold_name(t.name), t.name, t.id))


def people_in_order(people: Iterable[Person]) -> list[Person]:
    """As `people list` sorts them: by name, ignoring case (then name and id, to be total)."""
    return sorted(people, key=lambda p: (fold_name(p.name), p.name, p.id))


def reasons_in_order(reasons: Iterable[Reason]) -> list[Reason]:
    """As `why list` numbers them: first added first (then by id, to be total)."""
    return sorted(reasons, key=lambda r: (r.added.timestamp(), r.id))


def export_document(
    entries: Iterable[Entry],
    trackers: Iterable[Tracker],
    *,
    exported_at: datetime,
    exports: Iterable[ExportRecord] | None = None,
    people: Iterable[Person] = (),
    reasons: Iterable[Reason] = (),
    settings: Settings | None = None,
) -> dict[str, Any]:
    """The whole journal as one JSON-ready document; `exports` (the history) only if given."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(),
        "trackers": [tracker.to_json() for tracker in trackers_in_order(trackers)],
        "entries": [entry.to_json() for entry in entries_in_order(entries)],
        "people": [person.to_json() for person in people_in_order(people)],
        "reasons": [reason.to_json() for reason in reasons_in_order(reasons)],
    }
    if exports is not None:
        history = sorted(exports, key=lambda record: (record.at.timestamp(), record.id))
        document["exports"] = [record.to_json() for record in history]
    if settings is not None:
        document["settings"] = settings.to_json()
    return document
