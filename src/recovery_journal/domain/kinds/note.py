"""The note entry: free text. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.validation import clean_text


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Note(Entry):
    """Free text, for anything the other kinds do not hold."""

    kind: ClassVar[str] = "note"
    label: ClassVar[str] = "note"
    plural: ClassVar[str] = "notes"

    text: str

    def validate(self) -> None:
        self._set("text", clean_text("The note text", self.text, required=True))

    def summary(self) -> str:
        return self.text
