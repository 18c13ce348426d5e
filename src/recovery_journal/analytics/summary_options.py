"""What a person chooses for a therapist summary, checked before anything is built: which
sections, in report order, and the period. Pure.
"""

from __future__ import annotations

from datetime import date

from recovery_journal.errors import InvalidInput

SECTIONS = (
    "overview",
    "calendar",
    "mood",
    "cravings",
    "triggers",
    "coping",
    "meetings",
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
