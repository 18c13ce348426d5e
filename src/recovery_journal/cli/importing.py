"""The one way another app's file is stored: problems, --dry-run, --skip-bad, re-imports.

An importer in `interchange` returns a batch (entries with their lines, and problems);
this module decides what happens to it. Problems refuse the whole file unless
--skip-bad; a dry run shows what the file holds and what would change and writes
nothing; entries already imported from an earlier export of the same diary are
matched (`interchange.reconcile`), so only what is new is added and edits are applied,
all in one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from recovery_journal.cli.context import (
    console,
    current_path,
    err_console,
    open_journal,
    say,
    warn,
)
from recovery_journal.cli.progress_bar import working
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.interchange.batch import ImportBatch
    from recovery_journal.interchange.reconcile import Reconciled

FIRST_SHOWN = 5


def _plain(text: str) -> str:
    from recovery_journal.terminal.text import escape_controls

    return escape_controls(text, keep_newlines=False)


def _out(text: str) -> None:
    console.print(_plain(text), markup=False, soft_wrap=True)


def show_problems(batch: ImportBatch, *, heading: str) -> None:
    """Every problem, one per line, on stderr."""
    if not batch.problems:
        return
    err_console.print(heading, markup=False, soft_wrap=True)
    for problem in batch.problems:
        err_console.print(f"  {_plain(str(problem))}", markup=False, soft_wrap=True)


def kind_counts(batch: ImportBatch) -> str:
    """'93 entries (93 moods)'."""
    from recovery_journal.domain.entries import ENTRY_TYPES
    from recovery_journal.domain.words import plural

    counts = batch.kind_counts()
    detail = ", ".join(ENTRY_TYPES[kind].counted(n) for kind, n in sorted(counts.items()))
    total = plural(len(batch.items), "entry", "entries")
    return f"{total} ({detail})" if detail else total


def _span(batch: ImportBatch) -> str:
    found = batch.date_range()
    if found is None:
        return ""
    first, last = found
    return f", {first}" if first == last else f", {first} to {last}"


def show_dry_run(batch: ImportBatch, file: Path) -> None:
    """What the file holds: counts per kind, the dates, the first entries, every problem."""
    from recovery_journal.terminal.text import one_line

    _out(f"Dry run of {file} ({batch.source}): nothing will be written.")
    _out(f"  {kind_counts(batch)}{_span(batch)}")
    for notice in batch.notices:
        _out(f"  Note: {notice}")
    if batch.items:
        _out("  First entries:")
    for item in batch.items[:FIRST_SHOWN]:
        entry = item.entry
        note = " [+note]" if entry.note else ""
        more = f" +{len(entry.tags) - 3}" if len(entry.tags) > 3 else ""
        tags = "".join(f" #{tag}" for tag in entry.tags[:3]) + more
        summary = one_line(entry.summary().replace("\n", " / "), 60)
        when = f"{entry.at:%Y-%m-%d %H:%M}"
        _out(f"    {batch.place} {item.line}: {when} {entry.kind} {summary}{note}{tags}")
    from recovery_journal.domain.words import plural

    if batch.problems:
        _out(f"  {plural(len(batch.problems), 'problem', 'problems')}:")
        for problem in batch.problems:
            _out(f"    {problem}")
    else:
        _out("  No problems.")


def _refuse_problems(batch: ImportBatch, file: Path) -> None:
    from recovery_journal.domain.words import plural

    show_problems(batch, heading=f"Problems in {_plain(str(file))}:")
    bad = plural(len(batch.problems), "row cannot", "rows cannot")
    raise InvalidInput(
        f"Cannot import {file}: {bad} be read (listed above). Fix the file, or add "
        f"--skip-bad to import the other {plural(len(batch.items), 'entry', 'entries')} "
        "and list what was skipped. Nothing was imported."
    )


def store_batch(
    batch: ImportBatch,
    file: Path,
    *,
    dry_run: bool,
    skip_bad: bool,
) -> None:
    """Check, show and store a batch: all of it in one transaction, or nothing."""
    if dry_run:
        show_dry_run(batch, file)
    elif batch.problems and not skip_bad:
        _refuse_problems(batch, file)
    elif not batch.items:
        raise InvalidInput(f"Cannot import {file}: it holds no entries. Nothing was imported.")
    else:
        for notice in batch.notices:
            warn(notice)
    if dry_run and not current_path().exists():
        say("There is no journal yet, so nothing was compared with it.")
        return
    from recovery_journal.interchange.reconcile import reconcile

    with open_journal() as journal, working(f"Importing from {batch.source}"):
        existing = journal.contents()
        matched = reconcile(
            batch.items, existing.entries, tag=batch.tag, marks=existing.import_marks
        )
        journal.import_records(
            [item.entry for item in matched.new], [], replaced=matched.edited, dry_run=dry_run
        )
    _report(batch, matched, dry_run=dry_run, skip_bad=skip_bad)


def all_of(count: int, word: str, words: str) -> str:
    """'all 3 entries are already', or 'its one entry is already'."""
    return f"its one {word} is already" if count == 1 else f"all {count} {words} are already"


def _say_changed_here(batch: ImportBatch, matched: Reconciled, *, dry_run: bool) -> None:
    """What was changed here and so left as it is: never overwritten, never brought back."""
    from recovery_journal.domain import ids
    from recovery_journal.domain.words import plural

    if matched.kept:
        shown = ", ".join(ids.short(i) for i in matched.kept[:FIRST_SHOWN])
        more = "" if len(matched.kept) <= FIRST_SHOWN else ", ..."
        will = "would keep" if dry_run else "kept"
        say(
            f"{plural(len(matched.kept), 'entry', 'entries')} you changed here and "
            f"{batch.source} changed too: {will} yours ({shown}{more}; `rj show ID`)."
        )
    if matched.left_out:
        left = "would stay" if dry_run else "stayed"
        say(f"{plural(matched.left_out, 'entry', 'entries')} you deleted here {left} deleted.")


def _report(batch: ImportBatch, matched: Reconciled, *, dry_run: bool, skip_bad: bool) -> None:
    from recovery_journal.domain.words import plural

    new = plural(len(matched.new), "new entry", "new entries")
    edited = plural(len(matched.edited), "entry", "entries")
    here = f"{matched.unchanged} already in the journal"
    if dry_run:
        say(f"Would add {new} and update {edited} edited since an earlier import; {here}.")
        _say_changed_here(batch, matched, dry_run=True)
        say("Dry run: nothing was written.")
        return
    if matched.new or matched.edited:
        changed = f"; {edited} edited since an earlier import updated" if matched.edited else ""
        say(f"Imported from {batch.source}{_span(batch)}: {new}{changed}; {here}.")
    else:
        say(f"Nothing to import: {all_of(matched.unchanged, 'entry', 'entries')} in the journal.")
    _say_changed_here(batch, matched, dry_run=False)
    if skip_bad and batch.problems:
        show_problems(batch, heading=f"Skipped {plural(len(batch.problems), 'row', 'rows')}:")
