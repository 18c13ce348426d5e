"""Rich renderables for connection and community: the trends tables and, on the home screen,
the gentle isolation nudge (the meetings lines are in `meetings`).
Never prints by itself; never shames: a gap is said as a fact, with one kind suggestion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from recovery_journal.analytics.community import BARC_EVERY_DAYS, CommunityTrends, Isolation
from recovery_journal.analytics.meetings import ChallengeProgress, MeetingWeeks
from recovery_journal.domain.barc import CUT_OFF_WORDS
from recovery_journal.domain.community import BARC_MAX
from recovery_journal.domain.support import Person
from recovery_journal.domain.words import plural
from recovery_journal.terminal.meetings import challenge_line, meeting_weeks_line
from recovery_journal.terminal.text import one_line


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def connection_table(community: CommunityTrends, by: str) -> Table:
    table = Table(title="Connection", box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 0, 0, 2))
    table.add_column("Period", no_wrap=True)
    for name in ("Reached\nout", "Days", "Helped", "Service", "Meetings", "Home\ngroup"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("Meetings by type")
    for row in community.periods:
        busy = row.connections or row.service or row.meetings
        types = " · ".join(f"{code} {count}" for code, count in row.meeting_types.items())
        table.add_row(
            row.period.label,
            *(
                str(value) if busy else ""
                for value in (
                    row.connections,
                    row.connection_days,
                    row.helped,
                    row.service,
                    row.meetings,
                    row.home_group,
                )
            ),
            types,
        )
    table.caption = (
        f"Reached out: calls, texts, visits (`rj connect`), and the days with one, by {by}."
    )
    return table


def mood_by_connection_line(community: CommunityTrends) -> Text:
    mood = community.mood
    line = Text("Mood on days with a connection: ")
    line.append(_num(mood.connection_days_avg), style="bold")
    line.append(f" ({plural(mood.connection_days, 'day')}) · other days: ")
    line.append(_num(mood.other_days_avg), style="bold")
    line.append(f" ({plural(mood.other_days, 'day')})")
    return line


def barc_table(community: CommunityTrends) -> Group:
    table = Table(title="Recovery capital (BARC-10)", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Month", no_wrap=True)
    table.add_column(f"Total (10-{BARC_MAX})", justify="right")
    table.add_column("Times taken", justify="right")
    for month in community.barc:
        table.add_row(month.month.label, str(month.total), str(month.scores))
    return Group(table, Text(CUT_OFF_WORDS, style="dim"))


def community_view(community: CommunityTrends, by: str) -> Group:
    parts: list[RenderableType] = [
        connection_table(community, by),
        mood_by_connection_line(community),
    ]
    if community.barc:
        parts.append(barc_table(community))
    return Group(*parts)


# -- home screen ----------------------------------------------------------------------------


def isolation_lines(
    isolation: Isolation, people: Sequence[Person] | None, nudge_after: int
) -> list[Text]:
    """When the person last reached out; after `nudge_after` days (0: never) a gentle
    suggestion naming the first person in their support network (`people` in call order;
    None when they could not be read)."""
    if isolation.days is None:
        return []
    when = {0: "today", 1: "yesterday"}.get(isolation.days, f"{isolation.days} days ago")
    lines = [
        Text.assemble(("Last reached out ", "bold"), f"{when} ({one_line(isolation.how, 40)})")
    ]
    if not nudge_after or isolation.days < nudge_after:
        return lines
    first = people[0] if people else None
    if first is not None:
        suggestion = f"{one_line(first.name, 40)} might be glad to hear from you"
        if first.phone:
            suggestion += f" ({one_line(first.phone, 40)})"
        suggestion += "."
    else:
        suggestion = "Someone you trust might be glad to hear from you."
    lines.append(
        Text(
            f"It has been {plural(isolation.days, 'day')}. No pressure: {suggestion} "
            "A short call or text counts; log it with `rj connect`.",
            style="cyan",
        )
    )
    return lines


def barc_reminder(days_since: int | None) -> Text | None:
    """Monthly: after 30 days since the last BARC-10, a one-line reminder."""
    if days_since is None or days_since < BARC_EVERY_DAYS:
        return None
    return Text(
        f"Your last BARC-10 was {days_since} days ago; it is suggested monthly: `rj barc`.",
        style="dim",
    )


@dataclass(frozen=True)
class CommunityHome:
    """What the home screen says about connection (see `home_lines`)."""

    isolation: Isolation
    people: Sequence[Person]
    """In call order (the first is named in the nudge)."""
    nudge_after: int
    challenge: ChallengeProgress | None
    """The running meetings challenge, if any."""
    weeks: MeetingWeeks
    barc_days: int | None


def home_lines(home: CommunityHome) -> list[Text]:
    """Connection on the home screen: the challenge, meeting weeks, when the person last
    reached out (with the nudge when it has been a while), and the monthly BARC-10."""
    lines: list[Text] = []
    if home.challenge is not None:
        lines.append(challenge_line(home.challenge))
    weeks = meeting_weeks_line(home.weeks)
    if weeks is not None:
        lines.append(weeks)
    lines += isolation_lines(home.isolation, home.people, home.nudge_after)
    reminder = barc_reminder(home.barc_days)
    if reminder is not None:
        lines.append(reminder)
    return lines
