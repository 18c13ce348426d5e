"""Trends and patterns: period tables, triggers, HALT, when cravings hit, what helps.

Pure functions of entries. Each entry's own stored offset decides its day and hour, as in
`streaks`. Periods are whole days, ISO weeks (Monday to Sunday) or calendar months; a report
covers the whole periods that overlap the range asked for, and keeps empty periods.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from recovery_journal.analytics.streaks import entry_day
from recovery_journal.domain.entries import (
    HALT_WORDS,
    Craving,
    Entry,
    Gratitude,
    Meeting,
    Mood,
    Trigger,
    Use,
)
from recovery_journal.domain.validation import fold_name
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

BY_CHOICES = ("day", "week", "month")
TIMES_OF_DAY = ("night", "morning", "afternoon", "evening")
"""Heatmap buckets by local hour: night 0-6, morning 6-12, afternoon 12-18, evening 18-24."""
HOURS_PER_BUCKET = 6
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_SPAN = {"day": 14, "week": 12, "month": 12}
TREND_TOLERANCE = 0.02
TOP_TRIGGERS = 10
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    """Inclusive."""
    label: str


def _check_by(by: str) -> str:
    if by not in BY_CHOICES:
        raise InvalidInput(f"Trends can be grouped by day, week or month, not {by!r}.")
    return by


def _period_start(by: str, day: date) -> date:
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day


def _step(by: str) -> relativedelta:
    return {"day": relativedelta(days=1), "week": relativedelta(weeks=1)}.get(
        by, relativedelta(months=1)
    )


def _label(by: str, start: date) -> str:
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.strftime("%Y-%m") if by == "month" else start.isoformat()


def periods(by: str, since: date, until: date) -> list[Period]:
    """The whole days, ISO weeks or months that overlap [since, until], in order."""
    _check_by(by)
    if since > until:
        raise InvalidInput(f"The range starts ({since}) after it ends ({until}).")
    found = []
    start = _period_start(by, since)
    while start <= until:
        following = start + _step(by)
        found.append(Period(start, following - _ONE_DAY, _label(by, start)))
        start = following
    return found


def default_range(by: str, today: date) -> tuple[date, date]:
    """The last 14 days, 12 weeks or 12 months, the current one included."""
    span = DEFAULT_SPAN[_check_by(by)] - 1
    return _period_start(by, today) - _step(by) * span, today


@dataclass(frozen=True)
class PeriodStats:
    period: Period
    mood_avg: float | None
    mood_min: int | None
    mood_max: int | None
    moods: int
    cravings: int
    craving_avg_intensity: float | None
    resisted_share: float | None
    use_days: int
    meetings: int
    gratitude: int

    def to_json(self) -> dict[str, Any]:
        period = self.period
        dates = {"start": period.start.isoformat(), "end": period.end.isoformat()}
        return {"label": period.label, **dates, **_plain(self, skip="period")}


TREND_FIELDS = (
    "mood_avg",
    "cravings",
    "craving_avg_intensity",
    "resisted_share",
    "use_days",
    "meetings",
    "gratitude",
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _plain(stats: DataclassInstance, skip: str = "") -> dict[str, Any]:
    """A flat dataclass of figures as JSON, floats rounded to 3 decimals."""
    values = ((f.name, getattr(stats, f.name)) for f in fields(stats) if f.name != skip)
    return {name: _round(value) if isinstance(value, float) else value for name, value in values}


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _cravings(entries: Iterable[Entry]) -> list[Craving]:
    return [entry for entry in entries if isinstance(entry, Craving)]


Dated = tuple[date, Entry]
"""An entry with its day, worked out once."""


def _dated(entries: Iterable[Entry]) -> list[Dated]:
    return [(entry_day(entry), entry) for entry in entries]


def _stats(period: Period, dated: list[Dated]) -> PeriodStats:
    scores: list[int] = []
    cravings: list[Craving] = []
    use_days: set[date] = set()
    meetings = gratitude = 0
    for day, entry in dated:  # one pass: this runs over every entry in the range
        if isinstance(entry, Mood):
            scores.append(entry.score)
        elif isinstance(entry, Craving):
            cravings.append(entry)
            if entry.outcome == "used":
                use_days.add(day)
        elif isinstance(entry, Use):
            use_days.add(day)
        else:
            meetings += isinstance(entry, Meeting)
            gratitude += isinstance(entry, Gratitude)
    resisted = sum(craving.outcome == "resisted" for craving in cravings)
    return PeriodStats(
        period=period,
        mood_avg=_mean(scores),
        mood_min=min(scores, default=None),
        mood_max=max(scores, default=None),
        moods=len(scores),
        cravings=len(cravings),
        craving_avg_intensity=_mean([craving.intensity for craving in cravings]),
        resisted_share=_share(resisted, len(cravings)),
        use_days=len(use_days),
        meetings=meetings,
        gratitude=gratitude,
    )


def _buckets(dated: Iterable[Dated], periods: Sequence[Period]) -> list[list[Dated]]:
    starts = [period.start for period in periods]
    buckets: list[list[Dated]] = [[] for _ in periods]
    for pair in dated:
        index = bisect_right(starts, pair[0]) - 1
        if index >= 0 and pair[0] <= periods[index].end:
            buckets[index].append(pair)
    return buckets


def _period_stats(dated: Iterable[Dated], periods: Sequence[Period]) -> list[PeriodStats]:
    buckets = _buckets(dated, periods)
    return [_stats(period, bucket) for period, bucket in zip(periods, buckets, strict=True)]


def period_stats(entries: Iterable[Entry], periods: Sequence[Period]) -> list[PeriodStats]:
    """Figures for every period (in order, not overlapping), empty ones included."""
    return _period_stats(_dated(entries), periods)


def trend(previous: float | None, current: float | None) -> str:
    """'up', 'down' or 'flat' (within 2%, at least 0.02), or '' when either is missing."""
    if previous is None or current is None:
        return ""
    tolerance = TREND_TOLERANCE * max(1.0, abs(previous), abs(current))
    if abs(current - previous) <= tolerance:
        return "flat"
    return "up" if current > previous else "down"


def period_trends(previous: PeriodStats | None, current: PeriodStats) -> dict[str, str]:
    """The trend of each figure in TREND_FIELDS against the previous period."""
    return {
        name: "" if previous is None else trend(getattr(previous, name), getattr(current, name))
        for name in TREND_FIELDS
    }


@dataclass
class _Tally:
    """Accumulates one folded name: spellings seen, intensities and craving outcomes."""

    spellings: Counter[str] = field(default_factory=Counter)
    count: int = 0
    intensities: list[int] = field(default_factory=list)
    cravings: int = 0
    resisted: int = 0

    def add(self, spelling: str, intensity: int | None, outcome: str | None) -> None:
        self.spellings[spelling] += 1
        self.count += 1
        if intensity is not None:
            self.intensities.append(intensity)
        if outcome is not None:
            self.cravings += 1
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
    """Among cravings naming this trigger; None when only trigger entries name it."""


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
                    yield name, entry.intensity, entry.outcome


def top_triggers(entries: Iterable[Entry], limit: int | None = TOP_TRIGGERS) -> list[TriggerStat]:
    """The most frequent triggers, from trigger entries and craving triggers, names folded."""
    stats = [
        TriggerStat(
            tally.name,
            tally.count,
            _mean(tally.intensities),
            _share(tally.resisted, tally.cravings),
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
    resisted_share: float


def coping_ranking(entries: Iterable[Entry]) -> list[CopingStat]:
    """Coping strategies from cravings, best resisted share first, then the most used."""
    mentions = (
        (craving.coping, None, craving.outcome)
        for craving in _cravings(entries)
        if craving.coping is not None
    )
    stats = [
        CopingStat(tally.name, tally.count, tally.resisted, tally.resisted / tally.count)
        for tally in _tally(mentions).values()
    ]
    stats.sort(key=lambda stat: (-stat.resisted_share, -stat.times, fold_name(stat.strategy)))
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
    return _mood_by_meeting(_dated(entries))


def _mood_by_meeting(dated: Iterable[Dated]) -> MoodByMeeting:
    scores: defaultdict[date, list[int]] = defaultdict(list)
    meeting_days: set[date] = set()
    for day, entry in dated:
        if isinstance(entry, Mood):
            scores[day].append(entry.score)
        elif isinstance(entry, Meeting):
            meeting_days.add(day)
    with_meeting = [sum(day) / len(day) for when, day in scores.items() if when in meeting_days]
    without = [sum(day) / len(day) for when, day in scores.items() if when not in meeting_days]
    return MoodByMeeting(_mean(with_meeting), len(with_meeting), _mean(without), len(without))


@dataclass(frozen=True)
class TrendsReport:
    by: str
    since: date
    until: date
    periods: list[PeriodStats]
    triggers: list[TriggerStat]
    halt: dict[str, int]
    heatmap: dict[tuple[int, str], int]
    coping: list[CopingStat]
    mood_by_meeting: MoodByMeeting
    entries: int
    """Entries within the periods."""
    total_entries: int
    """Entries in the whole journal."""

    @property
    def is_empty(self) -> bool:
        """No entries at all, in any period."""
        return self.total_entries == 0

    def to_json(self) -> dict[str, Any]:
        """Every number the trends tables show."""
        previous = [None, *self.periods[:-1]]
        return {
            "by": self.by,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "entries": self.entries,
            "total_entries": self.total_entries,
            "periods": [
                {**stats.to_json(), "trend": period_trends(before, stats)}
                for before, stats in zip(previous, self.periods, strict=True)
            ],
            "triggers": [_plain(stat) for stat in self.triggers],
            "halt": dict(self.halt),
            "heatmap": {
                WEEKDAYS[weekday]: {
                    bucket: self.heatmap[weekday, bucket] for bucket in TIMES_OF_DAY
                }
                for weekday in range(7)
            },
            "coping": [_plain(stat) for stat in self.coping],
            "mood_by_meeting": _plain(self.mood_by_meeting),
        }


def trends_report(entries: Iterable[Entry], *, by: str, since: date, until: date) -> TrendsReport:
    """Everything `rj trends` shows, over the whole periods covering [since, until]."""
    spans = periods(by, since, until)
    every = list(entries)
    first, last = spans[0].start, spans[-1].end
    dated = [(day, entry) for entry in every if first <= (day := entry_day(entry)) <= last]
    # Each table reads only the kinds it needs: with 100,000 entries every pass counts.
    cravings = [entry for _, entry in dated if isinstance(entry, Craving)]
    mentions = [entry for _, entry in dated if isinstance(entry, (Trigger, Craving))]
    return TrendsReport(
        by=by,
        since=since,
        until=until,
        periods=_period_stats(dated, spans),
        triggers=top_triggers(mentions),
        halt=halt_breakdown(cravings),
        heatmap=craving_heatmap(cravings),
        coping=coping_ranking(cravings),
        mood_by_meeting=_mood_by_meeting(dated),
        entries=len(dated),
        total_entries=len(every),
    )
