"""Patterns across entries: top triggers, HALT, when cravings hit, what helps, meetings and mood.

Pure functions of entries. Trigger and coping names are folded (case, accents, spacing),
and each is shown in its most common spelling. Each entry's own stored offset decides its
day and hour, as in `streaks`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from recovery_journal.analytics.figures import mean, share
from recovery_journal.analytics.periods import Dated, dated_entries
from recovery_journal.domain.entries import HALT_WORDS, Craving, Entry, Meeting, Mood, Trigger
from recovery_journal.domain.validation import fold_name

TIMES_OF_DAY = ("night", "morning", "afternoon", "evening")
"""Heatmap buckets by local hour: night 0-6, morning 6-12, afternoon 12-18, evening 18-24."""
HOURS_PER_BUCKET = 6
TOP_TRIGGERS = 10


def _cravings(entries: Iterable[Entry]) -> list[Craving]:
    return [entry for entry in entries if isinstance(entry, Craving)]


@dataclass
class _Tally:
    """Accumulates one folded name: spellings seen, intensities and craving outcomes."""

    spellings: Counter[str] = field(default_factory=Counter)
    count: int = 0
    intensities: list[int] = field(default_factory=list)
    cravings: int = 0
    given: int = 0
    """Cravings whose outcome was given: the denominator of a share resisted."""
    resisted: int = 0

    def add(self, spelling: str, intensity: int | None, outcome: str | None) -> None:
        """`outcome` is None for a trigger entry, '' for a craving whose outcome was not
        given, else 'resisted' or 'used'."""
        self.spellings[spelling] += 1
        self.count += 1
        if intensity is not None:
            self.intensities.append(intensity)
        if outcome is not None:
            self.cravings += 1
            self.given += outcome != ""
            self.resisted += outcome == "resisted"

    @property
    def name(self) -> str:
        """The most common spelling (the first seen among equals)."""
        return self.spellings.most_common(1)[0][0]


# Journals repeat the same few trigger and coping names thousands of times.
_fold = lru_cache(maxsize=4096)(fold_name)


def _tally(items: Iterable[tuple[str, int | None, str | None]]) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = {}
    for spelling, intensity, outcome in items:
        key = _fold(spelling)
        if key not in tallies:
            tallies[key] = _Tally()
        tallies[key].add(spelling, intensity, outcome)
    return tallies


@dataclass(frozen=True)
class TriggerStat:
    name: str
    count: int
    avg_intensity: float | None
    resisted_share: float | None
    """Among cravings naming this trigger with an outcome given; None without any."""


def _trigger_mentions(entries: Iterable[Entry]) -> Iterable[tuple[str, int | None, str | None]]:
    for entry in entries:
        if isinstance(entry, Trigger):
            yield entry.description, entry.intensity, None
        elif isinstance(entry, Craving):
            # A trigger named twice in one craving (in any spelling) counts once.
            seen: set[str] = set()
            for name in entry.triggers:
                if _fold(name) not in seen:
                    seen.add(_fold(name))
                    yield name, entry.intensity, entry.outcome or ""


def top_triggers(entries: Iterable[Entry], limit: int | None = TOP_TRIGGERS) -> list[TriggerStat]:
    """The most frequent triggers, from trigger entries and craving triggers, names folded."""
    stats = [
        TriggerStat(
            tally.name,
            tally.count,
            mean(tally.intensities),
            share(tally.resisted, tally.given),
        )
        for tally in _tally(_trigger_mentions(entries)).values()
    ]
    stats.sort(key=lambda stat: (-stat.count, fold_name(stat.name)))
    return stats if limit is None else stats[:limit]


def halt_breakdown(entries: Iterable[Entry]) -> dict[str, int]:
    """How many cravings named each HALT word (all four present)."""
    counts = dict.fromkeys(HALT_WORDS, 0)
    for craving in _cravings(entries):
        for word in craving.halt:
            counts[word] += 1
    return counts


def craving_heatmap(entries: Iterable[Entry]) -> dict[tuple[int, str], int]:
    """Craving counts by (weekday 0=Monday, time of day), every cell present."""
    cells = {(weekday, bucket): 0 for weekday in range(7) for bucket in TIMES_OF_DAY}
    for craving in _cravings(entries):
        at = craving.at
        cells[at.weekday(), TIMES_OF_DAY[at.hour // HOURS_PER_BUCKET]] += 1
    return cells


@dataclass(frozen=True)
class CopingStat:
    strategy: str
    times: int
    resisted: int
    resisted_share: float | None
    """Of the times whose outcome was given; None when none was."""
    given: int | None = None
    """How many of the times had an outcome given (None: not counted apart)."""


def coping_ranking(entries: Iterable[Entry]) -> list[CopingStat]:
    """Coping strategies from cravings, best resisted share first, then the most used."""
    mentions = (
        (craving.coping, None, craving.outcome or "")
        for craving in _cravings(entries)
        if craving.coping is not None
    )
    stats = [
        CopingStat(
            tally.name,
            tally.count,
            tally.resisted,
            share(tally.resisted, tally.given),
            tally.given,
        )
        for tally in _tally(mentions).values()
    ]
    stats.sort(
        key=lambda stat: (-(stat.resisted_share or 0.0), -stat.times, fold_name(stat.strategy))
    )
    return stats


@dataclass(frozen=True)
class MoodByMeeting:
    """Average daily mood on days with a meeting and on other days (days with a mood)."""

    meeting_days_avg: float | None
    meeting_days: int
    other_days_avg: float | None
    other_days: int


def mood_on_meeting_days(entries: Iterable[Entry]) -> MoodByMeeting:
    """Each day's mean mood, averaged over meeting days and over other days."""
    return dated_mood_by_meeting(dated_entries(entries))


def dated_mood_by_meeting(dated: Iterable[Dated]) -> MoodByMeeting:
    """`mood_on_meeting_days` of entries whose days are already worked out."""
    return MoodByMeeting(*daily_mood_split(dated, Meeting))


def daily_mood_split(
    dated: Iterable[Dated], marker: type[Entry]
) -> tuple[float | None, int, float | None, int]:
    """Each day's mean mood, averaged over days with a `marker` entry and over the others:
    (mean with, days with, mean without, days without)."""
    scores: defaultdict[date, list[int]] = defaultdict(list)
    marked: set[date] = set()
    for day, entry in dated:
        if isinstance(entry, Mood):
            scores[day].append(entry.score)
        elif isinstance(entry, marker):
            marked.add(day)
    with_one = [sum(s) / len(s) for day, s in scores.items() if day in marked]
    without = [sum(s) / len(s) for day, s in scores.items() if day not in marked]
    return mean(with_one), len(with_one), mean(without), len(without)
