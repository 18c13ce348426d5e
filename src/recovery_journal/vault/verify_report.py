"""What `rj verify` found: each record's fate, SQLite's check, and the manifest's.

Its own module, loaded by `verify` alone: building a dataclass costs every command
that opens the journal about half a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class VerifyReport:
    counts: dict[str, int]
    damaged: list[str]
    integrity_problems: list[str]
    changes: list[str] = field(default_factory=list)
    """What differs from the sealed manifest (integrity.py), each said for a person."""
    before_manifest: bool = False
    """A backup from before the manifest: each record authenticated, not which exist."""

    @property
    def ok(self) -> bool:
        return not self.damaged and not self.integrity_problems and not self.changes
