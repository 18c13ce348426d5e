"""Export records: what a person shared, when and with whom. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from recovery_journal.domain.validation import (
    choice,
    clean_text,
)
from recovery_journal.errors import InvalidInput

EXPORT_KINDS = ("summary", "tlfb", "diary-card", "data", "card")


def shown_sections(record: ExportRecord) -> str:
    """The sections as the file holds them: notes only when some were included."""
    shown = []
    for name in record.sections:
        if name != "notes" or record.include_notes:
            shown.append(name)
        elif record.notes_shared:
            shown.append(f"notes ({len(record.notes_shared)} chosen)")
    return ", ".join(shown)


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
    notes_shared: tuple[str, ...] = ()
    """Ids of the entries whose notes were shared one by one (`--include-note ID`)."""

    def __post_init__(self) -> None:
        if self.at.utcoffset() is None:
            raise InvalidInput("An export's time must include a time zone.")
        object.__setattr__(self, "kind", choice("Export kind", self.kind, EXPORT_KINDS))
        object.__setattr__(self, "recipient", clean_text("The recipient", self.recipient))
        object.__setattr__(self, "sections", tuple(self.sections))
        object.__setattr__(self, "notes_shared", tuple(str(i) for i in self.notes_shared))

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
            "notes_shared": list(self.notes_shared),
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
                notes_shared=tuple(data.get("notes_shared") or ()),
            )
        except (KeyError, ValueError, TypeError):
            raise InvalidInput("An export record needs at least id, at, kind and format.") from None
