"""A newer export of the same diary: what is new, what was edited, what is already here.

Other apps' files carry no ids we could keep, and a date and time alone is no key (two
entries can share both). Each importer names what identifies one of its entries across
exports (`same_entry_key`); entries already in the journal with the importer's tag and
the same key are the same entries. Equal keys are paired in order, so exact duplicates
stay distinct. A paired entry whose content differs (an activity added in Daylio since,
say) is an edit: the journal's entry is replaced by the file's, keeping its id and its
stored time.

Except for what the person changed here (domain/import_marks.py): an entry edited here
is paired by the key it was imported under and never overwritten (`kept`, when the file
changed it too), and one deleted here is not brought back (`left_out`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.import_marks import DIGEST_CHARS, ImportMark
from recovery_journal.interchange.batch import Imported

IMPORTERS: dict[str, str] = {"daylio": "mood", "jrnl": "note"}
"""Each importer's tag, and the kind of entry it brings."""


@dataclass
class Reconciled:
    new: list[Imported] = field(default_factory=list)
    edited: list[Entry] = field(default_factory=list)
    """The file's version of entries already here, under their ids."""
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)
    """Ids of entries changed both here and in the file since: kept as they are here."""
    left_out: int = 0
    """Entries of the file that were deleted here: not brought back."""


def same_entry_key(tag: str) -> Callable[[Any], Hashable]:
    """The importer's `same_entry_key` for entries tagged `tag` (one of IMPORTERS)."""
    if tag == "daylio":
        from recovery_journal.interchange import daylio

        return daylio.same_entry_key
    from recovery_journal.interchange import jrnl

    return jrnl.same_entry_key


def digest(value: object) -> str:
    """A short SHA-256 of a key or a content: what a mark keeps instead of the words."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:DIGEST_CHARS]


def _content(entry: Entry) -> dict[str, Any]:
    body = entry.to_json()
    del body["id"]
    return body


def _content_digest(entry: Entry) -> str:
    body = _content(entry)
    del body["at"]  # the stored time is kept on a re-import (the key holds the minute)
    return digest(body)


def mark_for_change(
    entry: Entry, marks: Sequence[ImportMark], *, deleted: bool
) -> ImportMark | None:
    """The mark to store when `entry` (as it is before the change) is edited or deleted
    here; None when it was not imported, or is already marked as edited (for an edit)."""
    source = next((tag for tag in IMPORTERS if tag in entry.tags), None)
    if source is None or IMPORTERS[source] != entry.kind:
        return None
    known = next((m for m in marks if m.entry == entry.id and m.source == source), None)
    if known is not None:  # edited here before: its import-time key and content stay
        return dataclasses.replace(known, entry=None) if deleted else None
    return ImportMark(
        id="",
        source=source,
        key=digest(same_entry_key(source)(entry)),
        base=_content_digest(entry),
        entry=None if deleted else entry.id,
    )


def reconcile(
    incoming: Sequence[Imported],
    existing: Sequence[Entry],
    *,
    tag: str,
    marks: Sequence[ImportMark] = (),
) -> Reconciled:
    """Split `incoming` (from the importer whose tag is `tag`) into new entries, edits of
    entries already here, and unchanged ones."""
    key = same_entry_key(tag)
    kinds = {item.entry.kind for item in incoming}
    edited_here = {m.entry: m for m in marks if m.source == tag and m.entry is not None}
    deleted_here = {m.key for m in marks if m.source == tag and m.entry is None}
    waiting: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(existing, key=lambda e: (e.at, e.id)):
        mark = edited_here.get(entry.id)  # still itself, even with the app's tag taken off
        if (tag in entry.tags or mark is not None) and entry.kind in kinds:
            waiting[mark.key if mark else digest(key(entry))].append(entry)
    result = Reconciled()
    for item in incoming:
        wanted = digest(key(item.entry))
        matches = waiting.get(wanted)
        if not matches:
            if wanted in deleted_here:
                result.left_out += 1
            else:
                result.new.append(item)
            continue
        mine = matches.pop(0)
        theirs = item.entry.with_changes(id=mine.id, at=mine.at)
        mark = edited_here.get(mine.id)
        if mark is not None:  # changed here: never overwritten
            if _content_digest(theirs) == mark.base:
                result.unchanged += 1
            else:
                result.kept.append(mine.id)
        elif _content(theirs) == _content(mine):
            result.unchanged += 1
        else:
            result.edited.append(theirs)
    return result
