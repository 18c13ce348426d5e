"""Commands about the journal itself: init, verify, passwd."""

from typing import Annotated

import typer

from recovery_journal.cli import prompts
from recovery_journal.cli.context import (
    console,
    current_path,
    now,
    say,
    unlock_current,
    warn,
)
from recovery_journal.cli.progress_bar import working
from recovery_journal.errors import DamagedEntries, JournalError, JournalExists
from recovery_journal.vault.kdf_bounds import (
    MAX_ARGON_ITERATIONS,
    MAX_ARGON_MEMORY_MIB,
    MIN_ARGON_ITERATIONS,
    MIN_ARGON_MEMORY_MIB,
)

commands = typer.Typer()


@commands.command("init", rich_help_panel="Journal")
def init_journal(
    tracker: Annotated[
        str,
        typer.Option(metavar="NAME", help="What you are staying clean from (default: sobriety)."),
    ] = "sobriety",
    clean_date: Annotated[
        str, typer.Option(metavar="WHEN", help="Your first clean day (default: today).")
    ] = "today",
    recovery_key: Annotated[
        bool | None,
        typer.Option(
            "--recovery-key/--no-recovery-key",
            help="Make a one-time recovery key for a forgotten passphrase "
            "(default: asked on a terminal, none in scripts).",
        ),
    ] = None,
) -> None:
    """Create a new encrypted journal."""
    from recovery_journal.cli.key_messages import WEAK_KDF_WARNING, show_recovery_key
    from recovery_journal.domain.dates import resolve_day
    from recovery_journal.domain.trackers import Tracker
    from recovery_journal.terminal.text import literal
    from recovery_journal.vault import keyslots
    from recovery_journal.vault.journal import Journal
    from recovery_journal.vault.recovery_key import RecoveryKey

    path = current_path()
    if path.exists():
        raise JournalExists.journal_at(path)
    first = Tracker(id="", name=tracker, clean_date=resolve_day(clean_date, now()))
    passphrase = prompts.read_passphrase(prompt="Choose a passphrase", confirm=True)
    if recovery_key is None and prompts.interactive():
        recovery_key = prompts.ask_yes_no(
            "Make a recovery key? It opens the journal if you forget your passphrase; "
            "without one, a lost passphrase means lost entries.",
            default=True,
        )
    key = RecoveryKey.generate() if recovery_key else None
    if keyslots.weak_test_kdf_in_use():
        warn(WEAK_KDF_WARNING)
    Journal.create(path, passphrase, first, recovery_key=key).close()
    say(f"Created your journal at {path}")
    console.print(literal(f"Tracking {first.name} since {first.clean_date.isoformat()}."))
    if key is None:
        say(
            "No recovery key was made: a lost passphrase means lost entries "
            "(add one any time with `rj recovery-key new`)."
        )
    else:
        show_recovery_key(key)
    say("Keep your passphrase safe: without it nobody, including you, can read the journal.")


@commands.command("verify", rich_help_panel="Journal")
def verify_journal(
    accept_changes: Annotated[
        bool,
        typer.Option(
            "--accept-changes",
            help="Keep the journal as it is now: changes made outside rj (listed first) "
            "stop being refused, e.g. after copying back an older file on purpose.",
        ),
    ] = False,
) -> None:
    """Decrypt every record and check the file against its manifest; lists what is wrong."""
    from recovery_journal.cli.context import join_waiting
    from recovery_journal.errors import ChangedOutsideRj
    from recovery_journal.terminal.entries import counts_table
    from recovery_journal.terminal.text import literal

    with unlock_current(repair_inbox=True, join=False) as journal:
        with working("Checking every record"):
            report = journal.verify()
        repaired = journal.inbox_repaired
        if report.changes and accept_changes:
            journal.accept_changes()
        if not report.changes or accept_changes:
            join_waiting(journal)  # entries logged while locked join a journal that checks out
    if repaired:
        warn(
            "The journal's inbox key had been changed outside rj; a new one was made. Entries "
            "logged while locked since that change may have been readable by whoever made it."
        )
    console.print(counts_table(report.counts))
    for problem in report.integrity_problems:
        console.print(literal(f"SQLite integrity check: {problem}"))
    for change in report.changes:
        console.print(literal(f"Changed outside rj: {change}"))
    if report.damaged:
        raise DamagedEntries(report.damaged)
    if report.integrity_problems:
        raise JournalError("SQLite's integrity check failed; restore the journal from a backup.")
    if report.changes and not accept_changes:
        raise ChangedOutsideRj(report.changes)
    if report.changes:
        say("Accepted: the journal's manifest now matches the journal as it is.")
    say(f"Journal OK: {sum(report.counts.values())} records decrypted and authenticated.")


@commands.command("passwd", rich_help_panel="Journal")
def change_passphrase(
    recovery_key: Annotated[
        bool,
        typer.Option(
            "--recovery-key",
            help="Forgot it? Unlock with your recovery key instead (asked for, or "
            f"${prompts.RECOVERY_KEY_ENV}).",
        ),
    ] = False,
    kdf_memory: Annotated[
        int | None,
        typer.Option(
            metavar="MIB",
            help=f"Argon2id memory, {MIN_ARGON_MEMORY_MIB}-{MAX_ARGON_MEMORY_MIB} "
            "MiB (default: as now, at least 128).",
        ),
    ] = None,
    kdf_time: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help=f"Argon2id passes, {MIN_ARGON_ITERATIONS}-{MAX_ARGON_ITERATIONS} "
            "(default: as now, at least 3).",
        ),
    ] = None,
) -> None:
    """Change the passphrase (the entries stay as they are; only the key is rewrapped)."""
    from recovery_journal.cli.key_messages import WEAK_KDF_WARNING
    from recovery_journal.vault import keyslots
    from recovery_journal.vault.journal import Journal

    keyslots.passphrase_kdf(kdf_memory, kdf_time)  # a bad value is refused before any prompt
    path = current_path()
    if recovery_key:
        journal = Journal.unlock_with_recovery_key(path, prompts.read_recovery_key)
    else:
        journal = Journal.unlock(path, prompts.read_passphrase)
    with journal:
        new = prompts.read_passphrase(
            env=prompts.NEW_PASSPHRASE_ENV, prompt="New passphrase", confirm=True
        )
        kdf = keyslots.passphrase_kdf(kdf_memory, kdf_time, current=journal.passphrase_kdf)
        if keyslots.weak_test_kdf_in_use():
            warn(WEAK_KDF_WARNING)
        journal.change_passphrase(new, kdf)
    say("Passphrase changed. Backups made before now still open with the old one.")
    if kdf_memory is not None or kdf_time is not None:
        say(f"Unlocking now costs Argon2id {kdf.memory_kib // 1024} MiB, {kdf.iterations} passes.")
    if recovery_key:
        say("Your recovery key still works; make a new one (`rj recovery-key new`) if it was seen.")
