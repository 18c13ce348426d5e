"""Asking the person for secrets and private words without leaving traces.

Passphrases come from a hidden terminal prompt or, for scripts and tests, an
environment variable, never from argv. Free text may be an argument, but when
left out it is asked for (terminal) or read from piped stdin, so private words
need not sit in shell history.
"""

from __future__ import annotations

import os
import sys

import typer

from recovery_journal.errors import InvalidInput, PassphraseUnavailable
from recovery_journal.vault.crypto import Secret
from recovery_journal.vault.recovery_key import RecoveryKey

PASSPHRASE_ENV = "RECOVERY_JOURNAL_PASSPHRASE"  # noqa: S105 (a name, not a secret)
NEW_PASSPHRASE_ENV = "RECOVERY_JOURNAL_NEW_PASSPHRASE"  # noqa: S105 (a name, not a secret)
RECOVERY_KEY_ENV = "RECOVERY_JOURNAL_RECOVERY_KEY"
MIN_PASSPHRASE_CHARS = 8


def interactive() -> bool:
    return sys.stdin.isatty()


def _from_env(name: str) -> str | None:
    # Removed from the environment once read, so no child process inherits it.
    return os.environ.pop(name, None)


def read_passphrase(
    *, env: str = PASSPHRASE_ENV, prompt: str = "Passphrase", confirm: bool = False
) -> Secret:
    """The passphrase from `env`, else a hidden prompt; a clear error with neither."""
    value = _from_env(env)
    if value is None:
        if not interactive():
            raise PassphraseUnavailable(
                f"No passphrase: run this in a terminal to be asked, or set {env} in a script."
            )
        value = typer.prompt(
            prompt, hide_input=True, confirmation_prompt=confirm, prompt_suffix=": "
        )
    if confirm and len(value) < MIN_PASSPHRASE_CHARS:
        raise InvalidInput(
            f"A passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; "
            "a few unrelated words make a strong one you can remember."
        )
    if not value:
        raise InvalidInput("The passphrase cannot be empty.")
    return Secret.from_passphrase(value)


def read_recovery_key() -> RecoveryKey:
    """The recovery key from its variable, else a hidden prompt; a typo is caught here."""
    value = _from_env(RECOVERY_KEY_ENV)
    if value is None:
        if not interactive():
            raise PassphraseUnavailable(
                "No recovery key: run this in a terminal to be asked, "
                f"or set {RECOVERY_KEY_ENV} in a script."
            )
        value = typer.prompt("Recovery key", hide_input=True, prompt_suffix=": ")
    return RecoveryKey.parse(value)


def read_text(value: str | None, what: str, *, multiline: bool = False) -> str:
    """`value` if given; otherwise ask on the terminal or read piped stdin."""
    if value is not None:
        return value
    if not interactive():
        return sys.stdin.read()
    if multiline:
        typer.echo(f"{what} (finish with Ctrl-D on an empty line):", err=True)
        return sys.stdin.read()
    return str(typer.prompt(what, default="", show_default=False))


def read_items(values: list[str] | None, what: str) -> list[str]:
    """Several short texts: arguments, else one per prompt or per piped line."""
    if values:
        return values
    if not interactive():
        return sys.stdin.read().splitlines()
    items: list[str] = []
    typer.echo(f"{what}, one per line; an empty line finishes.", err=True)
    while True:
        item = str(typer.prompt(f"{len(items) + 1}", default="", show_default=False))
        if not item.strip():
            return items
        items.append(item)


def confirm(question: str, *, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not interactive():
        raise InvalidInput(f"{question} Add --yes to confirm when not running in a terminal.")
    return typer.confirm(question, default=False)
