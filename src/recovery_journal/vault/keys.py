"""The data key and the keyslots that wrap it, LUKS-style.

A journal has one random data key (DEK) with a random id. It is stored only
wrapped, once per keyslot: always a "passphrase" slot (Argon2id or scrypt) and
optionally a "recovery" slot (HKDF-SHA256 of a 130-bit recovery key). Each slot
is a meta row `keyslot:<name>` whose associated data binds the slot name, its
KDF parameters, its salt, the journal id and the data key id.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from recovery_journal.domain import ids
from recovery_journal.errors import (
    DamagedEntries,
    NoRecoveryKey,
    NotAJournal,
    WrongPassphrase,
    WrongRecoveryKey,
)
from recovery_journal.vault import crypto, pins
from recovery_journal.vault.inbox import rekey
from recovery_journal.vault.inbox_crypto import InboxKey
from recovery_journal.vault.storage import JournalFile

if TYPE_CHECKING:
    from recovery_journal.vault import keyslots
    from recovery_journal.vault.integrity import Integrity
    from recovery_journal.vault.recovery_key import RecoveryKey

PASSPHRASE_SLOT = "passphrase"  # noqa: S105 (a name, not a secret)
RECOVERY_SLOT = "recovery"
SLOT_PREFIX = "keyslot:"


def slot_key(name: str) -> str:
    return SLOT_PREFIX + name


@dataclass(frozen=True, repr=False)
class DataKey:
    """The unlocked data key and the ids it is bound to."""

    journal_id: bytes
    dek_id: bytes
    dek: crypto.Secret

    @classmethod
    def new(cls, journal_id: bytes | None = None) -> DataKey:
        return cls(journal_id or os.urandom(16), os.urandom(16), crypto.new_data_key())

    def cipher(self) -> crypto.RecordCipher:
        return crypto.RecordCipher(self.dek, self.journal_id, self.dek_id)

    def seal(self, slot: str, secret: crypto.Secret, kdf: keyslots.KdfParams) -> bytes:
        """A keyslot wrapping this key, ready to store under `slot_key(slot)`."""
        from recovery_journal.vault import keyslots  # only when a slot is written

        sealed = keyslots.seal_keyslot(slot, self.dek, secret, kdf, self.journal_id, self.dek_id)
        return sealed.to_bytes()

    def __repr__(self) -> str:
        return "DataKey(<redacted>)"


def read_slot(store: JournalFile, name: str) -> keyslots.Keyslot | None:
    """The keyslot stored under `name`, bounds-checked; None if there is none."""
    from recovery_journal.vault import keyslots  # only when a key is derived

    raw = store.meta(slot_key(name))
    if raw is None:
        return None
    # A slot may only use the KDFs meant for it: a passphrase slot rewritten to the
    # fast HKDF is refused as damaged, never tried.
    allowed = ("argon2id", "scrypt") if name == PASSPHRASE_SLOT else (keyslots.HKDF,)
    try:
        slot = keyslots.Keyslot.from_bytes(raw)
    except (ValueError, KeyError, TypeError, RecursionError):
        slot = None
    if slot is None or slot.name != name or slot.kdf.alg not in allowed:
        raise NotAJournal(
            f"The key data in {store.path} is damaged or has impossible settings; "
            "restore it from a backup."
        )
    return slot


def unlock(
    store: JournalFile, name: str, secret: crypto.Secret | Callable[[], crypto.Secret]
) -> DataKey:
    """Unwrap the data key through slot `name`; `secret` is asked for once the file checks out."""
    journal_id, dek_id = store.meta("journal_id"), store.meta("dek_id")
    if not journal_id or not dek_id:
        raise NotAJournal(f"{store.path} is missing its key data; restore it from a backup.")
    # Only the slot used is read: a damaged passphrase slot does not stop the recovery key.
    slot = read_slot(store, name)
    if slot is None and name == PASSPHRASE_SLOT:
        raise NotAJournal(f"{store.path} is missing its key data; restore it from a backup.")
    if slot is None:
        raise NoRecoveryKey(
            f"The journal at {store.path} has no recovery key, so only its passphrase opens it."
        )
    from recovery_journal.vault import keyslots

    value = secret() if callable(secret) else secret
    try:
        dek = keyslots.open_keyslot(slot, value, journal_id, dek_id)
    except crypto.DecryptionFailed:
        raise (WrongRecoveryKey() if name == RECOVERY_SLOT else WrongPassphrase()) from None
    return DataKey(journal_id, dek_id, dek)


def agent_key(store: JournalFile) -> DataKey | None:
    """The key the unlock agent holds for this journal, if it still opens it.

    A key for another data key id (passwd elsewhere, rotate-keys, restore) or one that
    does not open a record is dropped, and its agent told to forget it: the caller
    then asks for the passphrase. Nothing is ever written with an unproven key.
    """
    from recovery_journal.vault import agent

    journal_id, dek_id = store.meta("journal_id"), store.meta("dek_id")
    if not journal_id or not dek_id:
        return None
    key = agent.fetch_key(journal_id)
    if key is None:
        return None
    if key.journal_id == journal_id and key.dek_id == dek_id and _opens(store, key):
        return key
    agent.lock(journal_id)
    return None


def _opens(store: JournalFile, key: DataKey) -> bool:
    first = store.first_record()
    if first is None:
        return True
    try:
        key.cipher().open(*first)
    except crypto.DecryptionFailed:
        return False
    return True


def forget_in_agent(journal_id: bytes) -> bool:
    """Tell this journal's unlock agent (if any) to wipe its key; True if one was running."""
    from recovery_journal.vault import agent

    return agent.lock(journal_id)


