"""Entry kinds as frozen dataclasses that validate themselves.

Pure domain code: no framework, storage or crypto imports. The JSON shape
produced by `Entry.to_json` is a public interface (`list --json`, exports),
so field names here follow the CLI options and are documented in the README.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from recovery_journal.errors import InvalidInput

HALT_WORDS = ("hungry", "angry", "lonely", "tired")
OUTCOMES = ("resisted", "used")
TRIGGER_CATEGORIES = ("people", "places", "things", "feelings", "situations")
MAX_TEXT_CHARS = 50_000
MAX_TAG_CHARS = 40
MAX_MEETING_MINUTES = 24 * 60
MAX_TRACKER_NAME = 60


def _check_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{name} must be a whole number from {low} to {high}.")
    if not low <= value <= high:
        raise InvalidInput(f"{name} must be from {low} to {high}, not {value}.")
    return value


def _check_utf8(name: str, text: str) -> None:
    # Undecodable bytes on the command line arrive as lone surrogates, which
    # cannot be stored as UTF-8; refuse them here rather than fail when saving.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            f"{name} contains bytes that are not valid text; check your terminal's encoding."
        ) from None


def _clean_text(name: str, value: object, *, required: bool = False) -> str | None:
    """Strip surrounding whitespace; empty means absent unless `required`."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise InvalidInput(f"{name} must be text.")
    _check_utf8(name, text)
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(
            f"{name} is too long ({len(text)} characters; the limit is {MAX_TEXT_CHARS})."
        )
    if not text:
        if required:
            raise InvalidInput(f"{name} cannot be empty.")
        return None
    return text


