"""The one definition of a mood average, used by trends, the summary and the diary card. Pure.

A day's mood is the mean of that day's mood scores. A period's mood average is the mean
of its days' moods: every day with a mood counts once, however many times it was logged,
so a hard day logged five times weighs what a calm day logged once does. (The mean of all
entries would let the days someone checks in most often speak loudest.) Days without a
mood are left out, never counted as 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from recovery_journal.analytics.figures import mean
from recovery_journal.analytics.streaks import entry_day
from recovery_journal.domain.entries import Entry, Mood

DEFINITION = (
    "Mood averages are the mean of daily means: each day with a mood counts once, "
    "whatever the number of entries that day."
)


def daily_moods(entries: Iterable[Entry]) -> dict[date, float]:
    """Each day's mean mood score, for the days with a mood."""
    return daily_moods_of((entry_day(e), e.score) for e in entries if isinstance(e, Mood))


def daily_moods_of(scores: Iterable[tuple[date, int]]) -> dict[date, float]:
    """Each day's mean of (day, score) pairs."""
    by_day: dict[date, list[int]] = {}
    for day, score in scores:
        by_day.setdefault(day, []).append(score)
    return {day: sum(values) / len(values) for day, values in sorted(by_day.items())}


def mood_average(days: dict[date, float]) -> float | None:
    """A period's mood average: the mean of its days' moods (None without any)."""
    return mean(list(days.values()))
