"""Which logged entries mark a hard moment: decided right after every log, so it loads
nothing heavy. Pure."""

from __future__ import annotations

from recovery_journal.domain.entries import Craving, Entry, Mood, Use

STRONG_CRAVING = 8
LOW_MOOD = 3
MOMENTS = ("craving", "use", "mood")


def hard_moment(entry: Entry) -> str | None:
    """'use', 'craving' or 'mood' when `entry` marks a hard moment, else None."""
    if isinstance(entry, Use) or (isinstance(entry, Craving) and entry.outcome == "used"):
        return "use"
    if isinstance(entry, Craving) and entry.intensity >= STRONG_CRAVING:
        # One ridden out with `rj urge` (it has a duration) was just met, with help.
        return "craving" if entry.duration_minutes is None else None
    if isinstance(entry, Mood) and entry.score <= LOW_MOOD:
        return "mood"
    return None
