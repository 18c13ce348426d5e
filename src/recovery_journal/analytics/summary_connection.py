"""The therapist summary's "Connection" section as data: meetings by type, reaching out by
role, service, the longest stretch without reaching out or a meeting, and BARC-10 scores.
Pure.

Labels only (type codes, roles, kinds of service): never a person's name, a meeting's name
or a service description, whatever `include_notes` says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recovery_journal.analytics.community import connections_by_role, longest_without
from recovery_journal.analytics.streaks import entry_day
from recovery_journal.domain.community import (
    MEETING_TYPES,
    SERVICE_KINDS,
    Barc,
    Connection,
    Service,
)
from recovery_journal.domain.entries import Entry, Meeting
from recovery_journal.domain.words import plural


@dataclass(frozen=True)
class ConnectionSummary:
    meetings: int
    meeting_types: dict[str, int]
    """Meetings under each type code given, in the table's order."""
    untyped_meetings: int
    home_group: int
    connections: int
    connection_days: int
    helped: int
    by_role: dict[str, int]
    service: int
    service_minutes: int
    service_by_kind: dict[str, int]
    longest_without: int
    """The longest run of days in the period without a connection or a meeting."""
    longest_without_from: date | None
    barc: list[tuple[date, int]]
    """BARC-10 totals in the period, oldest first."""

    @property
    def is_empty(self) -> bool:
        return not (self.meetings or self.connections or self.service or self.barc)

    def preview(self) -> str:
        """One line for the consent preview: counts, and what is never in it."""
        parts = [
            plural(self.meetings, "meeting") + " by type",
            plural(self.connections, "connection") + " by role",
            plural(self.service, "service entry", "service entries"),
        ]
        if self.barc:
            parts.append(plural(len(self.barc), "BARC-10 score"))
        return ", ".join(parts) + " (no names)"


def connection_summary(dated: Sequence[Entry], since: date, until: date) -> ConnectionSummary:
    """The section for [since, until]; `dated` holds the period's entries."""
    meetings = [e for e in dated if isinstance(e, Meeting)]
    connections = [e for e in dated if isinstance(e, Connection)]
    service = [e for e in dated if isinstance(e, Service)]
    types = Counter(code for meeting in meetings for code in meeting.types)
    kinds = Counter(entry.category for entry in service)
    gap, gap_from = longest_without(dated, since, until)
    return ConnectionSummary(
        meetings=len(meetings),
        meeting_types={code: types[code] for code in MEETING_TYPES if types[code]},
        untyped_meetings=sum(1 for meeting in meetings if not meeting.types),
        home_group=sum(1 for meeting in meetings if meeting.home),
        connections=len(connections),
        connection_days=len({entry_day(entry) for entry in connections}),
        helped=sum(1 for entry in connections if entry.helped),
        by_role=connections_by_role(connections),
        service=len(service),
        service_minutes=sum(entry.minutes or 0 for entry in service),
        service_by_kind={kind: kinds[kind] for kind in SERVICE_KINDS if kinds[kind]},
        longest_without=gap,
        longest_without_from=gap_from,
        barc=[
            (entry_day(entry), entry.total or 0)
            for entry in sorted(dated, key=lambda e: e.at.timestamp())
            if isinstance(entry, Barc)
        ],
    )
