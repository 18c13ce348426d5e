"""Asking the person for secrets and private words without leaving traces.

Passphrases come from a hidden prompt at the terminal (`/dev/tty`, as ssh and gpg do, so
`echo ... | rj trigger` still asks), or for scripts from a file descriptor or an environment
variable, never from argv. Free text may be an argument, but when left out it is asked for
(terminal) or read from piped stdin, so private words need not sit in shell history.

Every question goes to the terminal (stderr or /dev/tty), never to stdout:
`rj list --json > entries.json` leaves only JSON in the file. Ctrl-C propagates as
KeyboardInterrupt and Ctrl-D as EOFError; `cli.app` turns both into "Cancelled".
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from recovery_journal.errors import InvalidInput, PassphraseUnavailable

if TYPE_CHECKING:
    from recovery_journal.vault.crypto import Secret
    from recovery_journal.vault.recovery_key import RecoveryKey

PASSPHRASE_ENV = "RECOVERY_JOURNAL_PASSPHRASE"  # noqa: S105 (a name, not a secret)
PASSPHRASE_FD_ENV = "RECOVERY_JOURNAL_PASSPHRASE_FD"  # noqa: S105 (a name, not a secret)
NEW_PASSPHRASE_ENV = "RECOVERY_JOURNAL_NEW_PASSPHRASE"  # noqa: S105 (a name, not a secret)
RECOVERY_KEY_ENV = "RECOVERY_JOURNAL_RECOVERY_KEY"
MIN_PASSPHRASE_CHARS = 8
MAX_SECRET_BYTES = 4096
MISMATCH = "Error: The two entered values do not match."


def interactive() -> bool:
    """Typed text and confirmations are asked for only when stdin is a terminal."""
    return sys.stdin.isatty()


def controlling_terminal() -> bool:
    """Whether /dev/tty opens: a hidden prompt can reach the person even with stdin piped."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return False
    os.close(fd)
    return True


def can_ask_secret() -> bool:
    return interactive() or controlling_terminal()


def ask(question: str, *, default: str = "") -> str:
    """One visible line typed at the terminal; the question goes to stderr."""
    sys.stderr.write(question)
    sys.stderr.flush()
    answer = input()
    return answer if answer else default


def tell(message: str) -> None:
    """A line for the person at the terminal (stderr), beside the questions."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def ask_hidden(question: str) -> str:
    """A hidden line, asked on the terminal itself (getpass opens /dev/tty)."""
    import getpass

    try:
        return getpass.getpass(question)
    except KeyboardInterrupt:
        sys.stderr.write("\n")  # getpass leaves the cursor after the prompt
        raise


def _from_fd(name: str) -> str | None:
    """A secret read from the file descriptor named in `name` (as age and gpg allow)."""
    raw_fd = os.environ.pop(name, None)
    if raw_fd is None:
        return None
    try:
        fd = int(raw_fd)
        with os.fdopen(fd, "rb", closefd=True) as stream:
            data = stream.read(MAX_SECRET_BYTES + 1)
    except (ValueError, OSError):
        raise PassphraseUnavailable(
            f"{name} must name an open file descriptor to read the passphrase from."
        ) from None
    if len(data) > MAX_SECRET_BYTES:
        raise InvalidInput(f"The passphrase from {name} is longer than {MAX_SECRET_BYTES} bytes.")
    text = data.decode("utf-8", errors="strict").removesuffix("\n").removesuffix("\r")
    return text


def _from_env(name: str) -> str | None:
    # Removed from the environment once read, so no child process inherits it.
    return os.environ.pop(name, None)


def passphrase_from_script() -> bool:
    """A passphrase is waiting in the environment or a descriptor (so do not ask again)."""
    return PASSPHRASE_ENV in os.environ or PASSPHRASE_FD_ENV in os.environ


def _ask_confirmed(prompt: str) -> str:
    while True:
        first = ask_hidden(f"{prompt}: ")
        if ask_hidden("Repeat for confirmation: ") == first:
            return first
        sys.stderr.write(MISMATCH + "\n")


def read_passphrase(
    *, env: str = PASSPHRASE_ENV, prompt: str = "Passphrase", confirm: bool = False
) -> Secret:
    """The passphrase from a descriptor or `env`, else a hidden prompt; a clear error with none."""
    from recovery_journal.vault.crypto import Secret

    value = _from_fd(PASSPHRASE_FD_ENV) if env == PASSPHRASE_ENV else None
    if value is None:
        value = _from_env(env)
    if value is None:
        if not can_ask_secret():
            raise PassphraseUnavailable(
                f"No passphrase: run this in a terminal to be asked, or set {env} in a script."
            )
        value = _ask_confirmed(prompt) if confirm else ask_hidden(f"{prompt}: ")
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
    from recovery_journal.vault.recovery_key import RecoveryKey

    value = _from_env(RECOVERY_KEY_ENV)
    if value is None:
        if not can_ask_secret():
            raise PassphraseUnavailable(
                "No recovery key: run this in a terminal to be asked, "
                f"or set {RECOVERY_KEY_ENV} in a script."
            )
        value = ask_hidden("Recovery key: ")
    return RecoveryKey.parse(value)


def read_text(value: str | None, what: str, *, multiline: bool = False) -> str:
    """`value` if given; otherwise ask on the terminal or read piped stdin."""
    if value is not None:
        return value
    if not interactive():
        return sys.stdin.read()
    if multiline:
        sys.stderr.write(f"{what} (finish with Ctrl-D on an empty line):\n")
        sys.stderr.flush()
        return sys.stdin.read()
    return ask(f"{what}: ")


def read_items(values: list[str] | None, what: str) -> list[str]:
    """Several short texts: arguments, else one per prompt or per piped line."""
    if values:
        return values
    if not interactive():
        return sys.stdin.read().splitlines()
    items: list[str] = []
    sys.stderr.write(f"{what}, one per line; an empty line finishes.\n")
    while True:
        item = ask(f"{len(items) + 1}: ")
        if not item.strip():
            return items
        items.append(item)


def ask_yes_no(question: str, *, default: bool) -> bool:
    """A yes/no question at the terminal; Enter takes the default."""
    choices = "[Y/n]" if default else "[y/N]"
    while True:
        answer = ask(f"{question} {choices}: ").strip().lower()
        if not answer:
            return default
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        sys.stderr.write("Error: invalid input\n")


def confirm(question: str, *, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not interactive():
        raise InvalidInput(f"{question} Add --yes to confirm when not running in a terminal.")
    return ask_yes_no(question, default=False)
