"""Connection and community: the entry kinds for the people and groups that keep recovery
going, and the meeting type codes. Pure.

`connection` (reaching out to someone), `service` (giving back), `barc` (the Brief
Assessment of Recovery Capital) and `challenge` (a "90 meetings in 90 days" the person
starts). They are registered with the other kinds in `kind_names.KIND_CLASSES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from recovery_journal.domain.entry_base import MAX_MINUTES, Entry
from recovery_journal.domain.validation import check_int, choice, clean_text
from recovery_journal.errors import InvalidInput

CONNECTION_ROLES = ("sponsor", "mentor", "peer", "family", "friend", "therapist", "group", "other")
CONNECTION_WAYS = ("call", "text", "in-person", "video", "online")
SERVICE_KINDS = ("meeting-service", "volunteering", "sponsoring", "helping-newcomer", "other")
BARC_ITEMS, BARC_ITEM_MIN, BARC_ITEM_MAX = 10, 1, 6
BARC_MIN, BARC_MAX = BARC_ITEMS * BARC_ITEM_MIN, BARC_ITEMS * BARC_ITEM_MAX
CHALLENGE_DAYS, MAX_CHALLENGE_DAYS = 90, 366

MEETING_TYPES: dict[str, str] = {
    # Our own table of the common Meeting Guide type codes (the format meeting finders use).
    "O": "open",
    "C": "closed",
    "D": "discussion",
    "SP": "speaker",
    "ST": "step study",
    "TR": "tradition study",
    "B": "Big Book",
    "12x12": "Twelve Steps and Twelve Traditions",
    "LIT": "literature",
    "MED": "meditation",
    "11": "11th step meditation",
    "BE": "beginners and newcomers",
    "M": "men",
    "W": "women",
    "LGBTQ": "LGBTQ",
    "Y": "young people",
    "A": "secular",
    "ONL": "online",
    "X": "wheelchair access",
    # Gatherings that are not fellowship meetings, in our own words.
    "group-therapy": "group therapy",
    "faith": "a faith community",
    "sober-event": "a sober event",
}
_TYPE_CODES = {code.casefold(): code for code in MEETING_TYPES}


def meeting_type(code: object) -> str:
    """A meeting type code in its usual spelling ('sp' is 'SP'); a clear error otherwise."""
    word = code.strip().casefold() if isinstance(code, str) else None
    if word not in _TYPE_CODES:
        raise InvalidInput(
            f"Unknown meeting type {code!r}; the codes are {', '.join(MEETING_TYPES)} "
            "(`rj meeting --help` says what each means)."
        )
    return _TYPE_CODES[word]


def _minutes(value: int | None) -> None:
    if value is not None:
        check_int("Minutes", value, 1, MAX_MINUTES)


def _optional_bool(name: str, value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise InvalidInput(f"{name} must be true, false or absent.")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Connection(Entry):
    """Reaching out: a call, a text, a visit. `person` may name someone from `rj people`."""

    kind: ClassVar[str] = "connection"
    label: ClassVar[str] = "connection"
    plural: ClassVar[str] = "connections"

    person: str | None = None
    role: str | None = None
    how: str | None = None
    minutes: int | None = None
    helped: bool | None = None

    def validate(self) -> None:
        self._set("person", clean_text("The person", self.person))
        if self.role is not None:
            self._set("role", choice("The role", self.role, CONNECTION_ROLES))
        if self.how is not None:
            self._set("how", choice("How you connected", self.how, CONNECTION_WAYS))
        _minutes(self.minutes)
        _optional_bool("helped", self.helped)

    def summary(self) -> str:
        who = self.person or "someone"
        if self.role:
            who += f" ({self.role})"
        minutes = f"{self.minutes} min" if self.minutes else ""
        helped = {True: "helped", False: "did not help", None: ""}[self.helped]
        return " · ".join(x for x in (who, self.how, minutes, helped) if x)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Service(Entry):
    """Giving back: service at a meeting, volunteering, sponsoring, helping a newcomer."""

    kind: ClassVar[str] = "service"
    label: ClassVar[str] = "service entry"
    plural: ClassVar[str] = "service entries"

    description: str | None = None
    category: str = "other"
    minutes: int | None = None

    def validate(self) -> None:
        self._set("description", clean_text("The description", self.description))
        self._set("category", choice("The kind of service", self.category, SERVICE_KINDS))
        _minutes(self.minutes)

    def summary(self) -> str:
        minutes = f"{self.minutes} min" if self.minutes else ""
        return " · ".join(x for x in (self.category, self.description, minutes) if x)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Barc(Entry):
    """The Brief Assessment of Recovery Capital (BARC-10; Vilsaint et al., 2017): ten
    statements rated 1-6; `total` (10-60) is their sum, and a stored one must agree."""

    kind: ClassVar[str] = "barc"
    label: ClassVar[str] = "BARC-10 score"
    plural: ClassVar[str] = "BARC-10 scores"

    items: tuple[int, ...]
    total: int | None = None

    def validate(self) -> None:
        items = () if isinstance(self.items, str) else tuple(self.items)
        if len(items) != BARC_ITEMS:
            raise InvalidInput(
                f"The BARC-10 has {BARC_ITEMS} statements, rated 1-6 each; {len(items)} given."
            )
        for number, value in enumerate(items, start=1):
            check_int(f"BARC-10 statement {number}", value, BARC_ITEM_MIN, BARC_ITEM_MAX)
        if self.total is not None and self.total != sum(items):
            raise InvalidInput(f"A BARC-10 total is the sum of its items ({sum(items)}).")
        self._set("items", items)
        self._set("total", sum(items))

    def summary(self) -> str:
        return f"{self.total}/{BARC_MAX} (items {' '.join(map(str, self.items))})"

    def with_changes(self, **changes: Any) -> Entry:
        if "items" in changes:  # the total follows the items
            changes.setdefault("total", None)
        return super().with_changes(**changes)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Challenge(Entry):
    """A meetings challenge the person started: `days` meetings in `days` days from the
    entry's day ("90 in 90"). `ended` is the day it was stopped early, if it was."""

    kind: ClassVar[str] = "challenge"
    label: ClassVar[str] = "meetings challenge"
    plural: ClassVar[str] = "meetings challenges"

    days: int = CHALLENGE_DAYS
    ended: str | None = None
    """An ISO date ('2026-03-20'), or None while it runs (or ran its course)."""

    def validate(self) -> None:
        check_int("The challenge's days", self.days, 1, MAX_CHALLENGE_DAYS)
        ended = clean_text("The day it ended", self.ended)
        if ended is not None:
            try:
                day = date.fromisoformat(ended)
            except ValueError:
                raise InvalidInput(
                    f"The day a challenge ended is a date like 2026-03-20, not {ended!r}."
                ) from None
            if day < self.at.date():
                raise InvalidInput(f"A challenge cannot end ({day}) before it starts.")
            ended = day.isoformat()
        self._set("ended", ended)

    @property
    def start(self) -> date:
        return self.at.date()

    @property
    def ended_on(self) -> date | None:
        return None if self.ended is None else date.fromisoformat(self.ended)

    def summary(self) -> str:
        stopped = f" · stopped {self.ended}" if self.ended else ""
        return f"{self.days} meetings in {self.days} days, from {self.start}{stopped}"
