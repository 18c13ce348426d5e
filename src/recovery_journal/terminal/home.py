"""The home screen `rj` shows on its own: streaks, today, lock state, what to do next.

Never prints by itself. Locked, it shows only what the file tells without the key: that
the journal is locked and how many entries logged while locked wait to join.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from recovery_journal.analytics.streaks import StreakReport
from recovery_journal.domain.durations import format_duration
from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.words import plural
from recovery_journal.terminal.community import CommunityHome, home_lines
from recovery_journal.terminal.text import literal, one_line

LOCKED_HINTS = (
    ("rj unlock", "unlock once; commands stop asking for a while"),
    ("rj mood 6", "logging works while locked: it joins when you next unlock"),
    ("rj craving 7 --coping 'called my sponsor'", "a craving, and what got you through"),
)
UNLOCKED_HINTS = (
    ("rj checkin", "the daily review, one question at a time"),
    ("rj gratitude 'a walk in the sun'", "one thing that went right"),
    ("rj streak --history", "every streak; a slip is part of the story"),
)
EMPTY_HINTS = (
    ("rj tracker add alcohol --clean-date today", "start counting your days"),
    ("rj mood 6", "how you feel, 1 to 10"),
    ("rj --help", "everything rj can do"),
)


@dataclass(frozen=True)
class HomeView:
    """What the home screen knows. `streaks` and `today` are None while locked."""

    streaks: Sequence[StreakReport] | None
    today: Sequence[Entry] | None
    waiting: int
    """Entries logged while locked that have not joined the journal yet."""
    unlocked_for: timedelta | None
    """How long the unlock agent keeps the journal open; None if it does not."""
    community: CommunityHome | None = None
    """Connection: the meetings challenge, when the person last reached out, BARC-10."""


def _lock_line(view: HomeView) -> Text:
    if view.streaks is None:
        line = Text("Locked", style="bold yellow")
        if view.waiting:
            waits = "waits" if view.waiting == 1 else "wait"
            line.append(
                f" · {plural(view.waiting, 'entry', 'entries')} logged while locked {waits}"
            )
            line.append(" to join when you unlock")
        return line
    if view.unlocked_for is None:
        return Text("Unlocked for this command only", style="dim")
    return Text(f"Unlocked for {format_duration(view.unlocked_for)} more", style="green")


def _streak_rows(streaks: Sequence[StreakReport]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for report in streaks:
        if report.used_today:
            table.add_row(literal(report.tracker.name), "used today · next streak from tomorrow")
            continue
        days = Text(plural(report.current_days, "day"), style="bold green")
        upcoming = report.next_milestone
        days.append(f" · next: {upcoming.name} in {plural(upcoming.days_left, 'day')}", style="")
        if report.milestone_today is not None:
            days.append(f" · {report.milestone_today.name} today!", style="bold magenta")
        table.add_row(literal(report.tracker.name), days)
    return table


def _today(entries: Sequence[Entry]) -> RenderableType:
    if not entries:
        return Text("Nothing logged yet today.", style="dim")
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for entry in entries:
        table.add_row(f"{entry.at:%H:%M}", entry.kind, Text(one_line(entry.summary(), 60)))
    return table


def _hints(view: HomeView) -> Table:
    if view.streaks is None:
        hints = LOCKED_HINTS
    elif not view.streaks:
        hints = EMPTY_HINTS
    else:
        hints = UNLOCKED_HINTS
    table = Table.grid(padding=(0, 2))
    table.add_column(style="cyan", no_wrap=True)
    table.add_column(style="dim")
    for command, why in hints:
        table.add_row(command, why)
    return table


def home_panel(view: HomeView) -> Panel:
    parts: list[RenderableType] = [_lock_line(view)]
    if view.streaks is not None:
        parts += ["", _streak_rows(view.streaks)] if view.streaks else []
        connection = home_lines(view.community) if view.community is not None else []
        parts += ["", *connection] if connection else []
        parts += ["", Text("Today", style="bold"), _today(view.today or ())]
    parts += ["", Text("Next", style="bold"), _hints(view)]
    return Panel(Group(*parts), title="Recovery Journal", box=box.ROUNDED, expand=False)
