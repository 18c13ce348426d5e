"""`rj streak` and `rj trends`: how long, and how it is going."""

import dataclasses
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recovery_journal.cli.context import complete_tracker_name, console, now, open_journal, say
from recovery_journal.errors import DamagedEntries, InvalidInput

if TYPE_CHECKING:
    from datetime import date

    from rich.text import Text

    from recovery_journal.analytics.streaks import StreakReport
    from recovery_journal.domain.entries import Entry, Reflection

commands = typer.Typer()

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
PERIOD_CHOICES = ("day", "week", "month")
MAX_PERIODS = 1000
STREAK_KINDS = frozenset({"use", "craving", "meeting", "challenge"})
RECENT_CHALLENGE_DAYS = 30  # a challenge that ended is still shown this long


@commands.command("streak", rich_help_panel="Progress")
def show_streaks(
    tracker: Annotated[
        str | None,
        typer.Argument(
            metavar="[TRACKER]", help="Only this tracker.", autocompletion=complete_tracker_name
        ),
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Every streak, with what ended it.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """How long you have been clean, milestones, and progress a slip does not erase."""
    from recovery_journal.analytics.streaks import COUNTED_CRAVINGS, streak_reports
    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.domain.trackers import find_tracker
    from recovery_journal.terminal.streaks import history_table, streak_panel
    from recovery_journal.terminal.text import to_json_text
    from recovery_journal.vault.journal import EntryScope

    current = now()
    kinds = STREAK_KINDS | {"reflection"} if history else STREAK_KINDS
    with open_journal() as journal:
        # Only the cravings acted on: resisted ones (most) would be rebuilt for nothing.
        contents = journal.contents(EntryScope(kinds=kinds, only_where=(COUNTED_CRAVINGS,)))
    reports = streak_reports(
        contents.trackers, contents.entries, today=current.date(), zone=local_zone()
    )
    if tracker is not None:
        chosen = find_tracker(contents.trackers, tracker)
        reports = [report for report in reports if report.tracker.id == chosen.id]
    if as_json:
        meetings = _meetings_json(contents.entries, current.date())
        typer.echo(to_json_text([{**report.to_json(), **meetings} for report in reports]))
    elif not reports:
        say("No trackers yet. Add one with `rj tracker add alcohol --clean-date today`.")
    else:
        for report in reports:
            if history:
                console.print(history_table(report, _reflections(contents.entries)))
            else:
                console.print(streak_panel(report, current))
        if not history:  # meetings are the same for every tracker: said once
            for line in _meeting_lines(reports, contents.entries, current.date()):
                console.print(line)
    if contents.damaged:
        raise DamagedEntries(contents.damaged)


def _meeting_lines(
    reports: "list[StreakReport]", entries: "list[Entry]", today: "date"
) -> "list[Text]":
    """Meetings in the last 90 days (or the meetings challenge), and weeks with a meeting."""
    from datetime import timedelta

    from recovery_journal.analytics.meetings import meetings_today
    from recovery_journal.terminal.meetings import challenge_line, meeting_weeks_line
    from recovery_journal.terminal.streaks import meetings_line

    progress, weeks = meetings_today(entries, today)
    lines: list[Text | None] = []
    if progress is not None and (
        progress.running
        or today - (progress.challenge.ended_on or progress.last_day)
        <= timedelta(days=RECENT_CHALLENGE_DAYS)
    ):
        lines.append(challenge_line(progress))
    else:
        lines.append(meetings_line(reports))
    lines.append(meeting_weeks_line(weeks))
    return [line for line in lines if line is not None]


def _meetings_json(entries: "list[Entry]", today: "date") -> dict[str, Any]:
    """What the screen says under the streaks, for `streak --json` (the same for each tracker):
    the latest meetings challenge (null before any) and weeks in a row with a meeting."""
    from recovery_journal.analytics.meetings import meetings_today

    progress, weeks = meetings_today(entries, today)
    return {
        "meetings_challenge": None if progress is None else progress.to_json(),
        "meeting_weeks": weeks.to_json(),
    }


def _reflections(entries: "list[Entry]") -> "dict[str, Reflection]":
    """The latest reflection on each use, by the use's id (entries come newest first)."""
    from recovery_journal.domain.entries import Reflection

    found: dict[str, Reflection] = {}
    for entry in entries:
        if isinstance(entry, Reflection):
            found.setdefault(entry.use_id, entry)
    return found


@commands.command("trends", rich_help_panel="Progress")
def show_trends(
    by: Annotated[str, typer.Option(help="Group by day, week or month.")] = "week",
    since: Annotated[
        str | None, typer.Option(metavar="WHEN", help="First day (default: 12 weeks ago).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="WHEN", help="Last day (default: today).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Mood, cravings, triggers and what helps, period by period."""
    from recovery_journal.analytics.periods import default_range, periods
    from recovery_journal.analytics.trends import trends_report
    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.domain.dates import period, read_from
    from recovery_journal.terminal.text import to_json_text
    from recovery_journal.terminal.trends import trends_view
    from recovery_journal.vault.journal import EntryScope

    if by not in PERIOD_CHOICES:
        raise InvalidInput(f"--by must be day, week or month, not {by!r}.")
    current = now()
    first, last = period(since, until, current, default_range(by, current.date()))
    spans = periods(by, first, last)
    if len(spans) > MAX_PERIODS:
        raise InvalidInput(
            f"That is more than {MAX_PERIODS} {by}s; use a shorter range or --by month."
        )
    scope = EntryScope(since=read_from(spans[0].start, local_zone()))
    with open_journal() as journal:
        contents = journal.contents(scope)
    report = trends_report(contents.entries, by=by, since=first, until=last)
    # The scope left older entries out; they still count as "entries in the whole journal".
    report = dataclasses.replace(report, total_entries=report.total_entries + contents.skipped)
    if as_json:
        typer.echo(to_json_text(report.to_json()))
    elif report.is_empty:
        say("Nothing to show yet: log a few moods and cravings and your trends will appear here.")
    else:
        console.print(trends_view(report))
    if contents.damaged:
        raise DamagedEntries(contents.damaged)
