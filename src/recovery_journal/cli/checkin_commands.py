"""`rj checkin`: the daily review, one question at a time, saved together at the end.

Mood, cravings, for each tracker whether you used (a "no" is recorded: a real zero for
the Timeline Followback), triggers, a meeting, who you reached out to and any service
(cli/checkin_connection.py), gratitude and a note. Every question can
be skipped; nothing is written until the summary is confirmed, and then everything is
written in one transaction. Ctrl-C or Ctrl-D anywhere saves nothing (cli/app.py says so).
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from recovery_journal.cli import prompts
from recovery_journal.cli.attribution import NEW_TRACKER, choose_tracker
from recovery_journal.cli.checkin_questions import (
    YES_NO_SKIP,
    ask,
    confirm,
    moment_by,
    one_of,
    text,
    whole,
    words,
    yes_no,
)
from recovery_journal.cli.context import console, err_console, now, open_journal, say
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.entries import Craving, Entry
    from recovery_journal.domain.support import Person
    from recovery_journal.domain.trackers import Tracker
    from recovery_journal.vault.journal import Journal

commands = typer.Typer()


class Planned(NamedTuple):
    """What the answers make: entries, and trackers added on the way (for a use of a
    substance not tracked yet), all saved together or not at all."""

    entries: "list[Entry]"
    trackers: "list[Tracker]"


STREAK_KINDS = frozenset({"use", "craving", "meeting"})
GRATITUDE_ITEMS = 3
NOT_A_TERMINAL = (
    "The check-in asks its questions at a terminal. From a script, log each part with its "
    "own command: rj mood, rj craving, rj use, rj sober, rj meeting, rj connect, rj service, "
    "rj gratitude, rj note."
)


@commands.command("checkin", rich_help_panel="Log")
def checkin(
    at: Annotated[
        str,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="The day to check in for: 'now' (default), 'yesterday', '2026-03-01 21:00'.",
        ),
    ] = "now",
) -> None:
    """A guided review of your day, one question at a time; saved together at the end.

    Press Enter to skip any question; Ctrl-C or Ctrl-D stops without saving anything.
    It unlocks the journal first (asking for your passphrase unless it is unlocked), as
    the questions name your trackers. Needs a terminal.
    """
    from recovery_journal.domain.dates import resolve_at
    from recovery_journal.terminal.checkin import planned_table
    from recovery_journal.vault.journal import EntryScope

    if not prompts.interactive():
        raise InvalidInput(NOT_A_TERMINAL)
    current = now()
    moment = resolve_at(at, current)
    with open_journal() as journal:
        contents = journal.contents(EntryScope(kinds=STREAK_KINDS))
        prompts.tell(
            f"Check-in for {moment:%A %d %B %Y}. Press Enter to skip any question; "
            "Ctrl-C stops without saving anything."
        )
        planned, added = interview(
            moment, current.date(), contents.trackers, contents.entries, contents.people
        )
        if not planned:
            say("Nothing to save; nothing was saved.")
            return
        prompts.tell("\nAbout to save:")
        err_console.print(planned_table(planned))
        for tracker in added:
            prompts.tell(f"  and a new tracker: {tracker.name}, from {tracker.clean_date}")
        count = len(planned)
        if not confirm(
            f"Save {'this entry' if count == 1 else f'these {count} entries'}?", default=True
        ):
            say("Nothing was saved.")
            return
        saved = _save(journal, planned, added)
        trackers = [*contents.trackers, *added]
        _after_saving(saved, trackers, [*contents.entries, *saved], current)
        _support_once(journal, saved)


def _save(journal: "Journal", planned: "list[Entry]", added: "list[Tracker]") -> "list[Entry]":
    """The entries saved, with their ids; with the new trackers, in the same transaction."""
    if not added:
        return journal.add_many(planned)
    result = journal.import_records(planned, added)
    return [
        entry.with_changes(id=new) for entry, new in zip(planned, result.added_ids, strict=True)
    ]


def _support_once(journal: "Journal", saved: "list[Entry]") -> None:
    """A check-in holding a hard moment gets the support block once, for the hardest one."""
    from recovery_journal.analytics.hard_moments import hard_moment
    from recovery_journal.cli.support_block import offer_support

    order = ("use", "craving", "mood")
    hard = [entry for entry in saved if hard_moment(entry) is not None]
    if hard:
        offer_support(journal, min(hard, key=lambda e: order.index(hard_moment(e) or "mood")))


def _after_saving(
    saved: "list[Entry]", trackers: "list[Tracker]", entries: "list[Entry]", current: datetime
) -> None:
    from recovery_journal.analytics.streaks import streak_reports
    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.domain import ids
    from recovery_journal.domain.words import plural
    from recovery_journal.terminal.streaks import streak_line

    listed = ", ".join(f"{entry.kind} {ids.short(entry.id)}" for entry in saved)
    say(f"Saved {plural(len(saved), 'entry', 'entries')}: {listed}")
    for report in streak_reports(trackers, entries, today=current.date(), zone=local_zone()):
        console.print(streak_line(report, current))


def interview(
    moment: datetime,
    today: date,
    trackers: "Sequence[Tracker]",
    known: "Sequence[Entry]",
    people: "Sequence[Person]" = (),
) -> Planned:
    """Every question in turn; the entries the answers make, all at `moment`."""
    from recovery_journal.cli.checkin_connection import ask_connections, type_codes
    from recovery_journal.domain.entries import Gratitude, Meeting, Mood, Note, Trigger

    named = "today" if moment.date() == today else f"{moment:%A %d %B}"
    day = "today" if moment.date() == today else f"on {named}"
    planned: list[Entry] = []
    added: list[Tracker] = []
    score = ask("Mood, 1 (worst) to 10 (best)", whole("Mood", 1, 10))
    if score is not None:
        feelings = ask("Feelings, separated by commas", words("A feeling")) or ()
        planned.append(Mood(id="", at=moment, score=score, feelings=feelings))
    if confirm("Any cravings since your last check-in?", default=False):
        planned += _cravings(moment, trackers, added)
    planned += _tracker_answers(moment, day, trackers, [*known, *planned])
    met = ask(f"Triggers you met {day}, separated by commas", words("A trigger"))
    planned += [Trigger(id="", at=moment, description=item) for item in met or ()]
    if confirm(f"Did you go to a meeting {day}?", default=False):
        planned.append(
            Meeting(
                id="",
                at=moment,
                fellowship=ask("  Fellowship (AA, NA, SMART, ...)", text("The fellowship")),
                name=ask("  The meeting's name", text("The meeting name")),
                online=ask("  Online?", yes_no, shown=YES_NO_SKIP),
                minutes=ask("  How many minutes", whole("Minutes", 1, 24 * 60)),
                types=ask("  Type codes, e.g. O, SP, D (commas)", type_codes) or (),
            )
        )
    planned += ask_connections(moment, day, people)
    items = _gratitude()
    if items:
        planned.append(Gratitude(id="", at=moment, items=items))
    note = ask(f"A note for {named}", text("The note"))
    if note:
        planned.append(Note(id="", at=moment, text=note))
    return Planned(planned, added)


def _cravings(
    moment: datetime, trackers: "Sequence[Tracker]", added: "list[Tracker]"
) -> "list[Entry]":
    from recovery_journal.domain.entries import HALT_WORDS, OUTCOMES, Craving

    cravings: list[Entry] = []
    only = trackers[0].name if len(trackers) == 1 else None
    while True:
        number = len(cravings) + 1
        intensity = ask(f"Craving {number}: how strong, 0 to 10", whole("Intensity", 0, 10))
        if intensity is not None:
            # Its own time, so "when cravings hit" is not every check-in's evening.
            when = ask(
                "  When? (e.g. 3pm, this morning)", moment_by(moment), shown=f"{moment:%H:%M}"
            )
            craving = Craving(
                id="",
                at=when or moment,
                intensity=intensity,
                substance=ask("  What for?", text("The substance"), default=only),
                triggers=ask("  What set it off? (commas)", words("A trigger")) or (),
                halt=ask("  Hungry, angry, lonely or tired? (commas)", words("HALT", HALT_WORDS))
                or (),
                coping=ask("  What did you do to get through it?", text("Coping")),
                outcome=ask("  Resisted or used?", one_of("Outcome", OUTCOMES)),
            )
            cravings.append(_counted(craving, trackers, added))
        if not confirm("Another craving?", default=False):
            return cravings


def _counted(craving: "Craving", trackers: "Sequence[Tracker]", added: "list[Tracker]") -> "Entry":
    """A craving acted on counts against the tracker it names, or the one chosen now: one of
    the trackers, none, or a new one for it (added to `added`, saved with the entries)."""
    from recovery_journal.domain.trackers import Tracker, counted_against, tracker_for_substance

    if craving.outcome != "used":
        return craving
    known = [*trackers, *added]
    tracker = tracker_for_substance(craving.substance, known)
    if tracker is None and known:
        chosen = choose_tracker(
            "  Which tracker does it count against?", known, new=craving.substance or ""
        )
        if chosen == NEW_TRACKER:
            tracker = _new_tracker(craving, known, added)
        elif isinstance(chosen, Tracker):
            tracker = chosen
    return counted_against(craving, tracker)


def _new_tracker(
    craving: "Craving", known: "Sequence[Tracker]", added: "list[Tracker]"
) -> "Tracker | None":
    """A tracker for the craving's substance (or a name asked for), from the craving's day."""
    from recovery_journal.domain import ids
    from recovery_journal.domain.trackers import Tracker, tracker_for_substance
    from recovery_journal.vault.crypto import random_row_id

    name = craving.substance or ask("  Name of the new tracker", text("The tracker's name"))
    if name is None:
        return None
    same = tracker_for_substance(name, known)  # a name typed may be one already tracked
    if same is not None:
        return same
    tracker = Tracker(id=ids.encode(random_row_id()), name=name, clean_date=craving.at.date())
    added.append(tracker)
    return tracker


def _tracker_answers(
    moment: datetime, day: str, trackers: "Sequence[Tracker]", known: "Sequence[Entry]"
) -> "list[Entry]":
    """For each tracker, did you use? "no" is recorded (a sober day), "yes" is a use."""
    from recovery_journal.analytics.streaks import entry_day, is_use
    from recovery_journal.domain.entries import Sober, Use
    from recovery_journal.domain.quantities import quantity_in

    used = {
        getattr(entry, "tracker", None)
        for entry in known
        if is_use(entry) and entry_day(entry) == moment.date()
    }
    answers: list[Entry] = []
    for tracker in trackers:
        if tracker.clean_date > moment.date():
            continue  # not tracked yet that day
        if tracker.id in used:
            prompts.tell(f"{tracker.name}: a use is already recorded for {day}.")
            continue
        answer = ask(f"Did you use {tracker.name} {day}?", yes_no, shown=YES_NO_SKIP)
        if answer is None:
            continue  # skipped: the day stays unanswered for this tracker
        if not answer:
            answers.append(Sober(id="", at=moment, substance=tracker.name, tracker=tracker.id))
            continue
        amount = ask("  How much? A number and unit, or your own words", text("The amount"))
        # "3 drinks" also counts in the Timeline Followback's totals; the words stay too.
        parsed = quantity_in(amount) if amount else None
        quantity, unit = parsed if parsed else (None, None)
        answers.append(
            Use(
                id="",
                at=moment,
                substance=tracker.name,
                amount=amount,
                quantity=quantity,
                unit=unit,
                tracker=tracker.id,
            )
        )
    return answers


def _gratitude() -> tuple[str, ...]:
    prompts.tell(f"Up to {GRATITUDE_ITEMS} things you are grateful for (Enter when done):")
    items: list[str] = []
    while len(items) < GRATITUDE_ITEMS:
        item = ask(f"  {len(items) + 1}.", text("A gratitude item"), shown="done")
        if item is None:
            break
        items.append(item)
    return tuple(items)
