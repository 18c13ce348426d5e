"""`rj why ...` and `rj people ...`: the person's reasons and the people they can call.

Both are encrypted records of their own (not dated entries); the support block after a hard
moment (`cli/support_block.py`) reads them.
"""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from recovery_journal.cli import prompts
from recovery_journal.cli.context import console, open_journal, say
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.support import Person, Reason
    from recovery_journal.vault.journal import Journal

why_app = typer.Typer(
    help="Your own reasons for recovery: shown to you at the hard moments.", no_args_is_help=True
)
people_app = typer.Typer(
    help="The people you can call (sponsor first), and crisis lines.", no_args_is_help=True
)

ROLE_HELP = "sponsor, peer, family, friend, therapist, crisis-line or other."
NameArgument = Annotated[str, typer.Argument(metavar="NAME", help="Their name.")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


@why_app.command("add")
def add_reason(
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="[TEXT]", help="The reason (asked for, or read from stdin, when left out)."
        ),
    ] = None,
) -> None:
    """Write down one of your reasons for recovery."""
    from datetime import datetime

    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.domain.support import Reason

    # To the microsecond (now() drops them): the time added is what numbers the reasons.
    added = datetime.now(local_zone())
    reason = Reason(id="", text=prompts.read_text(text, "Your reason"), added=added)
    with open_journal() as journal:
        journal.add_reason(reason)
        count = len(_reasons(journal))
    say(f"Saved your reason ({count} in all). It will be there at the hard moments.")


@why_app.command("list")
def list_reasons() -> None:
    """Your reasons, numbered (for `rj why remove N`)."""
    from recovery_journal.terminal.support import reasons_list

    with open_journal() as journal:
        reasons = _reasons(journal)
    if not reasons:
        say('No reasons written down yet. Add one with `rj why add "my kids"`.')
        return
    console.print(reasons_list(reasons))


@why_app.command("remove")
def remove_reason(
    number: Annotated[int, typer.Argument(metavar="N", help="Its number in `rj why list`.")],
    yes: YesOption = False,
) -> None:
    """Remove one of your reasons."""
    from recovery_journal.domain.support import reason_number
    from recovery_journal.terminal.text import one_line

    with open_journal() as journal:
        reason = reason_number(_reasons(journal), number)
        question = f"Remove reason {number} ({one_line(reason.text, 40)})?"
        if not prompts.confirm(question, assume_yes=yes):
            say("Kept it; nothing was removed.")
            return
        journal.remove_reason(reason)
    say(f"Removed reason {number}.")


@people_app.command("add")
def add_person(
    name: NameArgument,
    role: Annotated[str, typer.Option(help=ROLE_HELP)] = "other",
    phone: Annotated[str | None, typer.Option(metavar="NUMBER", help="How to reach them.")] = None,
    note: Annotated[
        str | None, typer.Option(help="Anything worth remembering, e.g. 'after 6pm'.")
    ] = None,
) -> None:
    """Add someone you can call (or a crisis line, with --role crisis-line)."""
    from recovery_journal.domain.support import Person, refuse_duplicate
    from recovery_journal.terminal.text import literal

    person = Person(id="", name=name, role=role, phone=phone, note=note)
    with open_journal() as journal:
        refuse_duplicate(_people(journal), person.name)
        journal.add_person(person)
    console.print(literal(f"Added {person.name} ({person.role})."))


@people_app.command("list")
def list_people(
    notes: Annotated[bool, typer.Option("--notes", help="Show the notes too.")] = False,
) -> None:
    """Your support network, in the order to call: sponsor first, crisis lines last."""
    from recovery_journal.terminal.support import people_table

    with open_journal() as journal:
        people = _people(journal)
    if not people:
        say(_NOBODY_YET)
        return
    console.print(people_table(people, notes=notes))


_NOBODY_YET = (
    "Nobody in your support network yet. Add someone: "
    '`rj people add "Sam" --role sponsor --phone "555 0100"`.'
)


@people_app.command("edit")
def edit_person(
    name: NameArgument,
    new_name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    role: Annotated[str | None, typer.Option(help=ROLE_HELP)] = None,
    phone: Annotated[
        str | None, typer.Option(metavar="NUMBER", help="A new number ('' removes it).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A new note ('' removes it).")] = None,
) -> None:
    """Change someone's name, role, number or note."""
    from recovery_journal.domain.support import find_person, refuse_duplicate
    from recovery_journal.terminal.text import literal

    changes: dict[str, Any] = {"name": new_name, "role": role, "phone": phone, "note": note}
    changes = {key: value for key, value in changes.items() if value is not None}
    if not changes:
        raise InvalidInput("Nothing to change: give --name, --role, --phone or --note.")
    with open_journal() as journal:
        people = _people(journal)
        person = find_person(people, name)
        updated = person.with_changes(**changes)
        refuse_duplicate(people, updated.name, keep=person)
        journal.replace_person(updated)
    console.print(literal(f"Updated {updated.name}."))


@people_app.command("remove")
def remove_person(name: NameArgument, yes: YesOption = False) -> None:
    """Remove someone from your support network."""
    from recovery_journal.domain.support import find_person
    from recovery_journal.terminal.text import literal

    with open_journal() as journal:
        person = find_person(_people(journal), name)
        if not prompts.confirm(f"Remove {person.name} from your people?", assume_yes=yes):
            say("Kept them; nothing was removed.")
            return
        journal.remove_person(person)
    console.print(literal(f"Removed {person.name}."))


def _people(journal: "Journal") -> "list[Person]":
    from recovery_journal.vault.journal import TRACKERS_ONLY  # people are not entries

    return journal.contents(TRACKERS_ONLY).people


def _reasons(journal: "Journal") -> "list[Reason]":
    from recovery_journal.vault.journal import TRACKERS_ONLY

    return journal.contents(TRACKERS_ONLY).reasons
