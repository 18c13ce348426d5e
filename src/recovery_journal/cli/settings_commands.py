"""`rj settings`: the person's own settings, kept (encrypted) in the journal.

For now one: how many days without reaching out before the home screen gently suggests
a call (`--nudge-days`). `RECOVERY_JOURNAL_NUDGE_DAYS`, the older way, is still read when
the journal holds no setting of its own.
"""

from typing import Annotated

import typer

from recovery_journal.cli.context import open_journal, say

commands = typer.Typer()


@commands.command("settings", rich_help_panel="Support")
def settings(
    nudge_days: Annotated[
        int | None,
        typer.Option(
            "--nudge-days",
            metavar="DAYS",
            help="Days without a connection or a meeting before the home screen suggests "
            "a call: 0 never, default 3.",
        ),
    ] = None,
) -> None:
    """Your settings, kept in the journal: shown, or changed with an option."""
    from recovery_journal.domain.settings import settings_of
    from recovery_journal.vault.journal import TRACKERS_ONLY

    with open_journal() as journal:
        current = settings_of(journal.contents(TRACKERS_ONLY).settings)
        if nudge_days is not None:
            current = journal.save_settings(current.with_changes(nudge_days=nudge_days))
            say(f"Saved. {_nudge_words(current.nudge_after)}")
            return
    say(_nudge_words(current.nudge_after) + " Change it with `rj settings --nudge-days N`.")


def _nudge_words(days: int) -> str:
    if days == 0:
        return "The home screen never suggests a call (nudge days: 0)."
    after = "a day" if days == 1 else f"{days} days"
    return f"The home screen gently suggests a call after {after} without reaching out."
