"""Entry kinds as frozen dataclasses that validate themselves, and `ENTRY_TYPES`, every kind.

Everything a kind is, is written once, on its class: its fields and their checks, its name
(`kind`), how reports count it (`label`, `plural`) and its one-line `summary()`. Tables,
lists and reports derive from these, so a kind cannot be left out of one by accident: a
class that lacks any of them is refused when it is defined (`entry_base.Entry`). The kinds
of connection and community (connection, service, barc, challenge) are in `community.py`.

Pure domain code: no framework, storage or crypto imports. The JSON shape
produced by `Entry.to_json` is a public interface (`list --json`, exports),
so field names here follow the CLI options and are documented in the README.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from recovery_journal.domain.community import Barc, Challenge, Connection, Service, meeting_type
from recovery_journal.domain.entry_base import Entry as Entry  # noqa: PLC0414 (re-exported)
from recovery_journal.domain.kind_names import KIND_NAMES
from recovery_journal.domain.quantities import check_quantity, normalize_unit, unit_words
from recovery_journal.domain.validation import check_int, choice, clean_text, clean_texts
from recovery_journal.errors import InvalidInput

HALT_WORDS = ("hungry", "angry", "lonely", "tired")
OUTCOMES = ("resisted", "used")
TRIGGER_CATEGORIES = ("people", "places", "things", "feelings", "situations")
MAX_MEETING_MINUTES = 24 * 60
PACS_ITEMS, PACS_ITEM_MAX, PACS_MAX = 5, 6, 30
ABC = ("activating", "beliefs", "consequences", "different")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Mood(Entry):
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


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Craving(Entry):
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
            check_int("The duration in minutes", self.duration_minutes, 0, MAX_MEETING_MINUTES)
        self._set("substance", clean_text("The substance", self.substance))
        self._set("triggers", clean_texts("A trigger", self.triggers))
        halt = (choice("HALT", word, HALT_WORDS) for word in self.halt)
        self._set("halt", tuple(dict.fromkeys(halt)))
        self._set("coping", clean_text("Coping", self.coping))
        if self.outcome is not None:
            self._set("outcome", choice("Outcome", self.outcome, OUTCOMES))
        self._set("tracker", clean_text("The tracker", self.tracker))

    def summary(self) -> str:
        parts = [f"{self.intensity}/10" + (f" {self.outcome}" if self.outcome else "")]
        if self.substance:
            parts.append(self.substance)
        if self.halt:
            parts.append("HALT: " + ", ".join(self.halt))
        if self.triggers:
            parts.append(", ".join(self.triggers))
        return " · ".join(parts)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Trigger(Entry):
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


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Meeting(Entry):
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
            check_int("Meeting minutes", self.minutes, 1, MAX_MEETING_MINUTES)
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


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Gratitude(Entry):
    kind: ClassVar[str] = "gratitude"
    label: ClassVar[str] = "gratitude entry"
    plural: ClassVar[str] = "gratitude entries"

    items: tuple[str, ...] = field(default=())

    def validate(self) -> None:
        items = clean_texts("A gratitude item", self.items)
        if not items:
            raise InvalidInput("A gratitude entry needs at least one item.")
        self._set("items", items)

    def summary(self) -> str:
        return "; ".join(self.items)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Use(Entry):
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

    def summary(self) -> str:
        counted = None if self.quantity is None else unit_words(self.unit, self.quantity)
        return " · ".join(x for x in (self.substance, counted, self.amount) if x) or "use day"


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

    def summary(self) -> str:
        return f"no use · {self.substance}" if self.substance else "no use"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)  # see Entry
class Note(Entry):
    kind: ClassVar[str] = "note"
    label: ClassVar[str] = "note"
    plural: ClassVar[str] = "notes"

    text: str

    def validate(self) -> None:
        self._set("text", clean_text("The note text", self.text, required=True))

    def summary(self) -> str:
        return self.text


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


ENTRY_TYPES: dict[str, type[Entry]] = {
    cls.kind: cls
    for cls in (
        *(Mood, Craving, Trigger, Meeting, Gratitude, Use, Sober, Note, Pacs, Reflection),
        *(Connection, Service, Barc, Challenge),
    )
}
KINDS = tuple(ENTRY_TYPES)
if KINDS != KIND_NAMES:  # fail at import, never silently: a kind added here must be named there
    raise ImportError(f"domain/kind_names.py must list {KINDS}, in this order")
_LIST_FIELDS = {"tags", "feelings", "triggers", "halt", "items", "types"}


def kind_fields(kind: str) -> tuple[str, ...]:
    """Names of the fields a kind has beyond the common ones."""
    common = {f.name for f in dataclasses.fields(Entry)}
    return tuple(f.name for f in dataclasses.fields(ENTRY_TYPES[kind]) if f.name not in common)


def entry_from_json(data: Mapping[str, Any]) -> Entry:
    """Build and validate an entry from its JSON form (storage, import)."""
    from recovery_journal.domain.dates import parse_iso  # local: no date parsing at import

    if not isinstance(data, Mapping):
        raise InvalidInput("An entry must be a JSON object.")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in ENTRY_TYPES:
        raise InvalidInput(f"Unknown entry kind {kind!r}.")
    cls = ENTRY_TYPES[kind]
    allowed = {"id", "kind", "at", "note", "tags", *kind_fields(kind)}
    unknown = set(data) - allowed
    if unknown:
        raise InvalidInput(f"Unknown field(s) for a {kind} entry: {', '.join(sorted(unknown))}.")
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name == "kind":
            continue
        if name in _LIST_FIELDS:
            if not isinstance(value, list):
                raise InvalidInput(f"{name} must be a list.")
            values[name] = tuple(value)
        elif name == "at":
            values[name] = parse_iso(value)
        elif value is not None:
            values[name] = value
    if not isinstance(values.get("id"), str):
        raise InvalidInput("An entry needs a text id.")
    try:
        return cls(**values)
    except TypeError as exc:  # a required field is missing
        raise InvalidInput(f"A {kind} entry is missing a field: {exc}.") from None