def _clean_texts(name: str, values: Iterable[object]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise InvalidInput(f"{name} must be a list of texts.")
    cleaned = (_clean_text(name, value) for value in values)
    return tuple(text for text in cleaned if text is not None)


def normalize_tag(tag: object) -> str:
    """Tags are case-folded single words; a leading '#' is dropped."""
    if not isinstance(tag, str):
        raise InvalidInput("A tag must be text.")
    _check_utf8("A tag", tag)
    word = tag.strip().lstrip("#").strip().lower()
    if not word or any(ch.isspace() for ch in word):
        raise InvalidInput(f"A tag must be one word without spaces, not {tag!r}.")
    if len(word) > MAX_TAG_CHARS:
        raise InvalidInput(f"A tag can be at most {MAX_TAG_CHARS} characters long.")
    return word


def _choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    word = value.strip().lower() if isinstance(value, str) else value
    if word not in choices:
        raise InvalidInput(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return str(word)


@dataclass(frozen=True, kw_only=True)
class Entry:
    """What every entry has: a public id, a timezone-aware time, a note and tags."""

    kind: ClassVar[str] = ""

    id: str
    at: datetime
    note: str | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.at, datetime) or self.at.utcoffset() is None:
            raise InvalidInput("An entry's time must include a time zone.")
        # Seconds are the finest precision anyone needs; dropping microseconds
        # keeps the JSON round trip exact.
        self._set("at", self.at.replace(microsecond=0))
        self._set("note", _clean_text("The note", self.note))
        tags = self.tags if not isinstance(self.tags, str) else (self.tags,)
        self._set("tags", tuple(dict.fromkeys(normalize_tag(tag) for tag in tags)))
        self.validate()

    def _set(self, name: str, value: object) -> None:
        # Normalizing inside a frozen dataclass's __post_init__.
        object.__setattr__(self, name, value)

    def validate(self) -> None:
        """Check and normalize the kind's own fields."""

    def fields(self) -> dict[str, Any]:
        """The kind's own fields, JSON-ready."""
        common = {f.name for f in dataclasses.fields(Entry)}
        values: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name not in common:
                value = getattr(self, f.name)
                values[f.name] = list(value) if isinstance(value, tuple) else value
        return values

    def texts(self) -> list[str]:
        """Every free-text value, for searching."""
        found: list[str] = [self.note or "", *self.tags]
        for value in self.fields().values():
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, list):
                found.extend(str(item) for item in value)
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "at": self.at.isoformat(),
            "note": self.note,
            "tags": list(self.tags),
            **self.fields(),
        }

    def with_changes(self, **changes: Any) -> Entry:
        """A copy with some fields changed, validated again."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, kw_only=True)
class Mood(Entry):
    kind: ClassVar[str] = "mood"
    score: int
    feelings: tuple[str, ...] = ()

    def validate(self) -> None:
        _check_int("Mood score", self.score, 1, 10)
        self._set("feelings", _clean_texts("A feeling", self.feelings))


@dataclass(frozen=True, kw_only=True)
class Craving(Entry):
    kind: ClassVar[str] = "craving"
    intensity: int
    substance: str | None = None
    triggers: tuple[str, ...] = ()
    halt: tuple[str, ...] = ()
    coping: str | None = None
    outcome: str = "resisted"
    tracker: str | None = None  # id of the tracker a "used" craving counts against

    def validate(self) -> None:
        _check_int("Craving intensity", self.intensity, 0, 10)
        self._set("substance", _clean_text("The substance", self.substance))
        self._set("triggers", _clean_texts("A trigger", self.triggers))
        halt = (_choice("HALT", word, HALT_WORDS) for word in self.halt)
        self._set("halt", tuple(dict.fromkeys(halt)))
        self._set("coping", _clean_text("Coping", self.coping))
        self._set("outcome", _choice("Outcome", self.outcome, OUTCOMES))
        self._set("tracker", _clean_text("The tracker", self.tracker))


@dataclass(frozen=True, kw_only=True)
class Trigger(Entry):
    kind: ClassVar[str] = "trigger"
    description: str
    category: str | None = None
    intensity: int | None = None

    def validate(self) -> None:
        self._set(
            "description", _clean_text("The trigger description", self.description, required=True)
        )
        if self.category is not None:
            self._set("category", _choice("Category", self.category, TRIGGER_CATEGORIES))
        if self.intensity is not None:
            _check_int("Trigger intensity", self.intensity, 0, 10)


@dataclass(frozen=True, kw_only=True)
class Meeting(Entry):
    kind: ClassVar[str] = "meeting"
    fellowship: str | None = None
    name: str | None = None
    online: bool | None = None
    minutes: int | None = None

    def validate(self) -> None:
        self._set("fellowship", _clean_text("The fellowship", self.fellowship))
        self._set("name", _clean_text("The meeting name", self.name))
        if self.online is not None and not isinstance(self.online, bool):
            raise InvalidInput("online must be true, false or absent.")
        if self.minutes is not None:
            _check_int("Meeting minutes", self.minutes, 1, MAX_MEETING_MINUTES)


@dataclass(frozen=True, kw_only=True)
class Gratitude(Entry):
    kind: ClassVar[str] = "gratitude"
    items: tuple[str, ...] = field(default=())

    def validate(self) -> None:
        items = _clean_texts("A gratitude item", self.items)
        if not items:
            raise InvalidInput("A gratitude entry needs at least one item.")
        self._set("items", items)


@dataclass(frozen=True, kw_only=True)
class Use(Entry):
    kind: ClassVar[str] = "use"
    substance: str | None = None
    amount: str | None = None
    tracker: str | None = None  # id of the tracker this use counts against

    def validate(self) -> None:
        self._set("substance", _clean_text("The substance", self.substance))
        self._set("amount", _clean_text("The amount", self.amount))
        self._set("tracker", _clean_text("The tracker", self.tracker))


@dataclass(frozen=True, kw_only=True)
class Note(Entry):
    kind: ClassVar[str] = "note"
    text: str

    def validate(self) -> None:
        self._set("text", _clean_text("The note text", self.text, required=True))


ENTRY_TYPES: dict[str, type[Entry]] = {
    cls.kind: cls for cls in (Mood, Craving, Trigger, Meeting, Gratitude, Use, Note)
}
KINDS = tuple(ENTRY_TYPES)
_LIST_FIELDS = {"tags", "feelings", "triggers", "halt", "items"}


def fold_name(name: str) -> str:
    """Names compare ignoring case and spacing: 'Alcohol ' is 'alcohol'."""
    return " ".join(name.casefold().split())


def kind_fields(kind: str) -> tuple[str, ...]:
    """Names of the fields a kind has beyond the common ones."""
    common = {f.name for f in dataclasses.fields(Entry)}
    return tuple(f.name for f in dataclasses.fields(ENTRY_TYPES[kind]) if f.name not in common)


def entry_from_json(data: Mapping[str, Any]) -> Entry:
    """Build and validate an entry from its JSON form (storage, import)."""
    from recovery_journal.dates import (
        parse_iso,
    )  # local: keep models free of date parsing at import

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


_STORED_FIELDS = {
    kind: frozenset({"kind", "at", "note", "tags", *kind_fields(kind)}) for kind in ENTRY_TYPES
}


def restore_entry(data: dict[str, Any], entry_id: str) -> Entry:
    """Rebuild an entry from a record this program sealed and the AEAD tag authenticated.

    Such records were validated when written and cannot have been altered since,
    so validation is skipped: at 100,000 entries it is most of the cost of a
    streak. Anything that does not look exactly like our own output (an older
    format, say) goes through the validating `entry_from_json` instead.
    """
    kind = data.get("kind")
    if kind not in _STORED_FIELDS or data.keys() != _STORED_FIELDS[kind]:
        return entry_from_json({**data, "id": entry_id})
    entry = object.__new__(ENTRY_TYPES[kind])
    fields = entry.__dict__
    for name, value in data.items():
        fields[name] = tuple(value) if name in _LIST_FIELDS else value
    del fields["kind"]  # a class attribute, not a field
    fields["id"] = entry_id
    fields["at"] = datetime.fromisoformat(data["at"])
    return entry


@dataclass(frozen=True, kw_only=True)
class Tracker:
    """Something a person is staying clean from, and since when (their first sober day)."""

    id: str
    name: str
    clean_date: date
    cost_per_day: Decimal | None = None
    currency: str | None = None

    def __post_init__(self) -> None:
        name = _clean_text("The tracker name", self.name, required=True) or ""
        if len(name) > MAX_TRACKER_NAME:
            raise InvalidInput(f"A tracker name can be at most {MAX_TRACKER_NAME} characters long.")
        object.__setattr__(self, "name", name)
        if not isinstance(self.clean_date, date) or isinstance(self.clean_date, datetime):
            raise InvalidInput("A clean date must be a calendar day.")
        if self.cost_per_day is not None:
            cost = parse_money(self.cost_per_day)
            if cost < 0:
                raise InvalidInput("The cost per day cannot be negative.")
            object.__setattr__(self, "cost_per_day", cost)
        if self.currency is not None:
            code = self.currency.strip().upper() if isinstance(self.currency, str) else ""
            if not (len(code) == 3 and code.isalpha() and code.isascii()):
                raise InvalidInput(
                    f"A currency is a three-letter code such as EUR or USD, not {self.currency!r}."
                )
            object.__setattr__(self, "currency", code)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "clean_date": self.clean_date.isoformat(),
            "cost_per_day": None if self.cost_per_day is None else str(self.cost_per_day),
            "currency": self.currency,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Tracker:
        try:
            clean_date = date.fromisoformat(str(data["clean_date"]))
            return cls(
                id=str(data["id"]),
                name=data["name"],
                clean_date=clean_date,
                cost_per_day=data.get("cost_per_day"),
                currency=data.get("currency"),
            )
        except (KeyError, ValueError, TypeError):
            raise InvalidInput("A tracker needs a name and an ISO clean_date.") from None

    def with_changes(self, **changes: Any) -> Tracker:
        return dataclasses.replace(self, **changes)


def parse_money(value: object) -> Decimal:
    """An amount such as '12.50' as an exact Decimal."""
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidInput(f"{value!r} is not an amount of money; write it like 12.50.") from None
    if not amount.is_finite():
        raise InvalidInput(f"{value!r} is not an amount of money; write it like 12.50.")
    return amount


EXPORT_KINDS = ("summary", "tlfb", "diary-card", "data")


@dataclass(frozen=True, kw_only=True)
class ExportRecord:
    """What a person shared, when, and with whom: kept (encrypted) in the journal."""

    id: str
    at: datetime
    kind: str
    format: str
    file: str | None = None
    since: date | None = None
    until: date | None = None
    sections: tuple[str, ...] = ()
    include_notes: bool = False
    recipient: str | None = None

    def __post_init__(self) -> None:
        if self.at.utcoffset() is None:
            raise InvalidInput("An export's time must include a time zone.")
        object.__setattr__(self, "kind", _choice("Export kind", self.kind, EXPORT_KINDS))
        object.__setattr__(self, "recipient", _clean_text("The recipient", self.recipient))
        object.__setattr__(self, "sections", tuple(self.sections))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "kind": self.kind,
            "format": self.format,
            "file": self.file,
            "since": None if self.since is None else self.since.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
            "sections": list(self.sections),
            "include_notes": self.include_notes,
            "recipient": self.recipient,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExportRecord:
        try:
            return cls(
                id=str(data["id"]),
                at=datetime.fromisoformat(data["at"]),
                kind=data["kind"],
                format=str(data["format"]),
                file=data.get("file"),
                since=None if data.get("since") is None else date.fromisoformat(data["since"]),
                until=None if data.get("until") is None else date.fromisoformat(data["until"]),
                sections=tuple(data.get("sections") or ()),
                include_notes=bool(data.get("include_notes")),
                recipient=data.get("recipient"),
            )
        except (KeyError, ValueError, TypeError):
            raise InvalidInput("An export record needs at least id, at, kind and format.") from None
