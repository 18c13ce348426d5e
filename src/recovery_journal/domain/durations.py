"""How long a journal stays unlocked: "15m", "2h", "90s", "1h30m" <-> timedelta.

A duration is one to three groups of ASCII digits and a unit, hours first, then
minutes, then seconds ("1h30m", "2h 5m 10s"); case and spaces between groups do not
matter. A bare number is refused rather than guessed at. Pure: no clock, no I/O.
"""

from __future__ import annotations

import re
from datetime import timedelta

from recovery_journal.errors import InvalidInput

MIN_UNLOCK = timedelta(minutes=1)
MAX_UNLOCK = timedelta(hours=12)
DEFAULT_UNLOCK = timedelta(minutes=15)

_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
# At most six digits a group: enough for "43200s", and no giant integers to build.
_DURATION = re.compile(
    r"(?:(?P<h>[0-9]{1,6})\s*h)?\s*(?:(?P<m>[0-9]{1,6})\s*m)?\s*(?:(?P<s>[0-9]{1,6})\s*s)?"
)
_EXAMPLES = "like 15m, 2h, 90s or 1h30m"


def parse_duration(
    text: str, *, minimum: timedelta = MIN_UNLOCK, maximum: timedelta = MAX_UNLOCK
) -> timedelta:
    """The timedelta written in `text`, between `minimum` and `maximum` inclusive."""
    cleaned = text.strip().lower()
    # Echo what was typed only when it is short and printable: messages stay one clean line.
    shown = text.strip()
    shown = f"'{shown}'" if shown.isprintable() and len(shown) <= 30 else "That"
    if not cleaned:
        raise InvalidInput(f"Give a duration {_EXAMPLES}.")
    if cleaned.isascii() and cleaned.isdigit():
        raise InvalidInput(
            f"{shown} needs a unit: {cleaned}m for minutes, {cleaned}h for hours, "
            f"{cleaned}s for seconds."
        )
    match = _DURATION.fullmatch(cleaned)
    if match is None or not any(match.groups()):
        raise InvalidInput(
            f"{shown} is not a duration: write hours, minutes and seconds, in that order, "
            f"{_EXAMPLES}."
        )
    seconds = sum(
        int(value) * _UNIT_SECONDS[unit] for unit, value in match.groupdict().items() if value
    )
    if seconds > maximum.total_seconds():
        raise InvalidInput(f"{shown} is longer than the maximum of {format_duration(maximum)}.")
    if seconds < minimum.total_seconds():
        raise InvalidInput(f"{shown} is shorter than the minimum of {format_duration(minimum)}.")
    return timedelta(seconds=seconds)


def format_duration(duration: timedelta) -> str:
    """`duration` rounded to whole seconds, as parse_duration reads it: "1h30m", "45s", "0s"."""
    seconds = max(0, round(duration.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    groups = ((hours, "h"), (minutes, "m"), (seconds, "s"))
    return "".join(f"{value}{unit}" for value, unit in groups if value) or "0s"
