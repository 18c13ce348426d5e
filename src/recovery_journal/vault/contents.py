"""What a journal holds, decrypted: the records' JSON, and rebuilding the ones a command needs.

Each sealed blob holds one record as compact JSON whose first key names it:
`{"record":"entry","kind":...}`, `{"record":"tracker",...}`, `{"record":"export",...}`,
`{"record":"person",...}`, `{"record":"reason",...}`, `{"record":"settings",...}` or
`{"record":"import-mark",...}`;
the record's id is its row id, bound into the seal.
"""

from __future__ import annotations

import functools
import gc
import heapq
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from recovery_journal.domain import ids
from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.stored_entries import restore_entry
from recovery_journal.errors import InvalidInput
from recovery_journal.vault import crypto

if TYPE_CHECKING:
    from recovery_journal.domain.export_records import ExportRecord
    from recovery_journal.domain.import_marks import ImportMark
    from recovery_journal.domain.settings import Settings
    from recovery_journal.domain.support import Person, Reason
    from recovery_journal.domain.trackers import Tracker

# json.loads' Python layers cost more than the parsing itself for 100,000 small
# records, so the decoder's C scanner is called directly.
_scan_json: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


@dataclass
class Contents:
    """Everything decrypted from a journal, and the ids of records that failed."""

    entries: list[Entry] = field(default_factory=list)
    trackers: list[Tracker] = field(default_factory=list)
    exports: list[ExportRecord] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    settings: list[Settings] = field(default_factory=list)
    """The person's settings (one record; domain/settings.py)."""
    import_marks: list[ImportMark] = field(default_factory=list)
    """Entries imported from another app and changed here (domain/import_marks.py)."""
    damaged: list[str] = field(default_factory=list)
    skipped: int = 0
    """Entries decrypted but left out of the scope asked for (not rebuilt)."""
    matching: int | None = None
    """With EntryScope.newest: how many entries were in scope (only the newest were rebuilt)."""


@dataclass(frozen=True)
class EntryScope:
    """Which entries a command needs rebuilt: some kinds, within some times.

    `also_kinds` are wanted whatever their time (uses decide streaks); with
    `newest`, only that many of the entries in scope are rebuilt, newest first,
    and `Contents.matching` says how many were in scope. `only_where` narrows a
    kind to the entries with one field's value: `("craving", "outcome", "used")`
    keeps only the cravings acted on, all a streak counts.
    """

    kinds: frozenset[str] | None = None
    since: datetime | None = None
    until: datetime | None = None
    also_kinds: frozenset[str] = frozenset()
    newest: int | None = None
    only_where: tuple[tuple[str, str, object], ...] = ()

    def rules_out(self, raw: bytes) -> bool:
        """True when the record `raw` is an entry out of scope whatever its time, told
        without parsing it: its kind read off the front of its JSON (entries are always
        written `{"record":"entry","kind":...`; anything else is parsed), and for
        `only_where`, the field and value as our compact JSON spells them. Asked of every
        record on every read: kept to a few C calls, on bytes."""
        if not raw.startswith(_ENTRY_PREFIX):
            return False
        end = raw.find(b'"', _KIND_AT)
        if end < 0:
            return False  # not as we write it: parsed, and judged by `includes`
        kind = raw[_KIND_AT:end]
        if self._kinds_kept is not None and kind not in self._kinds_kept:
            return True
        spelled = self._spelled.get(kind)
        if spelled is not None:
            for value in spelled:
                if value not in raw:
                    return True
        return False

    @functools.cached_property
    def _kinds_kept(self) -> frozenset[bytes] | None:
        if self.kinds is None:
            return None
        return frozenset(kind.encode() for kind in self.kinds | self.also_kinds)

    @functools.cached_property
    def _spelled(self) -> dict[bytes, tuple[bytes, ...]]:
        spelled: dict[bytes, tuple[bytes, ...]] = {}
        for kind, name, value in self.only_where:
            key = kind.encode()
            spelled[key] = (*spelled.get(key, ()), _compact({name: value})[1:-1].encode())
        return spelled

    def includes(self, data: dict[str, Any]) -> bool:
        kind = data.get("kind")
        for only_kind, name, value in self.only_where:
            if kind == only_kind and data.get(name) != value:
                return False
        if kind in self.also_kinds:
            return True
        if self.kinds is not None and kind not in self.kinds:
            return False
        if self.since is None and self.until is None:
            return True
        at = datetime.fromisoformat(data["at"])
        return (self.since is None or at >= self.since) and (self.until is None or at <= self.until)


TRACKERS_ONLY = EntryScope(kinds=frozenset())


def _tracker(data: dict[str, Any]) -> Tracker:
    from recovery_journal.domain.trackers import Tracker  # here: logging a mood reads none

    return Tracker.from_json(data)


