"""The meeting entry: a meeting attended, its fellowship, length and Meeting Guide types. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from recovery_journal.domain.community import meeting_type
from recovery_journal.domain.entry_base import MAX_MINUTES, Entry
from recovery_journal.domain.validation import check_int, clean_text
from recovery_journal.errors import InvalidInput


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Meeting(Entry):
    """A meeting attended: fellowship, name, online or not, minutes, type codes, home group."""

    kind: ClassVar[str] = "meeting"
    label: ClassVar[str] = "meeting"
    plural: ClassVar[str] = "meetings"

    fellowship: str | None = None
    name: str | None = None
    online: bool | None = None
    minutes: int | None = None
    types: tuple[str, ...] = ()
    """Meeting Guide type codes ('SP', 'D', ...) and ours (community.MEETING_TYPES)."""
    home: bool = False
    """The person's home group."""

    def validate(self) -> None:
        self._set("fellowship", clean_text("The fellowship", self.fellowship))
        self._set("name", clean_text("The meeting name", self.name))
        if self.online is not None and not isinstance(self.online, bool):
            raise InvalidInput("online must be true, false or absent.")
        if self.minutes is not None:
            check_int("Meeting minutes", self.minutes, 1, MAX_MINUTES)
        types = () if isinstance(self.types, str) else self.types
        self._set("types", tuple(dict.fromkeys(meeting_type(code) for code in types)))
        if not isinstance(self.home, bool):
            raise InvalidInput("home must be true or false.")

    def summary(self) -> str:
        where = {True: "online", False: "in person", None: ""}[self.online]
        minutes = f"{self.minutes} min" if self.minutes else ""
        home = "home group" if self.home else ""
        types = " ".join(self.types)
        parts = (self.fellowship, self.name, home, where, minutes, types)
        return " · ".join(x for x in parts if x) or "meeting"
