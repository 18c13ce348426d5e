"""The analysis database: a plain SQLite file for Datasette, the sqlite-utils CLI or any SQL tool.

Built with sqlite-utils (imported only when this runs) in memory; the CLI writes it out
through the one consent-and-write flow. The layout (documented in the README):

- one table per kind (`mood`, `craving`, ...): `id` (primary key), `at` (ISO 8601 with
  its UTC offset), `day` (the entry's own local date), `note`, `tags` (a JSON list), and
  the kind's fields under their JSON names, typed (lists as JSON text);
- `trackers`: `id`, `name`, `clean_date`, `cost_per_day`, `currency`, `heavy_day`;
  `use.tracker` and `craving.tracker` are foreign keys to it;
- views `daily_mood`, `weekly_cravings` and `use_days`;
- with notes included, full-text search (FTS5) over each table's free text.

Without notes, a person's own words are NULL: the note of every entry, a note entry's
text, gratitude items, trigger descriptions and meeting names (as in `export summary`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from recovery_journal.domain.entries import ENTRY_TYPES, Entry, kind_fields
from recovery_journal.domain.trackers import Tracker

if TYPE_CHECKING:
    import sqlite_utils

TRACKERS = "trackers"
OWN_WORDS = {"note": ("text",), "gratitude": ("items",), "trigger": ("description",)}
OWN_WORDS_MEETING = ("name",)
TRACKER_COLUMNS: dict[str, type] = {
    "id": str,
    "name": str,
    "clean_date": str,
    "cost_per_day": str,
    "currency": str,
    "heavy_day": float,
}
NOT_FREE_TEXT = frozenset({"id", "at", "day", "tracker", "outcome", "category"})
BATCH = 2000
VIEWS = {
    "daily_mood": """
        SELECT day, round(avg(score), 2) AS average_score, min(score) AS lowest,
               max(score) AS highest, count(*) AS moods
        FROM mood GROUP BY day ORDER BY day""",
    "weekly_cravings": """
        SELECT date(day, '-6 days', 'weekday 1') AS week_starting, count(*) AS cravings,
               round(avg(intensity), 2) AS average_intensity, max(intensity) AS highest,
               sum(outcome = 'resisted') AS resisted, sum(outcome = 'used') AS used
        FROM craving GROUP BY week_starting ORDER BY week_starting""",
    "use_days": """
        SELECT use.day AS day, trackers.name AS tracker, count(*) AS uses,
               group_concat(use.substance, '; ') AS substances,
               group_concat(use.amount, '; ') AS amounts
        FROM use LEFT JOIN trackers ON trackers.id = use.tracker
        GROUP BY use.day, use.tracker ORDER BY use.day""",
}


def _column_type(annotation: object) -> type:
    """The SQLite type of a kind's field, from its annotation ('int | None' is an integer)."""
    text = str(annotation)
    if text.startswith("tuple"):
        return str  # a list, as JSON text
    if text.startswith(("int", "bool")):
        return int
    if text.startswith("float"):
        return float
    return str


def columns(kind: str) -> dict[str, type]:
    """Every column of a kind's table, in order: the common ones, then the kind's own."""
    types = {f.name: f.type for f in dataclasses.fields(ENTRY_TYPES[kind])}
    found: dict[str, type] = {"id": str, "at": str, "day": str, "note": str, "tags": str}
    found.update({name: _column_type(types[name]) for name in kind_fields(kind)})
    return found


def _hidden(kind: str) -> tuple[str, ...]:
    return ("note", *OWN_WORDS.get(kind, ()), *(OWN_WORDS_MEETING if kind == "meeting" else ()))


def _row(entry: Entry, hidden: Sequence[str]) -> dict[str, Any]:
    row = entry.to_json()
    del row["kind"]
    row["day"] = entry.at.date().isoformat()
    for name, value in row.items():
        if isinstance(value, list):
            row[name] = json.dumps(value, ensure_ascii=False)
    for name in hidden:
        row[name] = None
    return row


def _free_text(kind: str, include_notes: bool) -> list[str]:
    if not include_notes:
        return []
    return [
        name
        for name, kind_type in columns(kind).items()
        if kind_type is str and name not in ("id", "at", "day", "tracker", "outcome", "category")
    ]


def build(
    entries: Iterable[Entry],
    trackers: Sequence[Tracker],
    *,
    include_notes: bool,
    advance: Callable[[int], None] | None = None,
) -> tuple[sqlite_utils.Database, dict[str, int]]:
    """The analysis database in memory, and its row count per table."""
    import sqlite_utils

    db = sqlite_utils.Database(memory=True)
    db.table(TRACKERS).create(TRACKER_COLUMNS, pk="id")
    db.table(TRACKERS).insert_all(t.to_json() for t in trackers)
    counts = {TRACKERS: len(trackers)}
    for kind in ENTRY_TYPES:
        keys = [("tracker", TRACKERS, "id")] if "tracker" in columns(kind) else []
        db.table(kind).create(columns(kind), pk="id", foreign_keys=keys)
        counts[kind] = 0
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in ENTRY_TYPES}
    hidden = {kind: () if include_notes else _hidden(kind) for kind in ENTRY_TYPES}
    for entry in entries:
        waiting = rows[entry.kind]
        waiting.append(_row(entry, hidden[entry.kind]))
        if len(waiting) >= BATCH:
            _flush(db, entry.kind, waiting, counts, advance)
    for kind, waiting in rows.items():
        _flush(db, kind, waiting, counts, advance)
    for kind in ENTRY_TYPES:
        free = _free_text(kind, include_notes)
        if free:
            db.table(kind).enable_fts(free, fts_version="FTS5")
    for name, sql in VIEWS.items():
        db.create_view(name, " ".join(sql.split()))
    for kind in ENTRY_TYPES:
        db.table(kind).create_index(["day"], if_not_exists=True)
    return db, counts


def _flush(
    db: sqlite_utils.Database,
    kind: str,
    waiting: list[dict[str, Any]],
    counts: dict[str, int],
    advance: Callable[[int], None] | None,
) -> None:
    if not waiting:
        return
    db.table(kind).insert_all(waiting, batch_size=BATCH)
    counts[kind] += len(waiting)
    if advance is not None:
        advance(len(waiting))
    waiting.clear()
