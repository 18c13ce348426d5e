"""Reading back `rj export data --format json`: the whole file checked before anything is written.

A file is refused whole, with one message naming the first problem (for an item,
its place in the file and its id), when it is too big, not UTF-8, not JSON, nested
too deeply, another program's file, written by a newer version, or holds any entry
, tracker, person or reason that does not validate, an id this program could not have made, or an
id used twice. The share log (`exports`, written with `--include-history`) comes
back under its ids too, as do the support network (`people`) and reasons (`reasons`),
so a round trip loses nothing; a file from before they were exported has neither.
With `skip_bad`, entries, share-log records, people and reasons that do not validate
are listed and left out instead; a tracker never is (uses and cravings count against it).

Nesting: the JSON parser's own recursion guard turns absurdly deep nesting into
a clear error, and every value is then checked against the schema, which has
at most four levels (document, list, item, list of texts); walking the parsed
tree once more to count levels would cost as much as parsing it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from recovery_journal.domain import ids
from recovery_journal.domain.dates import check_clean_day, check_recorded, parse_iso
from recovery_journal.domain.entries import Entry, entry_from_json
from recovery_journal.domain.export_records import ExportRecord
from recovery_journal.domain.settings import Settings
from recovery_journal.domain.support import Person, Reason
from recovery_journal.domain.trackers import Tracker
from recovery_journal.domain.validation import fold_name
from recovery_journal.errors import InvalidInput
from recovery_journal.interchange.batch import read_bytes
from recovery_journal.interchange.json_export import FORMAT, VERSION

_T = TypeVar("_T")
TOP_LEVEL_FIELDS = frozenset(
    {"format", "version", "exported_at", "trackers", "entries", "exports", "people", "reasons"}
    | {"settings"}
)
TRACKER_FIELDS = frozenset({"id", "name", "clean_date", "cost_per_day", "currency", "heavy_day"})
PERSON_FIELDS = frozenset({"id", "name", "role", "phone", "note"})
REASON_FIELDS = frozenset({"id", "text", "added"})


@dataclass(frozen=True)
class ImportPlan:
    """What a valid export file holds, ready for `Journal.import_records`."""

    entries: list[Entry]
    trackers: list[Tracker]
    exported_at: datetime | None
    history: int
    """How many export records (the share log, `--include-history`) the file holds."""
    exports: list[ExportRecord] = field(default_factory=list)
    """The share log, imported under its ids so a round trip loses nothing."""
    people: list[Person] = field(default_factory=list)
    """The support network (`rj people`), imported under its ids."""
    reasons: list[Reason] = field(default_factory=list)
    """The reasons for recovery (`rj why`), imported under their ids."""
    settings: Settings | None = None
    """The journal's settings, when the file has them."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """With skip_bad: each record left out, as its section ("entries", "people", ...)
    and 'entries[3] (id ...): why'."""


class _Refused(Exception):
    """A problem with the file; becomes one InvalidInput naming the file."""


def _reject_constant(name: str) -> Any:
    raise _Refused(f"it holds {name}, which is not a number JSON allows.")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(f"an object has the field {_shown(key)} twice.")
            seen.add(key)
    return data


def _shown(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_public_id(value: object) -> bool:
    """Exactly the 13-character ids this program makes (lowercase Crockford base32)."""
    return (
        isinstance(value, str)
        and len(value) == ids.ID_CHARS
        and all(ch in ids.ALPHABET for ch in value)
        and ids.encode(ids.decode(value)) == value  # the last two bits are always zero
    )


def _decode(data: bytes | str) -> Any:
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise _Refused("it is not UTF-8 text.") from None
    try:
        document = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant
        )
    except RecursionError:
        raise _Refused("it is nested too deeply to be a Recovery Journal export.") from None
    except json.JSONDecodeError as exc:
        raise _Refused(
            f"it is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        ) from None
    except ValueError:  # a number with thousands of digits, beyond int()'s safety limit
        raise _Refused("it holds a number with too many digits.") from None
    return document


def _check_header(document: Any) -> None:
    if not isinstance(document, dict) or "format" not in document:
        raise _Refused(f'it is not a Recovery Journal export (no "format": "{FORMAT}").')
    if document["format"] != FORMAT:
        raise _Refused(
            f"it is not a Recovery Journal export (its format is {_shown(document['format'])})."
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _Refused(f"its version {_shown(version)} is not one Recovery Journal has written.")
    if version > VERSION:
        raise _Refused(
            f"it was written by a newer Recovery Journal (export version {_shown(version)}; "
            f"this one reads version {VERSION}). Update Recovery Journal and try again."
        )
    unknown = sorted(set(document) - TOP_LEVEL_FIELDS)
    if unknown:
        raise _Refused(f"unknown field(s) at the top level: {', '.join(unknown)}.")
    for name in ("trackers", "entries"):
        if not isinstance(document.get(name), list):
            raise _Refused(f'"{name}" must be a list.')
    for name in ("exports", "people", "reasons"):
        if name in document and not isinstance(document[name], list):
            raise _Refused(f'"{name}" must be a list.')
    if document.get("settings") is not None and not isinstance(document["settings"], dict):
        raise _Refused('"settings" must be an object.')


def _label(place: str, item: Any) -> str:
    """'entries[3]', with the item's id when it has one: what a person searches the file for."""
    if isinstance(item, Mapping) and "id" in item:
        return f"{place} (id {_shown(item['id'])})"
    return place


