"""`rj backup`, `rj restore`, `rj rotate-keys`, `rj recovery-key`: keeping the journal safe."""

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_journal.cli import prompts
from recovery_journal.cli.context import console, current_path, open_journal, say, warn
from recovery_journal.cli.progress_bar import working
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.vault.crypto import Secret
    from recovery_journal.vault.journal import Journal

commands = typer.Typer()

PANEL = "Safety"
OLD_BACKUPS = "Backups made before now still open with the old passphrase and keys"
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]

recovery_app = typer.Typer(
    help="Make or remove the recovery key that opens the journal if you forget the passphrase.",
    no_args_is_help=True,
)


def _backup_passphrase() -> "Secret":
    return prompts.read_passphrase(prompt="Passphrase of the backup")


def _unlock_keeping_passphrase() -> "tuple[Journal, Secret]":
    """Unlock (asking only once the file checks out) and keep the passphrase for re-wrapping."""
    from recovery_journal.vault.journal import Journal

    asked: list[Secret] = []

    def ask() -> "Secret":
        asked.append(prompts.read_passphrase())
        return asked[0]

    journal = Journal.unlock(current_path(), ask)
    return journal, asked[0]


@commands.command("backup", rich_help_panel=PANEL)
def backup_journal(
    file: Annotated[
        Path | None,
        typer.Argument(metavar="FILE", help="The backup to write (or to check, --verify)."),
    ] = None,
    verify: Annotated[
        bool,
        typer.Option("--verify", help="Check a backup: unlock it and decrypt every record."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Remove the copies `restore` kept beside the journal (*.bak): they still "
            "open with the passphrase of their time.",
        ),
    ] = False,
    yes: YesOption = False,
) -> None:
    """Copy the journal, still encrypted, to FILE (safe while the journal is in use)."""
    from recovery_journal.terminal.entries import counts_table
    from recovery_journal.terminal.text import literal
    from recovery_journal.vault import backup as backups

    if prune:
        _prune_kept_copies(yes=yes)
        return
    if file is None:
        raise InvalidInput("Give the FILE to write the backup to (or to check, with --verify).")
    target = file.expanduser()
    if verify:
        report = backups.verify_backup(target, _backup_passphrase, journal=current_path())
        console.print(counts_table(report.counts))
        for problem in report.integrity_problems:
            console.print(literal(f"SQLite integrity check: {problem}"))
        for change in report.changes:
            console.print(literal(f"Changed outside rj: {change}"))
        backups.raise_for(report, f"the backup {target}")
        total = sum(report.counts.values())
        console.print(literal(f"Backup OK: {total} records decrypted and authenticated."))
        if report.before_manifest:
            say(
                "It was made before rj kept a manifest: each record is authenticated, but "
                "not which records it holds. Restoring it adds one."
            )
        return
    backups.check_backup_target(target, current_path(), force=force)
    journal, passphrase = _unlock_keeping_passphrase()
    with journal, working("Backing up"):
        records = backups.backup(journal, target, passphrase, force=force)
    console.print(literal(f"Backed up {records} records to {target} (encrypted, private to you)."))
    say("Checked: the copy opens with your current passphrase. Keep it off this computer.")


