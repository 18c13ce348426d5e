"""`rj unlock` and `rj lock`: stay unlocked for a while, so commands stop asking."""

from typing import Annotated

import typer

from recovery_journal.cli.context import current_path, now, open_journal, say

commands = typer.Typer()
PANEL = "Journal"


@commands.command("unlock", rich_help_panel=PANEL)
def unlock_journal(
    duration: Annotated[
        str,
        typer.Option(
            "--for",
            metavar="DURATION",
            help="How long to stay unlocked without use: 15m (default), 30m, 2h; at most 12h.",
        ),
    ] = "15m",
) -> None:
    """Unlock once: for a while, commands use the key without asking for your passphrase."""
    from recovery_journal.domain.durations import format_duration, parse_duration

    chosen = parse_duration(duration)
    with open_journal() as journal:
        journal.keep_unlocked(chosen)
    until = now() + chosen
    say(
        f"Unlocked for {format_duration(chosen)} (until {until:%H:%M} if unused; "
        "every command starts the time again, 12 hours at most). `rj lock` locks it now."
    )


@commands.command("lock", rich_help_panel=PANEL)
def lock_journal() -> None:
    """Lock now: the key is wiped from memory; logging still works while locked."""
    from recovery_journal.vault import unlocking

    if unlocking.lock(current_path()):
        say("Locked. The key is wiped from memory; the next command asks for your passphrase.")
    else:
        say("Already locked.")
