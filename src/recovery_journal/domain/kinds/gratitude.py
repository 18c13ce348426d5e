"""The gratitude entry: a few things the person is grateful for. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.validation import clean_texts
from recovery_journal.errors import InvalidInput


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Gratitude(Entry):
    """One or more things the person is grateful for today."""

    kind: ClassVar[str] = "gratitude"
    label: ClassVar[str] = "gratitude entry"
    plural: ClassVar[str] = "gratitude entries"

    items: tuple[str, ...] = field(default=())

    def validate(self) -> None:
        items = clean_texts("A gratitude item", self.items)
        if not items:
            raise InvalidInput("A gratitude entry needs at least one item.")
        self._set("items", items)

    def summary(self) -> str:
        return "; ".join(self.items)
