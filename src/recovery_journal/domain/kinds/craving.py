"""The craving entry: how strong, what set it off, HALT, and whether it was acted on. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from recovery_journal.domain.entry_base import MAX_MINUTES, Entry
from recovery_journal.domain.validation import check_int, choice, clean_text, clean_texts

HALT_WORDS = ("hungry", "angry", "lonely", "tired")
OUTCOMES = ("resisted", "used")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Craving(Entry):
    """An urge: its intensity (0-10), what set it off, HALT, how it was met, and the outcome."""

    kind: ClassVar[str] = "craving"
    label: ClassVar[str] = "craving"
    plural: ClassVar[str] = "cravings"

    intensity: int
    substance: str | None = None
    triggers: tuple[str, ...] = ()
    halt: tuple[str, ...] = ()
    coping: str | None = None
    outcome: str | None = None
    """resisted or used; None when not given (never assumed: a share resisted counts only
    cravings whose outcome was given). Entries written before keep their stored value."""
    tracker: str | None = None  # id of the tracker a "used" craving counts against
    duration_minutes: int | None = None  # how long it lasted (`rj urge` records it)

    def validate(self) -> None:
        check_int("Craving intensity", self.intensity, 0, 10)
        if self.duration_minutes is not None:
            check_int("The duration in minutes", self.duration_minutes, 0, MAX_MINUTES)
        self._set("substance", clean_text("The substance", self.substance))
        self._set("triggers", clean_texts("A trigger", self.triggers))
        halt = (choice("HALT", word, HALT_WORDS) for word in self.halt)
        self._set("halt", tuple(dict.fromkeys(halt)))
        self._set("coping", clean_text("Coping", self.coping))
        if self.outcome is not None:
            self._set("outcome", choice("Outcome", self.outcome, OUTCOMES))
        self._set("tracker", clean_text("The tracker", self.tracker))

    def counts_against_a_tracker(self) -> bool:
        return self.outcome == "used"

    def summary(self) -> str:
        parts = [f"{self.intensity}/10" + (f" {self.outcome}" if self.outcome else "")]
        if self.substance:
            parts.append(self.substance)
        if self.halt:
            parts.append("HALT: " + ", ".join(self.halt))
        if self.triggers:
            parts.append(", ".join(self.triggers))
        return " · ".join(parts)
