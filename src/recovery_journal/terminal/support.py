"""Rich renderables for reasons, people and the support block. Never prints by itself.

The support block's wording is warm and plain: it never scolds, counts a slip against
anyone or says "relapse". Everything the person typed goes through `literal()`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from recovery_journal.analytics.support import SupportPlan
from recovery_journal.domain.support import Person, Reason, in_call_order
from recovery_journal.domain.words import plural
from recovery_journal.terminal.text import literal

OPENINGS = {
    "craving": (
        "This is a strong craving, and it will pass.",
        "Cravings rise, peak and fall, often within half an hour. You don't have to act on "
        "this one.",
    ),
    "use": (
        "Thank you for writing it down.",
        "A slip is part of the story, not the end of it. Today can still be a good day to "
        "reach out.",
    ),
    "mood": (
        "This sounds like a heavy day.",
        "Low days are real, and they pass. You don't have to carry this one alone.",
    ),
}
ADD_SOMEONE = 'No one to call is saved yet: rj people add "NAME" --role sponsor --phone NUMBER'


def _who(person: Person) -> Text:
    line = literal(person.name, style="bold")
    if not person.is_crisis_line:
        line.append(f" ({person.role})")
    if person.phone:
        line.append(": ").append_text(literal(person.phone, style="bold"))
    return line


def support_panel(plan: SupportPlan) -> Panel:
    """The block shown after a hard moment (to the terminal, never to stdout)."""
    title, opening = OPENINGS[plan.moment]
    lines = Text(opening)
    if not plan.known:
        lines.append(
            "\nYour reasons and your people are in your journal, which is locked: "
            "rj why list and rj people list show them."
        )
    if plan.reason is not None:
        lines.append("\nYour reason: ").append_text(literal(plan.reason, style="italic"))
    if plan.call is not None:
        lines.append("\nCall ").append_text(_who(plan.call))
    elif plan.known:
        lines.append("\n" + ADD_SOMEONE)
    if plan.helped is not None:
        stat = plan.helped
        lines.append("\nWhat helped you before: ").append_text(literal(stat.strategy, "bold"))
        got_through = f"{stat.resisted} of {plural(stat.times, 'craving')}"
        lines.append(f" (you got through {got_through} with it)")
    for line in plan.crisis:
        lines.append("\nCrisis line: ").append_text(_who(line))
    if plan.moment == "craving":
        lines.append("\nTo ride it out here, with a timer and your breathing: rj urge")
    return Panel(
        lines,
        title=title,
        title_align="left",
        border_style="magenta",
        box=box.ROUNDED,
        expand=False,
    )


def reasons_list(reasons: Sequence[Reason]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title="Why you are doing this")
    table.add_column("#", justify="right", style="dim")
    table.add_column("Reason", overflow="fold")
    table.add_column("Added", no_wrap=True, style="dim")
    for number, reason in enumerate(reasons, start=1):
        table.add_row(str(number), literal(reason.text), f"{reason.added:%Y-%m-%d}")
    return table


def people_table(people: Sequence[Person], *, notes: bool = False) -> Table:
    """People in the order to call them, crisis lines last; notes only when asked for."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("Name", "Role", "Phone"):
        table.add_column(column, no_wrap=column != "Name")
    table.add_column("Note", overflow="fold")
    ordered = in_call_order(people) + [p for p in people if p.is_crisis_line]
    for person in ordered:
        if notes:
            note = literal(person.note)
        else:
            note = Text("[+note]" if person.note else "", style="dim")
        table.add_row(literal(person.name), person.role, literal(person.phone or ""), note)
    return table
