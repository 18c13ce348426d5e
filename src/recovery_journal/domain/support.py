"""The person's own support: the people they can call and their reasons for recovery. Pure.

Neither is a dated entry: like trackers, each is one encrypted record of its own
(`{"record":"person",...}`, `{"record":"reason",...}`), listed and changed by name or number.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from recovery_journal.domain.validation import choice, clean_text, fold_name
from recovery_journal.errors import EntryNotFound, InvalidInput

ROLES = ("sponsor", "peer", "family", "friend", "therapist", "crisis-line", "other")
CALL_ORDER = ("sponsor", "peer", "therapist", "friend", "family", "other")
"""Who to call first at a hard moment: the sponsor first. Crisis lines are shown apart."""
MAX_NAME = 80
MAX_PHONE = 40
PHONE_CHARACTERS = frozenset("0123456789+-()./ #*pwx")


@dataclass(frozen=True, kw_only=True)
class Person:
    """Someone in the person's support network (or a crisis line), with how to reach them."""

    id: str
    name: str
    role: str = "other"
    phone: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        name = clean_text("The name", self.name, required=True) or ""
        if len(name) > MAX_NAME:
            raise InvalidInput(f"A name can be at most {MAX_NAME} characters long.")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "role", choice("The role", self.role, ROLES))
        phone = clean_text("The phone number", self.phone)
        if phone is not None and (
            len(phone) > MAX_PHONE or not set(phone.lower()) <= PHONE_CHARACTERS
        ):
            raise InvalidInput(
                f"{phone!r} does not look like a phone number; use digits, spaces and + - ( )."
            )
        object.__setattr__(self, "phone", phone)
        object.__setattr__(self, "note", clean_text("The note", self.note))

    @property
    def is_crisis_line(self) -> bool:
        return self.role == "crisis-line"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "phone": self.phone,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Person:
        try:
            return cls(
                id=str(data["id"]),
                name=data["name"],
                role=data.get("role") or "other",
                phone=data.get("phone"),
                note=data.get("note"),
            )
        except (KeyError, TypeError):
            raise InvalidInput("A person needs at least an id and a name.") from None

    def with_changes(self, **changes: Any) -> Person:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, kw_only=True)
class Reason:
    """One of the person's own reasons for recovery, in their words. `added` keeps its
    microseconds: it is what orders the reasons (`rj why remove 2` is the second added)."""

    id: str
    text: str
    added: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text("The reason", self.text, required=True))
        if not isinstance(self.added, datetime) or self.added.utcoffset() is None:
            raise InvalidInput("A reason's time must include a time zone.")

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "added": self.added.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reason:
        try:
            return cls(
                id=str(data["id"]),
                text=data["text"],
                added=datetime.fromisoformat(data["added"]),
            )
        except (KeyError, TypeError, ValueError):
            raise InvalidInput("A reason needs an id, its text and when it was added.") from None


def find_person(people: Sequence[Person], name: str) -> Person:
    """The person called `name` (ignoring case and spacing); a clear error if nobody is."""
    for person in people:
        if fold_name(person.name) == fold_name(name):
            return person
    known = ", ".join(p.name for p in people) or "nobody yet"
    raise EntryNotFound(f"Nobody named {name!r} in your support network (people: {known}).")


def refuse_duplicate(people: Sequence[Person], name: str, keep: Person | None = None) -> None:
    for person in people:
        if fold_name(person.name) == fold_name(name) and person is not keep:
            raise InvalidInput(f"There is already someone named {person.name!r}.")


def already_known(
    people: Sequence[Person], reasons: Sequence[Reason], mine: Sequence[Person | Reason]
) -> tuple[list[Person], list[Reason], list[str]]:
    """People and reasons from another journal, less those this one already has under
    another id: someone of the same name (names are unique here), a reason of the same
    words. Returns the rest, and what was already here, as the person would say it."""
    names = {fold_name(p.name) for p in mine if isinstance(p, Person)}
    words = {fold_name(r.text) for r in mine if isinstance(r, Reason)}
    ids = {record.id for record in mine}
    new_people = [p for p in people if p.id in ids or fold_name(p.name) not in names]
    new_reasons = [r for r in reasons if r.id in ids or fold_name(r.text) not in words]
    known = [p.name for p in people if p not in new_people]
    known += [repr(r.text) for r in reasons if r not in new_reasons]
    return new_people, new_reasons, known


def in_call_order(people: Sequence[Person]) -> list[Person]:
    """Who to call, first first: sponsor, peer, therapist, friend, family, other; crisis
    lines left out (they are offered on their own); by name within a role."""
    callable_ = [p for p in people if not p.is_crisis_line]
    return sorted(callable_, key=lambda p: (CALL_ORDER.index(p.role), fold_name(p.name)))


def crisis_lines(people: Sequence[Person]) -> list[Person]:
    return [p for p in people if p.is_crisis_line]


def reason_number(reasons: Sequence[Reason], number: int) -> Reason:
    """The reason `rj why list` shows as `number` (1 is the first added)."""
    if not reasons:
        raise EntryNotFound("You have no reasons written down yet; add one with `rj why add`.")
    if not 1 <= number <= len(reasons):
        raise EntryNotFound(
            f"There is no reason {number}; `rj why list` numbers them 1 to {len(reasons)}."
        )
    return reasons[number - 1]
