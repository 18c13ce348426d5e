"""Rich renderables for `export tlfb` and `export diary-card`. Never prints by itself."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group
from rich.table import Table

from recovery_journal.analytics.diary_card import DiaryCard
from recovery_journal.analytics.tlfb import TlfbFigures
from recovery_journal.reports.diary_card import card_table
from recovery_journal.reports.document import NONE, number
from recovery_journal.terminal.text import literal


def tlfb_figures_table(figures: Sequence[TlfbFigures]) -> Group:
    """Days, days with data, use days, percent days abstinent (of days with data) and the
    longest run without a use; then quantities, for trackers whose uses gave them."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title="Timeline Followback")
    for name in ("Tracker", "Days", "With data", "Use days", "% abstinent", "Longest run"):
        table.add_column(name, justify="left" if name == "Tracker" else "right")
    for f in figures:
        if f.first_day is None:
            table.add_row(literal(f.tracker), "0", NONE, NONE, NONE, "tracking began later")
            continue
        table.add_row(
            literal(f.tracker),
            str(f.days),
            str(f.days_with_data),
            str(f.use_days),
            NONE if f.percent_abstinent is None else f"{number(f.percent_abstinent, 1)}%",
            f"{f.longest_abstinent_run} days",
        )
    counted = [f for f in figures if f.unit is not None]
    if not counted:
        return Group(table)
    amounts = Table(box=box.SIMPLE_HEAD, show_edge=False, title="Quantities")
    for name in ("Tracker", "Total", "Per use day", "Heavy days", "Highest day"):
        amounts.add_column(name, justify="left" if name == "Tracker" else "right")
    for f in counted:
        heavy = NONE if f.heavy_days is None else str(f.heavy_days)
        highest = NONE if f.highest_day is None else f"{f.quantity(f.highest)} {f.highest_day}"
        row = (f.quantity(f.total), f.quantity(f.per_use_day), heavy, highest)
        amounts.add_row(literal(f.tracker), *(literal(cell) for cell in row))
    return Group(table, amounts)


def diary_card_table(card: DiaryCard) -> Table:
    headers, rows = card_table(card)
    table = Table(
        box=box.ROUNDED,
        title=f"Diary card: week of {card.start:%a %d %b %Y}",
        show_lines=True,
    )
    for index, header in enumerate(headers):
        if index == 0:
            table.add_column(header, style="bold", no_wrap=True)
        else:
            table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(literal(cell) for cell in row))
    return table
