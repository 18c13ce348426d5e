"""What `init`, `passwd`, `rotate-keys` and `recovery-key` say about keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recovery_journal.cli.context import console, say
from recovery_journal.vault import keyslots

if TYPE_CHECKING:
    from recovery_journal.vault.recovery_key import RecoveryKey

WEAK_KDF_WARNING = (
    f"{keyslots.TEST_KDF_ENV}=fast is set: this passphrase is protected by deliberately weak "
    "test settings. Never use it for a real journal."
)


def show_recovery_key(key: RecoveryKey) -> None:
    """The one moment a recovery key is ever shown."""
    from recovery_journal.terminal.text import literal

    say("Your recovery key, shown only this once:")
    console.print(literal(f"\n    {key.formatted()}\n", "bold"))
    say(
        "Write it down and keep it away from this computer. It opens the journal without your "
        "passphrase (`rj passwd --recovery-key`), so anyone holding it and the file can read it."
    )
