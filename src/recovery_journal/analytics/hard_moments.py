"""Which logged entries mark a hard moment: decided right after every log, so it loads
nothing heavy. Pure."""

from __future__ import annotations

from recovery_journal.domain.entry_base import Entry

STRONG_CRAVING = 8
LOW_MOOD = 3
MOMENTS = ("craving", "use", "mood")


def hard_moment(entry: Entry) -> str | None:
    """'use', 'craving' or 'mood' when `entry` marks a hard moment, else None."""
    # Told by kind first, so a log loads no kind but its own (each import below is of
    # the class that built `entry`, already loaded).
    if entry.kind == "use":
        return "use"
    if entry.kind == "craving":
        from recovery_journal.domain.kinds.craving import Craving

        if isinstance(entry, Craving) and entry.outcome == "used":
            return "use"
        if isinstance(entry, Craving) and entry.intensity >= STRONG_CRAVING:
            # One ridden out with `rj urge` (it has a duration) was just met, with help.
            return "craving" if entry.duration_minutes is None else None
    if entry.kind == "mood":
        from recovery_journal.domain.kinds.mood import Mood

        if isinstance(entry, Mood) and entry.score <= LOW_MOOD:
            return "mood"
    return None
