"""The manifest: a sealed commitment to exactly which records and meta rows a journal holds.

docs/integrity.md explains the construction, why it is secure and where it stops. In short:

- Keys: HKDF-SHA256 of the data key (salt: the journal id; info binds the data key id)
  gives three 32-byte keys: one for record terms, one for diagnosis checks, one to seal.
- A record's term is T = BLAKE2b-256(key=k_terms, id as 8 bytes || blob). The manifest
  holds the record count and the sum of all terms mod 2^256 (a keyed multiset hash:
  adding a record adds its term, deleting subtracts it, replacing does both: O(1)).
- For diagnosis only, an invertible Bloom lookup table (60 cells, 3 per record) of
  (id, the first 16 bytes of T): subtracting the table of the file as it is from the
  manifest's lists the records that differ, so `verify` can say which are missing,
  rolled back or not in the manifest.
- Meta rows (keyslots, ids, format, schema, the inbox key pair) are few: the manifest
  holds each one's name and SHA-256. `inbox:` rows are not covered: locked logging
  writes them without any key (they are checked as untrusted input when they join).
- A write counter, one up per write transaction.

The whole is sealed with AES-256-GCM under k_seal and stored as meta row `manifest`:
  0x01 | nonce (12) | AES-GCM(payload), associated data "rj/v1|manifest|journal id|dek id".
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from recovery_journal.vault import crypto
from recovery_journal.vault.crypto import AESGCM
from recovery_journal.vault.inbox_crypto import ROW_PREFIX

try:  # hashlib's own BLAKE2b, without hashlib loading a second OpenSSL library (~2 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover (a Python without the builtin module)
    from hashlib import blake2b

MANIFEST_META = "manifest"
KEYSLOT_PREFIX = "keyslot:"
VERSION = 1
CELLS = 60
HASHES = 3  # cells per record, one in each third of the table
_PART = CELLS // HASHES
MODULUS = 1 << 256
_TAG_BYTES = 16
_HEAD = struct.Struct(">BQQ32sH")  # version, counter, count, total, cells
_CELL = struct.Struct(">iQ16sQ")  # count, id xor, tag xor, check xor
_MAX_META = 4096  # meta rows a manifest may list (rj writes about ten)

Row = tuple[int, bytes]


def covers(name: str) -> bool:
    """Whether meta row `name` is committed to (all but the manifest and the inbox rows)."""
    return name != MANIFEST_META and not name.startswith(ROW_PREFIX)


def _id_bytes(row_id: int) -> bytes:
    return row_id.to_bytes(8, "big", signed=True)


def _blob_bytes(blob: object) -> bytes:
    """A stored value as bytes: rj writes blobs, a hand-edited file may hold anything."""
    if isinstance(blob, bytes):
        return blob
    return b"\0" + type(blob).__name__.encode() + b"\0" + str(blob).encode()


class ManifestKey:
    """The keys derived from the data key, and the keyed functions built on them."""

    __slots__ = ("_aad", "_check", "_seal", "_terms")

    def __init__(self, dek: crypto.Secret, journal_id: bytes, dek_id: bytes) -> None:
        info = b"|".join([crypto.FORMAT, b"manifest", dek_id])
        keys = HKDF(algorithm=hashes.SHA256(), length=96, salt=journal_id, info=info).derive(
            dek.reveal()
        )
        # A keyed BLAKE2b state copied per record costs a third less than making one.
        self._terms = blake2b(key=keys[:32], digest_size=32)
        self._check = blake2b(key=keys[32:64], digest_size=8)
        self._seal = AESGCM(keys[64:])
        self._aad = b"|".join([crypto.FORMAT, b"manifest", journal_id, dek_id])

    def __repr__(self) -> str:
        return "ManifestKey(<redacted>)"

    def term(self, row_id: int, blob: object) -> bytes:
        hasher = self._terms.copy()
        hasher.update(_id_bytes(row_id))
        hasher.update(_blob_bytes(blob))
        return hasher.digest()

    def terms(self, rows: Iterable[Row]) -> list[bytes]:
        """Every row's term: called on each read of the whole journal, so kept tight."""
        base = self._terms
        out: list[bytes] = []
        append = out.append
        for row_id, blob in rows:
            hasher = base.copy()
            try:
                hasher.update(row_id.to_bytes(8, "big", signed=True))
                hasher.update(blob)
            except (TypeError, OverflowError, AttributeError):
                hasher = base.copy()
                hasher.update(_id_bytes(int(row_id)) if isinstance(row_id, int) else b"")
                hasher.update(_blob_bytes(blob))
            append(hasher.digest())
        return out

    def check(self, row_id: int, tag: int) -> int:
        hasher = self._check.copy()
        hasher.update(_id_bytes(row_id) + tag.to_bytes(_TAG_BYTES, "big"))
        return int.from_bytes(hasher.digest(), "big")

    def seal(self, state: ManifestState) -> bytes:
        nonce = os.urandom(crypto.NONCE_BYTES)
        return bytes([VERSION]) + nonce + self._seal.encrypt(nonce, state.to_bytes(), self._aad)

    def open(self, sealed: bytes) -> ManifestState:
        """The state sealed in `sealed`; DecryptionFailed if it is not one this key sealed."""
        if len(sealed) < 1 + crypto.NONCE_BYTES + 16 or sealed[0] != VERSION:
            raise crypto.DecryptionFailed
        nonce, body = sealed[1 : 1 + crypto.NONCE_BYTES], sealed[1 + crypto.NONCE_BYTES :]
        try:
            payload = self._seal.decrypt(nonce, body, self._aad)
        except InvalidTag:
            raise crypto.DecryptionFailed from None
        try:
            return ManifestState.from_bytes(payload)
        except (ValueError, struct.error, UnicodeDecodeError):
            raise crypto.DecryptionFailed from None  # sealed by us, so never: a bug


