"""Key derivation and key wrapping: a passphrase or the recovery key, to the data key.

  passphrase --Argon2id (scrypt where OpenSSL lacks it)--> KEK --AES-GCM--> data key
  recovery key (130 random bits) --HKDF-SHA256--> KEK --AES-GCM--> the same data key

A keyslot (LUKS-style) holds the data key wrapped by a KEK, with the KDF's parameters,
which are bound into the wrapping and bound-checked before any work (kdf_bounds.py).
Loaded only when a key is derived or a slot written: the agent's clients and locked
logging never need it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm

from recovery_journal.errors import InvalidInput
from recovery_journal.vault.crypto import (
    AESGCM,
    FORMAT,
    KEY_BYTES,
    NONCE_BYTES,
    SALT_BYTES,
    DecryptionFailed,
    Secret,
)
from recovery_journal.vault.kdf_bounds import (
    DEFAULT_ARGON_COST,
    FALLBACK_SCRYPT_COST,
    MAX_ARGON_COST,
    MAX_ARGON_ITERATIONS,
    MAX_ARGON_MEMORY_KIB,
    MAX_ARGON_MEMORY_MIB,
    MAX_LANES,
    MAX_SCRYPT_COST,
    MAX_SCRYPT_LANES,
    MAX_SCRYPT_LOG2_N,
    MAX_SCRYPT_MEMORY,
    MAX_SCRYPT_R,
    MIN_ARGON_ITERATIONS,
    MIN_ARGON_MEMORY_MIB,
)

TEST_KDF_ENV = "RECOVERY_JOURNAL_TEST_KDF"
# The weak test KDF is honoured only while pytest runs a test: pytest sets this for each
# test, and the processes a test starts inherit it. Never in a normal installed run.
TEST_SUITE_ENV = "PYTEST_CURRENT_TEST"

HKDF = "hkdf-sha256"
_HKDF_INFO = FORMAT + b"|recovery-key"


@dataclass(frozen=True)
class KdfParams:
    """How a key-encryption key is derived; stored beside each keyslot."""

    alg: str
    memory_kib: int = 0
    iterations: int = 0
    lanes: int = 0
    log2_n: int = 0
    r: int = 0

    def to_json(self) -> dict[str, Any]:
        if self.alg == HKDF:
            return {"alg": self.alg}
        if self.alg == "argon2id":
            return {
                "alg": self.alg,
                "m_kib": self.memory_kib,
                "t": self.iterations,
                "p": self.lanes,
            }
        return {"alg": self.alg, "log2_n": self.log2_n, "r": self.r, "p": self.lanes}

    def canonical(self) -> bytes:
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":")).encode()

    @property
    def cost(self) -> int:
        """Argon2id: KiB x passes; scrypt: bytes (128*r*N) x lanes; HKDF: 0."""
        if self.alg == "argon2id":
            return self.memory_kib * self.iterations
        if self.alg == "scrypt":
            return int(128 * self.r * (1 << self.log2_n) * self.lanes)
        return 0

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        """Parse and bound-check parameters read from a journal file, before any work:
        memory and total cost are capped (kdf_bounds.py), and scrypt costlier than rj's
        own fallback is accepted only where Argon2id is unavailable."""
        if not isinstance(data, dict):
            raise ValueError("kdf parameters must be an object")
        alg = data.get("alg")
        if alg == "argon2id":
            params = cls(
                alg,
                memory_kib=_int(data, "m_kib"),
                iterations=_int(data, "t"),
                lanes=_int(data, "p"),
            )
            within = (
                8 * params.lanes <= params.memory_kib <= MAX_ARGON_MEMORY_KIB
                and 1 <= params.iterations <= MAX_ARGON_ITERATIONS
                and 1 <= params.lanes <= MAX_LANES
                and params.cost <= MAX_ARGON_COST
            )
        elif alg == "scrypt":
            params = cls(alg, log2_n=_int(data, "log2_n"), r=_int(data, "r"), lanes=_int(data, "p"))
            within = (
                1 <= params.log2_n <= MAX_SCRYPT_LOG2_N
                and 1 <= params.r <= MAX_SCRYPT_R
                and 1 <= params.lanes <= MAX_SCRYPT_LANES
                and 128 * params.r * 2**params.log2_n <= MAX_SCRYPT_MEMORY
                and params.cost <= MAX_SCRYPT_COST
            )
            # Checked last: probing for Argon2id runs it once (8 KiB), the caps run nothing.
            if within and params.cost > FALLBACK_SCRYPT_COST and argon2id_available():
                raise ValueError("scrypt costlier than rj's fallback where Argon2id is available")
        elif alg == HKDF:
            # Only for high-entropy keys (the recovery key): no cost to bound.
            params, within = cls(alg), set(data) == {"alg"}
        else:
            raise ValueError(f"unknown kdf {alg!r}")
        if not within:
            raise ValueError("kdf parameters out of bounds")
        return params


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"kdf parameter {key} must be an integer")
    return value


def argon2id_available() -> bool:
    try:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
    except ImportError:
        return False
    try:
        Argon2id(
            salt=b"\0" * SALT_BYTES, length=KEY_BYTES, iterations=1, lanes=1, memory_cost=8
        ).derive(b"probe")
    except UnsupportedAlgorithm:
        return False
    return True


def default_kdf(memory_kib: int = 128 * 1024, iterations: int = 3) -> KdfParams:
    """Argon2id (128 MiB, t=3, p=4) where OpenSSL has it; scrypt N=2^17 otherwise.

    `RECOVERY_JOURNAL_TEST_KDF=fast` selects deliberately weak parameters so the
    test suite stays fast, and only under it (see `weak_test_kdf_in_use`); the CLI
    warns whenever a keyslot is written with them.
    """
    if weak_test_kdf_in_use():
        return KdfParams("argon2id", memory_kib=1024, iterations=1, lanes=1)
    if argon2id_available():
        return KdfParams("argon2id", memory_kib=memory_kib, iterations=iterations, lanes=4)
    return KdfParams("scrypt", log2_n=17, r=8, lanes=1)


def weak_test_kdf_in_use() -> bool:
    """The test switch is set, and a test (pytest) is running: both, or it is ignored."""
    return os.environ.get(TEST_KDF_ENV) == "fast" and bool(os.environ.get(TEST_SUITE_ENV))


RECOVERY_KDF = KdfParams(HKDF)


def passphrase_kdf(
    memory_mib: int | None = None, iterations: int | None = None, current: KdfParams | None = None
) -> KdfParams:
    """The KDF for a new passphrase slot: the cost asked for, else never below `current`.

    Asked-for values must lie between the floor (64 MiB, t=3; waived under the
    test switch) and the caps read from files are held to (1 GiB, t=10).
    """
    base = default_kdf()
    if base.alg != "argon2id":
        if memory_mib is not None or iterations is not None:
            raise InvalidInput(
                "--kdf-memory and --kdf-time need Argon2id, which this system's OpenSSL lacks; "
                "the journal uses scrypt instead."
            )
        return base
    test = weak_test_kdf_in_use()
    low_memory, low_time = (1, 1) if test else (MIN_ARGON_MEMORY_MIB, MIN_ARGON_ITERATIONS)
    if memory_mib is not None and not low_memory <= memory_mib <= MAX_ARGON_MEMORY_MIB:
        raise InvalidInput(
            f"--kdf-memory must be between {low_memory} and {MAX_ARGON_MEMORY_MIB} MiB "
            f"(default {128 if not test else 1})."
        )
    if iterations is not None and not low_time <= iterations <= MAX_ARGON_ITERATIONS:
        raise InvalidInput(
            f"--kdf-time must be between {low_time} and {MAX_ARGON_ITERATIONS} passes "
            f"(default {3 if not test else 1})."
        )
    kept = current if current is not None and current.alg == "argon2id" else base
    memory_kib = memory_mib * 1024 if memory_mib is not None else None
    params = KdfParams(
        "argon2id",
        memory_kib=memory_kib or max(base.memory_kib, kept.memory_kib),
        iterations=iterations or max(base.iterations, kept.iterations),
        lanes=base.lanes,
    )
    if params.cost > MAX_ARGON_COST:  # a slot the caps above would refuse to open
        raise InvalidInput(
            f"Argon2id {params.memory_kib // 1024} MiB x {params.iterations} passes is over "
            f"the cap of {MAX_ARGON_COST // 1024} MiB x passes (10 times the default "
            f"{DEFAULT_ARGON_COST // 1024 // 3} MiB x 3); lower --kdf-memory or --kdf-time."
        )
    return params


def derive_kek(passphrase: Secret, salt: bytes, params: KdfParams) -> Secret:
    if params.alg == HKDF:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf import hkdf

        derive = hkdf.HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=_HKDF_INFO)
        return Secret(derive.derive(passphrase.reveal()))
    if params.alg == "argon2id":
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        kdf = Argon2id(
            salt=salt,
            length=KEY_BYTES,
            iterations=params.iterations,
            lanes=params.lanes,
            memory_cost=params.memory_kib,
        )
        return Secret(kdf.derive(passphrase.reveal()))
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    scrypt = Scrypt(salt=salt, length=KEY_BYTES, n=2**params.log2_n, r=params.r, p=params.lanes)
    return Secret(scrypt.derive(passphrase.reveal()))


@dataclass(frozen=True)
class Keyslot:
    """The data key wrapped by a key derived from a passphrase (LUKS-style slot)."""

    name: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "slot": self.name,
                "kdf": self.kdf.to_json(),
                "salt": self.salt.hex(),
                "nonce": self.nonce.hex(),
                "wrapped": self.wrapped.hex(),
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Keyslot:
        """Parse a stored slot; ValueError unless every field has exactly our shape."""
        data = json.loads(raw)
        slot = cls(
            name=str(data["slot"]),
            kdf=KdfParams.from_json(data["kdf"]),
            salt=bytes.fromhex(data["salt"]),
            nonce=bytes.fromhex(data["nonce"]),
            wrapped=bytes.fromhex(data["wrapped"]),
        )
        # A malformed nonce or salt would make AES-GCM or the KDF raise: refuse it here.
        sizes = (len(slot.salt), len(slot.nonce), len(slot.wrapped))
        if sizes != (SALT_BYTES, NONCE_BYTES, KEY_BYTES + 16):
            raise ValueError("keyslot fields have the wrong size")
        return slot


def _slot_aad(name: str, kdf: KdfParams, salt: bytes, journal_id: bytes, dek_id: bytes) -> bytes:
    # Binding the KDF parameters means a downgrade makes unlocking fail
    # instead of quietly succeeding with weaker parameters.
    return b"|".join([FORMAT, b"keyslot", name.encode(), kdf.canonical(), salt, journal_id, dek_id])


def seal_keyslot(
    name: str, dek: Secret, passphrase: Secret, kdf: KdfParams, journal_id: bytes, dek_id: bytes
) -> Keyslot:
    salt = os.urandom(SALT_BYTES)
    kek = derive_kek(passphrase, salt, kdf)
    nonce = os.urandom(NONCE_BYTES)
    aad = _slot_aad(name, kdf, salt, journal_id, dek_id)
    wrapped = AESGCM(kek.reveal()).encrypt(nonce, dek.reveal(), aad)
    return Keyslot(name, kdf, salt, nonce, wrapped)


def open_keyslot(slot: Keyslot, passphrase: Secret, journal_id: bytes, dek_id: bytes) -> Secret:
    kek = derive_kek(passphrase, slot.salt, slot.kdf)
    aad = _slot_aad(slot.name, slot.kdf, slot.salt, journal_id, dek_id)
    try:
        return Secret(AESGCM(kek.reveal()).decrypt(slot.nonce, slot.wrapped, aad))
    except InvalidTag:
        raise DecryptionFailed from None
