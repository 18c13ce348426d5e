"""Logging connection and community: `rj meeting` (with its type codes, the home group and
the meetings challenge), `rj connect`, `rj service` and `rj barc`.

Like every logging command they check everything first and never ask for the passphrase
(locked, the entry waits in the inbox). `rj meeting challenge start|stop` opens the
journal, as they need to know whether a challenge is running.
"""

from typing import TYPE_CHECKING, Annotated

import typer

from recovery_journal.cli import prompts
from recovery_journal.cli.context import now, open_journal, say
from recovery_journal.cli.log_options import AtOption, NoteOption, TagOption
from recovery_journal.cli.saving import log_entry as _log
from recovery_journal.domain.community import (
    CHALLENGE_DAYS,
    CONNECTION_ROLES,
    CONNECTION_WAYS,
    MEETING_TYPES,
    SERVICE_KINDS,
)
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry
    from recovery_journal.vault.journal import Journal

commands = typer.Typer()
meeting_app = typer.Typer(invoke_without_command=True, subcommand_metavar="[challenge start|stop]")
challenge_app = typer.Typer(
    help='A "90 meetings in 90 days" challenge: start it, or stop it early.',
    no_args_is_help=True,
)
meeting_app.add_typer(challenge_app, name="challenge")

TYPE_HELP = "A type code (repeatable): " + ", ".join(
    code
    if meaning.replace(" ", "-").casefold().endswith(code.casefold())
    else f"{code} ({meaning})"
    for code, meaning in MEETING_TYPES.items()
)
MinutesOption = Annotated[int | None, typer.Option(help="How long it lasted, in minutes.")]


