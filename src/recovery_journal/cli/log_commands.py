"""Logging commands: mood, craving, trigger, gratitude, use, sober, note, pacs, reflect.
(Meetings, connections, service and the BARC-10 are in `community_commands.py`.)

Each validates everything first, so a typo costs nothing, never asks for the
passphrase (locked, the entry is sealed to the journal's inbox), and prints the new
entry's short id only after the commit.
"""

from typing import Annotated

import typer

from recovery_journal.cli import prompts
from recovery_journal.cli.context import now, say
from recovery_journal.cli.log_options import AtOption, NoteOption, TagOption
from recovery_journal.cli.saving import log_entry as _log

commands = typer.Typer()

IntensityHelp = "0 (none) to 10 (overwhelming)."
TrackerOption = Annotated[
    str | None,
    typer.Option(
        "--tracker",
        metavar="NAME",
        help="The tracker it counts against (default: the one --substance names).",
    ),
]
NoTrackerOption = Annotated[
    bool, typer.Option("--no-tracker", help="Just record it: count it against no tracker.")
]


def _tracker_choice(tracker: str | None, no_tracker: bool) -> str | None:
    """What the entry's `tracker` holds until it is counted (see cli/attribution.py)."""
    from recovery_journal.domain.trackers import UNTRACKED
    from recovery_journal.errors import InvalidInput

    if tracker is not None and no_tracker:
        raise InvalidInput("Choose --tracker NAME or --no-tracker, not both.")
    return UNTRACKED if no_tracker else tracker


