"""The accountability card as data: one phone screen for a sponsor or accountability
partner. Pure.

By default it holds counts only: each tracker's current streak, meetings this week and
this month (and the meetings challenge), connections and service as numbers, and how
many days had a check-in. No names of people, no notes or descriptions, no moods or
cravings: `--sections` adds mood, cravings or the BARC-10, and nothing else can be added.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from recovery_journal.analytics.figures import mean, share
from recovery_journal.analytics.meetings import (
    ChallengeProgress,
    MeetingWeeks,
    latest_progress,
    meeting_days,
    meeting_weeks,
)
from recovery_journal.analytics.streaks import entry_day, streak_reports
from recovery_journal.domain.community import Barc, Connection, Service
from recovery_journal.domain.entries import Craving, Entry, Mood
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import InvalidInput

CARD_SECTIONS = ("streaks", "meetings", "connections", "service", "checkins")
"""Always on the card."""
EXTRA_SECTIONS = ("mood", "cravings", "barc")
"""Only when `--sections` names them."""
CHECKIN_WINDOWS = (7, 30)


def parse_extra_sections(text: str | None) -> tuple[str, ...]:
    """'mood, barc' -> ('mood', 'barc') in card order; the default sections need no naming."""
    if text is None or not text.strip():
        return ()
    asked = {word.strip().lower() for word in text.split(",") if word.strip()}
    unknown = sorted(asked - {*EXTRA_SECTIONS, *CARD_SECTIONS})
    if unknown:
        raise InvalidInput(
            f"Unknown card section(s): {', '.join(unknown)}. The card always shows "
            f"{', '.join(CARD_SECTIONS)}; --sections can add {', '.join(EXTRA_SECTIONS)}."
        )
    return tuple(name for name in EXTRA_SECTIONS if name in asked)


@dataclass(frozen=True)
class CardStreak:
    name: str
    days: int
    used_today: bool


@dataclass(frozen=True)
class Card:
    today: date
    streaks: list[CardStreak]
    meetings_week: int
    """Monday to today."""
    meetings_month: int
    """The 1st of this month to today."""
    meeting_weeks: MeetingWeeks
    challenge: ChallengeProgress | None
    """The meetings challenge, while it runs."""
    connections_week: int
    connections_month: int
    connection_days_week: int
    service_week: int
    service_month: int
    service_minutes_month: int
    checkins: dict[int, int]
    """Days with at least one entry among the last 7 and the last 30 (today included)."""
    extra: tuple[str, ...] = ()
    mood_week: float | None = None
    moods_week: int = 0
    cravings_week: int = 0
    resisted_week: float | None = None
    barc_total: int | None = None
    barc_day: date | None = None

    @property
    def week_start(self) -> date:
        return self.today - timedelta(days=self.today.weekday())

    @property
    def month_start(self) -> date:
        return self.today.replace(day=1)


def _count(entries: Iterable[Entry], kind: type[Entry], since: date, until: date) -> int:
    return sum(1 for e in entries if isinstance(e, kind) and since <= entry_day(e) <= until)


def build_card(
    entries: Sequence[Entry],
    trackers: Sequence[Tracker],
    *,
    today: date,
    zone: tzinfo,
    extra: tuple[str, ...] = (),
) -> Card:
    """The card as of `today`: entries must reach back 30 days (and hold every use and
    craving, which decide streaks, and the latest challenge)."""
    week, month = today - timedelta(days=today.weekday()), today.replace(day=1)
    meetings = meeting_days(entries)
    progress = latest_progress(entries, meetings, today)
    recent = [e for e in entries if week <= entry_day(e) <= today]
    logged = {entry_day(e) for e in entries if entry_day(e) <= today}
    moods = [e.score for e in recent if isinstance(e, Mood)]
    cravings = [e for e in recent if isinstance(e, Craving)]
    barcs = sorted((e for e in entries if isinstance(e, Barc)), key=lambda e: e.at.timestamp())
    return Card(
        today=today,
        streaks=[
            CardStreak(r.tracker.name, r.current_days, r.used_today)
            for r in streak_reports(trackers, entries, today=today, zone=zone)
        ],
        meetings_week=sum(week <= day <= today for day in meetings),
        meetings_month=sum(month <= day <= today for day in meetings),
        meeting_weeks=meeting_weeks(meetings, today),
        challenge=progress if progress is not None and progress.running else None,
        connections_week=_count(entries, Connection, week, today),
        connections_month=_count(entries, Connection, month, today),
        connection_days_week=len({entry_day(e) for e in recent if isinstance(e, Connection)}),
        service_week=_count(entries, Service, week, today),
        service_month=_count(entries, Service, month, today),
        service_minutes_month=sum(
            e.minutes or 0
            for e in entries
            if isinstance(e, Service) and month <= entry_day(e) <= today
        ),
        checkins={
            days: sum(today - timedelta(days=days - 1) <= day for day in logged)
            for days in CHECKIN_WINDOWS
        },
        extra=extra,
        mood_week=mean(moods) if "mood" in extra else None,
        moods_week=len(moods) if "mood" in extra else 0,
        cravings_week=len(cravings) if "cravings" in extra else 0,
        resisted_week=(
            share(
                sum(c.outcome == "resisted" for c in cravings),
                sum(c.outcome in ("resisted", "used") for c in cravings),
            )
            if "cravings" in extra
            else None
        ),
        barc_total=barcs[-1].total if barcs and "barc" in extra else None,
        barc_day=entry_day(barcs[-1]) if barcs and "barc" in extra else None,
    )
