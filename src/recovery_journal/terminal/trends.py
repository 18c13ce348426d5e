"""Rich renderables for `rj trends`. Never prints by itself."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from recovery_journal.analytics.patterns import TIMES_OF_DAY
from recovery_journal.analytics.trends import PeriodStats, TrendsReport, trend
from recovery_journal.domain.sparklines import spark, sparkline
from recovery_journal.domain.words import WEEKDAYS_SHORT, plural
from recovery_journal.terminal.text import literal

_ARROWS = {"up": "↑", "down": "↓", "flat": "→", "": " "}


def arrow(previous: float | None, current: float | None, *, higher_is_better: bool) -> Text:
    direction = trend(previous, current)
    if direction in ("", "flat"):
        return Text(_ARROWS[direction], style="dim")
    good = (direction == "up") == higher_is_better
    return Text(_ARROWS[direction], style="green" if good else "red")


def _num(value: float | None, pattern: str = "{:.1f}") -> str:
    return "" if value is None else pattern.format(value)


def _cell(
    value: str,
    previous: float | None,
    current: float | None,
    *,
    higher_is_better: bool,
    bar: Text | None = None,
) -> Text:
    """'4.0 ▃ ↑': the value, an optional bar, and an arrow against the previous period."""
    if not value:
        return Text("")
    cell = Text(value + " ")
    if bar is not None:
        cell.append_text(bar).append(" ")
    return cell.append_text(arrow(previous, current, higher_is_better=higher_is_better))


def periods_table(stats: Sequence[PeriodStats], by: str) -> Table:
    most_cravings = float(max((row.cravings for row in stats), default=0) or 1)
    moods = sparkline([row.mood_avg for row in stats], 1, 10)
    cravings = sparkline(
        [float(row.cravings) if _has_data(row) else None for row in stats], 0, most_cravings
    )
    table = Table(
        padding=(0, 0, 0, 1),  # narrower gaps: nine columns fit an 88-column terminal
        title=f"By {by}",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        caption=f"mood {moods}   cravings {cravings}   (↑↓ against the previous {by})",
    )
    table.add_column("Period", no_wrap=True)
    for name in (
        "Mood",
        "Range",
        "Cravings",
        "Avg\nintensity",
        "Resisted",
        "Use\ndays",
        "Meetings",
        "Gratitude",
    ):
        table.add_column(name, justify="right", no_wrap=True)
    previous: PeriodStats | None = None
    for row in stats:
        prev = _Previous(previous)
        mood = _cell(
            _num(row.mood_avg),
            prev.mood_avg,
            row.mood_avg,
            higher_is_better=True,
            bar=Text(spark(row.mood_avg, 1, 10), style="cyan"),
        )
        craving_bar = Text(
            spark(float(row.cravings), 0, most_cravings) if row.cravings else " ", style="yellow"
        )
        table.add_row(
            row.period.label,
            mood,
            "" if row.mood_min is None else f"{row.mood_min}-{row.mood_max}",
            _cell(
                _count(row.cravings, row),
                prev.cravings,
                float(row.cravings),
                higher_is_better=False,
                bar=craving_bar,
            ),
            _cell(
                _num(row.craving_avg_intensity),
                prev.craving_avg_intensity,
                row.craving_avg_intensity,
                higher_is_better=False,
            ),
            _cell(
                _num(row.resisted_share, "{:.0%}"),
                prev.resisted_share,
                row.resisted_share,
                higher_is_better=True,
            ),
            _count(row.use_days, row),
            _count(row.meetings, row),
            _count(row.gratitude, row),
        )
        previous = row
    return table


class _Previous:
    """The previous period's figures, or None for the first period."""

    def __init__(self, stats: PeriodStats | None) -> None:
        self.mood_avg = stats.mood_avg if stats else None
        self.cravings = float(stats.cravings) if stats else None
        self.craving_avg_intensity = stats.craving_avg_intensity if stats else None
        self.resisted_share = stats.resisted_share if stats else None


def _has_data(row: PeriodStats) -> bool:
    return bool(row.moods or row.cravings or row.use_days or row.meetings or row.gratitude)


def _count(value: int, row: PeriodStats) -> str:
    return str(value) if _has_data(row) else ""


def triggers_table(report: TrendsReport) -> Table:
    table = Table(title="Most frequent triggers", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Trigger")
    table.add_column("Times", justify="right")
    table.add_column("Avg intensity", justify="right")
    table.add_column("Resisted", justify="right")
    for stat in report.triggers:
        table.add_row(
            literal(stat.name),
            str(stat.count),
            _num(stat.avg_intensity),
            _num(stat.resisted_share, "{:.0%}"),
        )
    return table


def halt_table(report: TrendsReport) -> Table:
    table = Table(title="HALT: hungry, angry, lonely, tired", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("")
    table.add_column("Cravings", justify="right")
    table.add_column("", style="yellow")
    most = max(report.halt.values(), default=0)
    for word, count in report.halt.items():
        table.add_row(word, str(count), "█" * round(12 * count / most) if most else "")
    return table


def heatmap_table(report: TrendsReport) -> Table:
    table = Table(title="When cravings hit", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("")
    for day in WEEKDAYS_SHORT:
        table.add_column(day, justify="right")
    most = max(report.heatmap.values(), default=0)
    for bucket in TIMES_OF_DAY:
        cells = []
        for weekday in range(7):
            count = report.heatmap.get((weekday, bucket), 0)
            style = "bold red" if most and count == most else ("yellow" if count else "dim")
            cells.append(Text(str(count) if count else "·", style=style))
        table.add_row(bucket, *cells)
    return table


def helps_table(report: TrendsReport) -> Group:
    table = Table(title="What helps", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Coping strategy")
    table.add_column("Times", justify="right")
    table.add_column("Resisted", justify="right")
    for stat in report.coping:
        table.add_row(literal(stat.strategy), str(stat.times), _num(stat.resisted_share, "{:.0%}"))
    mood = report.mood_by_meeting
    line = Text("Mood on meeting days: ")
    line.append(_num(mood.meeting_days_avg) or "—", style="bold")
    line.append(f" ({plural(mood.meeting_days, 'day')}) · other days: ")
    line.append(_num(mood.other_days_avg) or "—", style="bold")
    line.append(f" ({plural(mood.other_days, 'day')})")
    return Group(table, line)


def pacs_table(report: TrendsReport) -> Group:
    """Penn Alcohol Craving Scale totals by week; a total of 15 or more is pointed out."""
    table = Table(title="Craving over the week (PACS)", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Week", no_wrap=True)
    table.add_column("PACS total (0-30)", justify="right")
    table.add_column("")
    previous: int | None = None
    for week in report.pacs:
        cell = _cell(
            str(week.total),
            None if previous is None else float(previous),
            float(week.total),
            higher_is_better=False,
        )
        table.add_row(week.week.label, cell, Text("15 or more" if week.high else "", "yellow"))
        previous = week.total
    if not any(week.high for week in report.pacs):
        return Group(table)
    note = Text(
        "A total of 15 or more means cravings took up a lot of that week: worth talking "
        "over with your sponsor or therapist.",
        style="yellow",
    )
    return Group(table, note)


def trends_view(report: TrendsReport) -> Group:
    parts: list[RenderableType] = [periods_table(report.periods, report.by)]
    if report.pacs:
        parts.append(pacs_table(report))
    if report.triggers:
        parts.append(triggers_table(report))
    parts += [halt_table(report), heatmap_table(report), helps_table(report)]
    if report.community is not None and not report.community.is_empty:
        from recovery_journal.terminal.community import community_view

        parts.append(community_view(report.community, report.by))
    return Group(*parts)
