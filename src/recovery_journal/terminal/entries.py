"""Rich tables of entries: the list, one entry in full, counts. Never prints."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from recovery_journal.domain import ids
from recovery_journal.domain.entry_base import Entry
from recovery_journal.terminal.text import literal, one_line

KIND_STYLES = {  # every kind in ENTRY_TYPES needs one: tests/test_kinds.py checks
    "mood": "cyan",
    "craving": "yellow",
    "trigger": "magenta",
    "meeting": "green",
    "gratitude": "bright_green",
    "use": "red",
    "sober": "bright_cyan",
    "note": "blue",
    "pacs": "bright_yellow",
    "reflection": "bright_blue",
    "connection": "bright_magenta",
    "service": "green4",
    "barc": "orange3",
    "challenge": "dark_sea_green",
}


def when(entry: Entry) -> str:
    return entry.at.strftime("%a %Y-%m-%d %H:%M")


def entries_table(entries: Iterable[Entry], *, total: int | None = None, width: int = 100) -> Table:
    """Entries as table rows; the summary is cut to fit `width` so each entry keeps one line."""
    rows = list(entries)
    tags = [literal(" ".join(f"#{tag}" for tag in entry.tags)) for entry in rows]
    tags_width = min(24, max((len(cell) for cell in tags), default=0))
    # id 7 + when 20 + kind 9 + three 3-character column gaps, then the tags column if any
    summary_width = max(16, width - 45 - (3 + max(4, tags_width) if tags_width else 0) - 1)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("ID", style="dim", no_wrap=True)
    table.add_column("When", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Summary", no_wrap=True, overflow="ellipsis")
    if tags_width:
        table.add_column("Tags", style="dim", max_width=24, overflow="ellipsis", no_wrap=True)
    for entry, tag_cell in zip(rows, tags, strict=True):
        marker = " [+note]" if entry.note else ""
        gist = one_line(entry.summary(), summary_width - len(marker)) + marker
        cells: list[str | Text] = [
            ids.short(entry.id),
            when(entry),
            Text(entry.kind, style=KIND_STYLES[entry.kind]),
            Text(gist),
        ]
        table.add_row(*cells, *([tag_cell] if tags_width else []))
    if total is not None:
        table.caption = f"{table.row_count} of {total} matching entries"
    return table


def _field_value(value: Any) -> Text:
    if value is None or value == []:
        return Text("—", style="dim")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, list):
        return literal("\n".join(f"• {item}" for item in value))
    return literal(str(value))


def _tracker_value(tracker_id: str | None, names: Mapping[str, str]) -> Text:
    if tracker_id is None:
        return Text("none", style="dim")
    if tracker_id in names:
        return literal(names[tracker_id])
    return Text("a tracker since removed", style="dim")


def entry_detail(entry: Entry, tracker_names: Mapping[str, str] | None = None) -> Table:
    """One entry in full; its `tracker` by name (`tracker_names`: id -> name), not by id."""
    table = Table(box=box.ROUNDED, show_header=False, title=f"{entry.kind} {entry.id}")
    table.add_column("Field", style="bold", no_wrap=True)
    table.add_column("Value", overflow="fold")
    table.add_row("at", Text(entry.at.strftime("%A %Y-%m-%d %H:%M %z")))
    for name, value in entry.fields().items():
        if name == "tracker":
            table.add_row(name, _tracker_value(value, tracker_names or {}))
        else:
            table.add_row(name, _field_value(value))
    table.add_row("tags", _field_value([f"#{tag}" for tag in entry.tags]))
    table.add_row("note", _field_value(entry.note))
    return table


def counts_table(counts: Mapping[str, int]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Kind")
    table.add_column("Count", justify="right")
    for kind, count in counts.items():
        table.add_row(kind, str(count))
    return table
