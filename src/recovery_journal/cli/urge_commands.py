"""`rj urge`: urge surfing at the terminal, then the craving logged with how long it lasted.

The display (cli/urge_surfing.py) goes to stderr; the craving is saved like any logged
entry (cli/saving.py): never asking for the passphrase, sealed to the inbox while locked.
"""

from typing import Annotated

import typer

from recovery_journal.cli import prompts
from recovery_journal.cli.context import now, say
from recovery_journal.cli.saving import log_entry

commands = typer.Typer()

MAX_URGE_MINUTES = 120


@commands.command("urge", rich_help_panel="Log")
def surf_urge(
    minutes: Annotated[
        float, typer.Option(help="How long to ride it out (fractions are fine: 0.5).")
    ] = 15.0,
    intensity: Annotated[
        int | None, typer.Option(help="How strong the urge is, 0-10 (asked at a terminal).")
    ] = None,
    outcome: Annotated[
        str | None, typer.Option(help="resisted or used (asked at the end at a terminal).")
    ] = None,
    substance: Annotated[str | None, typer.Option(help="What the urge is for.")] = None,
    note: Annotated[str | None, typer.Option(help="A note to keep with the entry.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")] = None,
) -> None:
    """Urge surfing: ride out a craving with a countdown and your breathing, then log it
    with how long it lasted. Ctrl-C stops early and still offers to log it."""
    from recovery_journal.cli.context import err_console
    from recovery_journal.cli.urge_surfing import ask_outcome, ask_scale, surf
    from recovery_journal.domain.entries import Craving
    from recovery_journal.errors import InvalidInput

    if not 0 < minutes <= MAX_URGE_MINUTES:
        raise InvalidInput(f"--minutes must be more than 0 and at most {MAX_URGE_MINUTES}.")
    at_a_terminal = prompts.interactive()
    if intensity is None and not at_a_terminal:
        raise InvalidInput("Off a terminal, say how strong the urge is: --intensity 0-10.")
    started = now()
    # Checked before the timer runs, so a typo costs nothing.
    Craving(id="", at=started, intensity=intensity or 0, outcome=outcome)
    before = ask_scale("How strong is the urge right now") if intensity is None else intensity
    surfed = surf(err_console, minutes * 60)
    after = None
    if at_a_terminal:
        if surfed.ended_early and not prompts.ask_yes_no(
            f"Stopped after {surfed.minutes} min. Log this craving?", default=True
        ):
            say("Nothing was logged.")
            return
        after = ask_scale("How strong is it now")
        outcome = outcome or ask_outcome()
    log_entry(
        Craving,
        started.isoformat(),
        note,
        tag,
        intensity=before,
        duration_minutes=surfed.minutes,
        substance=substance,
        coping="urge surfing",
        outcome=outcome,
    )
    if after is not None and after < before:
        say(
            f"It went from {before} to {after} in {surfed.minutes} min: it passed, and you rode it."
        )
