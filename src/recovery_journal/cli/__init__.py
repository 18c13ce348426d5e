"""Command-line interface (Typer): parse, call the layers below, render.

One module per command group; command modules do not import each other. It may
import every other layer. `from recovery_journal.cli import app` is the whole app.
"""

from recovery_journal.cli.app import app, main
from recovery_journal.cli.program import run

__all__ = ["app", "main", "run"]