def _export(data: dict[str, Any]) -> ExportRecord:
    from recovery_journal.domain.export_records import ExportRecord  # here: most reads meet none

    return ExportRecord.from_json(data)


def _person(data: dict[str, Any]) -> Person:
    from recovery_journal.domain.support import Person

    return Person.from_json(data)


def _reason(data: dict[str, Any]) -> Reason:
    from recovery_journal.domain.support import Reason

    return Reason.from_json(data)


def _settings(data: dict[str, Any]) -> Settings:
    from recovery_journal.domain.settings import Settings

    return Settings.from_json(data)


def _import_mark(data: dict[str, Any]) -> ImportMark:
    from recovery_journal.domain.import_marks import ImportMark

    return ImportMark.from_json(data)


_OTHER_RECORDS: dict[str, tuple[str, Callable[[dict[str, Any]], Any]]] = {
    "tracker": ("trackers", _tracker),
    "export": ("exports", _export),
    "person": ("people", _person),
    "reason": ("reasons", _reason),
    "settings": ("settings", _settings),
    "import-mark": ("import_marks", _import_mark),
}
"""Records that are not entries: the `Contents` list each goes to, and how it is rebuilt."""


_ENTRY_PREFIX = b'{"record":"entry","kind":"'
_KIND_AT = len(_ENTRY_PREFIX)


def encode_record(kind: str, body: dict[str, Any]) -> bytes:
    """The plaintext of a record: `body` (without its id) under `"record": kind`."""
    return _compact({"record": kind, **body}).encode()


def _compact(value: object) -> str:
    # One spelling for every record: `EntryScope.rules_out` reads it.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _parse(text: str) -> dict[str, Any]:
    try:
        data, end = _scan_json(text, 0)
    except (ValueError, StopIteration):
        raise crypto.DecryptionFailed from None
    if not isinstance(data, dict) or end != len(text):
        raise crypto.DecryptionFailed
    return data


def decode_records(
    rows: Iterable[tuple[int, bytes]],
    cipher: crypto.RecordCipher,
    wanted: EntryScope | None = None,
) -> Contents:
    """Open every `(id, blob)` row (all are authenticated); rebuild the entries in `wanted`."""
    # Building 100,000 objects would trigger the cyclic garbage collector
    # again and again for nothing (entries hold no cycles): pause it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _decode_all(rows, cipher, wanted or EntryScope())
    finally:
        if collecting:
            gc.enable()


def _decode_all(
    rows: Iterable[tuple[int, bytes]], cipher: crypto.RecordCipher, wanted: EntryScope
) -> Contents:
    contents = Contents()
    pending: list[tuple[float, int, dict[str, Any]]] = []  # for EntryScope.newest
    seen: set[int] = set()
    for row_id, blob in rows:
        if row_id in seen:
            # A primary key met twice means a damaged B-tree page (a misdirected
            # write, say): other rows may be missing too, so never a quiet answer.
            contents.damaged.append(ids.encode(row_id))
            continue
        seen.add(row_id)
        try:
            raw = cipher.open(row_id, blob)  # authenticated from here on
            if wanted.rules_out(raw):
                contents.skipped += 1  # not even parsed: most of a streak's entries
                continue
            data = _parse(raw.decode())  # not UTF-8 (ValueError): damaged, as below
            kind = data.pop("record", None)
            if kind == "entry":
                included = wanted.includes(data)
                if included and wanted.newest is not None:
                    moment = datetime.fromisoformat(data["at"]).timestamp()
                    pending.append((moment, row_id, data))
                elif included:
                    contents.entries.append(restore_entry(data, ids.encode(row_id)))
                else:
                    contents.skipped += 1
            elif kind in _OTHER_RECORDS:
                listed, build = _OTHER_RECORDS[kind]
                getattr(contents, listed).append(build({**data, "id": ids.encode(row_id)}))
        except (crypto.DecryptionFailed, InvalidInput, KeyError, TypeError, ValueError):
            contents.damaged.append(ids.encode(row_id))
    if wanted.newest is not None:
        contents.matching = len(pending)
        newest = heapq.nlargest(wanted.newest, pending, key=lambda item: item[0])
        contents.entries = [restore_entry(data, ids.encode(row)) for _, row, data in newest]
        contents.skipped += len(pending) - len(newest)
    # Timestamps sort much faster than aware datetimes with differing offsets.
    contents.entries.sort(key=lambda entry: entry.at.timestamp(), reverse=True)
    contents.trackers.sort(key=lambda tracker: (tracker.clean_date, tracker.name))
    contents.exports.sort(key=lambda export: export.at.timestamp(), reverse=True)
    contents.people.sort(key=lambda person: person.name.casefold())
    contents.reasons.sort(key=lambda reason: (reason.added.timestamp(), reason.id))
    return contents
