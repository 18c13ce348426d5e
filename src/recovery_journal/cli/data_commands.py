"""`rj export data` and `rj import json`: every entry, out and back in."""

import os
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_journal.cli.context import now, open_journal, say, warn
from recovery_journal.cli.progress_bar import working
from recovery_journal.cli.sharing import check_target, confirm_share, write_private
from recovery_journal.errors import DamagedEntries, InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry
    from recovery_journal.domain.trackers import Tracker
    from recovery_journal.vault.journal import Contents

FORMATS = ("json", "csv")
NOT_ENCRYPTED_STDOUT = (
    "This output is NOT encrypted. A file you redirect it into is readable by whoever your "
    "umask allows; `-o FILE` writes a file only you can read."
)

import_app = typer.Typer(
    help="Bring entries back in from an export (`rj export data`).", no_args_is_help=True
)
export_commands = typer.Typer()


def _entry_counts(entries: "Sequence[Entry]") -> str:
    """'12 entries (5 mood, 7 craving)'."""
    from recovery_journal.domain.entries import KINDS
    from recovery_journal.domain.words import plural

    found = Counter(entry.kind for entry in entries)
    detail = ", ".join(f"{found[kind]} {kind}" for kind in KINDS if found[kind])
    text = plural(len(entries), "entry", "entries")
    return f"{text} ({detail})" if detail else text


def _choose_format(format_: str | None, output: Path | None) -> str:
    zipped = output is not None and output.suffix.lower() == ".zip"
    chosen = (format_ or ("csv" if zipped else "json")).strip().lower()
    if chosen not in FORMATS:
        raise InvalidInput(f"--format must be json or csv, not {format_!r}.")
    if chosen == "csv" and output is None:
        raise InvalidInput("CSV is one file per kind: add -o FOLDER or -o FILE.zip.")
    if chosen == "csv" and output is not None and output.suffix.lower() == ".csv":
        raise InvalidInput("CSV is one file per kind: give -o a folder name or a .zip file.")
    if chosen == "json" and zipped:
        raise InvalidInput("A .zip holds the CSV files: add --format csv, or name a .json file.")
    return chosen


def _one_file(fmt: str, contents: "Contents", at: datetime, include_history: bool) -> bytes:
    """JSON, or the CSV files zipped: what goes to stdout or into one file."""
    from recovery_journal.domain.settings import settings_of
    from recovery_journal.interchange import csv_export, json_export
    from recovery_journal.terminal.text import to_json_text

    history = contents.exports if include_history else None
    if fmt == "json":
        document = json_export.export_document(
            contents.entries,
            contents.trackers,
            exported_at=at,
            exports=history,
            people=contents.people,
            reasons=contents.reasons,
            settings=settings_of(contents.settings) if contents.settings else None,
        )
        return (to_json_text(document) + "\n").encode()
    return csv_export.zip_archive(_csv_files(contents, include_history), when=at)


def _csv_files(contents: "Contents", include_history: bool) -> dict[str, str]:
    from recovery_journal.interchange import csv_export

    history = contents.exports if include_history else None
    return csv_export.csv_files(
        contents.entries,
        contents.trackers,
        exports=history,
        people=contents.people,
        reasons=contents.reasons,
    )


def _write_confirmed(
    output: Path,
    contents: "Contents",
    fmt: str,
    at: datetime,
    *,
    force: bool,
    yes: bool,
    history: bool,
) -> None:
    """The one consent-and-write flow of every unencrypted export (see `sharing`)."""
    from recovery_journal.domain.words import plural

    what = (
        f"{plural(len(contents.entries), 'entry', 'entries')} and "
        f"{plural(len(contents.trackers), 'tracker', 'trackers')}, every field, notes included"
    )
    if contents.people or contents.reasons:
        what += (
            f"; {plural(len(contents.people), 'person', 'people')} you can call, with their "
            f"numbers, and {plural(len(contents.reasons), 'reason', 'reasons')} for recovery"
        )
    confirm_share(output, [what], recipient=None, assume_yes=yes)
    with working("Writing the export"):
        if fmt == "csv" and output.suffix.lower() != ".zip":
            files = {name: text.encode() for name, text in _csv_files(contents, history).items()}
            write_private(output, files, force=force)
        else:
            write_private(output, _one_file(fmt, contents, at, history), force=force)


