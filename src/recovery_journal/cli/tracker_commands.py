"""`rj tracker ...`: what a person is staying clean from, and since when."""

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.table import Table

from recovery_journal.cli import prompts
from recovery_journal.cli.context import complete_tracker_name, console, now, open_journal, say
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.trackers import Tracker
    from recovery_journal.vault.journal import Journal

tracker_app = typer.Typer(
    help="Add, list, edit and remove trackers (alcohol, nicotine, ...).", no_args_is_help=True
)

NameArgument = Annotated[str, typer.Argument(metavar="NAME", help="The tracker's name.")]
ExistingName = Annotated[
    str,
    typer.Argument(
        metavar="NAME", help="The tracker's name.", autocompletion=complete_tracker_name
    ),
]
CostOption = Annotated[
    str | None,
    typer.Option("--cost-per-day", metavar="AMOUNT", help="What using cost you a day, e.g. 12.50."),
]
CurrencyOption = Annotated[
    str | None, typer.Option(metavar="CODE", help="Three-letter currency code, e.g. EUR.")
]


def _trackers(journal: "Journal") -> "list[Tracker]":
    from recovery_journal.vault.journal import TRACKERS_ONLY

    return journal.contents(TRACKERS_ONLY).trackers


def _refuse_duplicate(trackers: "list[Tracker]", name: str, keep: "Tracker | None" = None) -> None:
    from recovery_journal.domain.validation import fold_name

    for tracker in trackers:
        if fold_name(tracker.name) == fold_name(name) and tracker is not keep:
            raise InvalidInput(f"There is already a tracker named {tracker.name!r}.")


@tracker_app.command("add")
def add_tracker(
    name: NameArgument,
    clean_date: Annotated[
        str, typer.Option(metavar="WHEN", help="Your first clean day (default: today).")
    ] = "today",
    cost_per_day: CostOption = None,
    currency: CurrencyOption = None,
) -> None:
    """Start tracking something new."""
    from recovery_journal.domain.dates import resolve_day
    from recovery_journal.domain.trackers import Tracker, parse_money
    from recovery_journal.terminal.text import literal

    tracker = Tracker(
        id="",
        name=name,
        clean_date=resolve_day(clean_date, now()),
        cost_per_day=None if cost_per_day is None else parse_money(cost_per_day),
        currency=currency,
    )
    with open_journal() as journal:
        _refuse_duplicate(_trackers(journal), tracker.name)
        journal.add_tracker(tracker)
    console.print(literal(f"Tracking {tracker.name} since {tracker.clean_date.isoformat()}."))


@tracker_app.command("list")
def list_trackers() -> None:
    """List your trackers."""
    from recovery_journal.terminal.text import literal

    with open_journal() as journal:
        trackers = _trackers(journal)
    if not trackers:
        say("No trackers yet. Add one with `rj tracker add alcohol --clean-date today`.")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("Tracker", "Clean since", "Cost per day"):
        table.add_column(column)
    for tracker in trackers:
        cost = (
            ""
            if tracker.cost_per_day is None
            else f"{tracker.cost_per_day} {tracker.currency or ''}"
        )
        table.add_row(literal(tracker.name), tracker.clean_date.isoformat(), cost.strip())
    console.print(table)


@tracker_app.command("edit")
def edit_tracker(
    name: ExistingName,
    new_name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    clean_date: Annotated[
        str | None, typer.Option(metavar="WHEN", help="A new clean date.")
    ] = None,
    cost_per_day: CostOption = None,
    currency: CurrencyOption = None,
    heavy_day: Annotated[
        str | None,
        typer.Option(
            metavar="N",
            help="A heavy day's quantity for the Timeline Followback (default: 4 standard "
            "drinks, NIAAA's heavy drinking day); '' for the default.",
        ),
    ] = None,
) -> None:
    """Change a tracker's name, clean date, cost, currency or heavy-day threshold."""
    from recovery_journal.domain.dates import resolve_day
    from recovery_journal.domain.trackers import find_tracker, parse_money
    from recovery_journal.terminal.text import literal

    changes: dict[str, Any] = {}
    if new_name is not None:
        changes["name"] = new_name
    if clean_date is not None:
        changes["clean_date"] = resolve_day(clean_date, now())
    if cost_per_day is not None:
        changes["cost_per_day"] = parse_money(cost_per_day) if cost_per_day.strip() else None
    if currency is not None:
        changes["currency"] = currency if currency.strip() else None
    if heavy_day is not None:
        changes["heavy_day"] = _number("--heavy-day", heavy_day)
    if not changes:
        raise InvalidInput(
            "Nothing to change: give --name, --clean-date, --cost-per-day, --currency "
            "or --heavy-day."
        )
    with open_journal() as journal:
        trackers = _trackers(journal)
        tracker = find_tracker(trackers, name)
        updated = tracker.with_changes(**changes)
        _refuse_duplicate(trackers, updated.name, keep=tracker)
        journal.replace_tracker(updated)
    console.print(literal(f"Updated tracker {updated.name}."))


def _number(option: str, text: str) -> float | None:
    """'4' or '4.5' as a number; '' for none."""
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(f"{option} must be a number such as 4, not {text!r}.") from None


@tracker_app.command("remove")
def remove_tracker(
    name: ExistingName,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Stop tracking something. Your entries stay; only the tracker goes."""
    from recovery_journal.domain.trackers import find_tracker
    from recovery_journal.terminal.text import literal

    with open_journal() as journal:
        tracker = find_tracker(_trackers(journal), name)
        question = f"Remove the tracker {tracker.name!r}? Your entries are kept."
        if not prompts.confirm(question, assume_yes=yes):
            say("Kept it; nothing was removed.")
            return
        journal.remove_tracker(tracker)
    console.print(literal(f"Removed tracker {tracker.name}."))
