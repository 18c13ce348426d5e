"""What a check-in is about to save, as rows to look over before saying yes. Never prints."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from recovery_journal.domain.entry_base import Entry
from recovery_journal.terminal.entries import KIND_STYLES
from recovery_journal.terminal.text import one_line


def planned_table(entries: Sequence[Entry]) -> Table:
    """One row per entry: its kind, in its colour, and its one-line summary."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    for entry in entries:
        table.add_row(
            Text(f"  {entry.kind}", style=KIND_STYLES[entry.kind]),
            Text(one_line(entry.summary(), 70)),
        )
    return table
