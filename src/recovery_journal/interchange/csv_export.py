"""Every entry, tracker, person and reason as CSV files: `rj export data --format csv`.

One file per kind (mood.csv, craving.csv, ..., note.csv), trackers.csv, people.csv
and reasons.csv, each
with a header row even when empty, in UTF-8 (no byte-order mark) with CRLF line
ends as RFC 4180 has them. Columns are the JSON field names, in the JSON order.

Cell conventions, for reading in a spreadsheet (JSON is the format to import):
- a list (tags, feelings, triggers, halt, items) is one cell, its items joined
  with "; ";
- absent values are empty cells; true/false are written `true` / `false`;
- the `tracker` a use counts against is written as the tracker's name (its id stays
  in the JSON export); a tracker since removed keeps its id;
- a cell starting with =, +, -, @, a tab or a carriage return gets a leading
  apostrophe, so a spreadsheet shows it as text instead of running it as a
  formula ("=SUM(A1)" is written "'=SUM(A1)").
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from recovery_journal.domain.entries import KINDS, Entry, kind_fields
from recovery_journal.domain.export_records import ExportRecord
from recovery_journal.domain.spreadsheet import neutralise
from recovery_journal.domain.support import Person, Reason
from recovery_journal.domain.trackers import Tracker
from recovery_journal.interchange.json_export import (
    entries_in_order,
    people_in_order,
    reasons_in_order,
    trackers_in_order,
)

LIST_SEPARATOR = "; "
TRACKER_COLUMNS = ("id", "name", "clean_date", "cost_per_day", "currency", "heavy_day")
PERSON_COLUMNS = ("id", "name", "role", "phone", "note")
REASON_COLUMNS = ("id", "text", "added")
EXPORT_COLUMNS = (
    "id",
    "at",
    "kind",
    "format",
    "file",
    "since",
    "until",
    "sections",
    "include_notes",
    "recipient",
    "notes_shared",
)


def entry_columns(kind: str) -> tuple[str, ...]:
    """The header of `<kind>.csv`: the keys of `Entry.to_json()` for that kind."""
    return ("id", "kind", "at", "note", "tags", *kind_fields(kind))


def cell(value: Any) -> str:
    """One JSON value as the text of a cell (see the module docstring)."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list | tuple):
        text = LIST_SEPARATOR.join(str(item) for item in value)
    else:
        text = str(value)
    return neutralise(text)


def _table(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([cell(row.get(column)) for column in columns] for row in rows)
    return out.getvalue()


def _row(entry: Entry, tracker_names: Mapping[str, str]) -> dict[str, Any]:
    row = entry.to_json()
    if row.get("tracker") in tracker_names:
        row["tracker"] = tracker_names[row["tracker"]]
    return row


def csv_files(
    entries: Iterable[Entry],
    trackers: Iterable[Tracker],
    *,
    exports: Iterable[ExportRecord] | None = None,
    people: Iterable[Person] = (),
    reasons: Iterable[Reason] = (),
) -> dict[str, str]:
    """File name -> CSV text: one file per kind, trackers.csv, people.csv, reasons.csv
    (and exports.csv if given)."""
    trackers = list(trackers)
    names = {tracker.id: tracker.name for tracker in trackers}
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in KINDS}
    for entry in entries_in_order(entries):
        by_kind[entry.kind].append(entry)
    files = {
        f"{kind}.csv": _table(entry_columns(kind), (_row(e, names) for e in found))
        for kind, found in by_kind.items()
    }
    files["trackers.csv"] = _table(
        TRACKER_COLUMNS, (t.to_json() for t in trackers_in_order(trackers))
    )
    files["people.csv"] = _table(PERSON_COLUMNS, (p.to_json() for p in people_in_order(people)))
    files["reasons.csv"] = _table(REASON_COLUMNS, (r.to_json() for r in reasons_in_order(reasons)))
    if exports is not None:
        history = sorted(exports, key=lambda record: (record.at.timestamp(), record.id))
        files["exports.csv"] = _table(EXPORT_COLUMNS, (r.to_json() for r in history))
    return files


def zip_archive(files: Mapping[str, str], *, when: datetime) -> bytes:
    """The CSV files in one .zip (deflated), each dated `when` and marked owner-only (0600)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100600 << 16  # a regular file, rw for its owner only
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
