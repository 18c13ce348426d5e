"""Words shown to people, written once: counted nouns and the names of the weekdays."""

from __future__ import annotations

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Monday first, as `date.weekday()` counts."""
WEEKDAYS_SHORT = tuple(name[:3].title() for name in WEEKDAYS)
"""'Mon' to 'Sun', for table and calendar headings."""
NOW_WORDS = frozenset({"now", "just now", "right now"})
"""What people type for "now" (lower case, single spaces): `dates` and logging read it."""


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 day', '3 days'; `words` where adding an s is wrong ('2 entries')."""
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"
