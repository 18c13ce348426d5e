"""The PACS entry: the Penn Alcohol Craving Scale, five items about the past week. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.validation import check_int, clean_text
from recovery_journal.errors import InvalidInput

PACS_ITEMS, PACS_ITEM_MAX, PACS_MAX = 5, 6, 30


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Pacs(Entry):
    """The Penn Alcohol Craving Scale (Flannery, Volpicelli and Pettinati 1999): five items
    about the past week, 0-6 each; `total` (0-30) is their sum, and a stored one must agree."""

    kind: ClassVar[str] = "pacs"
    label: ClassVar[str] = "PACS score"
    plural: ClassVar[str] = "PACS scores"

    items: tuple[int, ...]
    total: int | None = None
    substance: str | None = None

    def validate(self) -> None:
        items = () if isinstance(self.items, str) else tuple(self.items)
        if len(items) != PACS_ITEMS:
            raise InvalidInput(f"The PACS has {PACS_ITEMS} items, 0-6 each; {len(items)} given.")
        for number, value in enumerate(items, start=1):
            check_int(f"PACS item {number}", value, 0, PACS_ITEM_MAX)
        if self.total is not None and self.total != sum(items):
            raise InvalidInput(f"A PACS total is the sum of its items ({sum(items)}).")
        self._set("items", items)
        self._set("total", sum(items))
        self._set("substance", clean_text("The substance", self.substance))

    def summary(self) -> str:
        about = f" · {self.substance}" if self.substance else ""
        return f"{self.total}/{PACS_MAX} (items {' '.join(map(str, self.items))}){about}"

    def with_changes(self, **changes: Any) -> Entry:
        if "items" in changes:  # the total follows the items
            changes.setdefault("total", None)
        return super().with_changes(**changes)
