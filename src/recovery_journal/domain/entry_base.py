"""The base of every entry kind: a public id, a timezone-aware time, a note and tags.

Everything a kind is, is written once, on its class: its fields and their checks, its name
(`kind`), how reports count it (`label`, `plural`) and its one-line `summary()`. A class
that lacks any of them is refused when it is defined. The kinds themselves are in
`kinds/` (one module each) and `community.py`; `kind_names.entry_type` finds one by name
and `entries.ENTRY_TYPES` lists them all. Pure.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from recovery_journal.domain.validation import clean_text, normalize_tag
from recovery_journal.errors import InvalidInput

MAX_MINUTES = 24 * 60
"""The longest a meeting, a craving or a connection can last: a day."""
LIST_FIELDS = frozenset({"tags", "feelings", "triggers", "halt", "items", "types"})
"""Fields held as tuples and written to JSON as lists, in every kind that has them."""


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Entry:
    """What every entry has: a public id, a timezone-aware time, a note and tags.

    Equality, hashing and repr are written once, below, for every kind: each kind's
    decorator says `eq=False, repr=False`, because generating them per kind costs about
    3 ms of start-up on every command that logs.
    """

    kind: ClassVar[str] = ""
    """The kind's name in JSON, on the command line (`rj mood`, `--kind mood`) and in tables."""
    label: ClassVar[str] = ""
    """One entry of the kind as reports count it: '1 mood', '1 gratitude entry'."""
    plural: ClassVar[str] = ""
    """Several: '3 moods', '3 gratitude entries'."""

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
        self._set("note", clean_text("The note", self.note))
        tags = self.tags if not isinstance(self.tags, str) else (self.tags,)
        self._set("tags", tuple(dict.fromkeys(normalize_tag(tag) for tag in tags)))
        self.validate()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Refuse a kind that lacks its name, wording or summary, when it is defined."""
        super().__init_subclass__(**kwargs)
        missing = [name for name in ("kind", "label", "plural") if not getattr(cls, name)]
        if cls.summary is Entry.summary:
            missing.append("summary()")
        if missing:
            raise TypeError(f"The entry kind {cls.__name__} lacks {', '.join(missing)}.")

    @classmethod
    def own_fields(cls) -> tuple[str, ...]:
        """Names of the fields this kind has beyond the common ones, in their order."""
        common = {f.name for f in dataclasses.fields(Entry)}
        return tuple(f.name for f in dataclasses.fields(cls) if f.name not in common)

    @classmethod
    def counted(cls, count: int) -> str:
        """'1 mood', '3 moods': a number of entries of this kind, as reports say it."""
        return f"{count} {cls.label if count == 1 else cls.plural}"

    def summary(self) -> str:
        """The gist in a few words, without the note: the Summary column of `rj list`."""
        raise NotImplementedError

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Entry)  # noqa: S101 (narrows the type; the check is above)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self.__class__, self._values()))

    def __repr__(self) -> str:
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self))
        return f"{type(self).__qualname__}({', '.join(shown)})"

    def _set(self, name: str, value: object) -> None:
        # Normalizing inside a frozen dataclass's __post_init__.
        object.__setattr__(self, name, value)

    def validate(self) -> None:
        """Check and normalize the kind's own fields."""

    def counts_against_a_tracker(self) -> bool:
        """Whether this entry is recorded against a tracker (a use, a sober day, a craving
        acted on): it then carries the tracker's id, and moves its streak."""
        return False

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
