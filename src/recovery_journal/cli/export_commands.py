"""`rj export ...`: what a person chooses to share, and a record of what they shared."""

from typing import Annotated

import typer
from rich import box
from rich.table import Table

from recovery_journal.cli.context import console, open_journal, say

commands = typer.Typer()


@commands.command("history")
def export_history(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Everything you have exported: when, what period, which sections, to whom."""
    from recovery_journal.domain.export_records import shown_sections
    from recovery_journal.terminal.text import literal, to_json_text
    from recovery_journal.vault.journal import TRACKERS_ONLY

    with open_journal() as journal:
        exports = journal.contents(TRACKERS_ONLY).exports
    if as_json:
        typer.echo(to_json_text([record.to_json() for record in exports]))
        return
    if not exports:
        say("Nothing exported yet.")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("When", "What", "Period", "Sections"):
        table.add_column(column)
    table.add_column("File", overflow="fold")  # whole: a path cut short names no file
    table.add_column("For")
    for record in exports:
        period = "" if record.since is None else f"{record.since} to {record.until}"
        what = f"{record.kind} ({record.format})"
        table.add_row(
            f"{record.at:%Y-%m-%d %H:%M}",
            what,
            period,
            shown_sections(record) or ("all" if not record.sections else "notes left out"),
            literal(record.file or "stdout"),
            literal(record.recipient or ""),
        )
    console.print(table)