def total_of(terms: Sequence[bytes]) -> int:
    return sum(int.from_bytes(term, "big") for term in terms) % MODULUS


@dataclass
class ManifestState:
    """What the manifest commits to (see the module docstring)."""

    counter: int = 0
    count: int = 0
    total: int = 0
    cells: list[list[int]] = field(default_factory=lambda: [[0, 0, 0, 0] for _ in range(CELLS)])
    meta: dict[str, bytes] = field(default_factory=dict)
    """Meta row name -> SHA-256 of its value."""

    @classmethod
    def build(
        cls, key: ManifestKey, records: Iterable[Row], meta: Iterable[tuple[str, bytes]]
    ) -> ManifestState:
        """The state of a journal holding exactly `records` and `meta` (counter 0)."""
        state = cls()
        for (row_id, _), term in zip(*_with_terms(key, records), strict=True):
            state.count += 1
            state.total = (state.total + int.from_bytes(term, "big")) % MODULUS
            _toggle(state.cells, key, row_id, term, +1)
        for name, value in meta:
            state.set_meta(name, value)
        return state

    def add(self, key: ManifestKey, row_id: int, blob: bytes, sign: int = +1) -> None:
        """Account for a record stored (`sign` +1) or removed (-1)."""
        term = key.term(row_id, blob)
        self.count += sign
        self.total = (self.total + sign * int.from_bytes(term, "big")) % MODULUS
        _toggle(self.cells, key, row_id, term, sign)

    def set_meta(self, name: str, value: bytes) -> None:
        if covers(name):
            self.meta[name] = crypto.sha256(value)

    def drop_meta(self, name: str) -> None:
        self.meta.pop(name, None)

    def rekeyed(self, key: ManifestKey, records: Iterable[Row]) -> ManifestState:
        """This state with its records part recomputed under `key` (keys rotated)."""
        fresh = ManifestState.build(key, records, ())
        return ManifestState(self.counter, fresh.count, fresh.total, fresh.cells, dict(self.meta))

    def to_bytes(self) -> bytes:
        head = _HEAD.pack(VERSION, self.counter, self.count, self.total.to_bytes(32, "big"), CELLS)
        cells = b"".join(
            _CELL.pack(n, row, tag.to_bytes(_TAG_BYTES, "big"), chk)
            for n, row, tag, chk in self.cells
        )
        names = sorted(self.meta)
        meta = struct.pack(">H", len(names)) + b"".join(
            struct.pack(">H", len(encoded := name.encode())) + encoded + self.meta[name]
            for name in names
        )
        return head + cells + meta

    @classmethod
    def from_bytes(cls, data: bytes) -> ManifestState:
        version, counter, count, total, cells = _HEAD.unpack_from(data, 0)
        if version != VERSION or cells != CELLS:
            raise ValueError("not a manifest of this version")
        offset = _HEAD.size
        table = []
        for _ in range(CELLS):
            n, row, tag, chk = _CELL.unpack_from(data, offset)
            table.append([n, row, int.from_bytes(tag, "big"), chk])
            offset += _CELL.size
        (names,) = struct.unpack_from(">H", data, offset)
        offset += 2
        meta = {}
        for _ in range(min(names, _MAX_META)):
            (length,) = struct.unpack_from(">H", data, offset)
            name = data[offset + 2 : offset + 2 + length].decode()
            meta[name] = data[offset + 2 + length : offset + 34 + length]
            offset += 34 + length
        if offset != len(data):
            raise ValueError("trailing bytes")
        return cls(counter, count, int.from_bytes(total, "big"), table, meta)