@export_commands.command("data")
def export_data(
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="json|csv",
            help="json (one document; the default) or csv (one file per kind: a folder or .zip).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write here (0600) instead of printing JSON: a .json file, a folder or a .zip.",
        ),
    ] = None,
    include_history: Annotated[
        bool, typer.Option("--include-history", help="Add the list of your past exports.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Write the file without asking first.")
    ] = False,
) -> None:
    """Every entry and tracker with every field, as JSON or CSV (not encrypted)."""
    from recovery_journal.domain.export_records import ExportRecord

    fmt = _choose_format(format_, output)
    # Checked before the passphrase is asked, so a typo costs nothing.
    folder = output is not None and fmt == "csv" and output.suffix.lower() != ".zip"
    check_target(output, force=force, assume_yes=yes, folder=folder)
    with open_journal() as journal:
        with working("Decrypting every entry"):
            contents = journal.contents()
        exported_at = now()
        if contents.damaged:
            warn(f"{len(contents.damaged)} damaged record(s) cannot be read and are left out.")
        if output is None:
            if not sys.stdout.isatty():
                warn(NOT_ENCRYPTED_STDOUT)
            sys.stdout.buffer.write(_one_file(fmt, contents, exported_at, include_history))
            sys.stdout.flush()
        else:
            _write_confirmed(
                output, contents, fmt, exported_at, force=force, yes=yes, history=include_history
            )
        where = None if output is None else os.path.abspath(output)
        journal.add_export(
            ExportRecord(
                id="", at=exported_at, kind="data", format=fmt, file=where, include_notes=True
            )
        )
    if contents.damaged:
        raise DamagedEntries(contents.damaged)


def _tracker_merges(
    existing: "Sequence[Tracker]", incoming: "Sequence[Tracker]", *, merge: bool
) -> "dict[str, Tracker]":
    """The file's trackers that join this journal's tracker of the same name, by their id.

    Same name and clean date: merged. A different clean date: merged with
    --merge-trackers or when the person says so at a terminal (this journal's clean
    date and settings are kept); otherwise the import is refused.
    """
    from recovery_journal.cli import prompts
    from recovery_journal.domain.validation import fold_name

    by_name = {fold_name(tracker.name): tracker for tracker in existing}
    merges: dict[str, Tracker] = {}
    for tracker in incoming:
        mine = by_name.get(fold_name(tracker.name))
        if mine is None or mine.id == tracker.id:
            continue
        question = (
            f"This journal has a tracker {mine.name!r} clean since {mine.clean_date}; the "
            f"file's {tracker.name!r} is clean since {tracker.clean_date}. Merge the file's "
            "into this journal's, keeping this journal's clean date?"
        )
        if (
            mine.clean_date == tracker.clean_date
            or merge
            or (prompts.interactive() and prompts.ask_yes_no(question, default=False))
        ):
            merges[tracker.id] = mine
            continue
        raise InvalidInput(
            f"This journal already has a tracker named {mine.name!r} (clean since "
            f"{mine.clean_date}); the file's {tracker.name!r} (clean since "
            f"{tracker.clean_date}) is a different one. Add --merge-trackers to count its uses "
            "against this journal's, or rename or remove one of them (`rj tracker edit`, "
            "`rj tracker remove`) and import again. Nothing was imported."
        )
    return merges


def _retarget(entries: "Sequence[Entry]", merges: "dict[str, Tracker]") -> "list[Entry]":
    """Uses and cravings of a merged tracker, pointed at this journal's tracker instead."""
    return [
        entry.with_changes(tracker=merges[entry.tracker].id)  # type: ignore[attr-defined]
        if getattr(entry, "tracker", None) in merges
        else entry
        for entry in entries
    ]


