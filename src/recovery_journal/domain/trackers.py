"""Trackers: what a person is staying clean from, and since when. Pure."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from recovery_journal.domain.quantities import check_quantity
from recovery_journal.domain.validation import clean_text, fold_name
from recovery_journal.errors import EntryNotFound, InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry

MAX_TRACKER_NAME = 60


# A billion a day in any currency: typed by mistake (1e26) it once broke `streak` for good.
MAX_COST_PER_DAY = Decimal(1_000_000_000)


@dataclass(frozen=True, kw_only=True)
class Tracker:
    """Something a person is staying clean from, and since when (their first sober day)."""

    id: str
    name: str
    clean_date: date
    cost_per_day: Decimal | None = None
    currency: str | None = None
    heavy_day: float | None = None
    """A heavy day's quantity (`tracker edit --heavy-day`); None: 4 standard drinks."""

    def __post_init__(self) -> None:
        name = clean_text("The tracker name", self.name, required=True) or ""
        if len(name) > MAX_TRACKER_NAME:
            raise InvalidInput(f"A tracker name can be at most {MAX_TRACKER_NAME} characters long.")
        object.__setattr__(self, "name", name)
        if not isinstance(self.clean_date, date) or isinstance(self.clean_date, datetime):
            raise InvalidInput("A clean date must be a calendar day.")
        if self.cost_per_day is not None:
            cost = parse_money(self.cost_per_day)
            if cost < 0:
                raise InvalidInput("The cost per day cannot be negative.")
            if cost > MAX_COST_PER_DAY:  # beyond it, money saved overflows what is shown
                raise InvalidInput(f"A cost per day can be at most {MAX_COST_PER_DAY:,}.")
            object.__setattr__(self, "cost_per_day", cost)
        if self.currency is not None:
            code = self.currency.strip().upper() if isinstance(self.currency, str) else ""
            if not (len(code) == 3 and code.isalpha() and code.isascii()):
                raise InvalidInput(
                    f"A currency is a three-letter code such as EUR or USD, not {self.currency!r}."
                )
            object.__setattr__(self, "currency", code)
        heavy = check_quantity("The heavy-day threshold", self.heavy_day)
        if heavy == 0:
            raise InvalidInput("A heavy-day threshold must be more than 0.")
        object.__setattr__(self, "heavy_day", heavy)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "clean_date": self.clean_date.isoformat(),
            "cost_per_day": None if self.cost_per_day is None else str(self.cost_per_day),
            "currency": self.currency,
            "heavy_day": self.heavy_day,
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
                heavy_day=data.get("heavy_day"),
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


def find_tracker(trackers: Sequence[Tracker], name: str) -> Tracker:
    """The tracker called `name` (ignoring case and spacing); a clear error if none is."""
    for tracker in trackers:
        if fold_name(tracker.name) == fold_name(name):
            return tracker
    known = ", ".join(t.name for t in trackers) or "none yet"
    raise EntryNotFound(f"No tracker named {name!r} (trackers: {known}).")


def counted_against(entry: Entry, tracker: Tracker | None) -> Entry:
    """`entry` recorded against `tracker` (or none); a sober day also keeps the tracker's name."""
    from recovery_journal.domain.kinds.sober import Sober

    if tracker is None:
        return entry.with_changes(tracker=None)
    if isinstance(entry, Sober):
        return entry.with_changes(tracker=tracker.id, substance=tracker.name)
    return entry.with_changes(tracker=tracker.id)


UNTRACKED = "-"
"""A use's `tracker` while it waits to be counted, when the person chose no tracker
(`--no-tracker`, logged while locked): it joins counting against none."""


def tracker_for_substance(substance: str | None, trackers: Sequence[Tracker]) -> Tracker | None:
    """The tracker a use counts against: the one its substance names; with no substance,
    the only one.

    None when that does not settle it: no trackers, several and no substance, or a
    substance that names none of them. A use is never counted against another tracker
    silently: the caller asks, or records it against none.
    """
    if substance:
        wanted = fold_name(substance)
        return next((tracker for tracker in trackers if fold_name(tracker.name) == wanted), None)
    return trackers[0] if len(trackers) == 1 else None


def chosen_tracker(chosen: str, trackers: Sequence[Tracker]) -> Tracker | None:
    """The tracker a use's `tracker` field names before it is counted: a tracker's id, or
    the name given with `--tracker`; None for UNTRACKED. Raises EntryNotFound."""
    if chosen == UNTRACKED:
        return None
    by_id = next((tracker for tracker in trackers if tracker.id == chosen), None)
    return by_id or find_tracker(trackers, chosen)
