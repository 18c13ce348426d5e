"""`rj export summary|tlfb|diary-card`: reports for a therapist, counsellor or doctor."""

import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recovery_journal.analytics.summary_options import CHOOSABLE, OPT_IN_SECTIONS
from recovery_journal.cli.context import (
    complete_tracker_name,
    console,
    err_console,
    now,
    open_journal,
)
from recovery_journal.cli.progress_bar import working
from recovery_journal.cli.sharing import (
    check_target,
    choose_format,
    confirm_share,
    remember,
    write_private,
)
from recovery_journal.errors import DamagedEntries, InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry
    from recovery_journal.vault.journal import Contents, Journal

commands = typer.Typer()

if TYPE_CHECKING:
    from recovery_journal.reports.document import Document

# The exporters are imported inside each command: `rj --help` and every other command
# start without them (and PDF support is imported only for PDFs).
SUMMARY_FORMATS = ("md", "html", "pdf")
SECTIONS_HELP = (
    f"Comma-separated, from: {', '.join(CHOOSABLE)} ({', '.join(OPT_IN_SECTIONS)} only when named)."
)
CARD_FORMATS = ("term", "md", "html", "pdf")
TLFB_DAYS = 90
PAPERS = ("a4", "letter")

SinceOption = Annotated[
    str | None,
    typer.Option(metavar="WHEN", help="First day (default: the 30 days up to --until)."),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        metavar="WHEN", help="Last day (default and latest: yesterday; today is not over)."
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("-o", "--output", metavar="FILE", help="Write to FILE (created 0600)."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Write without asking (after showing what is shared).")
]
RecipientOption = Annotated[
    str | None,
    typer.Option(metavar="NAME", help="Who it is for, e.g. 'Dr. Lee' (kept in export history)."),
]
PaperOption = Annotated[str, typer.Option(metavar="SIZE", help="PDF paper: a4 or letter.")]


def _paper(paper: str) -> str:
    chosen = paper.strip().lower()
    if chosen not in PAPERS:
        raise InvalidInput(f"--paper must be a4 or letter, not {paper!r}.")
    return chosen


def _render(document: "Document", fmt: str, paper: str) -> bytes:
    """The document in `fmt`; the PDF library is imported only here, only for PDFs."""
    if fmt == "pdf":
        from recovery_journal.reports import pdf

        return pdf.render(document, paper=paper)
    if fmt == "html":
        from recovery_journal.reports import html

        return html.render(document).encode()
    from recovery_journal.reports import markdown

    return markdown.render(document).encode()


def _refuse_pdf_on_terminal(fmt: str, output: Path | None) -> None:
    if fmt == "pdf" and output is None and sys.stdout.isatty():
        raise InvalidInput(
            "A PDF cannot be shown in the terminal: write it with -o FILE.pdf, or pipe it."
        )


def _deliver(
    journal: "Journal",
    content: bytes,
    output: Path | None,
    *,
    preview: list[str],
    force: bool,
    assume_yes: bool,
    recipient: str | None,
    **record: Any,
) -> None:
    """Print to stdout, or confirm and write the file; then record the export."""
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        confirm_share(output, preview, recipient=recipient, assume_yes=assume_yes)
        write_private(output, content, force=force)
    remember(journal, output=output, recipient=recipient, **record)


def _check_damaged(contents: "Contents") -> None:
    if contents.damaged:
        raise DamagedEntries(contents.damaged)


def _damaged_warning(contents: "Contents") -> list[str]:
    if not contents.damaged:
        return []
    return [f"WARNING: {len(contents.damaged)} damaged record(s) could not be read and are missing"]


@commands.command("summary")
def export_summary(
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", metavar="FORMAT", help="md, html or pdf (default: from -o, else md)."
        ),
    ] = None,
    sections: Annotated[
        str | None,
        typer.Option(metavar="LIST", help=SECTIONS_HELP),
    ] = None,
    include_notes: Annotated[
        bool,
        typer.Option(
            "--include-notes",
            help="Include your own words: notes, gratitude items, trigger descriptions, "
            "meeting names.",
        ),
    ] = False,
    include_note: Annotated[
        list[str] | None,
        typer.Option(
            "--include-note",
            metavar="ID",
            help="Share this entry's note (or this note) without the others (repeatable).",
        ),
    ] = None,
    recipient: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Who it is for, e.g. 'Dr. Lee' (kept in export history). Without --since "
            "the period starts the day after the last summary for NAME ended.",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    yes: YesOption = False,
    paper: PaperOption = "a4",
) -> None:
    """A summary for your therapist or doctor: figures and charts, your notes only if asked.

    The first page compares the period with the one of the same length before it. Reports
    count completed days: the period ends yesterday at the latest.
    """
    from recovery_journal.analytics.summary import build_summary
    from recovery_journal.analytics.summary_options import (
        check_period,
        last_summary_for,
        parse_sections,
        since_last_time,
    )
    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.domain.dates import completed_days_up_to, read_from
    from recovery_journal.reports.summary_document import summary_document
    from recovery_journal.vault.journal import TRACKERS_ONLY, EntryScope

    current = now()
    first, last = completed_days_up_to(since, until, current, 30)
    chosen = parse_sections(sections)
    kind = choose_format(fmt, output, SUMMARY_FORMATS, "md")
    paper = _paper(paper)
    _refuse_pdf_on_terminal(kind, output)
    check_target(output, force=force, assume_yes=yes)
    with open_journal() as journal:
        shared = None
        if recipient and since is None:
            shared = last_summary_for(journal.contents(TRACKERS_ONLY).exports, recipient)
            if shared is not None:
                first, last = since_last_time(shared, last)
        check_period(first, last)
        notes = [_with_a_note(journal, entry_id) for entry_id in include_note or ()]
        # The period and the one before it (the first page compares them), plus every use
        # and craving ever: they decide streaks.
        before = first - (last - first) - timedelta(days=1)
        scope = EntryScope(
            since=read_from(before, local_zone()), also_kinds=frozenset({"use", "craving"})
        )
        with working("Making the summary"):
            contents = journal.contents(scope)
            report = build_summary(
                contents.entries,
                contents.trackers,
                since=first,
                until=last,
                sections=chosen,
                include_notes=include_notes,
                recipient=recipient,
                generated=current,
                zone=local_zone(),
                chosen_notes=notes,
                last_shared=shared,
            )
            content = _render(summary_document(report), kind, paper)
        _deliver(
            journal,
            content,
            output,
            preview=[*_damaged_warning(contents), *report.preview()],
            force=force,
            assume_yes=yes,
            recipient=recipient,
            kind="summary",
            fmt=kind,
            since=first,
            until=last,
            sections=chosen,
            include_notes=include_notes,
            notes_shared=[] if include_notes else [entry.id for entry in notes],
        )
    _check_damaged(contents)


