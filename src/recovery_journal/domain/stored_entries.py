"""Entries rebuilt from the records this program sealed: the fast path of every read.

`restore_entry` skips validation for records that look exactly like our own output (the
AEAD tag proved they are unchanged since they were validated and written); anything else
goes through the validating `entries.entry_from_json`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from recovery_journal.domain.entries import (
    _LIST_FIELDS,
    ENTRY_TYPES,
    Entry,
    entry_from_json,
    kind_fields,
)

_NEWER: dict[str, Any] = {
    "duration_minutes": None,
    "types": [],
    "home": False,
    "quantity": None,
    "unit": None,
}
"""Fields added after records were written without them, and what their absence means."""
_STORED_FIELDS = {
    kind: frozenset({"kind", "at", "note", "tags", *kind_fields(kind)}) for kind in ENTRY_TYPES
}


def restore_entry(data: dict[str, Any], entry_id: str) -> Entry:
    """Rebuild an entry from a record this program sealed and the AEAD tag authenticated.

    Such records were validated when written and cannot have been altered since,
    so validation is skipped: at 100,000 entries it is most of the cost of a
    streak. Anything that does not look exactly like our own output (an older
    format, say) goes through the validating `entry_from_json` instead.
    """
    kind = data.get("kind")
    stored = _STORED_FIELDS.get(kind) if isinstance(kind, str) else None
    if stored is None or data.keys() != stored:
        if stored is not None and data.keys() <= stored <= {*data, *_NEWER}:
            data = {**data, **{name: _NEWER.get(name) for name in stored - data.keys()}}
        else:
            return entry_from_json({**data, "id": entry_id})
    entry = object.__new__(ENTRY_TYPES[data["kind"]])
    fields = entry.__dict__
    for name, value in data.items():
        fields[name] = tuple(value) if name in _LIST_FIELDS else value
    del fields["kind"]  # a class attribute, not a field
    fields["id"] = entry_id
    fields["at"] = datetime.fromisoformat(data["at"])
    return entry
