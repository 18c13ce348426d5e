"""The therapist summary as data: what each section shows, built from entries. Pure.

Privacy rule: without `include_notes` nothing a person wrote in their own words leaves the
journal: notes (Note entries and the note on any entry), gratitude items, trigger
descriptions and meeting names. Short labels chosen for structured fields stay in, because
the sections are made of them: feelings, craving triggers, HALT, coping strategies,
fellowships, substances and amounts. Every renderer starts with `report.header_lines()`,
which says the period and what was left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from recovery_journal.analytics.mood import daily_moods, mood_average
from recovery_journal.analytics.pacs import PacsWeek, weekly_pacs
from recovery_journal.analytics.patterns import (
    TIMES_OF_DAY,
    CopingStat,
    MoodByMeeting,
    TriggerStat,
    coping_ranking,
    craving_heatmap,
    halt_breakdown,
    mood_on_meeting_days,
    top_triggers,
)
from recovery_journal.analytics.periods import periods
from recovery_journal.analytics.streaks import entry_day, streak_reports
from recovery_journal.analytics.summary_compare import Comparison, compare
from recovery_journal.analytics.summary_connection import ConnectionSummary, connection_summary
from recovery_journal.analytics.summary_options import SECTIONS, LastShared, check_period
from recovery_journal.analytics.summary_words import (
    NoteItem,
    ReflectionItem,
    notes_fields,
    reflections_fields,
)
from recovery_journal.analytics.tlfb import CalendarDay, TlfbFigures, calendar_days, tlfb
from recovery_journal.analytics.trends import PeriodStats, period_stats
from recovery_journal.domain.entries import (
    KINDS,
    TRIGGER_CATEGORIES,
    Craving,
    Entry,
    Gratitude,
    Meeting,
    Mood,
    Trigger,
)
from recovery_journal.domain.trackers import Tracker
from recovery_journal.domain.validation import fold_name
from recovery_journal.domain.words import plural

LEFT_OUT_WITHOUT_NOTES = (
    "notes (including notes on entries)",
    "gratitude items",
    "trigger descriptions",
    "meeting names",
)
DAILY_CHART_MAX_DAYS = 92
"""Longer periods chart and tabulate by week (and tabulate by month) instead of by day."""
TOP_ITEMS = 10


@dataclass(frozen=True)
class TrackerSummary:
    name: str
    clean_date: date
    current_days: int
    longest_days: int
    last_milestone: str | None
    next_milestone: str
    next_milestone_day: date
    period: TlfbFigures


@dataclass(frozen=True)
class MeetingItem:
    at: datetime
    fellowship: str
    online: bool | None
    minutes: int | None
    name: str | None
    """Only with include_notes."""


@dataclass(frozen=True)
class FellowshipStat:
    name: str
    count: int
    online: int
    minutes: int


@dataclass
class SummaryReport:
    since: date
    until: date
    generated: datetime
    sections: tuple[str, ...]
    include_notes: bool
    recipient: str | None
    by: str
    """'week' or 'month': the rows of the mood and craving tables."""
    chart_by: str
    """'day' or 'week': the points of the charts."""
    counts: dict[str, int]
    """Entries in the period by kind: every kind of `KINDS`, in that order, even at 0."""
    days_logged: int
    trackers: list[TrackerSummary]
    calendar: list[CalendarDay]
    chart: list[PeriodStats]
    table: list[PeriodStats]
    mood_by_meeting: MoodByMeeting
    feelings: list[tuple[str, int]]
    craving_times: dict[str, int]
    triggers: list[TriggerStat]
    halt: dict[str, int]
    trigger_categories: dict[str, int]
    coping: list[CopingStat]
    fellowships: list[FellowshipStat]
    meetings: list[MeetingItem]
    mood_average: float | None
    """The mean of daily means (`analytics.mood`)."""
    mood_days: int
    mood_low: int | None
    mood_high: int | None
    craving_intensity: float | None
    cravings_resisted: int
    cravings_with_outcome: int
    """Cravings whose outcome was given: the only ones a share resisted is of."""
    gratitude_items: int
    gratitude_days: int
    gratitude_top: list[tuple[str, int]] = field(default_factory=list)
    notes: list[NoteItem] = field(default_factory=list)
    notes_left_out: int = 0
    notes_chosen: int = 0
    """Notes shared one by one (`--include-note ID`) without the others."""
    connection: ConnectionSummary | None = None
    """Meetings by type, reaching out, service, BARC-10 (when the section is chosen)."""
    comparison: Comparison | None = None
    """The period and the previous one of the same length, for the first page's tiles."""
    last_shared: LastShared | None = None
    """The summary sent to the same person before, when the period follows on from it."""
    pacs: list[PacsWeek] = field(default_factory=list)
    """Penn Alcohol Craving Scale totals by week (weeks with a score)."""
    reflections: list[ReflectionItem] = field(default_factory=list)
    reflections_left_out: int = 0

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cravings(self) -> int:
        return self.counts["craving"]

    def has(self, section: str) -> bool:
        return section in self.sections

    def left_out(self) -> list[str]:
        """What this report does not contain, for its first lines and the preview."""
        missing = [] if self.include_notes else list(LEFT_OUT_WITHOUT_NOTES)
        if self.notes_chosen:
            missing[0] = f"notes other than the {plural(self.notes_chosen, 'note')} chosen"
        if self.reflections_left_out:
            missing.append(plural(self.reflections_left_out, "reflection") + " on uses")
        skipped = [name for name in SECTIONS if name not in self.sections]
        if skipped:
            missing.append("the sections " + ", ".join(skipped))
        return missing

    def header_lines(self) -> list[str]:
        """The first lines of every format: period, recipient, and what was left out."""
        lines = [
            f"Period: {long_date(self.since)} to {long_date(self.until)} ({self.days} days).",
        ]
        if self.last_shared is not None:
            last = self.last_shared
            lines.append(
                f"Since the last summary for {last.recipient} (made {long_date(last.made)}, "
                f"covering {long_date(last.since)} to {long_date(last.until)}): this one "
                "starts the day after it ended."
            )
        made = f"Made with Recovery Journal on {long_date(self.generated.date())}"
        lines.append(made + (f" for {self.recipient}." if self.recipient else "."))
        left_out = self.left_out()
        if left_out:
            lines.append("Left out by choice: " + "; ".join(left_out) + ".")
        else:
            lines.append("Nothing was left out: this report includes the person's own notes.")
        return lines

    def preview(self) -> list[str]:
        """What will be shared, section by section, with counts: shown before writing."""
        counts = self.counts
        meeting_days = sum(1 for day in self.calendar if day.in_period and day.meetings)
        out = {
            "overview": f"{plural(len(self.trackers), 'tracker')} with streaks; "
            f"{plural(self.total, 'entry', 'entries')} on {self.days_logged} of {self.days} days",
            "calendar": f"{self.days} days; {plural(self.use_days, 'use day')} with amounts, "
            f"{plural(meeting_days, 'meeting day')}",
            "mood": plural(counts["mood"], "mood entry", "mood entries"),
            "cravings": Craving.counted(counts["craving"])
            + (f", {plural(len(self.pacs), 'week')} of PACS totals" if self.pacs else ""),
            "triggers": f"{plural(len(self.triggers), 'trigger name')}, HALT counts, "
            + (
                plural(counts["trigger"], "trigger description")
                if self.include_notes
                else plural(counts["trigger"], "trigger entry", "trigger entries")
                + " as counts by category"
            ),
            "coping": plural(len(self.coping), "coping strategy", "coping strategies"),
            "meetings": Meeting.counted(counts["meeting"])
            + (" with their names" if self.include_notes else " (names left out)"),
            "connection": self.connection.preview() if self.connection else "nothing logged",
            "gratitude": plural(counts["gratitude"], "entry", "entries")
            + (
                f" with {plural(self.gratitude_items, 'item')}"
                if self.include_notes
                else " as counts (items left out)"
            ),
            "notes": plural(len(self.notes), "note")
            if self.include_notes
            else (
                f"{plural(self.notes_chosen, 'chosen note')} (the rest left out)"
                if self.notes_chosen
                else "left out"
            ),
            "reflections": plural(len(self.reflections), "reflection") + " in your words",
        }
        period = f"period: {long_date(self.since)} to {long_date(self.until)} ({self.days} days)"
        if self.last_shared is not None:
            period += f", the day after the last summary for {self.last_shared.recipient} ended"
        return [period, *(f"{name}: {out[name]}" for name in self.sections)]

    @property
    def use_days(self) -> int:
        return sum(1 for day in self.calendar if day.in_period and day.uses)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _trackers(
    trackers: Sequence[Tracker], every: list[Entry], since: date, until: date, zone: tzinfo
) -> list[TrackerSummary]:
    # Streaks as they stood when the period ended: `until` is a completed day, counted as
    # `rj streak` counted on the day after it (so its longest run and the TLFB's agree).
    before = [entry for entry in every if entry_day(entry) <= until]
    reports = streak_reports(trackers, before, today=until + timedelta(days=1), zone=zone)
    figures = tlfb(every, trackers, since=since, until=until).figures
    return [
        TrackerSummary(
            name=report.tracker.name,
            clean_date=report.tracker.clean_date,
            current_days=report.current_days,
            longest_days=report.longest_days,
            last_milestone=None if report.last_milestone is None else report.last_milestone.name,
            next_milestone=report.next_milestone.name,
            next_milestone_day=report.next_milestone.day,
            period=period,
        )
        for report, period in zip(reports, figures, strict=True)
    ]


