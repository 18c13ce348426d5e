"""What a person chooses for a therapist summary, checked before anything is built: which
sections, in report order, and the period. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.export_records import ExportRecord

SECTIONS = (
    "overview",
    "calendar",
    "mood",
    "cravings",
    "triggers",
    "coping",
    "meetings",
    "connection",
    "gratitude",
    "notes",
)
"""The sections of a summary unless others are chosen."""
OPT_IN_SECTIONS = ("reflections",)
"""Sections only in a summary that names them: reflections on uses are the person's own
words about the hardest days."""
CHOOSABLE = (*SECTIONS, *OPT_IN_SECTIONS)
"""Every section, in report order."""
SECTION_TITLES = {
    "overview": "Overview",
    "calendar": "Calendar (Timeline Followback)",
    "mood": "Mood",
    "cravings": "Cravings",
    "triggers": "Triggers and HALT",
    "coping": "Coping strategies",
    "meetings": "Meetings",
    "connection": "Connection",
    "gratitude": "Gratitude",
    "notes": "Notes",
    "reflections": "Reflections on uses",
}
MAX_DAYS = 366


def parse_sections(text: str | None) -> tuple[str, ...]:
    """'mood, cravings' -> the sections in report order; None or '' -> all but the opt-in."""
    if text is None or not text.strip():
        return SECTIONS
    asked = [word.strip().lower() for word in text.split(",") if word.strip()]
    unknown = [word for word in asked if word not in CHOOSABLE]
    if unknown:
        raise InvalidInput(
            f"Unknown section(s): {', '.join(unknown)}. Valid sections: {', '.join(CHOOSABLE)}."
        )
    return tuple(name for name in CHOOSABLE if name in asked)


def check_period(since: date, until: date) -> None:
    """Refuse a period that runs backwards or is longer than a summary covers."""
    from recovery_journal.domain.dates import check_order  # not at import: `rj --help`

    check_order(since, until)
    if (until - since).days + 1 > MAX_DAYS:
        raise InvalidInput(
            f"A summary covers at most {MAX_DAYS} days; choose a shorter period "
            "(`export tlfb` covers any length)."
        )


@dataclass(frozen=True)
class LastShared:
    """The last summary sent to a person: when it was made and the days it covered."""

    recipient: str
    made: date
    since: date
    until: date


def last_summary_for(records: Iterable[ExportRecord], recipient: str) -> LastShared | None:
    """The most recent summary written for `recipient` (names compared ignoring case and
    spacing), from the share log; None when there is none."""
    from recovery_journal.domain.validation import fold_name

    wanted = fold_name(recipient)
    sent = [
        LastShared(r.recipient, r.at.date(), r.since, r.until)
        for r in sorted(records, key=lambda r: (r.at.timestamp(), r.until or date.min))
        if r.kind == "summary"
        and r.recipient is not None
        and fold_name(r.recipient) == wanted
        and r.since is not None
        and r.until is not None
    ]
    return sent[-1] if sent else None


def since_last_time(last: LastShared, yesterday: date) -> tuple[date, date]:
    """The period after `last`: from the day after it ended to yesterday, at most MAX_DAYS."""
    first = max(last.until + timedelta(days=1), yesterday - timedelta(days=MAX_DAYS - 1))
    if first > yesterday:
        raise InvalidInput(
            f"The last summary for {last.recipient} already covers up to {last.until}; "
            "give --since to choose the period."
        )
    return first, yesterday
