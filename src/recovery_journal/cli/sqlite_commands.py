"""`rj export sqlite`: the analysis database, through the one consent-and-write flow.

sqlite-utils is imported only here (through `interchange.sqlite_export`), so no other
command pays for loading it.
"""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_journal.cli.context import now, open_journal, say, warn
from recovery_journal.cli.progress_bar import working
from recovery_journal.cli.sharing import check_target, confirm_share, write_private
from recovery_journal.errors import DamagedEntries, InvalidInput

if TYPE_CHECKING:
    import sqlite3

commands = typer.Typer()


def database_bytes(conn: "sqlite3.Connection") -> bytes:
    """An in-memory database as the bytes of a SQLite file."""
    import contextlib
    import sqlite3
    import tempfile

    serialize = getattr(conn, "serialize", None)
    if serialize is not None:  # Python 3.11 and later
        return bytes(serialize())
    with tempfile.TemporaryDirectory() as folder:  # 0700; removed at once
        copy = Path(folder) / "analysis.db"
        target = sqlite3.connect(copy)
        try:
            conn.backup(target)
        finally:
            target.close()
        data = copy.read_bytes()
        with contextlib.suppress(OSError):
            copy.unlink()
        return data


@commands.command("sqlite")
def export_sqlite(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE.db", help="The database to write (0600)."),
    ],
    include_notes: Annotated[
        bool,
        typer.Option(
            "--include-notes",
            help="Add notes and your own words, with full-text search over them.",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Write the file without asking first.")
    ] = False,
) -> None:
    """A SQLite database to explore with Datasette or any SQL tool (not encrypted)."""
    from recovery_journal.domain.export_records import ExportRecord
    from recovery_journal.domain.words import plural
    from recovery_journal.interchange import sqlite_export

    if output.suffix.lower() not in (".db", ".sqlite", ".sqlite3"):
        raise InvalidInput("Name the database FILE.db (or .sqlite).")
    check_target(output, force=force, assume_yes=yes)  # before the passphrase is asked
    with open_journal() as journal:
        with working("Decrypting every entry"):
            contents = journal.contents()
        if contents.damaged:
            warn(f"{len(contents.damaged)} damaged record(s) cannot be read and are left out.")
        words = (
            "notes and your own words included, searchable"
            if include_notes
            else ("notes and your own words left out (add --include-notes)")
        )
        confirm_share(
            output,
            [
                f"{plural(len(contents.entries), 'entry', 'entries')} in one table per kind, "
                f"{plural(len(contents.trackers), 'tracker', 'trackers')}",
                words,
                "views: " + ", ".join(sqlite_export.VIEWS),
            ],
            recipient=None,
            assume_yes=yes,
        )
        with working("Building the database", total=len(contents.entries)) as advance:
            db, counts = sqlite_export.build(
                contents.entries, contents.trackers, include_notes=include_notes, advance=advance
            )
            data = database_bytes(db.conn)
        db.conn.close()
        write_private(output, data, force=force)
        journal.add_export(
            ExportRecord(
                id="",
                at=now(),
                kind="data",
                format="sqlite",
                file=os.path.abspath(output),
                include_notes=include_notes,
            )
        )
    rows = sum(count for table, count in counts.items() if table != sqlite_export.TRACKERS)
    say(f"The database holds {plural(rows, 'entry', 'entries')} in {len(counts) - 1} tables.")
    if contents.damaged:
        raise DamagedEntries(contents.damaged)
