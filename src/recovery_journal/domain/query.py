"""Selecting entries: pure filters over decrypted entries (the file has no plaintext index)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from recovery_journal.domain.dates import check_order
from recovery_journal.domain.entries import KINDS, Entry
from recovery_journal.domain.validation import normalize_tag
from recovery_journal.errors import InvalidInput


@dataclass(frozen=True)
class EntryFilter:
    kinds: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    search: str | None = None
    tag: str | None = None

    @classmethod
    def build(
        cls,
        kinds: Sequence[str] = (),
        since: datetime | None = None,
        until: datetime | None = None,
        search: str | None = None,
        tag: str | None = None,
    ) -> EntryFilter:
        wanted = tuple(kind.strip().lower() for kind in kinds)
        for kind in wanted:
            if kind not in KINDS:
                raise InvalidInput(f"Unknown kind {kind!r}; choose from {', '.join(KINDS)}.")
        if since and until:
            check_order(since, until)
        folded = search.casefold().strip() if search else None
        return cls(wanted, since, until, folded or None, normalize_tag(tag) if tag else None)

    def matches(self, entry: Entry) -> bool:
        if self.kinds and entry.kind not in self.kinds:
            return False
        if self.since and entry.at < self.since:
            return False
        if self.until and entry.at > self.until:
            return False
        if self.tag and self.tag not in entry.tags:
            return False
        return not self.search or any(self.search in text.casefold() for text in entry.texts())


def select(entries: Iterable[Entry], wanted: EntryFilter) -> list[Entry]:
    """Matching entries, newest first."""
    found = [entry for entry in entries if wanted.matches(entry)]
    found.sort(key=lambda entry: entry.at.timestamp(), reverse=True)
    return found
