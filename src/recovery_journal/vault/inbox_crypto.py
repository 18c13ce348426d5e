"""The inbox's cryptography and formats: the key pair, sealing an entry to it, row names.

Meta rows (see inbox.py for how they are used):
  inbox_public   the public key, raw 32 bytes: readable without the data key
  inbox_key      the private half sealed with the data key:
                 0x01 | nonce (12) | AES-256-GCM(private (32) | public (32)),
                 associated data binding "inbox-key", the version, the journal id
                 and the dek id
  inbox:<16 hex> one entry logged while locked, named by its permanent row id:
                 0x01 | ephemeral public key (32) | nonce (12) | AES-256-GCM(padded payload)
An entry's AES key is HKDF-SHA256 of the X25519 shared secret (a fresh ephemeral key
per entry), salted with the ephemeral public key; its info, which is also the
associated data, binds "inbox-entry", the version, both public keys, the journal id
and the row id. So a row moved to another name, another journal or another inbox key
does not open. The payload is padded to the same buckets as records (crypto.pad).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from recovery_journal.errors import InboxKeyTampered
from recovery_journal.vault import crypto
from recovery_journal.vault.crypto import AESGCM

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import x25519

    from recovery_journal.vault.keys import DataKey

PUBLIC_META = "inbox_public"
PRIVATE_META = "inbox_key"
ROW_PREFIX = "inbox:"
VERSION = 1
KEY_BYTES = 32
MAX_ROW_BYTES = 4 * 1024 * 1024  # a planted row is never read into memory past this
_ROW_OVERHEAD = 1 + KEY_BYTES + crypto.NONCE_BYTES + 16


def _x25519() -> tuple[type[x25519.X25519PrivateKey], type[x25519.X25519PublicKey]]:
    """X25519's private and public key types, loaded when a key pair is first used: an
    unlock that finds no entry waiting (most do) and an unlocked log never need them,
    and they load OpenSSL's backend."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    return X25519PrivateKey, X25519PublicKey


def row_name(row_id: int) -> str:
    return f"{ROW_PREFIX}{row_id:016x}"


def parse_row_name(name: str) -> int:
    """The row id an inbox row is named by; ValueError unless it is exactly our format."""
    digits = name[len(ROW_PREFIX) :]
    if len(digits) != 16 or digits != digits.lower() or not digits.isascii():
        raise ValueError(name)
    row_id = int(digits, 16)
    if not 0 < row_id < 1 << 63:
        raise ValueError(name)
    return row_id


def _frame(*parts: bytes) -> bytes:
    """Length-prefixed fields: no two different bindings can give the same bytes."""
    return b"".join(len(part).to_bytes(4, "big") + part for part in parts)


def _entry_binding(ephemeral: bytes, public: bytes, journal_id: bytes, row_id: int) -> bytes:
    version = VERSION.to_bytes(1, "big")
    row = row_id.to_bytes(8, "big")
    return _frame(crypto.FORMAT, b"inbox-entry", version, ephemeral, public, journal_id, row)


def _entry_cipher(shared: bytes, ephemeral: bytes, binding: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral, info=binding)
    return AESGCM(hkdf.derive(shared))


def usable_public_key(public: bytes) -> bool:
    """Whether `public` is an X25519 key an entry can be sealed to (not a low-order point)."""
    if len(public) != KEY_BYTES:
        return False
    private_type, public_type = _x25519()
    try:
        private_type.generate().exchange(public_type.from_public_bytes(public))
    except ValueError:
        return False
    return True


def seal_entry(public: bytes, journal_id: bytes, row_id: int, payload: bytes) -> bytes:
    """`payload` sealed to the inbox public key for row `row_id` (a fresh ephemeral key)."""
    private_type, public_type = _x25519()
    ephemeral_key = private_type.generate()
    ephemeral = ephemeral_key.public_key().public_bytes_raw()
    shared = ephemeral_key.exchange(public_type.from_public_bytes(public))
    binding = _entry_binding(ephemeral, public, journal_id, row_id)
    nonce = os.urandom(crypto.NONCE_BYTES)
    sealed = _entry_cipher(shared, ephemeral, binding).encrypt(nonce, crypto.pad(payload), binding)
    return bytes([VERSION]) + ephemeral + nonce + sealed


