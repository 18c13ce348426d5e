"""The sober entry: an explicit "no use" that day for one tracker. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.validation import clean_text


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Sober(Entry):
    """An explicit "no use" that day for one tracker (the check-in asks): a real zero in the
    Timeline Followback, where a day nobody answered for is silence."""

    kind: ClassVar[str] = "sober"
    label: ClassVar[str] = "sober day"
    plural: ClassVar[str] = "sober days"

    substance: str | None = None  # the tracker's name when it was answered
    tracker: str | None = None  # id of the tracker it answers for

    def validate(self) -> None:
        self._set("substance", clean_text("The substance", self.substance))
        self._set("tracker", clean_text("The tracker", self.tracker))

    def counts_against_a_tracker(self) -> bool:
        return True

    def summary(self) -> str:
        return f"no use · {self.substance}" if self.substance else "no use"