@commands.command("mood", rich_help_panel="Log")
def log_mood(
    score: Annotated[int, typer.Argument(help="1 (worst) to 10 (best).")],
    feeling: Annotated[
        list[str] | None,
        typer.Option(
            "--feeling", metavar="WORD", help="A feeling word, e.g. hopeful (repeatable)."
        ),
    ] = None,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Log how you feel, 1 to 10."""
    from recovery_journal.domain.kinds.mood import Mood

    _log(Mood, at, note, tag, score=score, feelings=tuple(feeling or ()))


@commands.command("craving", rich_help_panel="Log")
def log_craving(
    intensity: Annotated[int, typer.Argument(help=IntensityHelp)],
    substance: Annotated[str | None, typer.Option(help="What the craving was for.")] = None,
    trigger: Annotated[
        list[str] | None,
        typer.Option("--trigger", metavar="TEXT", help="What set it off (repeatable)."),
    ] = None,
    halt: Annotated[
        list[str] | None,
        typer.Option("--halt", metavar="WORD", help="hungry, angry, lonely or tired (repeatable)."),
    ] = None,
    coping: Annotated[str | None, typer.Option(help="What you did to get through it.")] = None,
    outcome: Annotated[
        str | None, typer.Option(help="resisted or used (default: not given).")
    ] = None,
    tracker: TrackerOption = None,
    no_tracker: NoTrackerOption = False,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Log a craving and how it went."""
    from recovery_journal.domain.kinds.craving import Craving
    from recovery_journal.errors import InvalidInput

    chosen = _tracker_choice(tracker, no_tracker)
    acted_on = (outcome or "").strip().lower() == "used"
    if tracker is not None and not acted_on:
        raise InvalidInput(
            "--tracker is for a craving you acted on (--outcome used); "
            "say what a craving was for with --substance."
        )
    _log(
        Craving,
        at,
        note,
        tag,
        intensity=intensity,
        substance=substance,
        triggers=tuple(trigger or ()),
        halt=tuple(halt or ()),
        coping=coping,
        outcome=outcome,
        tracker=chosen if acted_on else None,
    )


@commands.command("trigger", rich_help_panel="Log")
def log_trigger(
    description: Annotated[
        str | None,
        typer.Argument(help="What happened (asked for, or read from stdin, when left out)."),
    ] = None,
    category: Annotated[
        str | None, typer.Option(help="people, places, things, feelings or situations.")
    ] = None,
    intensity: Annotated[int | None, typer.Option(help=IntensityHelp)] = None,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Log a trigger: a person, place, thing, feeling or situation that stirred things up."""
    from recovery_journal.domain.kinds.trigger import Trigger

    text = prompts.read_text(description, "What was the trigger?")
    _log(Trigger, at, note, tag, description=text, category=category, intensity=intensity)


@commands.command("gratitude", rich_help_panel="Log")
def log_gratitude(
    items: Annotated[
        list[str] | None,
        typer.Argument(
            help="What you are grateful for (asked for, or read line by line from stdin)."
        ),
    ] = None,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Log one or more things you are grateful for."""
    from recovery_journal.domain.kinds.gratitude import Gratitude

    given = prompts.read_items(items, "What are you grateful for")
    _log(Gratitude, at, note, tag, items=tuple(given))


@commands.command("use", rich_help_panel="Log")
def log_use(
    substance: Annotated[str | None, typer.Option(help="What you used.")] = None,
    amount: Annotated[str | None, typer.Option(help="How much, in your own words.")] = None,
    quantity: Annotated[
        float | None, typer.Option(metavar="N", help="How much, as a number (see --unit).")
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            metavar="UNIT",
            help="The quantity's unit: standard-drinks, drinks, g, mg, joints, cigarettes, "
            "money, or any word.",
        ),
    ] = None,
    drinks: Annotated[
        float | None,
        typer.Option(
            metavar="N", help="Standard drinks: short for --quantity N --unit standard-drinks."
        ),
    ] = None,
    tracker: TrackerOption = None,
    no_tracker: NoTrackerOption = False,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Log a use day or relapse. It is part of the story, not the end of it.

    It counts against the tracker --substance names (with one tracker and no
    substance, that one). A substance naming none of your trackers is asked about at
    a terminal; elsewhere say --tracker NAME or --no-tracker.
    """
    from recovery_journal.domain.kinds.use import Use
    from recovery_journal.domain.quantities import STANDARD_DRINKS
    from recovery_journal.errors import InvalidInput

    if drinks is not None:
        if quantity is not None or unit is not None:
            raise InvalidInput("--drinks N is --quantity N --unit standard-drinks: give one.")
        quantity, unit = drinks, STANDARD_DRINKS
    if unit is not None and quantity is None:
        raise InvalidInput("--unit goes with --quantity N.")
    chosen = _tracker_choice(tracker, no_tracker)
    _log(
        Use,
        at,
        note,
        tag,
        substance=substance,
        amount=amount,
        quantity=quantity,
        unit=unit,
        tracker=chosen,
    )


@commands.command("sober", rich_help_panel="Log")
def log_sober(
    tracker: Annotated[
        str | None,
        typer.Option(
            "--tracker", metavar="NAME", help="The tracker it answers for (default: your only one)."
        ),
    ] = None,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Record that you did not use that day (the check-in asks this for each tracker).

    A real zero for the Timeline Followback (`rj export tlfb`), where a day nobody
    answered for stays silence. With several trackers, say which with --tracker NAME.
    """
    from recovery_journal.domain.kinds.sober import Sober

    _log(Sober, at, note, tag, tracker=tracker)


@commands.command("note", rich_help_panel="Log")
def log_note(
    text: Annotated[
        str | None, typer.Argument(help="The note (asked for, or read from stdin, when left out).")
    ] = None,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Write a free journal note."""
    from recovery_journal.domain.kinds.note import Note

    body = prompts.read_text(text, "Your note", multiline=True)
    _log(Note, at, note, tag, text=body)


@commands.command("pacs", rich_help_panel="Log")
def log_pacs(
    items: Annotated[
        list[int] | None,
        typer.Argument(
            metavar="[A B C D E]",
            help="The five answers, 0-6 each (asked one by one at a terminal when left out).",
        ),
    ] = None,
    substance: Annotated[
        str | None,
        typer.Option(help="What the questions ask about (default: your only tracker)."),
    ] = None,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """The Penn Alcohol Craving Scale: five questions about your past week, 0-6 each."""
    from recovery_journal.cli.context import tracker_names_if_unlocked
    from recovery_journal.cli.pacs_questions import ask_pacs
    from recovery_journal.domain.kinds.pacs import Pacs
    from recovery_journal.errors import InvalidInput

    if items is None:
        if not prompts.interactive():
            raise InvalidInput(
                "Give the five answers (`rj pacs 2 1 3 0 2`), or run it at a terminal to be asked."
            )
        if substance is None:  # the wording follows the one tracker, if it can be read
            names = tracker_names_if_unlocked()
            substance = names[0] if len(names) == 1 else None
        items = list(ask_pacs(substance))
    _log(Pacs, at, note, tag, items=tuple(items), substance=substance)


@commands.command("reflect", rich_help_panel="Log")
def log_reflection(
    use_id: Annotated[
        str, typer.Argument(metavar="USE_ID", help="The use it is about (an id or its prefix).")
    ],
    activating: Annotated[
        str | None, typer.Option(help="A, the activating event: what was happening.")
    ] = None,
    beliefs: Annotated[
        str | None, typer.Option(help="B, your beliefs: what you were telling yourself.")
    ] = None,
    consequences: Annotated[
        str | None, typer.Option(help="C, the consequences: what followed.")
    ] = None,
    different: Annotated[str | None, typer.Option(help="What could be different.")] = None,
    at: AtOption = "now",
    note: NoteOption = None,
    tag: TagOption = None,
) -> None:
    """Reflect on a use in SMART Recovery's ABC shape (asked at a terminal when no part is
    given). It is linked to the use and shown in `rj streak --history`. It opens the
    journal, to check the use is there."""
    from recovery_journal.cli.context import open_journal
    from recovery_journal.cli.reflection import ask_abc, find_use
    from recovery_journal.domain import ids
    from recovery_journal.domain.dates import resolve_at
    from recovery_journal.domain.kinds.reflection import Reflection
    from recovery_journal.errors import InvalidInput

    parts = {
        "activating": activating,
        "beliefs": beliefs,
        "consequences": consequences,
        "different": different,
    }
    moment, tags = resolve_at(at, now()), tuple(tag or ())
    if any(parts.values()):  # checked before the passphrase is asked
        Reflection(id="", at=moment, use_id=use_id, note=note, tags=tags, **parts)
    elif not prompts.interactive():
        raise InvalidInput(
            "Give at least one of --activating, --beliefs, --consequences or --different, "
            "or run it at a terminal to be asked."
        )
    with open_journal() as journal:
        use = find_use(journal, use_id)
        if not any(parts.values()):
            parts = ask_abc(parts)
        entry = Reflection(id="", at=moment, use_id=use.id, note=note, tags=tags, **parts)
        saved = journal.add(entry)
    say(f"Saved reflection {ids.short(saved.id)} on use {ids.short(use.id)}")
