"""Wall-clock times across a DST change: a time a clock change skipped. Pure.

Apart from `dates` (the parser of what people type) so that reading streaks, which needs
only this, loads no parser.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


def resolve_imaginary(moment: datetime) -> datetime:
    """A wall time skipped by a DST jump (02:30 on spring-forward) moved on by the jump;
    any other moment unchanged. As dateutil's tz.resolve_imaginary, for any tzinfo."""
    if moment.tzinfo is None or _exists(moment):
        return moment
    day = timedelta(hours=24)
    after, before = (moment + day).utcoffset(), (moment - day).utcoffset()
    return moment + (after - before) if after is not None and before is not None else moment


def _exists(moment: datetime) -> bool:
    """Whether the wall time survives a round trip through UTC (a skipped one does not)."""
    round_trip = moment.astimezone(timezone.utc).astimezone(moment.tzinfo)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None)