@import_app.command("json")
def import_json(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A file written by `rj export data -o FILE`.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")
    ] = False,
    merge_trackers: Annotated[
        bool,
        typer.Option(
            "--merge-trackers",
            help="Merge a tracker of the same name but another clean date into this journal's.",
        ),
    ] = False,
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad",
            help="Import the rest and list the entries, people, reasons and export records "
            "that do not validate (a tracker that does not is still refused).",
        ),
    ] = False,
) -> None:
    """Restore an export under its own ids, share log included; what is here is skipped."""
    from recovery_journal.domain import ids
    from recovery_journal.domain.words import plural
    from recovery_journal.interchange.json_import import read_export
    from recovery_journal.vault.journal import TRACKERS_ONLY

    plan = read_export(file, skip_bad=skip_bad)  # checked whole before the passphrase is asked
    if dry_run:
        from recovery_journal.cli.importing import show_dry_run
        from recovery_journal.interchange.batch import ImportBatch, Imported

        items = [Imported(number, entry) for number, entry in enumerate(plan.entries, 1)]
        show_dry_run(ImportBatch("Recovery Journal", "", items, place="entry"), file)
    from recovery_journal.domain.support import already_known

    with open_journal() as journal:
        contents = journal.contents(TRACKERS_ONLY)
        mine = contents.trackers
        people, reasons, known = already_known(
            plan.people, plan.reasons, [*contents.people, *contents.reasons]
        )
        merges = _tracker_merges(mine, plan.trackers, merge=merge_trackers)
        entries = _retarget(plan.entries, merges)
        trackers = [tracker for tracker in plan.trackers if tracker.id not in merges]
        present = {ids.encode(row_id) for row_id in journal.store.record_ids()}
        # A journal's own settings are kept; the file's apply to one that has none yet.
        settings = [plan.settings] if plan.settings and not contents.settings else []
        result = journal.import_records(
            entries,
            trackers,
            exports=plan.exports,
            people=people,
            reasons=reasons,
            settings=settings,
            dry_run=dry_run,
        )
    for tracker_id, into in merges.items():
        (theirs,) = [t for t in plan.trackers if t.id == tracker_id]
        say(f"The file's tracker {theirs.name!r} joins this journal's {into.name!r}.")
    if known:
        say(f"Already here, so kept as they are here: {', '.join(known)}.")
    added = [entry for entry in entries if entry.id not in present]
    new = f"{_entry_counts(added)} and {plural(result.added_trackers, 'tracker', 'trackers')}"
    if result.added_exports:
        new += f" and {plural(result.added_exports, 'export record', 'export records')}"
    if result.added_people:
        new += f" and {plural(result.added_people, 'person', 'people')}"
    if result.added_reasons:
        new += f" and {plural(result.added_reasons, 'reason', 'reasons')}"
    if result.added_settings:
        new += " and your settings"
    here = f"{result.unchanged} already in the journal"
    if dry_run:
        say(f"Dry run: would add {new}; {here}. Nothing was written.")
    elif (
        result.added_entries
        or result.added_trackers
        or result.added_exports
        or result.added_people
        or result.added_reasons
        or result.added_settings
    ):
        say(f"Imported {new}; {here}.")
    else:
        from recovery_journal.cli.importing import all_of

        say(f"Nothing to import: {all_of(result.unchanged, 'record', 'records')} in the journal.")
    if plan.skipped:
        warn(f"Skipped {_skipped_counts(plan.skipped)} that did not validate:")
        for _, problem in plan.skipped:
            warn(f"  {problem}")


def _skipped_counts(skipped: "list[tuple[str, str]]") -> str:
    """'1 entry and 2 people': what --skip-bad left out, by kind."""
    from collections import Counter

    from recovery_journal.domain.words import plural

    words = {
        "entries": ("entry", "entries"),
        "exports": ("export record", "export records"),
        "people": ("person", "people"),
        "reasons": ("reason", "reasons"),
    }
    counts = Counter(section for section, _ in skipped)
    return " and ".join(plural(counts[name], *words[name]) for name in words if counts[name])