@meeting_app.callback()
def log_meeting(
    ctx: typer.Context,
    fellowship: Annotated[
        str | None, typer.Option(help="AA, NA, CA, SMART, Al-Anon, Refuge Recovery, or any name.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="The meeting's name or group.")] = None,
    online: Annotated[
        bool | None,
        typer.Option("--online/--in-person", help="Whether you joined online or in person."),
    ] = None,
    minutes: Annotated[int | None, typer.Option(help="How long it lasted.")] = None,
    meeting_types: Annotated[
        list[str] | None, typer.Option("--type", metavar="CODE", help=TYPE_HELP)
    ] = None,
    home: Annotated[bool, typer.Option("--home", help="It was your home group.")] = False,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Log a meeting you attended (or `rj meeting challenge start`: 90 meetings in 90 days)."""
    from recovery_journal.domain.entries import Meeting

    if ctx.invoked_subcommand is not None:
        return
    _log(
        Meeting,
        at,
        note,
        tag,
        fellowship=fellowship,
        name=name,
        online=online,
        minutes=minutes,
        types=tuple(meeting_types or ()),
        home=home,
    )


@challenge_app.command("start")
def start_challenge(
    days: Annotated[
        int, typer.Option(help="How many days, and so how many meetings to aim for.")
    ] = CHALLENGE_DAYS,
    at: Annotated[
        str, typer.Option("--at", metavar="WHEN", help="Its first day (default: today).")
    ] = "now",
) -> None:
    """Start a meetings challenge: as many meetings as days ("90 in 90"). It opens the
    journal, to check that no challenge is running."""
    from recovery_journal.analytics.meetings import (
        challenge_progress,
        latest_challenge,
        meeting_days,
    )
    from recovery_journal.domain.community import Challenge
    from recovery_journal.domain.dates import resolve_at
    from recovery_journal.vault.journal import EntryScope

    current = now()
    challenge = Challenge(id="", at=resolve_at(at, current), days=days)
    with open_journal() as journal:
        contents = journal.contents(EntryScope(kinds=frozenset({"challenge", "meeting"})))
        running = latest_challenge(contents.entries)
        meetings = meeting_days(contents.entries)
        if running is not None:
            progress = challenge_progress(running, meetings, current.date())
            if progress.running:
                raise InvalidInput(
                    f"A challenge is already running (day {progress.day} of {progress.goal}); "
                    "stop it first with `rj meeting challenge stop`."
                )
        journal.add(challenge)
    progress = challenge_progress(challenge, meetings, current.date())
    say(
        f"Started {days} meetings in {days} days: {challenge.start} to {progress.last_day}. "
        f"Meetings so far: {progress.meetings}. `rj streak` shows how it goes."
    )


@challenge_app.command("stop")
def stop_challenge() -> None:
    """Stop the running meetings challenge early. Every meeting you went to still counts."""
    from recovery_journal.analytics.meetings import (
        challenge_progress,
        latest_challenge,
        meeting_days,
    )
    from recovery_journal.domain.words import plural
    from recovery_journal.vault.journal import EntryScope

    today = now().date()
    with open_journal() as journal:
        contents = journal.contents(EntryScope(kinds=frozenset({"challenge", "meeting"})))
        challenge = latest_challenge(contents.entries)
        meetings = meeting_days(contents.entries)
        if challenge is None or not challenge_progress(challenge, meetings, today).running:
            raise InvalidInput(
                "No meetings challenge is running; start one with `rj meeting challenge start`."
            )
        journal.replace(challenge.with_changes(ended=today.isoformat()))
    progress = challenge_progress(challenge, meetings, today)
    say(
        f"Stopped your {progress.goal} in {progress.goal} on day {progress.day}, with "
        f"{plural(progress.meetings, 'meeting')}. Every one of them counts."
    )


def _role_from_people(journal: "Journal", entry: "Entry") -> "Entry":
    """A connection with someone from `rj people`: their name as stored, and their role."""
    from recovery_journal.domain.community import Connection
    from recovery_journal.domain.validation import fold_name
    from recovery_journal.vault.journal import TRACKERS_ONLY

    if not isinstance(entry, Connection) or entry.person is None:
        return entry
    for person in journal.contents(TRACKERS_ONLY).people:
        if fold_name(person.name) == fold_name(entry.person):
            role = person.role if person.role in CONNECTION_ROLES else "other"
            return entry.with_changes(person=person.name, role=entry.role or role)
    return entry


@commands.command("connect", rich_help_panel="Log")
def log_connection(
    person: Annotated[
        str | None,
        typer.Argument(
            metavar="[PERSON]",
            help="Who: a name, or someone from `rj people` (then their role comes from there).",
        ),
    ] = None,
    role: Annotated[str | None, typer.Option(help=", ".join(CONNECTION_ROLES) + ".")] = None,
    how: Annotated[str | None, typer.Option(help=", ".join(CONNECTION_WAYS) + ".")] = None,
    minutes: MinutesOption = None,
    helped: Annotated[
        bool | None, typer.Option("--helped/--no-help", help="Whether it helped.")
    ] = None,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Log reaching out to someone: a call, a text, a visit, a video call.

    Reaching out counts, whoever picked up. A PERSON from `rj people` brings their role
    (read while the journal is unlocked; locked, give --role).
    """
    from recovery_journal.domain.community import Connection

    _log(
        Connection,
        at,
        note,
        tag,
        complete=_role_from_people,
        person=person,
        role=role,
        how=how,
        minutes=minutes,
        helped=helped,
    )


@commands.command("service", rich_help_panel="Log")
def log_service(
    description: Annotated[
        str | None, typer.Argument(metavar="[DESCRIPTION]", help="What you did, in a few words.")
    ] = None,
    category: Annotated[
        str, typer.Option("--kind", "--category", help=", ".join(SERVICE_KINDS) + ".")
    ] = "other",
    minutes: MinutesOption = None,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Log service, giving back: making the tea, volunteering, sponsoring, helping a newcomer."""
    from recovery_journal.domain.community import Service

    _log(Service, at, note, tag, description=description, category=category, minutes=minutes)


@commands.command("barc", rich_help_panel="Log")
def log_barc(
    items: Annotated[
        list[int] | None,
        typer.Argument(
            metavar="[TEN NUMBERS]",
            help="Your ten ratings, 1-6 each (asked one by one at a terminal when left out).",
        ),
    ] = None,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """The Brief Assessment of Recovery Capital (BARC-10): ten statements about the
    resources your recovery can draw on, each rated 1 (strongly disagree) to 6 (strongly
    agree). Suggested once a month."""
    from recovery_journal.cli.barc_questions import ask_barc
    from recovery_journal.domain.community import BARC_MAX, Barc

    if items is None:
        if not prompts.interactive():
            raise InvalidInput(
                "Give the ten ratings (`rj barc 5 4 4 3 5 4 3 6 4 5`), "
                "or run it at a terminal to be asked."
            )
        items = list(ask_barc())
    _log(Barc, at, note, tag, items=tuple(items))
    say(
        f"Your BARC-10 total: {sum(items)} of {BARC_MAX} (higher means more recovery capital). "
        "`rj trends --by month` shows how it changes."
    )
