"""Rich renderables for streaks and their history. Never prints by itself."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from recovery_journal.analytics.streaks import SOBER_WINDOWS, Attempt, StreakReport
from recovery_journal.domain.kinds.reflection import Reflection
from recovery_journal.domain.words import plural
from recovery_journal.terminal.text import literal, one_line

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹"}
HOURS_SHOWN_UNDER_DAYS = 3


def elapsed_text(days: int, now: datetime) -> str:
    """'2 days, 5 hours, 12 minutes': the detail that matters in the first days.

    One clock: the days are the streak's calendar days and the hours the time on the
    clock today, so the line always agrees with the day count above it, DST days too.
    """
    parts = [plural(days, "day")] if days else []
    parts += [plural(now.hour, "hour"), plural(now.minute, "minute")]
    return ", ".join(parts)


def money(amount: Decimal, currency: str | None) -> str:
    value = f"{amount.quantize(Decimal('0.01')):,}"
    if currency in CURRENCY_SYMBOLS:
        return f"{CURRENCY_SYMBOLS[currency]}{value}"
    return f"{value} {currency}" if currency else value


def current_text(report: StreakReport, now: datetime) -> Text:
    """'12 days clean, since Mon 09 Nov 2026', never a day still to come."""
    if report.used_today:
        return Text("Used today; your next streak starts tomorrow.", style="bold")
    if report.clean_since > now.date():  # a clean date set for tomorrow
        return Text(f"Your streak starts tomorrow ({report.clean_since:%a %d %b %Y}).")
    headline = Text(plural(report.current_days, "day"), style="bold green")
    headline.append(f" clean, since {report.clean_since:%a %d %b %Y}", style="")
    if report.current_days < HOURS_SHOWN_UNDER_DAYS:
        headline.append(f"\n{elapsed_text(report.current_days, now)}", style="green")
    return headline


def sober_days_text(report: StreakReport) -> str:
    """'12/12 last 30 · 100% of all days': out of the days tracked in each window; a window
    reaching back before the clean date is the last one shown (larger ones say the same)."""
    windows = zip(
        SOBER_WINDOWS,
        (report.sober_days_last_30, report.sober_days_last_90, report.sober_days_last_365),
        (report.tracked_days_last_30, report.tracked_days_last_90, report.tracked_days_last_365),
        strict=True,
    )
    if not report.tracked_days_last_30:
        return "none completed yet: today counts once it is over"
    parts = []
    for window, sober, tracked in windows:
        parts.append(f"{sober}/{tracked} last {window}")
        if tracked < window:
            break
    share = "" if report.sober_share is None else f" · {report.sober_share:.0%} of all days"
    return " · ".join(parts) + share


def meetings_line(reports: Sequence[StreakReport]) -> Text | None:
    """Meetings in the last 90 days, said once under all the trackers; None without any."""
    count = reports[0].meetings_last_90 if reports else 0
    if not count:
        return None
    line = Text("Meetings", style="bold")
    line.append(f"  {count} in the last 90 days (90 in 90: {min(count, 90)}/90)")
    return line


def cheer(report: StreakReport) -> Text:
    """The celebration on a milestone day (empty on other days)."""
    if report.milestone_today is None:
        return Text("")
    return Text(
        f"Today you reach {report.milestone_today.name}. Well done: one day at a time, "
        "and they add up.",
        style="bold magenta",
    )


def streak_line(report: StreakReport, now: datetime) -> Text:
    """One tracker's streak in a line (after a check-in), and the celebration on its day."""
    line = Text()
    line.append(f"{report.tracker.name}: ", style="bold")
    if report.used_today or report.clean_since > now.date():
        line.append_text(current_text(report, now))
        return line
    line.append(plural(report.current_days, "day"), style="bold green")
    line.append(f" clean, since {report.clean_since:%a %d %b %Y}")
    upcoming = report.next_milestone
    line.append(f" · next: {upcoming.name} in {plural(upcoming.days_left, 'day')}")
    if report.milestone_today is not None:
        line.append("\n")
        line.append_text(cheer(report))
    return line


def streak_panel(report: StreakReport, now: datetime) -> Panel:
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()
    rows.add_row("Current", current_text(report, now))
    rows.add_row("Longest", plural(report.longest_days, "day"))
    rows.add_row("Use days", f"{report.use_days} since you began tracking")
    rows.add_row("Sober days", sober_days_text(report))
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
    parts: list[RenderableType] = [rows]
    if report.milestone_today is not None:
        parts.append(Text("\n") + cheer(report))
    return Panel(
        Group(*parts),
        title=literal(report.tracker.name),
        title_align="left",
        border_style="green",
        box=box.ROUNDED,
        expand=False,
    )


def history_table(
    report: StreakReport, reflections: Mapping[str, Reflection] | None = None
) -> Table:
    """Every streak and what ended it; `reflections` (by the id of the use they are about)
    add the person's own "what could be different" under the use."""
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
        if attempt.end is None and report.used_today:
            table.add_row(str(number), "tomorrow", "", "", Text("your next streak", style="green"))
            continue
        table.add_row(
            str(number),
            f"{attempt.start:%Y-%m-%d}",
            _last_day(attempt),
            str(attempt.days),
            _then(attempt, reflections or {}),
        )
    return table


def _last_day(attempt: Attempt) -> str:
    if attempt.end is None:
        return "today"
    return "—" if attempt.days == 0 else f"{attempt.end:%Y-%m-%d}"


def _then(attempt: Attempt, reflections: Mapping[str, Reflection]) -> Text:
    if attempt.ended_by is None:
        return Text("still going", style="green")
    first = attempt.used_on or attempt.ended_by.at.date()
    last = attempt.used_until or first
    if last > first:
        days = (last - first + timedelta(days=1)).days
        used = f"used {first:%Y-%m-%d} to {last:%Y-%m-%d} ({days} days)"
    else:
        used = f"use on {first:%Y-%m-%d}"
    words = one_line(attempt.ended_by.note, 60)
    then = Text(used + (f": {words}" if words else ""))
    reflection = reflections.get(attempt.ended_by.id)
    if reflection is not None:
        looking_back = reflection.different or reflection.activating or reflection.beliefs
        label = "next time" if reflection.different else "reflected"
        then.append(f"\n{label}: {one_line(looking_back or reflection.consequences, 60)}")
    return then


def _history_caption(report: StreakReport) -> str:
    if report.average_recent_days is None:
        return ""
    count = report.averaged_streaks
    return (
        f"Average of the last {plural(count, 'streak')}: {report.average_recent_days:.1f} days. "
        "Every day sober counts, whatever came after."
    )