def _with_a_note(journal: "Journal", entry_id: str) -> "Entry":
    """The entry `--include-note ID` names; refused unless it is a note or has one."""
    from recovery_journal.domain.entries import Note

    entry = journal.get(entry_id)
    if not isinstance(entry, Note) and not entry.note:
        raise InvalidInput(f"The {entry.kind} {entry_id!r} has no note to include.")
    return entry


@commands.command("tlfb")
def export_tlfb(
    since: Annotated[
        str | None,
        typer.Option(
            metavar="WHEN", help=f"First day (default: the {TLFB_DAYS} days up to --until)."
        ),
    ] = None,
    until: UntilOption = None,
    tracker: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Only this tracker (default: all).",
            autocompletion=complete_tracker_name,
        ),
    ] = None,
    recipient: RecipientOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    yes: YesOption = False,
) -> None:
    """Timeline Followback CSV (date, tracker, used, quantity, unit, amount) of completed
    days, with percent days abstinent, quantities and heavy days."""
    from recovery_journal.analytics.tlfb import tlfb, to_csv
    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.domain.dates import completed_days_up_to, read_from
    from recovery_journal.domain.trackers import find_tracker
    from recovery_journal.terminal.reports import tlfb_figures_table
    from recovery_journal.vault.journal import EntryScope

    current = now()
    first, last = completed_days_up_to(since, until, current, TLFB_DAYS)
    if output is not None:
        choose_format(None, output, ("csv",), "csv")
    check_target(output, force=force, assume_yes=yes)
    with open_journal() as journal:
        contents = journal.contents(EntryScope(since=read_from(first, local_zone())))
        only = None if tracker is None else [find_tracker(contents.trackers, tracker)]
        table = tlfb(contents.entries, contents.trackers, since=first, until=last, only=only)
        err_console.print(tlfb_figures_table(table.figures))
        names = ", ".join(f.tracker for f in table.figures)
        preview = [
            *_damaged_warning(contents),
            f"{len(table.rows)} rows (date, tracker, used, quantity, unit, amount) "
            f"from {first} to {last}",
            f"trackers: {names}",
            *(
                f"{f.tracker}: {f.days_with_data} days with data, {f.no_data_days} without"
                for f in table.figures
            ),
        ]
        _deliver(
            journal,
            to_csv(table).encode(),
            output,
            preview=preview,
            force=force,
            assume_yes=yes,
            recipient=recipient,
            kind="tlfb",
            fmt="csv",
            since=first,
            until=last,
        )
    _check_damaged(contents)


@commands.command("diary-card")
def export_diary_card(
    week: Annotated[
        str, typer.Option(metavar="WHEN", help="Any day of the week (default: this week).")
    ] = "today",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="term (default without -o), md, html or pdf.",
        ),
    ] = None,
    recipient: RecipientOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    yes: YesOption = False,
    paper: PaperOption = "a4",
) -> None:
    """A weekly diary card, Monday to Sunday: mood, cravings, use, HALT, meetings, coping."""
    from recovery_journal.analytics.diary_card import build_diary_card
    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.domain.dates import read_from, resolve_day
    from recovery_journal.reports.diary_card import diary_document
    from recovery_journal.terminal.reports import diary_card_table
    from recovery_journal.vault.journal import EntryScope

    current = now()
    day = resolve_day(week, current)
    kind = choose_format(fmt, output, CARD_FORMATS, "term")
    if kind == "term" and output is not None:
        raise InvalidInput("--format term shows the card here; write a file as md, html or pdf.")
    paper = _paper(paper)
    _refuse_pdf_on_terminal(kind, output)
    check_target(output, force=force, assume_yes=yes)
    monday = day - timedelta(days=day.weekday())
    with open_journal() as journal:
        contents = journal.contents(EntryScope(since=read_from(monday, local_zone())))
        card = build_diary_card(
            contents.entries, contents.trackers, week_of=day, today=current.date()
        )
        if kind == "term":
            # Looking at your own card is not sharing it: not recorded in export history.
            console.print(diary_card_table(card))
        else:
            document = diary_document(card, generated=current, recipient=recipient)
            _deliver(
                journal,
                _render(document, kind, paper),
                output,
                preview=[
                    *_damaged_warning(contents),
                    f"diary card for {card.start} to {card.end}: ratings, counts and labels; "
                    "no notes",
                ],
                force=force,
                assume_yes=yes,
                recipient=recipient,
                kind="diary-card",
                fmt=kind,
                since=card.start,
                until=card.end,
            )
    _check_damaged(contents)
