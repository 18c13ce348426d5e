"""The mood entry: a score from 1 to 10 and the feelings that came with it. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.validation import check_int, clean_texts


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Mood(Entry):
    """How the person feels: a score from 1 (worst) to 10 (best), and feelings by name."""

    kind: ClassVar[str] = "mood"
    label: ClassVar[str] = "mood"
    plural: ClassVar[str] = "moods"

    score: int
    feelings: tuple[str, ...] = ()

    def validate(self) -> None:
        check_int("Mood score", self.score, 1, 10)
        self._set("feelings", clean_texts("A feeling", self.feelings))

    def summary(self) -> str:
        feelings = f" · {', '.join(self.feelings)}" if self.feelings else ""
        return f"{self.score}/10{feelings}"
