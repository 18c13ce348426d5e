"""Entries rebuilt from the records this program sealed: the fast path of every read.

`restore_entry` skips validation for records that look exactly like our own output (the
AEAD tag proved they are unchanged since they were validated and written); anything else
goes through the validating `entries.entry_from_json`. Only the kinds met are loaded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from recovery_journal.domain.entry_base import LIST_FIELDS, Entry
from recovery_journal.domain.kind_names import KIND_CLASSES, entry_type

_NEWER: dict[str, Any] = {
    "duration_minutes": None,
    "types": [],
    "home": False,
    "quantity": None,
    "unit": None,
}
"""Fields added after records were written without them, and what their absence means."""
_STORED: dict[str, tuple[type[Entry], frozenset[str]]] = {}
"""Each kind met so far: its class and the keys of its records, found on first use."""


def _stored(kind: str) -> tuple[type[Entry], frozenset[str]] | None:
    """A kind's class and the keys its records hold; None for no kind of ours."""
    known = _STORED.get(kind)
    if known is None and kind in KIND_CLASSES:
        cls = entry_type(kind)  # loads the kind's module only: a streak builds three kinds
        known = _STORED[kind] = (cls, frozenset({"kind", "at", "note", "tags", *cls.own_fields()}))
    return known


def restore_entry(data: dict[str, Any], entry_id: str) -> Entry:
    """Rebuild an entry from a record this program sealed and the AEAD tag authenticated.

    Such records were validated when written and cannot have been altered since,
    so validation is skipped: at 100,000 entries it is most of the cost of a
    streak. Anything that does not look exactly like our own output (an older
    format, say) goes through the validating `entry_from_json` instead.
    """
    kind = data.get("kind")
    known = _stored(kind) if isinstance(kind, str) else None
    if known is None:
        return _validated(data, entry_id)
    cls, stored = known
    if data.keys() != stored:
        if not data.keys() <= stored <= {*data, *_NEWER}:
            return _validated(data, entry_id)
        data = {**data, **{name: _NEWER.get(name) for name in stored - data.keys()}}
    entry = object.__new__(cls)
    fields = entry.__dict__
    for name, value in data.items():
        fields[name] = tuple(value) if name in LIST_FIELDS else value
    del fields["kind"]  # a class attribute, not a field
    fields["id"] = entry_id
    fields["at"] = datetime.fromisoformat(data["at"])
    return entry


def _validated(data: dict[str, Any], entry_id: str) -> Entry:
    from recovery_journal.domain.entries import entry_from_json  # loads every kind: rare

    return entry_from_json({**data, "id": entry_id})
