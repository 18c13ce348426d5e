"""Sparklines: a series of figures drawn as block characters, in the terminal and in reports."""

from __future__ import annotations

from collections.abc import Sequence

SPARKS = "▁▂▃▄▅▆▇█"


def spark(value: float | None, low: float, high: float) -> str:
    """One block character for a value within [low, high]; a space for no data."""
    if value is None:
        return " "
    span = high - low
    index = 0 if span <= 0 else round((value - low) / span * (len(SPARKS) - 1))
    return SPARKS[max(0, min(index, len(SPARKS) - 1))]


def sparkline(values: Sequence[float | None], low: float, high: float) -> str:
    """One block character per value within [low, high]; a space for no data."""
    return "".join(spark(value, low, high) for value in values)
