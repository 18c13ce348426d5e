"""Storing an import: everything in one transaction, or nothing.

Records (entries, trackers, export records, people and reasons) keep the ids they bring
(our own JSON export); entries from another app come without one (id "") and get fresh
random ids; `replaced` entries overwrite the entries under their ids (edits a newer
export of another app's diary brings). An id already holding the same content is
skipped, so importing the same file twice adds nothing; an id holding different content
is a conflict, and then nothing at all is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from recovery_journal.domain import ids
from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.export_records import ExportRecord
from recovery_journal.domain.settings import Settings
from recovery_journal.domain.support import Person, Reason
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import InvalidInput
from recovery_journal.vault import crypto
from recovery_journal.vault.contents import decode_records, encode_record
from recovery_journal.vault.storage import JournalFile

if TYPE_CHECKING:
    import sqlite3

Record = Entry | Tracker | ExportRecord | Person | Reason | Settings


@dataclass
class ImportResult:
    """What an import added, replaced, and found already there."""

    added_entries: int = 0
    added_trackers: int = 0
    added_exports: int = 0
    added_people: int = 0
    added_reasons: int = 0
    added_settings: int = 0
    replaced: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    """The ids of the entries added, in the order given."""


_KINDS: tuple[tuple[type, str], ...] = (
    (Tracker, "tracker"),
    (ExportRecord, "export"),
    (Person, "person"),  # the record kinds vault/support_records.py seals them under
    (Reason, "reason"),
    (Settings, "settings"),
)


def _kind(item: Record) -> str:
    return next((kind for cls, kind in _KINDS if isinstance(item, cls)), "entry")


def import_records(
    store: JournalFile,
    cipher: crypto.RecordCipher,
    records: Sequence[Record],
    *,
    replaced: Sequence[Entry] = (),
    dry_run: bool = False,
) -> ImportResult:
    """Check every record against the journal, then store them all in one transaction."""
    result = ImportResult()
    existing = decode_records(store.records(), cipher)
    by_id: dict[str, Any] = {e.id: e.to_json() for e in existing.entries}
    by_id.update({t.id: t.to_json() for t in existing.trackers})
    by_id.update({x.id: x.to_json() for x in existing.exports})
    by_id.update({p.id: p.to_json() for p in existing.people})
    by_id.update({r.id: r.to_json() for r in existing.reasons})
    by_id.update({s.id: s.to_json() for s in existing.settings})
    planned: list[tuple[str, Record]] = []
    fresh: list[Entry] = []
    for item in records:
        if isinstance(item, Entry) and not item.id:
            fresh.append(item)
            continue
        body = item.to_json()
        if item.id in by_id:
            if by_id[item.id] == body:
                result.unchanged += 1
            else:
                result.conflicts.append(item.id)
            continue
        if item.id in existing.damaged:
            result.conflicts.append(item.id)
            continue
        by_id[item.id] = body
        planned.append((_kind(item), item))
    missing = [entry.id for entry in replaced if entry.id not in by_id]
    if result.conflicts:
        shown = ", ".join(ids.short(i) for i in result.conflicts[:5])
        raise InvalidInput(
            f"{len(result.conflicts)} id(s) already hold different content ({shown}); "
            "nothing was imported."
        )
    if missing:
        raise InvalidInput(
            f"{len(missing)} entries to update are no longer in the journal "
            f"({', '.join(ids.short(i) for i in missing[:5])}); nothing was imported."
        )
    for kind, _ in planned:
        result.added_trackers += kind == "tracker"
        result.added_exports += kind == "export"
        result.added_entries += kind == "entry"
        result.added_people += kind == "person"
        result.added_reasons += kind == "reason"
        result.added_settings += kind == "settings"
    result.added_entries += len(fresh)
    result.replaced = len(replaced)
    if dry_run:
        return result
    with store.transaction() as conn:
        store.insert_records(
            conn,
            [
                (ids.decode(item.id), _seal(cipher, ids.decode(item.id), item))
                for _, item in planned
            ],
        )
        for entry in fresh:
            row_id = store.add_record(conn, _sealer(cipher, entry))
            result.added_ids.append(ids.encode(row_id))
        for entry in replaced:
            row_id = ids.decode(entry.id)
            _replace(store, conn, row_id, _seal(cipher, row_id, entry))
    return result


def _body(item: Record) -> dict[str, Any]:
    body = item.to_json()
    del body["id"]
    return body


def _seal(cipher: crypto.RecordCipher, row_id: int, item: Record) -> bytes:
    return cipher.seal(row_id, encode_record(_kind(item), _body(item)))


def _sealer(cipher: crypto.RecordCipher, entry: Entry) -> Callable[[int], bytes]:
    return lambda row_id: _seal(cipher, row_id, entry)


def _replace(store: JournalFile, conn: sqlite3.Connection, row_id: int, blob: bytes) -> None:
    if not store.replace_record(conn, row_id, blob):
        shown = ids.short(ids.encode(row_id))
        raise InvalidInput(f"Entry {shown} no longer exists; nothing was imported.")