def _with_terms(key: ManifestKey, records: Iterable[Row]) -> tuple[list[Row], list[bytes]]:
    rows = list(records)
    return rows, key.terms(rows)


def _cells_of(tag: int) -> tuple[int, ...]:
    return tuple(part * _PART + (tag >> (32 * part)) % _PART for part in range(HASHES))


def _toggle(cells: list[list[int]], key: ManifestKey, row_id: int, term: bytes, sign: int) -> None:
    tag = int.from_bytes(term[:_TAG_BYTES], "big")
    check = key.check(row_id, tag)
    row = row_id & 0xFFFFFFFFFFFFFFFF  # two's complement: a tampered negative id fits too
    for index in _cells_of(tag):
        cell = cells[index]
        cell[0] += sign
        cell[1] ^= row
        cell[2] ^= tag
        cell[3] ^= check


# -- what differs -------------------------------------------------------------------------


class RecordDifferences(NamedTuple):
    """Records whose presence or content differs from the manifest's (a NamedTuple: a
    frozen dataclass would cost every command that loads the vault a few milliseconds)."""

    missing: tuple[int, ...] = ()
    """In the manifest, not in the file: deleted outside rj."""
    unknown: tuple[int, ...] = ()
    """In the file, not in the manifest: put back from an old copy, or planted."""
    rolled_back: tuple[int, ...] = ()
    """In both, but the file holds another version: an older blob put back."""
    unlisted: int = 0
    """More differences than the table can list: how many records differ at least."""

    def __bool__(self) -> bool:
        return bool(self.missing or self.unknown or self.rolled_back or self.unlisted)

    def ids(self) -> set[int]:
        return {*self.missing, *self.unknown, *self.rolled_back}


def record_differences(
    key: ManifestKey, state: ManifestState, rows: Sequence[Row], terms: Sequence[bytes]
) -> RecordDifferences:
    """Which records differ between the manifest and the file (`rows` with their `terms`)."""
    cells = [list(cell) for cell in state.cells]
    for (row_id, _), term in zip(rows, terms, strict=True):
        _toggle(cells, key, row_id, term, -1)
    only_manifest: dict[int, int] = {}
    only_file: dict[int, int] = {}
    progress = True
    while progress:
        progress = False
        for cell in cells:
            n, row, tag, check = cell
            if n not in (1, -1) or key.check(_signed(row), tag) != check:
                continue  # empty, or several records (a 2^-64 chance of a wrong guess)
            (only_manifest if n == 1 else only_file)[_signed(row)] = tag
            indexes = _cells_of(tag)
            for index in indexes:
                target = cells[index]
                target[0] -= n
                target[1] ^= row
                target[2] ^= tag
                target[3] ^= check
            progress = True
    if any(cell != [0, 0, 0, 0] for cell in cells):
        return RecordDifferences(unlisted=max(abs(state.count - len(rows)), 1))
    both = only_manifest.keys() & only_file.keys()
    return RecordDifferences(
        missing=tuple(sorted(only_manifest.keys() - both)),
        unknown=tuple(sorted(only_file.keys() - both)),
        rolled_back=tuple(sorted(both)),
    )


def _signed(row: int) -> int:
    return row - (1 << 64) if row >= 1 << 63 else row


def meta_differences(state: ManifestState, meta: Iterable[tuple[str, bytes]]) -> list[str]:
    """What differs among the covered meta rows, each said for a person."""
    found = {name: crypto.sha256(value) for name, value in meta if covers(name)}
    said = []
    for name in sorted(found.keys() | state.meta.keys()):
        shown = name if len(name) <= 40 else name[:37] + "..."
        slot = name.startswith(KEYSLOT_PREFIX)
        what = "keyslot" if slot else "meta row"
        if slot:
            shown = shown[len(KEYSLOT_PREFIX) :]
        if name not in state.meta:
            said.append(
                f"keyslot added outside rj ({shown})" if slot else f"unknown meta row ({shown})"
            )
        elif name not in found:
            said.append(f"{what} removed outside rj ({shown})")
        elif found[name] != state.meta[name]:
            said.append(f"{what} changed outside rj ({shown})")
    return said
