"""What rj remembers of an entry imported from another app and then changed here. Pure.

Another app's export carries no ids: a newer export is matched with what an earlier
import brought by a key its importer names, taken from the entry's content
(interchange/reconcile.py). An entry edited here would then no longer match (its note or
time changed) or be overwritten by the file's version, and one deleted here would come
back. So when an imported entry is first edited or deleted here, a mark keeps the key it
was imported under and a digest of its content then: digests only, never its words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from recovery_journal.errors import InvalidInput

DIGEST_CHARS = 32
"""A digest is the first 128 bits of a SHA-256, in hex."""


def _digest(name: str, value: object) -> str:
    if not isinstance(value, str) or len(value) != DIGEST_CHARS or value.strip("0123456789abcdef"):
        raise InvalidInput(f"An import mark's {name} must be a digest.")
    return value


@dataclass(frozen=True, kw_only=True)
class ImportMark:
    """An entry imported from `source` (the importer's tag) and changed here since.

    `entry` is the entry's id, or None once it was deleted here; `key` is the digest of
    the key it was imported under, `base` of its content as imported (without its id
    or time). `id` is the mark's own record id ("" until it is stored).
    """

    id: str
    source: str
    key: str
    base: str
    entry: str | None = None

    def __post_init__(self) -> None:
        _digest("key", self.key)
        _digest("base", self.base)
        if not isinstance(self.source, str) or not self.source:
            raise InvalidInput("An import mark must name the app the entry came from.")
        if self.entry is not None and not isinstance(self.entry, str):
            raise InvalidInput("An import mark's entry must be an id.")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "key": self.key,
            "base": self.base,
            "entry": self.entry,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ImportMark:
        try:
            return cls(
                id=data["id"],
                source=data["source"],
                key=data["key"],
                base=data["base"],
                entry=data.get("entry"),
            )
        except (KeyError, TypeError):
            raise InvalidInput("An import mark is missing a field.") from None
