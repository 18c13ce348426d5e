"""Rich renderables for `export tlfb` and `export diary-card`. Never prints by itself."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table

from recovery_journal.analytics.diary_card import DiaryCard
from recovery_journal.analytics.tlfb import TlfbFigures
from recovery_journal.reports.diary_card import card_table
from recovery_journal.reports.document import NONE, number
from recovery_journal.terminal.text import literal


def tlfb_figures_table(figures: Sequence[TlfbFigures]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title="Timeline Followback")
    for name in ("Tracker", "Days tracked", "Use days", "Days abstinent", "% abstinent"):
        table.add_column(name, justify="left" if name == "Tracker" else "right")
    table.add_column("Longest abstinent run", justify="right")
    for f in figures:
        if f.first_day is None:
            table.add_row(literal(f.tracker), "0", NONE, NONE, NONE, "tracking began later")
            continue
        table.add_row(
            literal(f.tracker),
            str(f.days),
            str(f.use_days),
            str(f.abstinent_days),
            f"{number(f.percent_abstinent, 1)}%",
            f"{f.longest_abstinent_run} days",
        )
    return table


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
