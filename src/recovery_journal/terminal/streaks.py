"""Rich renderables for streaks and their history. Never prints by itself."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from recovery_journal.analytics.streaks import Attempt, StreakReport, elapsed
from recovery_journal.domain.words import plural
from recovery_journal.terminal.text import literal, one_line

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹"}
HOURS_SHOWN_UNDER_DAYS = 3


def elapsed_text(since: datetime, now: datetime) -> str:
    """'2 days, 5 hours, 12 minutes': the detail that matters in the first days."""
    minutes = max(0, int(elapsed(since, now).total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [plural(days, "day")] if days else []
    parts += [plural(hours, "hour"), plural(minutes, "minute")]
    return ", ".join(parts)


def money(amount: Decimal, currency: str | None) -> str:
    value = f"{amount.quantize(Decimal('0.01')):,}"
    if currency in CURRENCY_SYMBOLS:
        return f"{CURRENCY_SYMBOLS[currency]}{value}"
    return f"{value} {currency}" if currency else value


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole}"


def streak_panel(report: StreakReport, now: datetime) -> Panel:
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()
    headline = Text(plural(report.current_days, "day"), style="bold green")
    headline.append(f" clean, since {report.clean_since:%a %d %b %Y}", style="")
    if report.current_days < HOURS_SHOWN_UNDER_DAYS:
        headline.append(f"\n{elapsed_text(report.current_since, now)}", style="green")
    rows.add_row("Current", headline)
    rows.add_row("Longest", plural(report.longest_days, "day"))
    rows.add_row("Use days", f"{report.use_days} since you began tracking")
    share = "" if report.sober_share is None else f" · {report.sober_share:.0%} of all days"
    rows.add_row(
        "Sober days",
        f"{_share(report.sober_days_last_30, 30)} last 30 · "
        f"{_share(report.sober_days_last_90, 90)} last 90 · "
        f"{_share(report.sober_days_last_365, 365)} last 365{share}",
    )
    if report.last_milestone is not None:
        rows.add_row(
            "Milestone",
            f"{report.last_milestone.name} (reached {report.last_milestone.day:%d %b %Y})",
        )
    upcoming = report.next_milestone
    rows.add_row(
        "Next", f"{upcoming.name} in {plural(upcoming.days_left, 'day')} ({upcoming.day:%d %b %Y})"
    )
    if report.money_saved is not None:
        rows.add_row("Saved", money(report.money_saved, report.tracker.currency))
    rows.add_row(
        "Meetings",
        f"{report.meetings_last_90} in the last 90 days "
        f"(90 in 90: {min(report.meetings_last_90, 90)}/90)",
    )
    parts: list[RenderableType] = [rows]
    if report.milestone_today is not None:
        cheer = Text(
            f"\nToday you reach {report.milestone_today.name}. Well done: one day at a time, "
            "and they add up.",
            style="bold magenta",
        )
        parts.append(cheer)
    return Panel(
        Group(*parts),
        title=literal(report.tracker.name),
        title_align="left",
        border_style="green",
        box=box.ROUNDED,
        expand=False,
    )


def history_table(report: StreakReport) -> Table:
    table = Table(
        title=literal(f"{report.tracker.name}: every streak"),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        caption=_history_caption(report),
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("Sober from", no_wrap=True)
    table.add_column("Last sober day", no_wrap=True)
    table.add_column("Days", justify="right")
    table.add_column("Then", overflow="fold")
    for number, attempt in enumerate(report.attempts, start=1):
        table.add_row(
            str(number),
            f"{attempt.start:%Y-%m-%d}",
            _last_day(attempt),
            str(attempt.days),
            _then(attempt),
        )
    return table


def _last_day(attempt: Attempt) -> str:
    if attempt.end is None:
        return "today"
    return "—" if attempt.days == 0 else f"{attempt.end:%Y-%m-%d}"


def _then(attempt: Attempt) -> Text:
    if attempt.ended_by is None:
        return Text("still going", style="green")
    used_on = attempt.used_on or attempt.ended_by.at.date()
    words = one_line(attempt.ended_by.note, 60)
    return Text(f"use on {used_on:%Y-%m-%d}" + (f": {words}" if words else ""))


def _history_caption(report: StreakReport) -> str:
    if report.average_recent_days is None:
        return ""
    count = min(3, len(report.attempts))
    return (
        f"Average of the last {plural(count, 'streak')}: {report.average_recent_days:.1f} days. "
        "Every day sober counts, whatever came after."
    )
