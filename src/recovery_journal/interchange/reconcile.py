"""A newer export of the same diary: what is new, what was edited, what is already here.

Other apps' files carry no ids we could keep, and a date and time alone is no key (two
entries can share both). Each importer names what identifies one of its entries across
exports (`key`); entries already in the journal with the importer's tag and the same key
are the same entries. Equal keys are paired in order, so exact duplicates stay distinct.
A paired entry whose content differs (an activity added in Daylio since, say) is an edit:
the journal's entry is replaced by the file's, keeping its id and its stored time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from recovery_journal.domain.entry_base import Entry
from recovery_journal.interchange.batch import Imported


@dataclass
class Reconciled:
    new: list[Imported] = field(default_factory=list)
    edited: list[Entry] = field(default_factory=list)
    """The file's version of entries already here, under their ids."""
    unchanged: int = 0


def _content(entry: Entry) -> dict[str, Any]:
    body = entry.to_json()
    del body["id"]
    return body


def reconcile(
    incoming: Sequence[Imported],
    existing: Sequence[Entry],
    *,
    tag: str,
    key: Callable[[Any], Hashable],
) -> Reconciled:
    """Split `incoming` into new entries, edits of entries already here, and unchanged ones."""
    kinds = {item.entry.kind for item in incoming}
    waiting: dict[Hashable, list[Entry]] = defaultdict(list)
    for entry in sorted(existing, key=lambda e: (e.at, e.id)):
        if tag in entry.tags and entry.kind in kinds:
            waiting[key(entry)].append(entry)
    result = Reconciled()
    for item in incoming:
        matches = waiting.get(key(item.entry))
        if not matches:
            result.new.append(item)
            continue
        mine = matches.pop(0)
        theirs = item.entry.with_changes(id=mine.id, at=mine.at)
        if _content(theirs) == _content(mine):
            result.unchanged += 1
        else:
            result.edited.append(theirs)
    return result
