"""A Rich progress bar on stderr for long work, at a terminal only.

Nothing is drawn when stderr is not a terminal (a script, a pipe, the tests), and
rich.progress is imported only when a bar is drawn. The bar is transient: it is gone
when the work ends, leaving only what the command says. Never start one around a
question: the prompt would fight the bar for the line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from recovery_journal.cli.context import err_console

Advance = Callable[[int], None]


def _nothing(_: int = 1) -> None:
    """What `advance` is when no bar is drawn."""


@contextlib.contextmanager
def working(description: str, total: int | None = None) -> Iterator[Advance]:
    """A bar for `total` steps (or a pulsing one without a total); yields `advance(n)`."""
    if not err_console.is_terminal:
        yield _nothing
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [TextColumn("{task.description}"), BarColumn()]
    if total is not None:
        columns.append(MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(steps: int = 1) -> None:
            bar.advance(task, steps)

        yield advance
