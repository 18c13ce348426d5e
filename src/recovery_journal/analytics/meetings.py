"""Meetings: the meetings challenge (90 in 90) and weeks in a row with a meeting. Pure.

Apart from the rest of `community` so that `rj streak` and the home screen, which show
only these, load no more than these. Each entry's own stored offset decides its day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from recovery_journal.analytics.streaks import entry_day
from recovery_journal.domain.community import Challenge
from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.kinds.meeting import Meeting

# -- the meetings challenge ---------------------------------------------------------------


@dataclass(frozen=True)
class ChallengeProgress:
    challenge: Challenge
    day: int
    """Which day of the challenge today is (1 on its first day), or its last day once over."""
    meetings: int
    """Meetings from its first day to today (or to the day it ended)."""
    running: bool

    @property
    def goal(self) -> int:
        return self.challenge.days

    @property
    def to_go(self) -> int:
        return max(0, self.goal - self.meetings)

    @property
    def last_day(self) -> date:
        return self.challenge.start + timedelta(days=self.goal - 1)

    @property
    def reached(self) -> bool:
        return self.meetings >= self.goal

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.challenge.start.isoformat(),
            "days": self.goal,
            "last_day": self.last_day.isoformat(),
            "ended": self.challenge.ended,
            "day": self.day,
            "meetings": self.meetings,
            "to_go": self.to_go,
            "running": self.running,
        }


def latest_challenge(entries: Iterable[Entry]) -> Challenge | None:
    """The challenge started last, if any."""
    found = [entry for entry in entries if isinstance(entry, Challenge)]
    return max(found, key=lambda entry: entry.at.timestamp(), default=None)


def meeting_days(entries: Iterable[Entry]) -> list[date]:
    """The day of every meeting, sorted (a day twice for two meetings)."""
    return sorted(entry_day(entry) for entry in entries if isinstance(entry, Meeting))


def latest_progress(
    entries: Iterable[Entry], meetings: Sequence[date], today: date
) -> ChallengeProgress | None:
    """How far the challenge started last has come by `today`; None before any challenge."""
    challenge = latest_challenge(entries)
    return None if challenge is None else challenge_progress(challenge, meetings, today)


def challenge_progress(
    challenge: Challenge, meetings: Sequence[date], today: date
) -> ChallengeProgress:
    """How far a challenge has come by `today`; `meetings` as from `meeting_days`."""
    stopped = challenge.ended_on
    last = challenge.start + timedelta(days=challenge.days - 1)
    end = min(today, last, stopped or last)
    counted = bisect_right(meetings, end) - bisect_left(meetings, challenge.start)
    running = stopped is None and challenge.start <= today <= last
    day = max(1, (end - challenge.start).days + 1)
    return ChallengeProgress(challenge, day, max(0, counted), running)


# -- weeks with a meeting ----------------------------------------------------------------


@dataclass(frozen=True)
class MeetingWeeks:
    weeks: int
    """ISO weeks in a row with at least one meeting, up to this week (this week counts
    once it has a meeting; until then the streak runs to last week)."""
    this_week: int
    """Meetings so far this week (Monday to today)."""

    def to_json(self) -> dict[str, Any]:
        return {"weeks_in_a_row": self.weeks, "this_week": self.this_week}


def meetings_today(
    entries: Sequence[Entry], today: date
) -> tuple[ChallengeProgress | None, MeetingWeeks]:
    """What `rj streak` and the home screen say of meetings: how far the latest challenge
    has come (None before any) and weeks in a row with a meeting."""
    meetings = meeting_days(entries)
    return latest_progress(entries, meetings, today), meeting_weeks(meetings, today)


def meeting_weeks(meetings: Iterable[date], today: date) -> MeetingWeeks:
    """Weeks in a row with a meeting: a streak of its own, for the meeting-goers."""
    monday = today - timedelta(days=today.weekday())
    weeks = Counter(day - timedelta(days=day.weekday()) for day in meetings if day <= today)
    this_week = weeks.get(monday, 0)
    week = monday if this_week else monday - timedelta(weeks=1)
    count = 0
    while weeks.get(week):
        count += 1
        week -= timedelta(weeks=1)
    return MeetingWeeks(count, this_week)
