"""Deterministic, invented recovery-journal workload for benchmarks.

Shaped like the reference generator in the team's shared bench folder: per day
one mood, 0-3 cravings (HALT and other triggers, coping, rarely acted on),
sometimes a meeting, 0-3 gratitude items, now and then a trigger or a note,
and rare use days. Only `random.Random(seed)` is used, so the same arguments
give the same entries everywhere.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from recovery_journal.domain.entries import (
    Craving,
    Entry,
    Gratitude,
    Meeting,
    Mood,
    Note,
    Trigger,
    Use,
)

HALT = ("hungry", "angry", "lonely", "tired")
OTHER_TRIGGERS = ("stressed", "bored", "anxious", "payday", "argument", "party", "work", "sad")
COPING = (
    "called my sponsor",
    "went for a run",
    "made tea and waited",
    "texted the group",
    "played the tape forward",
    "left early",
)
FELLOWSHIPS = ("AA", "NA", "SMART", "Refuge Recovery", "home group")
FEELINGS = ("calm", "hopeful", "tired", "anxious", "proud", "flat", "restless")
GRATITUDE = (
    "a warm bed",
    "my sister calling",
    "another sober morning",
    "the dog",
    "a good cup of coffee",
    "the people at the meeting",
    "sunshine",
)
NOTES = (
    "Quiet day, cooked a proper dinner.",
    "Hard day at work, came home drained.",
    "Went for a long walk and felt clear-headed.",
    "Slept well and had energy all day.",
)


def entries(
    records: int, *, end: date = date(2026, 10, 31), seed: int = 1, zone: str = "Europe/London"
) -> list[Entry]:
    """Exactly `records` entries on consecutive days ending on `end`, oldest first."""
    rng = random.Random(seed)
    tz = ZoneInfo(zone)
    days: list[list[Entry]] = []
    count = 0
    day = end
    while count < records:  # walk back from `end` until there are enough
        todays = _day(rng, day, tz)
        days.append(todays)
        count += len(todays)
        day -= timedelta(days=1)
    oldest_first = [entry for todays in reversed(days) for entry in todays]
    return oldest_first[len(oldest_first) - records :]


def _at(day: date, minute: int, tz: ZoneInfo) -> datetime:
    minute = max(0, min(minute, 24 * 60 - 1))
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)


def _day(rng: random.Random, day: date, tz: ZoneInfo) -> list[Entry]:
    out: list[Entry] = []
    score = max(1, min(10, round(rng.gauss(6, 1.8))))
    for _ in range(rng.choices((0, 1, 2, 3), (40, 30, 20, 10))[0]):
        triggers = rng.sample(OTHER_TRIGGERS, rng.randint(0, 2))
        out.append(
            Craving(
                id="",
                at=_at(day, rng.randint(8 * 60, 23 * 60), tz),
                intensity=rng.randint(0, 10),
                substance="alcohol",
                triggers=tuple(triggers),
                halt=tuple(rng.sample(HALT, rng.randint(0, 2))),
                coping=rng.choice(COPING),
                outcome="used" if rng.random() < 0.01 else "resisted",
                note=rng.choice(NOTES) if rng.random() < 0.5 else None,
            )
        )
    if rng.random() < 0.003:
        out.append(
            Use(
                id="",
                at=_at(day, rng.randint(17 * 60, 23 * 60), tz),
                substance="alcohol",
                amount="a few drinks",
                note="Slipped tonight. Starting again tomorrow.",
            )
        )
    if rng.random() < 0.5:
        out.append(
            Meeting(
                id="",
                at=_at(day, 19 * 60, tz),
                fellowship=rng.choice(FELLOWSHIPS),
                online=rng.random() < 0.3,
                minutes=60,
            )
        )
    if rng.random() < 0.1:
        out.append(
            Trigger(
                id="",
                at=_at(day, rng.randint(9 * 60, 21 * 60), tz),
                description=rng.choice(OTHER_TRIGGERS),
                category="situations",
                intensity=rng.randint(0, 10),
            )
        )
    if rng.random() < 0.1:
        out.append(Note(id="", at=_at(day, 22 * 60, tz), text=rng.choice(NOTES)))
    out.append(
        Mood(
            id="",
            at=_at(day, rng.randint(20 * 60, 22 * 60), tz),
            score=score,
            feelings=tuple(rng.sample(FEELINGS, 2)),
            note=rng.choice(NOTES),
        )
    )
    for _ in range(rng.choices((0, 1, 2, 3), (25, 35, 25, 15))[0]):
        out.append(
            Gratitude(
                id="",
                at=_at(day, 22 * 60 + 30, tz),
                items=(rng.choice(GRATITUDE),),
                tags=("gratitude",),
            )
        )
    out.sort(key=lambda entry: entry.at)
    return out