class KeyManagement:
    """Passphrase, recovery key and data key operations of an unlocked journal."""

    store: JournalFile
    _key: DataKey
    _cipher: crypto.RecordCipher
    _inbox: InboxKey | None
    _integrity: Integrity

    @property
    def passphrase_kdf(self) -> keyslots.KdfParams | None:
        """The passphrase slot's KDF; None if that slot is damaged (unlocked by recovery key)."""
        try:
            slot = read_slot(self.store, PASSPHRASE_SLOT)
        except NotAJournal:
            return None
        return None if slot is None else slot.kdf

    @property
    def has_recovery_key(self) -> bool:
        """Whether a recovery slot is stored (even a damaged one, which is then replaced)."""
        return self.store.meta(slot_key(RECOVERY_SLOT)) is not None

    def change_passphrase(
        self, new_passphrase: crypto.Secret, kdf: keyslots.KdfParams | None = None
    ) -> None:
        """Rewrap the data key: one row rewritten in one transaction, no entry re-encrypted.

        Without `kdf`, the cost stays at least what it was (never a silent downgrade).
        """
        from recovery_journal.vault import keyslots

        kdf = kdf or keyslots.passphrase_kdf(current=self.passphrase_kdf)
        sealed = self._key.seal(PASSPHRASE_SLOT, new_passphrase, kdf)
        with self.store.transaction() as conn:
            self._removing_slot(PASSPHRASE_SLOT)  # the old wrapped key must not linger
            self.store.put_meta(conn, {slot_key(PASSPHRASE_SLOT): sealed})
        forget_in_agent(self._key.journal_id)  # a new passphrase ends the unlocked time

    def set_recovery_key(self, recovery_key: RecoveryKey | None) -> None:
        """Add or replace the recovery keyslot (None removes it); the old key stops working."""
        from recovery_journal.vault import keyslots

        with self.store.transaction() as conn:
            self._removing_slot(RECOVERY_SLOT)  # the old recovery key must stop working
            if recovery_key is None:
                self.store.delete_meta(conn, slot_key(RECOVERY_SLOT))
            else:
                sealed = self._key.seal(RECOVERY_SLOT, recovery_key.secret(), keyslots.RECOVERY_KDF)
                self.store.put_meta(conn, {slot_key(RECOVERY_SLOT): sealed})

    def _removing_slot(self, name: str) -> None:
        """The slot `name` is about to be replaced or removed: no copy of it may remain."""
        old = self.store.meta(slot_key(name))
        if old is not None:
            self.store.removing(old)

    def rotate_keys(
        self, passphrase: crypto.Secret, recovery_key: RecoveryKey | None = None
    ) -> int:
        """A new data key and id: every record re-encrypted, the slots rewrapped, one transaction.

        The manifest is sealed under the new key (after checking the file against it),
        and the inbox gets a new key pair too, and the entries waiting in it are resealed
        to it: whoever held the old data key cannot open entries logged while locked later.

        `passphrase` wraps the new key (normally the current one); with `recovery_key`
        a recovery slot is written, else any old one is removed. Refused if a record
        cannot be decrypted, as re-encrypting would lose it. Returns the record count.
        """
        from recovery_journal.vault import keyslots

        new_key = DataKey.new(self._key.journal_id)
        cipher = new_key.cipher()
        slots = {
            "dek_id": new_key.dek_id,
            slot_key(PASSPHRASE_SLOT): new_key.seal(
                PASSPHRASE_SLOT, passphrase, keyslots.passphrase_kdf(current=self.passphrase_kdf)
            ),
        }
        if recovery_key is not None:
            slots[slot_key(RECOVERY_SLOT)] = new_key.seal(
                RECOVERY_SLOT, recovery_key.secret(), keyslots.RECOVERY_KDF
            )
        with self.store.transaction() as conn:
            resealed, damaged = [], []
            records = self.store.records_in(conn)  # under the write lock
            for row_id, blob in records:
                try:
                    resealed.append((cipher.seal(row_id, self._cipher.open(row_id, blob)), row_id))
                except crypto.DecryptionFailed:
                    damaged.append(ids.encode(row_id))
            if damaged:
                raise DamagedEntries(sorted(damaged))
            # Nothing changed outside rj may be folded into the manifest under the new key.
            self._integrity.require_unchanged(records, self.store.meta_rows(""))
            self.store.update_blobs(conn, resealed)
            self.store.put_meta(conn, slots)
            if recovery_key is None:
                self.store.delete_meta(conn, slot_key(RECOVERY_SLOT))
            inbox = rekey(self.store, conn, self._inbox, new_key)
            self._integrity.rekey(new_key, [(row_id, blob) for blob, row_id in resealed])
        self._key, self._cipher, self._inbox = new_key, cipher, inbox
        pins.pin(new_key.journal_id, inbox.public)
        self.store.expect("dek_id", new_key.dek_id)
        # Every record and slot was replaced: the file is rebuilt from the new ones alone
        # (a cell SQLite moved can leave an old copy behind, which the old key would open).
        self.store.compact()
        forget_in_agent(new_key.journal_id)
        return len(resealed)
