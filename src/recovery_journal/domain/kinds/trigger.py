"""The trigger entry: what set a craving off, by the five categories people use. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.validation import check_int, choice, clean_text

TRIGGER_CATEGORIES = ("people", "places", "things", "feelings", "situations")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Trigger(Entry):
    """Something that set off, or could set off, a craving: what, its category, how strong."""

    kind: ClassVar[str] = "trigger"
    label: ClassVar[str] = "trigger"
    plural: ClassVar[str] = "triggers"

    description: str
    category: str | None = None
    intensity: int | None = None

    def validate(self) -> None:
        self._set(
            "description", clean_text("The trigger description", self.description, required=True)
        )
        if self.category is not None:
            self._set("category", choice("Category", self.category, TRIGGER_CATEGORIES))
        if self.intensity is not None:
            check_int("Trigger intensity", self.intensity, 0, 10)

    def summary(self) -> str:
        intensity = None if self.intensity is None else f"{self.intensity}/10"
        extras = [x for x in (self.category, intensity) if x]
        return self.description + (f" ({', '.join(extras)})" if extras else "")
