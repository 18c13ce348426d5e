"""The manifest's construction (vault/manifest.py), without a journal file.

The set hash: a modular sum of keyed terms, so adding a record twice does not cancel
(as it would with XOR) and order does not matter. The diagnosis table: subtracting the
file's table from the manifest's lists exactly the records that differ, as long as they
are few; beyond that it says so instead of guessing.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery_journal.vault import crypto
from recovery_journal.vault.manifest import (
    MODULUS,
    ManifestKey,
    ManifestState,
    meta_differences,
    record_differences,
    total_of,
)

KEY = ManifestKey(crypto.Secret(os.urandom(32)), os.urandom(16), os.urandom(16))


def rows(count: int, seed: int) -> list[tuple[int, bytes]]:
    rng = random.Random(seed)
    return [(rng.getrandbits(63) or 1, rng.randbytes(rng.choice((285, 541)))) for _ in range(count)]


def diff(state: ManifestState, file_rows: list[tuple[int, bytes]]) -> tuple[set[int], ...] | None:
    """What differs; None when the table says "too many to list" (rare below 45)."""
    found = record_differences(KEY, state, file_rows, KEY.terms(file_rows))
    if found.unlisted:
        assert found == (*((),) * 3, found.unlisted)  # nothing guessed
        return None
    return set(found.missing), set(found.unknown), set(found.rolled_back)


def test_a_record_added_twice_does_not_cancel_as_it_would_with_xor() -> None:
    (row,) = rows(1, 1)
    empty, twice = ManifestState(), ManifestState()
    twice.add(KEY, *row)
    twice.add(KEY, *row)
    assert (twice.count, twice.total) != (empty.count, empty.total)
    term = int.from_bytes(KEY.term(*row), "big")
    assert twice.total == 2 * term % MODULUS
    assert term ^ term == 0  # what XOR would have left: the same as no record at all


def test_terms_are_keyed_bound_to_the_id_and_the_whole_blob() -> None:
    row_id, blob = rows(1, 2)[0]
    other = ManifestKey(crypto.Secret(os.urandom(32)), os.urandom(16), os.urandom(16))
    assert KEY.term(row_id, blob) != other.term(row_id, blob)
    assert KEY.term(row_id, blob) != KEY.term(row_id + 1, blob)
    assert KEY.term(row_id, blob) != KEY.term(row_id, blob[:-1] + bytes([blob[-1] ^ 1]))
    assert KEY.terms([(row_id, blob)]) == [KEY.term(row_id, blob)]


def test_incremental_updates_equal_a_state_built_from_scratch() -> None:
    data = rows(300, 3)
    state = ManifestState.build(KEY, data[:200], [("format", b"x")])
    for row in data[200:]:
        state.add(KEY, *row)
    for row in data[:50]:
        state.add(KEY, *row, sign=-1)
    fresh = ManifestState.build(KEY, data[50:], [("format", b"x")])
    assert (state.count, state.total, state.cells, state.meta) == (
        fresh.count,
        fresh.total,
        fresh.cells,
        fresh.meta,
    )
    assert total_of(KEY.terms(data[50:])) == state.total


def test_a_state_survives_sealing_and_no_other_key_opens_it() -> None:
    state = ManifestState.build(KEY, rows(20, 4), [("keyslot:passphrase", b"{}")])
    state.counter = 41
    sealed = KEY.seal(state)
    assert KEY.open(sealed) == state
    other = ManifestKey(crypto.Secret(os.urandom(32)), os.urandom(16), os.urandom(16))
    with pytest.raises(crypto.DecryptionFailed):
        other.open(sealed)
    flipped = bytearray(sealed)
    flipped[20] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        KEY.open(bytes(flipped))


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(0, 400),
    seed=st.integers(0, 2**32),
    deleted=st.integers(0, 8),
    planted=st.integers(0, 8),
    rolled=st.integers(0, 8),
)
def test_the_table_names_every_record_that_differs(
    size: int, seed: int, deleted: int, planted: int, rolled: int
) -> None:
    data = rows(size + deleted + rolled, seed)
    state = ManifestState.build(KEY, data, ())
    gone = {row for row, _ in data[:deleted]}
    changed = data[deleted : deleted + rolled]
    extra = rows(planted, seed + 1)
    now = data[deleted + rolled :]
    now += [(row, blob + b"old") for row, blob in changed]
    now += extra
    found = diff(state, now)
    if found is None:  # peeling can stop early for an unlucky set: said so, never wrong
        return
    missing, unknown, rolled_back = found
    assert missing == gone
    assert unknown == {row for row, _ in extra}
    assert rolled_back == {row for row, _ in changed}


def test_too_many_differences_are_said_so_never_guessed(figures: Callable[..., None]) -> None:
    """Peeling is probabilistic: with 60 cells it names about 45 differences at once, fewer
    for an unlucky key. Whatever the count, the answer is exact or "too many", never wrong."""
    key = ManifestKey(crypto.Secret(bytes(range(32))), bytes(16), bytes(range(16)))
    data = rows(2000, 5)
    state = ManifestState.build(key, data, ())
    named = []
    for deleted in range(1, 120):
        found = record_differences(key, state, data[deleted:], key.terms(data[deleted:]))
        if found.unlisted:
            assert found == (*((),) * 3, found.unlisted)  # nothing guessed
        else:
            assert set(found.missing) == {row for row, _ in data[:deleted]}
            assert not found.unknown
            assert not found.rolled_back
            named.append(deleted)
    first_miss = min(set(range(1, 120)) - set(named))
    assert first_miss > 25
    figures("manifest: records named at once (60 cells)", up_to=first_miss - 1, decoded=len(named))


def test_meta_rows_are_compared_by_name_and_the_inbox_rows_are_not() -> None:
    meta = [("format", b"recovery-journal"), ("keyslot:passphrase", b"{1}"), ("dek_id", b"d")]
    state = ManifestState.build(KEY, (), meta)
    assert meta_differences(state, [*meta, ("inbox:00000000000000ab", b"x")]) == []
    assert meta_differences(state, [*meta, ("manifest", b"anything")]) == []
    changed = [("format", b"recovery-journal"), ("keyslot:passphrase", b"{2}"), ("x", b"")]
    assert meta_differences(state, changed) == [
        "meta row removed outside rj (dek_id)",
        "keyslot changed outside rj (passphrase)",
        "unknown meta row (x)",
    ]
