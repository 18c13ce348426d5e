"""Every entry kind in one place: `ENTRY_TYPES`, building an entry from JSON, and the kinds
re-exported for code that uses several of them.

Everything a kind is, is written once, on its class (one module each in `kinds/`; the
kinds of connection and community, connection, service, barc and challenge, are in
`community.py`): its fields and their checks, its name (`kind`), how reports count it
(`label`, `plural`) and its one-line `summary()`. Tables, lists and reports derive from
these, so a kind cannot be left out of one by accident: a class that lacks any of them is
refused when it is defined (`entry_base.Entry`). Importing this module builds every
kind; a command that needs one imports it from `kinds/` (or `kind_names.entry_type`).

Pure domain code: no framework, storage or crypto imports. The JSON shape
produced by `Entry.to_json` is a public interface (`list --json`, exports),
so field names here follow the CLI options and are documented in the README.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from recovery_journal.domain.community import Barc, Challenge, Connection, Service
from recovery_journal.domain.entry_base import LIST_FIELDS
from recovery_journal.domain.entry_base import Entry as Entry  # noqa: PLC0414 (re-exported)
from recovery_journal.domain.kind_names import KIND_NAMES, entry_type
from recovery_journal.domain.kinds.craving import HALT_WORDS, OUTCOMES, Craving
from recovery_journal.domain.kinds.gratitude import Gratitude
from recovery_journal.domain.kinds.meeting import Meeting
from recovery_journal.domain.kinds.mood import Mood
from recovery_journal.domain.kinds.note import Note
from recovery_journal.domain.kinds.pacs import Pacs
from recovery_journal.domain.kinds.reflection import Reflection
from recovery_journal.domain.kinds.sober import Sober
from recovery_journal.domain.kinds.trigger import TRIGGER_CATEGORIES, Trigger
from recovery_journal.domain.kinds.use import Use
from recovery_journal.errors import InvalidInput

__all__ = [
    "HALT_WORDS",
    "KINDS",
    "OUTCOMES",
    "TRIGGER_CATEGORIES",
    "Barc",
    "Challenge",
    "Connection",
    "Craving",
    "Entry",
    "Gratitude",
    "Meeting",
    "Mood",
    "Note",
    "Pacs",
    "Reflection",
    "Service",
    "Sober",
    "Trigger",
    "Use",
    "entry_from_json",
    "kind_fields",
]

ENTRY_TYPES: dict[str, type[Entry]] = {kind: entry_type(kind) for kind in KIND_NAMES}
KINDS = KIND_NAMES
_mislabelled = [kind for kind, cls in ENTRY_TYPES.items() if cls.kind != kind]
if _mislabelled:  # fail at import, never silently: a kind's name is written twice
    raise ImportError(f"domain/kind_names.py names {_mislabelled} differently from their classes")


def kind_fields(kind: str) -> tuple[str, ...]:
    """Names of the fields a kind has beyond the common ones."""
    return ENTRY_TYPES[kind].own_fields()


def entry_from_json(data: Mapping[str, Any]) -> Entry:
    """Build and validate an entry from its JSON form (storage, import)."""
    from recovery_journal.domain.dates import parse_iso  # local: no date parsing at import

    if not isinstance(data, Mapping):
        raise InvalidInput("An entry must be a JSON object.")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in ENTRY_TYPES:
        raise InvalidInput(f"Unknown entry kind {kind!r}.")
    cls = ENTRY_TYPES[kind]
    allowed = {"id", "kind", "at", "note", "tags", *kind_fields(kind)}
    unknown = set(data) - allowed
    if unknown:
        raise InvalidInput(f"Unknown field(s) for a {kind} entry: {', '.join(sorted(unknown))}.")
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name == "kind":
            continue
        if name in LIST_FIELDS:
            if not isinstance(value, list):
                raise InvalidInput(f"{name} must be a list.")
            values[name] = tuple(value)
        elif name == "at":
            values[name] = parse_iso(value)
        elif value is not None:
            values[name] = value
    if not isinstance(values.get("id"), str):
        raise InvalidInput("An entry needs a text id.")
    try:
        return cls(**values)
    except TypeError as exc:  # a required field is missing
        raise InvalidInput(f"A {kind} entry is missing a field: {exc}.") from None
