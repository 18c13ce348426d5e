"""Sealing records and keyslots (format rj/v1): padding, AEAD binding, KDF limits."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import KdfRuns
from recovery_journal.domain.trackers import Tracker
from recovery_journal.vault import crypto, keyslots
from recovery_journal.vault.crypto import DecryptionFailed, RecordCipher, Secret
from recovery_journal.vault.journal import Journal
from recovery_journal.vault.keyslots import KdfParams

JOURNAL_ID = bytes.fromhex("00112233445566778899aabbccddeeff")
DEK_ID = bytes.fromhex("ffeeddccbbaa99887766554433221100")
ROW_ID = 0x1234_5678_9ABC_DEF0
PASSPHRASE = Secret.from_passphrase("a long way from where I was")
FAST = KdfParams("argon2id", memory_kib=1024, iterations=1, lanes=1)
OVERHEAD = 1 + crypto.NONCE_BYTES + 16  # version byte, nonce, GCM tag


@pytest.fixture
def dek() -> Secret:
    return crypto.new_data_key()


@pytest.fixture
def cipher(dek: Secret) -> RecordCipher:
    return RecordCipher(dek, JOURNAL_ID, DEK_ID)


# -- padding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "size"),
    [
        (0, 256),
        (1, 256),
        (256, 256),
        (257, 512),
        (1000, 1024),
        (4095, 4096),
        (4096, 4096),
        (4097, 8192),
        (8192, 8192),
        (8193, 16384),
        (100_000, 131_072),
    ],
)
def test_padded_sizes_are_256_byte_multiples_up_to_4_kib_then_powers_of_two(
    length: int, size: int
) -> None:
    assert crypto.padded_size(length) == size


def test_padding_frames_the_payload_with_its_length() -> None:
    padded = crypto.pad(b"abc")
    assert len(padded) == 256
    assert padded[:4] == (3).to_bytes(4, "big")
    assert padded[4:7] == b"abc"
    assert set(padded[7:]) == {0}


@given(st.binary(max_size=10_000))
def test_unpad_undoes_pad(payload: bytes) -> None:
    padded = crypto.pad(payload)
    assert len(padded) == crypto.padded_size(len(payload) + 4)
    assert crypto.unpad(padded) == payload


def test_payload_ending_in_zero_bytes_survives_padding() -> None:
    assert crypto.unpad(crypto.pad(b"x\0\0\0")) == b"x\0\0\0"


def test_unpad_refuses_a_length_longer_than_the_data() -> None:
    with pytest.raises(DecryptionFailed):
        crypto.unpad((300).to_bytes(4, "big") + b"\0" * 252)


def test_all_short_payloads_seal_to_the_same_length(cipher: RecordCipher) -> None:
    lengths = {len(cipher.seal(ROW_ID, b"n" * n)) for n in range(253)}
    assert lengths == {OVERHEAD + 256}


@given(st.binary(max_size=20_000))
def test_sealed_lengths_reveal_only_the_size_bucket(payload: bytes) -> None:
    cipher = RecordCipher(Secret(b"k" * 32), JOURNAL_ID, DEK_ID)
    blob = cipher.seal(ROW_ID, payload)
    assert len(blob) == OVERHEAD + crypto.padded_size(len(payload) + 4)


# -- records ---------------------------------------------------------------------------


@given(st.binary(max_size=5000))
def test_open_undoes_seal(payload: bytes) -> None:
    cipher = RecordCipher(Secret(b"k" * 32), JOURNAL_ID, DEK_ID)
    assert cipher.open(ROW_ID, cipher.seal(ROW_ID, payload)) == payload


def test_a_blob_starts_with_the_version_byte_and_hides_the_payload(cipher: RecordCipher) -> None:
    payload = b"relapse on friday after the argument"
    blob = cipher.seal(ROW_ID, payload)
    assert blob[0] == crypto.BLOB_VERSION
    assert payload not in blob
    assert b"relapse" not in blob


def test_a_flipped_bit_anywhere_in_a_blob_fails_to_open(cipher: RecordCipher) -> None:
    blob = cipher.seal(ROW_ID, b"day 12: craving at 8, called my sponsor")
    for index in range(len(blob)):
        for bit in range(8):
            damaged = bytearray(blob)
            damaged[index] ^= 1 << bit
            with pytest.raises(DecryptionFailed):
                cipher.open(ROW_ID, bytes(damaged))


@pytest.mark.parametrize("keep", [0, 1, 13, 28, -1])
def test_a_truncated_blob_fails_to_open(cipher: RecordCipher, keep: int) -> None:
    blob = cipher.seal(ROW_ID, b"x")
    with pytest.raises(DecryptionFailed):
        cipher.open(ROW_ID, blob[:keep])


def test_a_blob_with_bytes_appended_fails_to_open(cipher: RecordCipher) -> None:
    with pytest.raises(DecryptionFailed):
        cipher.open(ROW_ID, cipher.seal(ROW_ID, b"x") + b"\0")


@pytest.mark.parametrize("other_row", [ROW_ID + 1, ROW_ID - 1, 1, 2**63 - 1])
def test_a_blob_moved_to_another_row_fails_to_open(cipher: RecordCipher, other_row: int) -> None:
    blob = cipher.seal(ROW_ID, b"mood 3")
    with pytest.raises(DecryptionFailed):
        cipher.open(other_row, blob)


def test_a_blob_opened_under_another_journal_id_fails(dek: Secret) -> None:
    blob = RecordCipher(dek, JOURNAL_ID, DEK_ID).seal(ROW_ID, b"mood 3")
    other = RecordCipher(dek, b"\x01" + JOURNAL_ID[1:], DEK_ID)
    with pytest.raises(DecryptionFailed):
        other.open(ROW_ID, blob)


def test_a_blob_opened_under_another_dek_id_fails(dek: Secret) -> None:
    blob = RecordCipher(dek, JOURNAL_ID, DEK_ID).seal(ROW_ID, b"mood 3")
    other = RecordCipher(dek, JOURNAL_ID, DEK_ID[:-1] + b"\x01")
    with pytest.raises(DecryptionFailed):
        other.open(ROW_ID, blob)


def test_a_blob_opened_with_another_key_fails(cipher: RecordCipher) -> None:
    blob = cipher.seal(ROW_ID, b"mood 3")
    with pytest.raises(DecryptionFailed):
        RecordCipher(crypto.new_data_key(), JOURNAL_ID, DEK_ID).open(ROW_ID, blob)


def test_10000_seals_use_10000_distinct_nonces(cipher: RecordCipher) -> None:
    nonces = {cipher.seal(ROW_ID, b"same payload")[1:13] for _ in range(10_000)}
    assert len(nonces) == 10_000


def test_sealing_the_same_payload_twice_gives_different_blobs(cipher: RecordCipher) -> None:
    assert cipher.seal(ROW_ID, b"same") != cipher.seal(ROW_ID, b"same")


# -- keyslots --------------------------------------------------------------------------


@pytest.fixture
def slot(dek: Secret) -> keyslots.Keyslot:
    return keyslots.seal_keyslot("passphrase", dek, PASSPHRASE, FAST, JOURNAL_ID, DEK_ID)


def test_a_keyslot_opens_with_the_right_passphrase(slot: keyslots.Keyslot, dek: Secret) -> None:
    assert keyslots.open_keyslot(slot, PASSPHRASE, JOURNAL_ID, DEK_ID).reveal() == dek.reveal()


def test_a_keyslot_survives_its_byte_form(slot: keyslots.Keyslot, dek: Secret) -> None:
    restored = keyslots.Keyslot.from_bytes(slot.to_bytes())
    assert restored == slot
    assert keyslots.open_keyslot(restored, PASSPHRASE, JOURNAL_ID, DEK_ID).reveal() == dek.reveal()


def test_a_keyslot_does_not_contain_the_key_or_passphrase(
    slot: keyslots.Keyslot, dek: Secret
) -> None:
    raw = slot.to_bytes()
    for secret in (dek.reveal(), PASSPHRASE.reveal()):
        assert secret not in raw
        assert secret.hex().encode() not in raw


@pytest.mark.parametrize(
    "wrong", ["a long way from where i was", "", "a long way from where I was "]
)
def test_a_wrong_passphrase_fails(slot: keyslots.Keyslot, wrong: str) -> None:
    with pytest.raises(DecryptionFailed):
        keyslots.open_keyslot(slot, Secret.from_passphrase(wrong), JOURNAL_ID, DEK_ID)


def _flip(data: bytes, index: int = 0) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def _with_kdf(slot: keyslots.Keyslot, **changes: Any) -> keyslots.Keyslot:
    return dataclasses.replace(slot, kdf=dataclasses.replace(slot.kdf, **changes))


TAMPERS = {
    "lower memory": lambda s: _with_kdf(s, memory_kib=512),
    "more memory": lambda s: _with_kdf(s, memory_kib=2048),
    "more iterations": lambda s: _with_kdf(s, iterations=2),
    "more lanes": lambda s: _with_kdf(s, lanes=2),
    "other algorithm": lambda s: dataclasses.replace(
        s, kdf=KdfParams("scrypt", log2_n=10, r=8, lanes=1)
    ),
    "salt bit": lambda s: dataclasses.replace(s, salt=_flip(s.salt)),
    "salt last bit": lambda s: dataclasses.replace(s, salt=_flip(s.salt, -1)),
    "nonce bit": lambda s: dataclasses.replace(s, nonce=_flip(s.nonce)),
    "wrapped key bit": lambda s: dataclasses.replace(s, wrapped=_flip(s.wrapped, 5)),
    "tag bit": lambda s: dataclasses.replace(s, wrapped=_flip(s.wrapped, -1)),
    "slot name": lambda s: dataclasses.replace(s, name="recovery"),
}


@pytest.mark.parametrize("tamper", TAMPERS.values(), ids=TAMPERS.keys())
def test_a_tampered_keyslot_fails_to_open(
    slot: keyslots.Keyslot, tamper: Callable[[keyslots.Keyslot], keyslots.Keyslot]
) -> None:
    tampered = tamper(slot)
    assert tampered != slot
    with pytest.raises(DecryptionFailed):
        keyslots.open_keyslot(tampered, PASSPHRASE, JOURNAL_ID, DEK_ID)


def test_a_keyslot_downgraded_in_its_stored_bytes_fails_to_open(slot: keyslots.Keyslot) -> None:
    data = json.loads(slot.to_bytes())
    data["kdf"]["m_kib"] = 8
    downgraded = keyslots.Keyslot.from_bytes(json.dumps(data).encode())
    with pytest.raises(DecryptionFailed):
        keyslots.open_keyslot(downgraded, PASSPHRASE, JOURNAL_ID, DEK_ID)


def test_a_keyslot_opened_for_another_journal_or_key_id_fails(slot: keyslots.Keyslot) -> None:
    with pytest.raises(DecryptionFailed):
        keyslots.open_keyslot(slot, PASSPHRASE, _flip(JOURNAL_ID), DEK_ID)
    with pytest.raises(DecryptionFailed):
        keyslots.open_keyslot(slot, PASSPHRASE, JOURNAL_ID, _flip(DEK_ID))


def test_each_keyslot_gets_a_fresh_salt_and_nonce(dek: Secret) -> None:
    a = keyslots.seal_keyslot("passphrase", dek, PASSPHRASE, FAST, JOURNAL_ID, DEK_ID)
    b = keyslots.seal_keyslot("passphrase", dek, PASSPHRASE, FAST, JOURNAL_ID, DEK_ID)
    assert len(a.salt) == crypto.SALT_BYTES
    assert a.salt != b.salt
    assert a.nonce != b.nonce
    assert a.wrapped != b.wrapped


def test_scrypt_keyslots_work_too(dek: Secret) -> None:
    params = KdfParams("scrypt", log2_n=10, r=8, lanes=1)
    slot = keyslots.seal_keyslot("passphrase", dek, PASSPHRASE, params, JOURNAL_ID, DEK_ID)
    restored = keyslots.Keyslot.from_bytes(slot.to_bytes())
    assert restored.kdf == params
    assert keyslots.open_keyslot(restored, PASSPHRASE, JOURNAL_ID, DEK_ID).reveal() == dek.reveal()
    with pytest.raises(DecryptionFailed):
        keyslots.open_keyslot(restored, Secret.from_passphrase("nope"), JOURNAL_ID, DEK_ID)


# -- KDF parameters read from a file ---------------------------------------------------

GOOD_ARGON = {"alg": "argon2id", "m_kib": 131072, "t": 3, "p": 4}
GOOD_SCRYPT = {"alg": "scrypt", "log2_n": 17, "r": 8, "p": 1}


def test_sane_kdf_params_parse_and_round_trip() -> None:
    for data in (GOOD_ARGON, GOOD_SCRYPT):
        params = KdfParams.from_json(data)
        assert params.to_json() == data
        assert KdfParams.from_json(json.loads(params.canonical())) == params


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({**GOOD_ARGON, "m_kib": 2**40}, id="m 2^40 KiB"),
        pytest.param({**GOOD_ARGON, "m_kib": 1024 * 1024 + 1}, id="m just over 1 GiB"),
        pytest.param({**GOOD_ARGON, "m_kib": 16, "p": 4}, id="m below 8 per lane"),
        pytest.param({**GOOD_ARGON, "t": 1000}, id="t 1000"),
        pytest.param({**GOOD_ARGON, "t": 11}, id="t 11"),
        pytest.param({**GOOD_ARGON, "t": 0}, id="t 0"),
        pytest.param({**GOOD_ARGON, "p": 0}, id="p 0"),
        pytest.param({**GOOD_ARGON, "p": 17}, id="p 17"),
        pytest.param({**GOOD_ARGON, "p": -1}, id="p negative"),
        pytest.param({**GOOD_ARGON, "t": True}, id="t bool"),
        pytest.param({**GOOD_ARGON, "m_kib": "131072"}, id="m text"),
        pytest.param({**GOOD_ARGON, "m_kib": 131072.0}, id="m float"),
        pytest.param({**GOOD_ARGON, "p": None}, id="p null"),
        pytest.param({"alg": "argon2id", "t": 3, "p": 4}, id="m missing"),
        pytest.param({**GOOD_SCRYPT, "log2_n": 40}, id="scrypt N 2^40"),
        pytest.param({**GOOD_SCRYPT, "log2_n": 21}, id="scrypt N 2^21"),
        pytest.param({**GOOD_SCRYPT, "r": 1000}, id="scrypt r 1000"),
        pytest.param({**GOOD_SCRYPT, "p": 0}, id="scrypt p 0"),
        pytest.param({**GOOD_SCRYPT, "r": False}, id="scrypt r bool"),
        pytest.param({"alg": "pbkdf2", "iterations": 1}, id="unknown alg"),
        pytest.param({"alg": "ARGON2ID", "m_kib": 1024, "t": 1, "p": 1}, id="alg wrong case"),
        pytest.param({"m_kib": 1024, "t": 1, "p": 1}, id="alg missing"),
        pytest.param(["argon2id", 1024, 1, 1], id="a list"),
        pytest.param("argon2id", id="a string"),
        pytest.param(None, id="null"),
    ],
)
def test_absurd_or_malformed_kdf_params_are_refused_before_any_kdf_runs(
    data: object, kdf_runs: KdfRuns
) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (any message; the point is "refused")
        KdfParams.from_json(data)
    assert kdf_runs == []


def test_a_keyslot_with_absurd_memory_is_refused_when_read(
    slot: keyslots.Keyslot, kdf_runs: KdfRuns
) -> None:
    data = json.loads(slot.to_bytes())
    data["kdf"]["m_kib"] = 2**40
    with pytest.raises(ValueError, match="out of bounds"):
        keyslots.Keyslot.from_bytes(json.dumps(data).encode())
    assert kdf_runs == []


# -- secrets and passphrases -----------------------------------------------------------


def test_a_secret_never_shows_its_bytes() -> None:
    value = b"hunter2-\x00\xff-very-secret"
    secret = Secret(value)
    for shown in (repr(secret), str(secret), f"{secret}", f"{secret!r}", repr([secret])):
        assert "hunter2" not in shown
        assert value.hex() not in shown
        assert "redacted" in shown


def test_a_record_cipher_never_shows_its_key(dek: Secret) -> None:
    shown = repr(RecordCipher(dek, JOURNAL_ID, DEK_ID))
    assert dek.reveal().hex() not in shown
    assert str(dek.reveal()) not in shown


def test_composed_and_decomposed_accents_are_the_same_passphrase(dek: Secret) -> None:
    composed = "caf\u00e9 au lait"
    decomposed = "cafe\u0301 au lait"
    assert composed != decomposed
    assert unicodedata.normalize("NFC", decomposed) == composed
    assert Secret.from_passphrase(composed).reveal() == Secret.from_passphrase(decomposed).reveal()
    slot = keyslots.seal_keyslot(
        "passphrase", dek, Secret.from_passphrase(composed), FAST, JOURNAL_ID, DEK_ID
    )
    opened = keyslots.open_keyslot(slot, Secret.from_passphrase(decomposed), JOURNAL_ID, DEK_ID)
    assert opened.reveal() == dek.reveal()


def test_new_data_keys_are_32_random_bytes() -> None:
    keys = {crypto.new_data_key().reveal() for _ in range(100)}
    assert len(keys) == 100
    assert all(len(key) == crypto.KEY_BYTES for key in keys)


def test_random_row_ids_are_positive_63_bit_integers() -> None:
    row_ids = [crypto.random_row_id() for _ in range(10_000)]
    assert all(1 <= row_id < 2**63 for row_id in row_ids)
    assert len(set(row_ids)) == len(row_ids)
    assert max(row_ids) > 2**62  # the top bit is used: about half of them are above 2^62


# -- KDF defaults ----------------------------------------------------------------------


def test_the_test_suite_uses_the_fast_kdf_and_says_so() -> None:
    assert keyslots.weak_test_kdf_in_use()
    assert keyslots.default_kdf() == FAST


def test_the_production_default_is_argon2id_128_mib_t3_p4(
    monkeypatch: pytest.MonkeyPatch, dek: Secret
) -> None:
    monkeypatch.delenv(keyslots.TEST_KDF_ENV)
    assert not keyslots.weak_test_kdf_in_use()
    params = keyslots.default_kdf()
    assert params == KdfParams("argon2id", memory_kib=131072, iterations=3, lanes=4)
    assert params.to_json() == {"alg": "argon2id", "m_kib": 131072, "t": 3, "p": 4}
    assert KdfParams.from_json(params.to_json()) == params  # within the caps it is read back with
    slot = keyslots.seal_keyslot("passphrase", dek, PASSPHRASE, params, JOURNAL_ID, DEK_ID)
    restored = keyslots.Keyslot.from_bytes(slot.to_bytes())
    assert keyslots.open_keyslot(restored, PASSPHRASE, JOURNAL_ID, DEK_ID).reveal() == dek.reveal()


def test_without_argon2id_new_journals_use_scrypt_and_reopen_with_argon2id_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """SECURITY.md E5: an OpenSSL without Argon2id falls back to scrypt N=2^17, r=8, p=1,
    recorded in the keyslot, so the journal still opens where Argon2id is available."""
    monkeypatch.delenv(keyslots.TEST_KDF_ENV)
    monkeypatch.setattr(keyslots, "argon2id_available", lambda: False)
    assert keyslots.default_kdf() == KdfParams("scrypt", log2_n=17, r=8, lanes=1)
    path = tmp_path / "journal.db"
    first = Tracker(id="", name="sobriety", clean_date=date(2026, 1, 1))
    Journal.create(path, PASSPHRASE, first).close()

    monkeypatch.undo()  # Argon2id is back; the slot still says scrypt
    with contextlib.closing(sqlite3.connect(path)) as db:
        slot = json.loads(
            db.execute("SELECT v FROM meta WHERE k = 'keyslot:passphrase'").fetchone()[0]
        )
    assert slot["kdf"] == {"alg": "scrypt", "log2_n": 17, "r": 8, "p": 1}
    with Journal.unlock(path, PASSPHRASE) as journal:
        assert [t.name for t in journal.contents().trackers] == ["sobriety"]


def test_records_are_sealed_with_cryptographys_own_aes_gcm() -> None:
    # crypto takes AESGCM from the binding the public module re-exports (to load less);
    # it must stay that very class, so nothing about the cipher differs.
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    assert crypto.AESGCM is AESGCM
