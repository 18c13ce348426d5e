"""`rj import daylio` and `rj import jrnl`: other apps' diaries in (see cli/importing.py)."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_journal.cli import prompts
from recovery_journal.cli.context import now
from recovery_journal.cli.importing import store_batch
from recovery_journal.cli.progress_bar import working
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from collections import Counter

commands = typer.Typer()

DryRun = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Show the counts, dates, first entries and every problem; write nothing.",
    ),
]
SkipBad = Annotated[
    bool,
    typer.Option("--skip-bad", help="Import the rows that can be read and list those skipped."),
]


def _ask_scores(unknown: "Counter[str]") -> dict[str, int]:
    """A score for each mood name Daylio's stock table does not know, asked at the terminal."""
    from recovery_journal.domain.words import plural
    from recovery_journal.interchange.daylio import mood_key
    from recovery_journal.terminal.text import escape_controls

    sys.stderr.write(
        "Some Daylio moods have names of their own. Give each a score from 1 (worst) to 10 "
        "(best); Daylio's own moods score rad 10, good 8, meh 5, bad 3, awful 1.\n"
    )
    scores: dict[str, int] = {}
    for label, count in unknown.most_common():
        shown = escape_controls(label, keep_newlines=False)
        while True:
            answer = prompts.ask(f"Score for {shown!r} ({plural(count, 'entry', 'entries')}): ")
            answer = answer.strip()
            if answer.isdigit() and 1 <= int(answer) <= 10:
                scores[mood_key(label)] = int(answer)
                break
            sys.stderr.write("Error: a whole number from 1 to 10, please.\n")
    return scores


def _refuse_unknown(file: Path, unknown: "Counter[str]") -> None:
    listed = ", ".join(f"{label!r} ({count})" for label, count in unknown.most_common())
    example = unknown.most_common(1)[0][0]
    raise InvalidInput(
        f"Cannot import {file}: {len(unknown)} mood name(s) have no score: {listed}. "
        f"Add --mood-map NAME=SCORE (1-10) for each, e.g. --mood-map '{example}=6'. "
        "Nothing was imported."
    )


@commands.command("daylio")
def import_daylio(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="Daylio's CSV export, its .daylio backup, or the backup's JSON."
        ),
    ],
    mood_map: Annotated[
        list[str] | None,
        typer.Option(
            "--mood-map",
            metavar="NAME=SCORE",
            help="Score 1-10 for one of your own Daylio moods (repeat for each).",
        ),
    ] = None,
    dry_run: DryRun = False,
    skip_bad: SkipBad = False,
) -> None:
    """Bring in a Daylio diary as moods; a newer export adds only what is new."""
    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.interchange import daylio

    given = daylio.parse_mood_map(mood_map or [])
    with working("Reading the Daylio file"):
        parsed = daylio.read_file(file)  # checked whole before the passphrase is asked
    unknown = daylio.unknown_moods(parsed.rows, given)
    if unknown and prompts.interactive():
        given.update(_ask_scores(unknown))
    elif unknown and not dry_run:
        _refuse_unknown(file, unknown)
    batch = daylio.to_batch(parsed, given, local_zone())
    store_batch(batch, file, dry_run=dry_run, skip_bad=skip_bad)


@commands.command("jrnl")
def import_jrnl(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="A jrnl journal file, a folder journal (YYYY/MM/DD.txt) or `jrnl --format json`.",
        ),
    ],
    time_format: Annotated[
        str | None,
        typer.Option(
            "--time-format",
            metavar="FORMAT",
            help="Your jrnl timeformat if it is not the default, e.g. '%d.%m.%Y %H:%M'.",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", metavar="WHEN", help="The date of a file that is one entry without dates."
        ),
    ] = None,
    dry_run: DryRun = False,
    skip_bad: SkipBad = False,
) -> None:
    """Bring in a jrnl journal as notes, with their tags; starred ones tagged 'starred'."""
    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.domain.dates import resolve_at
    from recovery_journal.interchange import jrnl

    whole_at = None if at is None else resolve_at(at, now())
    with working("Reading the jrnl journal"):
        batch = jrnl.read_path(file, local_zone(), time_format=time_format, whole_at=whole_at)
    store_batch(batch, file, dry_run=dry_run, skip_bad=skip_bad)
