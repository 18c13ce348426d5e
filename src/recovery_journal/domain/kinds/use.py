"""The use entry: a day of use, counted against a tracker, with an amount if given. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.quantities import check_quantity, normalize_unit, unit_words
from recovery_journal.domain.validation import clean_text


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Use(Entry):
    """A use day, counted against a tracker (its streak starts again), with an amount if given."""

    kind: ClassVar[str] = "use"
    label: ClassVar[str] = "use"
    plural: ClassVar[str] = "uses"

    substance: str | None = None
    amount: str | None = None
    tracker: str | None = None  # id of the tracker this use counts against
    quantity: float | None = None  # how much, as a number in `unit` (see quantities.py)
    unit: str | None = None

    def validate(self) -> None:
        self._set("substance", clean_text("The substance", self.substance))
        self._set("amount", clean_text("The amount", self.amount))
        self._set("tracker", clean_text("The tracker", self.tracker))
        self._set("quantity", check_quantity("The quantity", self.quantity))
        self._set("unit", normalize_unit(self.unit))

    def counts_against_a_tracker(self) -> bool:
        return True

    def summary(self) -> str:
        counted = None if self.quantity is None else unit_words(self.unit, self.quantity)
        return " · ".join(x for x in (self.substance, counted, self.amount) if x) or "use day"
