"""The reflection entry: a look back at a use in SMART Recovery's ABC shape. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.validation import clean_text
from recovery_journal.errors import InvalidInput

ABC = ("activating", "beliefs", "consequences", "different")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Reflection(Entry):
    """A look back at a use in SMART Recovery's ABC shape (`rj reflect`): the activating
    event, the beliefs, the consequences and what could be different. `use_id` is the use."""

    kind: ClassVar[str] = "reflection"
    label: ClassVar[str] = "reflection"
    plural: ClassVar[str] = "reflections"

    use_id: str
    activating: str | None = None
    beliefs: str | None = None
    consequences: str | None = None
    different: str | None = None

    def validate(self) -> None:
        self._set("use_id", clean_text("The use it reflects on", self.use_id, required=True))
        for name in ABC:
            self._set(name, clean_text(f"The {name} part", getattr(self, name)))
        if not any(getattr(self, name) for name in ABC):
            raise InvalidInput("A reflection needs at least one of its four parts.")

    def summary(self) -> str:
        first = next(text for name in ABC if (text := getattr(self, name)))
        return f"on use {self.use_id[:7]} · {first}"
