"""Trend tables: figures for each day, week or month, and the report `rj trends` shows.

Pure functions of entries. The periods are in `periods`, the patterns below the tables
(triggers, HALT, when cravings hit, what helps) in `patterns`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING, Any

from recovery_journal.analytics.community import CommunityTrends, community_trends
from recovery_journal.analytics.figures import mean, share
from recovery_journal.analytics.mood import daily_moods_of, mood_average
from recovery_journal.analytics.pacs import PacsWeek, weekly_pacs
from recovery_journal.analytics.patterns import (
    TIMES_OF_DAY,
    CopingStat,
    MoodByMeeting,
    TriggerStat,
    coping_ranking,
    craving_heatmap,
    dated_mood_by_meeting,
    halt_breakdown,
    top_triggers,
)
from recovery_journal.analytics.periods import (
    Dated,
    Period,
    dated_entries,
    periods,
)
from recovery_journal.analytics.streaks import entry_day
from recovery_journal.domain.entries import Craving, Entry, Gratitude, Meeting, Mood, Trigger, Use
from recovery_journal.domain.words import WEEKDAYS

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "TREND_FIELDS",
    "TREND_TOLERANCE",
    "PeriodStats",
    "TrendsReport",
    "period_stats",
    "period_trends",
    "trend",
    "trends_report",
]

TREND_TOLERANCE = 0.02


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
    """Of the cravings whose outcome was given."""
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


def _stats(period: Period, dated: list[Dated]) -> PeriodStats:
    scores: list[tuple[date, int]] = []
    cravings: list[Craving] = []
    use_days: set[date] = set()
    meetings = gratitude = 0
    for day, entry in dated:  # one pass: this runs over every entry in the range
        if isinstance(entry, Mood):
            scores.append((day, entry.score))
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
    given = sum(craving.outcome is not None for craving in cravings)
    return PeriodStats(
        period=period,
        mood_avg=mood_average(daily_moods_of(scores)),
        mood_min=min((score for _, score in scores), default=None),
        mood_max=max((score for _, score in scores), default=None),
        moods=len(scores),
        cravings=len(cravings),
        craving_avg_intensity=mean([craving.intensity for craving in cravings]),
        resisted_share=share(resisted, given),
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
    return _period_stats(dated_entries(entries), periods)


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
    pacs: list[PacsWeek] = field(default_factory=list)
    """Penn Alcohol Craving Scale totals, week by week (weeks with a score)."""
    community: CommunityTrends | None = None
    """Connections, service, meetings by type and BARC-10 (analytics/community.py)."""

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
            "pacs": [week.to_json() for week in self.pacs],
            "community": None if self.community is None else self.community.to_json(),
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
        mood_by_meeting=dated_mood_by_meeting(dated),
        entries=len(dated),
        total_entries=len(every),
        pacs=weekly_pacs((entry for _, entry in dated), first, last),
        community=community_trends(dated, spans),
    )
