"""Commands about the journal itself: init, verify, passwd."""

from __future__ import annotations

from typing import Annotated

import typer

from recovery_journal import crypto
from recovery_journal.cli import prompts
from recovery_journal.cli.app import app, console, current_path, now, open_journal, say, warn
from recovery_journal.dates import resolve_day
from recovery_journal.errors import DamagedEntries, JournalError, JournalExists
from recovery_journal.journal import Journal
from recovery_journal.models import Tracker
from recovery_journal.render import counts_table, literal

WEAK_KDF_WARNING = (
    f"{crypto.TEST_KDF_ENV}=fast is set: this passphrase is protected by deliberately weak "
    "test settings. Never use it for a real journal."
)


@app.command("init", rich_help_panel="Journal")
def init_journal(
    tracker: Annotated[
        str,
        typer.Option(metavar="NAME", help="What you are staying clean from (default: sobriety)."),
    ] = "sobriety",
    clean_date: Annotated[
        str, typer.Option(metavar="WHEN", help="Your first clean day (default: today).")
    ] = "today",
) -> None:
    """Create a new encrypted journal."""
    path = current_path()
    if path.exists():
        raise JournalExists(f"A journal already exists at {path}; it was left untouched.")
    first = Tracker(id="", name=tracker, clean_date=resolve_day(clean_date, now()))
    passphrase = prompts.read_passphrase(prompt="Choose a passphrase", confirm=True)
    if crypto.weak_test_kdf_in_use():
        warn(WEAK_KDF_WARNING)
    Journal.create(path, passphrase, first).close()
    say(f"Created your journal at {path}")
    console.print(literal(f"Tracking {first.name} since {first.clean_date.isoformat()}."))
    say("Keep your passphrase safe: without it nobody, including you, can read the journal.")


@app.command("verify", rich_help_panel="Journal")
def verify_journal() -> None:
    """Decrypt every record and check the file; lists anything damaged."""
    with open_journal() as journal:
        report = journal.verify()
    console.print(counts_table(report.counts))
    for problem in report.integrity_problems:
        console.print(literal(f"SQLite integrity check: {problem}"))
    if report.damaged:
        raise DamagedEntries(report.damaged)
    if report.integrity_problems:
        raise JournalError("SQLite's integrity check failed; restore the journal from a backup.")
    say(f"Journal OK: {sum(report.counts.values())} records decrypted and authenticated.")


@app.command("passwd", rich_help_panel="Journal")
def change_passphrase() -> None:
    """Change the passphrase (the entries stay as they are; only the key is rewrapped)."""
    with open_journal() as journal:
        new = prompts.read_passphrase(
            env=prompts.NEW_PASSPHRASE_ENV, prompt="New passphrase", confirm=True
        )
        if crypto.weak_test_kdf_in_use():
            warn(WEAK_KDF_WARNING)
        journal.change_passphrase(new)
    say("Passphrase changed. Backups made before now still open with the old one.")
