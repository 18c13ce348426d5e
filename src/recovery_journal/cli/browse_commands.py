"""Reading and changing entries: list, show, edit, delete."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from recovery_journal.cli import prompts
from recovery_journal.cli.attribution import attribute_use
from recovery_journal.cli.context import complete_tracker_name, console, now, open_journal, say
from recovery_journal.domain.kind_names import KIND_NAMES
from recovery_journal.errors import DamagedEntries, InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry
    from recovery_journal.domain.import_marks import ImportMark
    from recovery_journal.domain.query import EntryFilter
    from recovery_journal.vault.journal import EntryScope, Journal

commands = typer.Typer()

IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="An entry id or a unique prefix of it.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@commands.command("list", rich_help_panel="Read and change")
def list_entries(
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help=f"Only this kind: {', '.join(KIND_NAMES)} (repeatable).",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="WHEN", help="From this time or day on.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="WHEN", help="Up to this time or day.")
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Only entries whose text contains this (any case)."),
    ] = None,
    tag: Annotated[
        str | None, typer.Option(metavar="TAG", help="Only entries with this tag.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0 for all).")] = 20,
    as_json: JsonOption = False,
) -> None:
    """List entries, newest first."""
    from recovery_journal.domain.dates import end_of, start_of
    from recovery_journal.domain.query import EntryFilter, select
    from recovery_journal.terminal.entries import entries_table
    from recovery_journal.terminal.text import to_json_text

    if limit < 0:
        raise InvalidInput("--limit must be 0 (no limit) or more.")
    current = now()
    wanted = EntryFilter.build(
        kind or (),
        since=start_of(since, current) if since else None,
        until=end_of(until, current) if until else None,
        search=search,
        tag=tag,
    )
    with open_journal() as journal:
        contents = journal.contents(_scope(wanted, limit))
    found = select(contents.entries, wanted)
    shown = found[:limit] if limit else found
    if as_json:
        typer.echo(to_json_text([entry.to_json() for entry in shown]))
    elif not shown:
        say(
            "No entries match." if contents.entries else "No entries yet. Log one with `rj mood 7`."
        )
    else:
        total = len(found) if contents.matching is None else contents.matching
        console.print(entries_table(shown, total=total, width=console.width))
    if contents.damaged:
        raise DamagedEntries(contents.damaged)


def _scope(wanted: "EntryFilter", limit: int) -> "EntryScope":
    """Rebuild only what `list` can show: with no text or tag filter, just the newest `limit`."""
    from recovery_journal.vault.journal import EntryScope

    kinds = frozenset(wanted.kinds) if wanted.kinds else None
    newest = limit if limit and not wanted.search and not wanted.tag else None
    return EntryScope(kinds=kinds, since=wanted.since, until=wanted.until, newest=newest)


@commands.command("show", rich_help_panel="Read and change")
def show_entry(entry_id: IdArgument, as_json: JsonOption = False) -> None:
    """Show one entry in full, note included."""
    from recovery_journal.terminal.entries import entry_detail
    from recovery_journal.terminal.text import to_json_text
    from recovery_journal.vault.journal import TRACKERS_ONLY

    with open_journal() as journal:
        entry = journal.get(entry_id)
        trackers = journal.contents(TRACKERS_ONLY).trackers
    if as_json:
        typer.echo(to_json_text(entry.to_json()))
    else:
        console.print(entry_detail(entry, {tracker.id: tracker.name for tracker in trackers}))


Opt = typer.Option


@commands.command("edit", rich_help_panel="Read and change")
def edit_entry(
    entry_id: IdArgument,
    at: Annotated[str | None, Opt(metavar="WHEN", help="A new time.")] = None,
    note: Annotated[str | None, Opt(help="A new note ('' removes it).")] = None,
    tag: Annotated[list[str] | None, Opt("--tag", help="Replace the tags (repeatable).")] = None,
    score: Annotated[int | None, Opt(help="mood: 1-10.")] = None,
    feeling: Annotated[list[str] | None, Opt("--feeling", help="mood: replace feelings.")] = None,
    intensity: Annotated[int | None, Opt(help="craving or trigger: 0-10.")] = None,
    substance: Annotated[str | None, Opt(help="craving or use.")] = None,
    trigger: Annotated[
        list[str] | None, Opt("--trigger", help="craving: replace triggers.")
    ] = None,
    halt: Annotated[list[str] | None, Opt("--halt", help="craving: replace HALT words.")] = None,
    coping: Annotated[str | None, Opt(help="craving.")] = None,
    outcome: Annotated[
        str | None, Opt(help="craving: resisted or used ('' for not given).")
    ] = None,
    description: Annotated[str | None, Opt(help="trigger or service.")] = None,
    category: Annotated[str | None, Opt(help="trigger or service (its kind).")] = None,
    fellowship: Annotated[str | None, Opt(help="meeting.")] = None,
    name: Annotated[str | None, Opt(help="meeting.")] = None,
    online: Annotated[bool | None, Opt("--online/--in-person", help="meeting.")] = None,
    minutes: Annotated[int | None, Opt(help="meeting, connection or service.")] = None,
    meeting_type: Annotated[
        list[str] | None, Opt("--type", metavar="CODE", help="meeting: replace the type codes.")
    ] = None,
    home: Annotated[bool | None, Opt("--home/--not-home", help="meeting: home group.")] = None,
    person: Annotated[str | None, Opt(help="connection: who.")] = None,
    role: Annotated[str | None, Opt(help="connection: sponsor, mentor, peer, ...")] = None,
    how: Annotated[str | None, Opt(help="connection: call, text, in-person, ...")] = None,
    helped: Annotated[bool | None, Opt("--helped/--no-help", help="connection.")] = None,
    days: Annotated[int | None, Opt(help="challenge: how many days.")] = None,
    ended: Annotated[str | None, Opt(help="challenge: the day it ended ('' if it runs).")] = None,
    item: Annotated[
        list[str] | None,
        Opt("--item", help="gratitude, pacs (five, 0-6) or barc (ten, 1-6): replace the items."),
    ] = None,
    amount: Annotated[str | None, Opt(help="use.")] = None,
    quantity: Annotated[float | None, Opt(help="use: how much, as a number.")] = None,
    unit: Annotated[str | None, Opt(help="use: the quantity's unit ('' removes it).")] = None,
    text: Annotated[str | None, Opt(help="note: the new text.")] = None,
    duration_minutes: Annotated[int | None, Opt(help="craving: how long it lasted.")] = None,
    use_id: Annotated[str | None, Opt(help="reflection: the use it is about.")] = None,
    activating: Annotated[str | None, Opt(help="reflection: A, what happened.")] = None,
    beliefs: Annotated[str | None, Opt(help="reflection: B, what you told yourself.")] = None,
    consequences: Annotated[str | None, Opt(help="reflection: C, what followed.")] = None,
    different: Annotated[str | None, Opt(help="reflection: what could be different.")] = None,
    tracker: Annotated[
        str | None,
        Opt(
            help="use or craving: the tracker it counts against.",
            autocompletion=complete_tracker_name,
        ),
    ] = None,
    no_tracker: Annotated[
        bool, Opt("--no-tracker", help="use or craving: count it against no tracker.")
    ] = False,
) -> None:
    """Change fields of an entry; options are named after its JSON fields."""
    from recovery_journal.cli.barc_questions import barc_items
    from recovery_journal.cli.pacs_questions import pacs_items
    from recovery_journal.cli.reflection import find_use
    from recovery_journal.domain import ids
    from recovery_journal.domain.dates import resolve_at
    from recovery_journal.domain.entries import kind_fields
    from recovery_journal.domain.trackers import find_tracker
    from recovery_journal.vault.journal import TRACKERS_ONLY

    lists = {
        "tags": tag,
        "feelings": feeling,
        "triggers": trigger,
        "halt": halt,
        "items": item,
        "types": meeting_type,
    }
    scalars = {
        "score": score,
        "intensity": intensity,
        "substance": substance,
        "coping": coping,
        "outcome": outcome,
        "description": description,
        "category": category,
        "fellowship": fellowship,
        "name": name,
        "online": online,
        "minutes": minutes,
        "amount": amount,
        "quantity": quantity,
        "unit": unit,
        "text": text,
        "duration_minutes": duration_minutes,
        "activating": activating,
        "beliefs": beliefs,
        "consequences": consequences,
        "different": different,
        "home": home,
        "person": person,
        "role": role,
        "how": how,
        "helped": helped,
        "days": days,
        "ended": ended,
    }
    changes: dict[str, Any] = {k: tuple(v) for k, v in lists.items() if v}
    changes.update({k: v for k, v in scalars.items() if v is not None})
    if outcome is not None and not outcome.strip():
        changes["outcome"] = None  # not given
    if note is not None:
        changes["note"] = note
    if at is not None:
        changes["at"] = resolve_at(at, now())
    if not changes and tracker is None and not no_tracker and use_id is None:
        raise InvalidInput("Nothing to change: give at least one option, e.g. --note or --tag.")
    if tracker is not None and no_tracker:
        raise InvalidInput("Choose --tracker NAME or --no-tracker, not both.")
    with open_journal() as journal:
        if tracker is not None:
            changes["tracker"] = find_tracker(journal.contents(TRACKERS_ONLY).trackers, tracker).id
        if no_tracker:
            changes["tracker"] = None
        entry = journal.get(entry_id)
        if use_id is not None:
            changes["use_id"] = find_use(journal, use_id).id
        if entry.kind == "pacs" and "items" in changes:
            changes["items"] = pacs_items(changes["items"])
        if entry.kind == "barc" and "items" in changes:
            changes["items"] = barc_items(changes["items"])
        allowed = {"at", "note", "tags", *kind_fields(entry.kind)}
        foreign = sorted(set(changes) - allowed)
        if foreign:
            raise InvalidInput(
                f"A {entry.kind} entry has no {', '.join(foreign)} field; "
                f"its fields are {', '.join(sorted(allowed))}."
            )
        updated = _reattributed(journal, entry.with_changes(**changes), changes)
        journal.replace(updated, mark=_import_mark(journal, entry, deleted=False))
    say(f"Updated {entry.kind} {ids.short(entry.id)}")


def _import_mark(journal: "Journal", entry: "Entry", *, deleted: bool) -> "ImportMark | None":
    """For an entry imported from another app: what a re-import must remember, so it
    neither overwrites nor brings back what was changed here (interchange/reconcile.py)."""
    from recovery_journal.interchange.reconcile import IMPORTERS, mark_for_change
    from recovery_journal.vault.journal import TRACKERS_ONLY

    if not IMPORTERS.keys() & set(entry.tags):
        return None
    marks = journal.contents(TRACKERS_ONLY).import_marks
    return mark_for_change(entry, marks, deleted=deleted)


def _reattributed(journal: "Journal", entry: "Entry", changes: dict[str, Any]) -> "Entry":
    """Keep a use's tracker right when its substance or outcome changes."""
    from recovery_journal.domain.entries import Craving, Use

    if isinstance(entry, Craving) and entry.outcome != "used":
        return entry.with_changes(tracker=None)  # a resisted craving counts against nothing
    if "tracker" in changes or not isinstance(entry, Use | Craving):
        return entry
    if {"substance", "outcome"} & set(changes):
        return attribute_use(journal, entry.with_changes(tracker=None))
    return entry


@commands.command("delete", rich_help_panel="Read and change")
def delete_entry(
    entry_id: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an entry for good (it is also wiped from the file's free space)."""
    from recovery_journal.domain import ids
    from recovery_journal.terminal.text import one_line

    with open_journal() as journal:
        entry = journal.get(entry_id)
        question = (
            f"Delete {entry.kind} {ids.short(entry.id)} from "
            f"{entry.at:%Y-%m-%d %H:%M} ({one_line(entry.summary(), 30)})?"
        )
        if not prompts.confirm(question, assume_yes=yes):
            say("Kept it; nothing was deleted.")
            return
        journal.delete(entry, mark=_import_mark(journal, entry, deleted=True))
    say(f"Deleted {entry.kind} {ids.short(entry.id)}")