def _check_id(item: Mapping[str, Any], seen: dict[str, str], place: str) -> None:
    if "id" not in item:
        raise InvalidInput("it has no id.")
    if not is_public_id(item["id"]):
        raise InvalidInput(
            "its id is not one Recovery Journal makes (13 characters: digits and "
            "lowercase letters other than i, l, o and u)."
        )
    first = seen.setdefault(item["id"], place)
    if first != place:
        raise InvalidInput(f"its id is already used by {first}.")


def _tracker(
    item: Any, seen: dict[str, str], names: dict[str, str], now: datetime, place: str
) -> Tracker:
    if not isinstance(item, Mapping):
        raise InvalidInput("a tracker must be a JSON object.")
    _check_id(item, seen, place)
    unknown = sorted(set(item) - TRACKER_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown field(s) for a tracker: {', '.join(unknown)}.")
    tracker = Tracker.from_json(item)
    check_clean_day(tracker.clean_date, now)  # what `tracker add --clean-date` accepts
    first = names.setdefault(fold_name(tracker.name), place)
    if first != place:
        raise InvalidInput(f"its name {_shown(tracker.name)} is also the name of {first}.")
    return tracker


def _entry(item: Any, seen: dict[str, str], now: datetime, place: str) -> Entry:
    if not isinstance(item, Mapping):
        raise InvalidInput("an entry must be a JSON object.")
    _check_id(item, seen, place)
    entry = entry_from_json(item)
    check_recorded(entry.at, now)  # what `--at` accepts: from 1900, not in the future
    return entry


def _history(item: Any, seen: dict[str, str], place: str) -> ExportRecord:
    if not isinstance(item, Mapping):
        raise InvalidInput("an export record must be a JSON object.")
    _check_id(item, seen, place)
    sections = item.get("sections") or []
    if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
        raise InvalidInput("sections must be a list of names.")
    return ExportRecord.from_json(item)


def _person(item: Any, seen: dict[str, str], names: dict[str, str], place: str) -> Person:
    if not isinstance(item, Mapping):
        raise InvalidInput("a person must be a JSON object.")
    _check_id(item, seen, place)
    unknown = sorted(set(item) - PERSON_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown field(s) for a person: {', '.join(unknown)}.")
    person = Person.from_json(item)
    first = names.setdefault(fold_name(person.name), place)
    if first != place:  # what `people add` refuses
        raise InvalidInput(f"its name {_shown(person.name)} is also the name of {first}.")
    return person


def _reason(item: Any, seen: dict[str, str], place: str) -> Reason:
    if not isinstance(item, Mapping):
        raise InvalidInput("a reason must be a JSON object.")
    _check_id(item, seen, place)
    unknown = sorted(set(item) - REASON_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown field(s) for a reason: {', '.join(unknown)}.")
    if not isinstance(item.get("added"), str):
        raise InvalidInput("A reason needs an id, its text and when it was added.")
    return Reason.from_json(item)


def _settings(item: Any, seen: dict[str, str], place: str) -> Settings:
    _check_id(item, seen, place)
    return Settings.from_json(item)


_WHAT = {
    "settings": "settings record",
    "trackers": "tracker",
    "entries": "entry",
    "exports": "export record",
    "people": "person",
    "reasons": "reason",
}


def parse_export(
    data: bytes | str,
    *,
    source: str = "the file",
    skip_bad: bool = False,
    now: datetime | None = None,
) -> ImportPlan:
    """Validate a whole export document; any problem raises one InvalidInput naming `source`.

    With `skip_bad`, an entry, share-log record, person or reason that does not validate
    is left out and listed in `skipped` instead; the header and trackers must be whole.
    Times are held to what the CLI accepts, relative to `now` (default: the clock).
    """
    now = now or datetime.now(timezone.utc)

    def refuse(problem: str) -> InvalidInput:
        return InvalidInput(f"Cannot import {source}: {problem} Nothing was imported.")

    try:
        document = _decode(data)
        _check_header(document)
        exported_at = (
            None if document.get("exported_at") is None else parse_iso(document["exported_at"])
        )
    except _Refused as exc:
        raise refuse(str(exc)) from None
    except InvalidInput as exc:
        raise refuse(f"exported_at: {exc}") from None
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    skipped: list[tuple[str, str]] = []

    def read_all(section: str, items: Any, read: Callable[..., _T], *context: Any) -> list[_T]:
        """Every item of `section`; with skip_bad, one that does not validate is listed."""
        kept: list[_T] = []
        for index, item in enumerate(items):
            try:
                kept.append(_checked(read, refuse, section, index, item, *context))
            except InvalidInput as exc:
                if not skip_bad or section == "trackers":
                    raise
                problem = str(exc).removeprefix(f"Cannot import {source}: ")
                skipped.append((section, problem.removesuffix(" Nothing was imported.")))
        return kept

    history = document.get("exports") or []
    trackers: list[Tracker] = read_all("trackers", document["trackers"], _tracker, seen, names, now)
    entries: list[Entry] = read_all("entries", document["entries"], _entry, seen, now)
    exports: list[ExportRecord] = read_all("exports", history, _history, seen)
    people: list[Person] = read_all("people", document.get("people") or [], _person, seen, {})
    reasons: list[Reason] = read_all("reasons", document.get("reasons") or [], _reason, seen)
    found = document.get("settings")
    settings = None if found is None else _checked(_settings, refuse, "settings", 0, found, seen)
    return ImportPlan(
        entries, trackers, exported_at, len(history), exports, people, reasons, settings, skipped
    )


def _checked(
    read: Callable[..., _T],
    refuse: Callable[[str], InvalidInput],
    section: str,
    index: int,
    item: Any,
    *context: Any,
) -> _T:
    """One item read by `read`, or the file refused naming the item's place and id."""
    place = f"{section}[{index}]"
    try:
        return read(item, *context, place)
    except InvalidInput as exc:
        raise refuse(f"{_label(place, item)}: {exc}") from None
    except (TypeError, ValueError, OverflowError):
        raise refuse(f"{_label(place, item)}: it is not a valid {_WHAT[section]}.") from None


def read_export(path: Path, *, skip_bad: bool = False) -> ImportPlan:
    """Read and validate an export file (at most MAX_FILE_BYTES); nothing is written."""
    data = read_bytes(path, what="JSON `rj export data` wrote, a .json")
    return parse_export(data, source=str(path), skip_bad=skip_bad)