class InboxKey:
    """The unlocked inbox private key and its public half (repr redacted).

    Opened from its sealed form, the X25519 key is built only when an entry is opened:
    its backend takes milliseconds to load, and most unlocks find nothing waiting. The
    sealed form is authenticated with the data key, so only a data-key holder could
    have paired a private half with the wrong public one; that is checked when built.
    """

    __slots__ = ("_private", "_raw", "public")

    def __init__(self, raw: crypto.Secret, public: bytes) -> None:
        self._raw = raw
        self._private: x25519.X25519PrivateKey | None = None
        self.public = public

    @classmethod
    def generate(cls) -> InboxKey:
        private = _x25519()[0].generate()
        inbox = cls(crypto.Secret(private.private_bytes_raw()), _public_of(private))
        inbox._private = private
        return inbox

    def __repr__(self) -> str:
        return "InboxKey(<redacted>)"

    def seal(self, key: DataKey) -> bytes:
        """The private half sealed with the data key, to store under PRIVATE_META."""
        nonce = os.urandom(crypto.NONCE_BYTES)
        plain = self._raw.reveal() + self.public
        return (
            bytes([VERSION])
            + nonce
            + AESGCM(key.dek.reveal()).encrypt(nonce, plain, _key_binding(key))
        )

    @classmethod
    def open(cls, sealed: bytes, key: DataKey) -> tuple[InboxKey, bytes]:
        """The private key sealed in `sealed`, and the public key sealed beside it."""
        if len(sealed) != 1 + crypto.NONCE_BYTES + 2 * KEY_BYTES + 16 or sealed[0] != VERSION:
            raise crypto.DecryptionFailed
        nonce, body = sealed[1 : 1 + crypto.NONCE_BYTES], sealed[1 + crypto.NONCE_BYTES :]
        try:
            plain = AESGCM(key.dek.reveal()).decrypt(nonce, body, _key_binding(key))
        except InvalidTag:
            raise crypto.DecryptionFailed from None
        public = plain[KEY_BYTES:]
        return cls(crypto.Secret(plain[:KEY_BYTES]), public), public

    def private_key(self) -> x25519.X25519PrivateKey:
        """The X25519 key, built on first use; InboxKeyTampered if it is not `public`'s."""
        if self._private is None:
            private = _x25519()[0].from_private_bytes(self._raw.reveal())
            if _public_of(private) != self.public:
                raise InboxKeyTampered
            self._private = private
        return self._private

    def open_entry(self, journal_id: bytes, row_id: int, blob: bytes) -> bytes:
        """The payload sealed to this key for row `row_id`; DecryptionFailed otherwise."""
        if not _ROW_OVERHEAD + crypto.BUCKET <= len(blob) <= MAX_ROW_BYTES or blob[0] != VERSION:
            raise crypto.DecryptionFailed
        ephemeral = blob[1 : 1 + KEY_BYTES]
        nonce = blob[1 + KEY_BYTES : 1 + KEY_BYTES + crypto.NONCE_BYTES]
        try:
            peer = _x25519()[1].from_public_bytes(ephemeral)
            shared = self.private_key().exchange(peer)
            binding = _entry_binding(ephemeral, self.public, journal_id, row_id)
            padded = _entry_cipher(shared, ephemeral, binding).decrypt(
                nonce, blob[1 + KEY_BYTES + crypto.NONCE_BYTES :], binding
            )
        except (InvalidTag, ValueError):  # ValueError: a low-order point (all-zero secret)
            raise crypto.DecryptionFailed from None
        return crypto.unpad(padded)


def _public_of(private: x25519.X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes_raw()


def _key_binding(key: DataKey) -> bytes:
    version = VERSION.to_bytes(1, "big")
    return _frame(crypto.FORMAT, b"inbox-key", version, key.journal_id, key.dek_id)


def new_key_meta(key: DataKey, inbox: InboxKey) -> dict[str, bytes]:
    """The meta rows holding `inbox` for a journal whose data key is `key`."""
    return {PUBLIC_META: inbox.public, PRIVATE_META: inbox.seal(key)}