def _fellowships(meetings: list[Meeting]) -> list[FellowshipStat]:
    groups: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        groups.setdefault(meeting.fellowship or "unspecified", []).append(meeting)
    stats = [
        FellowshipStat(
            name=name,
            count=len(group),
            online=sum(1 for m in group if m.online),
            minutes=sum(m.minutes or 0 for m in group),
        )
        for name, group in groups.items()
    ]
    return sorted(stats, key=lambda stat: (-stat.count, fold_name(stat.name)))


def _top(words: Iterable[str], limit: int = TOP_ITEMS) -> list[tuple[str, int]]:
    """Most frequent words (case and spacing folded), shown in their most common spelling."""
    spellings: dict[str, Counter[str]] = {}
    for word in words:
        spellings.setdefault(fold_name(word), Counter())[word] += 1
    ranked = [(c.most_common(1)[0][0], sum(c.values())) for c in spellings.values()]
    ranked.sort(key=lambda pair: (-pair[1], fold_name(pair[0])))
    return ranked[:limit]


def build_summary(
    entries: Iterable[Entry],
    trackers: Sequence[Tracker],
    *,
    since: date,
    until: date,
    sections: Sequence[str] = SECTIONS,
    include_notes: bool = False,
    recipient: str | None = None,
    generated: datetime,
    zone: tzinfo,
    chosen_notes: Sequence[Entry] = (),
    last_shared: LastShared | None = None,
) -> SummaryReport:
    """The summary of [since, until]; `entries` may hold older ones (they decide streaks,
    and those of the previous period of the same length make the first page's comparison).
    `chosen_notes` are entries whose notes are shared without `include_notes`."""
    check_period(since, until)
    every = list(entries)
    trackers = [tracker for tracker in trackers if tracker.clean_date <= until]  # existed then
    dated = [e for e in every if since <= entry_day(e) <= until]
    dated.sort(key=lambda entry: entry.at.timestamp())
    counts = Counter(entry.kind for entry in dated)
    cravings = [e for e in dated if isinstance(e, Craving)]
    meetings = [e for e in dated if isinstance(e, Meeting)]
    gratitude = [e for e in dated if isinstance(e, Gratitude)]
    mentions = [e for e in dated if isinstance(e, Craving) or (include_notes and _is_trigger(e))]
    long_period = (until - since).days + 1 > DAILY_CHART_MAX_DAYS
    chart_by, by = ("week", "month") if long_period else ("day", "week")
    heatmap = craving_heatmap(cravings)
    scores = [e.score for e in dated if isinstance(e, Mood)]
    moods = daily_moods(dated)
    return SummaryReport(
        since=since,
        until=until,
        generated=generated,
        sections=tuple(sections),
        include_notes=include_notes,
        recipient=recipient,
        by=by,
        chart_by=chart_by,
        counts={kind: counts[kind] for kind in KINDS},
        days_logged=len({entry_day(entry) for entry in dated}),
        trackers=_trackers(trackers, every, since, until, zone),
        calendar=calendar_days(dated, trackers, since, until, every),
        chart=period_stats(dated, periods(chart_by, since, until)),
        table=period_stats(dated, periods(by, since, until)),
        mood_by_meeting=mood_on_meeting_days(dated),
        feelings=_top(f for e in dated if isinstance(e, Mood) for f in e.feelings),
        craving_times={
            bucket: sum(count for (_, b), count in heatmap.items() if b == bucket)
            for bucket in TIMES_OF_DAY
        },
        triggers=top_triggers(mentions),
        halt=halt_breakdown(cravings),
        trigger_categories=_categories(dated),
        coping=coping_ranking(cravings)[:TOP_ITEMS],
        fellowships=_fellowships(meetings),
        meetings=[
            MeetingItem(
                m.at, m.fellowship or "", m.online, m.minutes, m.name if include_notes else None
            )
            for m in meetings
        ],
        mood_average=mood_average(moods),
        mood_days=len(moods),
        mood_low=min(scores, default=None),
        mood_high=max(scores, default=None),
        craving_intensity=(
            sum(c.intensity for c in cravings) / len(cravings) if cravings else None
        ),
        cravings_resisted=sum(c.outcome == "resisted" for c in cravings),
        cravings_with_outcome=sum(c.outcome is not None for c in cravings),
        gratitude_items=sum(len(g.items) for g in gratitude),
        gratitude_days=len({entry_day(g) for g in gratitude}),
        gratitude_top=_top(item for g in gratitude for item in g.items) if include_notes else [],
        pacs=weekly_pacs(dated, since, until),
        comparison=compare(every, trackers, since, until),
        last_shared=last_shared,
        connection=connection_summary(dated, since, until) if "connection" in sections else None,
        **notes_fields(dated, include_notes=include_notes, chosen=chosen_notes),
        **reflections_fields(every, since, until, chosen="reflections" in sections),
    )


def _is_trigger(entry: Entry) -> bool:
    return isinstance(entry, Trigger)


def _categories(entries: list[Entry]) -> dict[str, int]:
    """Trigger entries by category (a count, never the description)."""
    found = Counter(e.category or "uncategorised" for e in entries if isinstance(e, Trigger))
    order = [*TRIGGER_CATEGORIES, "uncategorised"]
    return {name: found[name] for name in order if found[name]}
