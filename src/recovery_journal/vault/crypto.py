"""Sealing of records (format "rj/v1"), and the secrets and sizes the vault shares.

Key derivation and wrapping (passphrase or recovery key to the data key) are in
keyslots.py, loaded only when a key is derived: a command that gets its key from the
agent, or logs locked, never builds them. Design (see README "How the encryption works"):
  passphrase --Argon2id--> KEK --AES-GCM--> data key (DEK, 32 random bytes)
  recovery key (130 random bits) --HKDF-SHA256--> KEK --AES-GCM--> the same DEK
  DEK --AES-256-GCM, random 96-bit nonce, AAD binding row--> record blob

A record blob is  0x01 | nonce (12) | ciphertext+tag ; its plaintext is
  length (4 bytes, big-endian) | payload | zero padding to a size bucket.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag

try:  # AES-GCM straight from the binding that the public module re-exports: importing
    # that module loads cryptography's whole cipher package too, 2.5 ms of every command.
    from cryptography.hazmat.bindings._rust import openssl as _rust_openssl

    AESGCM = _rust_openssl.aead.AESGCM
except (ImportError, AttributeError):  # pragma: no cover (a cryptography laid out otherwise)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM


FORMAT = b"rj/v1"
BLOB_VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32
SALT_BYTES = 16
BUCKET = 256
SMALL_LIMIT = 4096


class DecryptionFailed(Exception):
    """Authentication failed: wrong key, or the data was damaged or tampered with."""


class Secret:
    """Bytes that must never be shown: repr and str are redacted."""

    __slots__ = ("_value",)

    def __init__(self, value: bytes) -> None:
        self._value = value

    @classmethod
    def from_passphrase(cls, passphrase: str) -> Secret:
        # NFC so the same passphrase typed on another keyboard or OS still unlocks.
        # surrogateescape: bytes a terminal sent that are not UTF-8 still give the same key.
        import unicodedata  # only where a passphrase is typed

        normalized = unicodedata.normalize("NFC", passphrase)
        return cls(normalized.encode("utf-8", "surrogateescape"))

    def reveal(self) -> bytes:
        return self._value

    def __repr__(self) -> str:
        return "Secret(<redacted>)"

    __str__ = __repr__


def new_data_key() -> Secret:
    return Secret(AESGCM.generate_key(bit_length=256))


def padded_size(length: int) -> int:
    """Plaintext sizes are rounded up to buckets so blob lengths say little."""
    if length <= SMALL_LIMIT:
        return max(BUCKET, -(-length // BUCKET) * BUCKET)
    size = SMALL_LIMIT
    while size < length:
        size *= 2
    return size


def pad(payload: bytes) -> bytes:
    framed = len(payload).to_bytes(4, "big") + payload
    return framed + b"\0" * (padded_size(len(framed)) - len(framed))


def unpad(padded: bytes) -> bytes:
    length = int.from_bytes(padded[:4], "big")
    if length > len(padded) - 4:
        raise DecryptionFailed
    return padded[4 : 4 + length]


class RecordCipher:
    """Seals and opens record blobs with the unlocked data key."""

    def __init__(self, dek: Secret, journal_id: bytes, dek_id: bytes) -> None:
        self._aead = AESGCM(dek.reveal())  # one object per session: half the cost per record
        self._prefix = b"|".join([FORMAT, b"record", journal_id, dek_id]) + b"|"
        self._suffix = bytes([BLOB_VERSION])

    def __repr__(self) -> str:
        return "RecordCipher(<redacted>)"

    def _aad(self, row_id: int) -> bytes:
        return self._prefix + row_id.to_bytes(8, "big") + self._suffix

    def seal(self, row_id: int, payload: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, pad(payload), self._aad(row_id))
        return bytes([BLOB_VERSION]) + nonce + sealed

    def open(self, row_id: int, blob: bytes) -> bytes:
        # Called once per record on every read: kept to a few C calls.
        if len(blob) < 1 + NONCE_BYTES + 16 or blob[0] != BLOB_VERSION:
            raise DecryptionFailed
        aad = self._prefix + row_id.to_bytes(8, "big") + self._suffix
        try:
            padded = self._aead.decrypt(blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :], aad)
        except InvalidTag:
            raise DecryptionFailed from None
        length = int.from_bytes(padded[:4], "big")  # unpad(), inline: 10,000 calls a streak
        if length > len(padded) - 4:
            raise DecryptionFailed
        return padded[4 : 4 + length]


def sha256(data: bytes) -> bytes:
    """SHA-256 through cryptography, which every keyed command loads anyway: hashlib
    would load a second OpenSSL library (about 2 ms) for this one digest."""
    from cryptography.hazmat.primitives import hashes

    digest = hashes.Hash(hashes.SHA256())
    digest.update(data)
    return digest.finalize()


def random_row_id() -> int:
    """Random 63-bit row ids: they reveal neither order nor how many were deleted."""
    return int.from_bytes(os.urandom(8), "big") >> 1 or 1
