"""The options every logging command takes: --at WHEN, --note TEXT, --tag TAG.

Shared by the logging command modules (`log_commands.py`, `community_commands.py`), which
never import each other.
"""

from typing import Annotated

import typer

WHEN_HELP = "When it happened: 'now' (default), '2026-03-01 21:30', 'yesterday 9pm', '3 days ago'."
AtOption = Annotated[str, typer.Option("--at", metavar="WHEN", help=WHEN_HELP)]
NoteOption = Annotated[str | None, typer.Option("--note", help="A note to keep with the entry.")]
TagOption = Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")]
