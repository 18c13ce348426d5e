"""The entry kinds by name, in their order, and where each is defined, without building them.

For help text that must load fast (`rj list --help`), and for commands that need one
kind: `rj mood` builds the `Mood` dataclass alone, not all fourteen (each costs about
half a millisecond to build). `entries.py` gathers every kind from this table and refuses
to import if a class's `kind` differs from its name here, so the two cannot drift apart.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry

_KINDS = "recovery_journal.domain.kinds"
_COMMUNITY = "recovery_journal.domain.community"

KIND_CLASSES: dict[str, tuple[str, str]] = {
    "mood": (f"{_KINDS}.mood", "Mood"),
    "craving": (f"{_KINDS}.craving", "Craving"),
    "trigger": (f"{_KINDS}.trigger", "Trigger"),
    "meeting": (f"{_KINDS}.meeting", "Meeting"),
    "gratitude": (f"{_KINDS}.gratitude", "Gratitude"),
    "use": (f"{_KINDS}.use", "Use"),
    "sober": (f"{_KINDS}.sober", "Sober"),
    "note": (f"{_KINDS}.note", "Note"),
    "pacs": (f"{_KINDS}.pacs", "Pacs"),
    "reflection": (f"{_KINDS}.reflection", "Reflection"),
    "connection": (_COMMUNITY, "Connection"),
    "service": (_COMMUNITY, "Service"),
    "barc": (_COMMUNITY, "Barc"),
    "challenge": (_COMMUNITY, "Challenge"),
}
"""Each kind's module and class name: the one list of kinds (a domain module each)."""

KIND_NAMES = tuple(KIND_CLASSES)


def entry_type(kind: str) -> type[Entry]:
    """The class of the kind named `kind`, loading its module only; KeyError for no kind."""
    module, name = KIND_CLASSES[kind]
    found: type[Entry] = getattr(importlib.import_module(module), name)
    return found