@commands.command("restore", rich_help_panel=PANEL)
def restore_journal(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The backup to restore.")],
    yes: YesOption = False,
) -> None:
    """Replace the journal with a backup, after checking it; the current one is kept as .bak."""
    from recovery_journal.terminal.text import literal
    from recovery_journal.vault import backup as backups

    if not yes and not prompts.interactive():
        raise InvalidInput(
            "Restoring replaces your journal: add --yes to confirm when not running in a terminal."
        )

    bar = contextlib.ExitStack()  # drawn once the question is answered, until restored

    def confirm(plan: backups.RestorePlan) -> bool:
        kept = f" The current one is kept as {plan.keep_as.name}." if plan.keep_as else ""
        question = (
            f"Replace the journal at {plan.target} with the {plan.records} records "
            f"in {plan.source}?{kept}"
        )
        answer = prompts.confirm(question, assume_yes=yes)
        if answer:
            bar.enter_context(working("Restoring"))
        return answer

    with bar:
        plan = backups.restore(file.expanduser(), current_path(), _backup_passphrase, confirm)
    if plan is None:
        say("Nothing was changed.")
        return
    console.print(literal(f"Restored {plan.records} records from {plan.source}."))
    if plan.keep_as is not None:
        console.print(literal(f"Your previous journal is kept at {plan.keep_as}."))
        say(
            "It still opens with the passphrase it had. Once you no longer need it, remove it "
            "with `rj backup --prune` (every copy restore kept) or delete that file."
        )
    say("The journal now opens with the passphrase the backup had.")


def _prune_kept_copies(*, yes: bool) -> None:
    """`rj backup --prune`: list the copies restore kept beside the journal, then remove them."""
    from recovery_journal.terminal.text import literal
    from recovery_journal.vault import backup as backups

    kept = backups.kept_copies(current_path())
    if not kept:
        say("No copies kept by `restore` beside the journal; nothing was removed.")
        return
    for path in kept:
        console.print(literal(f"  {path}"))
    if not yes and not prompts.interactive():
        raise InvalidInput("Removing copies cannot be undone: add --yes to confirm.")
    if not prompts.confirm(f"Remove these {len(kept)} copies?", assume_yes=yes):
        say("Nothing was removed.")
        return
    backups.remove_kept(kept)
    say(f"Removed {len(kept)} kept {'copy' if len(kept) == 1 else 'copies'}.")


@commands.command("rotate-keys", rich_help_panel=PANEL)
def rotate_keys() -> None:
    """Re-encrypt every entry with a new data key (if you fear a backup or key was seen)."""
    from recovery_journal.cli.key_messages import WEAK_KDF_WARNING, show_recovery_key
    from recovery_journal.vault import keyslots
    from recovery_journal.vault.recovery_key import RecoveryKey

    journal, passphrase = _unlock_keeping_passphrase()
    with journal:
        new_key = RecoveryKey.generate() if journal.has_recovery_key else None
        if keyslots.weak_test_kdf_in_use():
            warn(WEAK_KDF_WARNING)
        with working("Re-encrypting every record"):
            records = journal.rotate_keys(passphrase, new_key)
    say(f"Re-encrypted {records} records with a new data key.")
    if new_key is not None:
        say("Your old recovery key no longer works.")
        show_recovery_key(new_key)
    say(
        f"{OLD_BACKUPS}: make a new backup and destroy the old ones if they may have been seen. "
        "If someone may know your passphrase, change it too (`rj passwd`)."
    )


@recovery_app.command("new")
def new_recovery_key(yes: YesOption = False) -> None:
    """Make a recovery key (shown once); an existing one stops working."""
    from recovery_journal.cli.key_messages import show_recovery_key
    from recovery_journal.vault.recovery_key import RecoveryKey

    with open_journal() as journal:
        question = "Replace your recovery key? The old one will stop working."
        if journal.has_recovery_key and not prompts.confirm(question, assume_yes=yes):
            say("Kept your current recovery key.")
            return
        key = RecoveryKey.generate()
        journal.set_recovery_key(key)
    show_recovery_key(key)


@recovery_app.command("remove")
def remove_recovery_key(yes: YesOption = False) -> None:
    """Remove the recovery key: then only the passphrase opens the journal."""
    with open_journal() as journal:
        if not journal.has_recovery_key:
            say("This journal has no recovery key; nothing was changed.")
            return
        question = "Remove the recovery key? If you then forget your passphrase, entries are lost."
        if not prompts.confirm(question, assume_yes=yes):
            say("Kept your recovery key.")
            return
        journal.set_recovery_key(None)
    say(f"Removed the recovery key. {OLD_BACKUPS}.")
