"""Logging while locked: entries sealed to the journal's inbox key, joined at the next unlock.

Every journal has an inbox key pair (X25519, after age's recipients). Meta rows:
  inbox_public   the public key, raw 32 bytes: readable without the data key
  inbox_key      the private half sealed with the data key:
                 0x01 | nonce (12) | AES-256-GCM(private (32) | public (32)),
                 associated data "rj/v1|inbox-key|<journal id>|<dek id>"
  inbox:<16 hex> one entry logged while locked, named by its permanent row id:
                 0x01 | ephemeral public key (32) | nonce (12) | AES-256-GCM(padded JSON)
The entry's AES key is HKDF-SHA256 of the X25519 shared secret, with salt and info
binding the ephemeral and inbox public keys, the journal id, the row id and the
version; its plaintext `{"v":1,"logged":<ns>,"entry":{...}}` is padded to the same
buckets as records, so the file tells a thief only how many entries wait.

Each unlock opens the sealed private half and checks it against `inbox_public`;
each device pins the first public key it sees per journal (and re-pins after a
verified unlock) in its state folder, and `seal_locked` refuses a journal whose
public key differs from its pin. Anyone with write access to the file can plant
inbox entries (they are listed when they join) but cannot read any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_journal.domain.entries import Entry

if TYPE_CHECKING:
    from recovery_journal.vault.keys import DataKey
    from recovery_journal.vault.storage import JournalFile

PUBLIC_META = "inbox_public"
PRIVATE_META = "inbox_key"


@dataclass(frozen=True)
class JoinedInbox:
    """What `Journal.join_inbox` did: the entries joined, and the rows it could not read."""

    entries: list[Entry] = field(default_factory=list)
    """Joined as ordinary records, with their permanent ids, in the order they were logged."""
    unreadable: int = 0
    """Waiting rows that failed to open or validate: left in place, never joined."""


def seal_locked(path: Path, entry: Entry) -> str:
    """Store `entry` (its id is ignored) in the journal's inbox without any key; its public id.

    Fast: no passphrase, no KDF. Raises NoInbox for a journal that has no inbox key
    yet (unlock it once), and InboxKeyTampered when the inbox key differs from the
    one pinned on this device; nothing is written then.
    """
    raise NotImplementedError


def waiting_count(path: Path) -> int:
    """How many entries logged while locked wait to be joined (read without the key)."""
    raise NotImplementedError


class InboxKey:
    """The unlocked inbox private key (repr redacted)."""


def unlock_inbox(store: JournalFile, key: DataKey, *, repair: bool = False) -> InboxKey | None:
    """Open and check the inbox key of a just-unlocked journal; add one to an older journal.

    Raises InboxKeyTampered when the sealed private half does not match `inbox_public`
    (with `repair`, resets it instead). Pins the verified public key on this device.
    None for an in-memory copy or a read-only file that has no inbox key yet.
    """
    raise NotImplementedError
