"""Public ids: random 63-bit row ids as 13 lowercase Crockford base32 characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_journal.domain import ids
from recovery_journal.errors import AmbiguousId, EntryNotFound

ROW_IDS = st.integers(min_value=0, max_value=2**63 - 1)
KNOWN = ["a3f9k2m4b7c8d", "a3fz0p1q2r3s4", "01v7hx0000000", "zzzzzzzzzzzzw"]


@given(ROW_IDS)
def test_decode_undoes_encode_for_any_63_bit_id(row_id: int) -> None:
    assert ids.decode(ids.encode(row_id)) == row_id


@given(ROW_IDS)
def test_ids_are_13_lowercase_crockford_characters(row_id: int) -> None:
    public_id = ids.encode(row_id)
    assert len(public_id) == ids.ID_CHARS == 13
    assert set(public_id) <= set("0123456789abcdefghjkmnpqrstvwxyz")
    assert not set(public_id) & set("ilou")


@given(ROW_IDS, ROW_IDS)
def test_encoding_keeps_numeric_order_so_ids_sort_like_row_ids(a: int, b: int) -> None:
    assert (a < b) == (ids.encode(a) < ids.encode(b))


def test_the_extremes_encode_as_expected() -> None:
    assert ids.encode(0) == "0" * 13
    assert ids.encode(2**63 - 1) == "zzzzzzzzzzzzw"
    assert ids.decode("zzzzzzzzzzzzw") == 2**63 - 1


def test_the_first_character_already_carries_random_bits() -> None:
    # Shifting the 63 bits to the front means short prefixes are well spread.
    firsts = {ids.encode(k << 58)[0] for k in range(32)}
    assert len(firsts) == 32


def test_short_ids_are_the_first_seven_characters() -> None:
    assert ids.short("a3f9k2m4b7c8d") == "a3f9k2m"


@pytest.mark.parametrize("prefix", ["a3f9", "a3f9k2m", "a3f9k2m4b7c8d", "A3F9K", "  a3f9 "])
def test_a_unique_prefix_resolves_case_insensitively(prefix: str) -> None:
    assert ids.resolve(prefix, KNOWN) == "a3f9k2m4b7c8d"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("0iv7", "01v7hx0000000"),  # i reads as 1
        ("OLV7", "01v7hx0000000"),  # O as 0, L as 1
        ("o1u7", "01v7hx0000000"),  # u as v
        ("zzzzzzzzzzzzW", "zzzzzzzzzzzzw"),
    ],
)
def test_lookalike_letters_read_as_the_characters_they_resemble(prefix: str, expected: str) -> None:
    assert ids.resolve(prefix, KNOWN) == expected


def test_an_unknown_prefix_is_entry_not_found() -> None:
    with pytest.raises(EntryNotFound, match="No entry"):
        ids.resolve("b", KNOWN)


def test_a_prefix_shared_by_several_ids_is_ambiguous() -> None:
    with pytest.raises(AmbiguousId, match="2 entries") as raised:
        ids.resolve("a3f", KNOWN)
    assert "a3f9k" in str(raised.value)
    assert "a3fz0" in str(raised.value)


@pytest.mark.parametrize(
    "prefix", ["", "   ", "a3f-9", "a3f9k2m4b7c8d0", "é", "a 3", "a3f9k2m4b7c8d\x00", "#a3f"]
)
def test_text_that_cannot_be_an_id_is_entry_not_found(prefix: str) -> None:
    with pytest.raises(EntryNotFound, match="not an entry id"):
        ids.resolve(prefix, KNOWN)


def test_the_error_names_what_was_looked_for() -> None:
    with pytest.raises(EntryNotFound, match="tracker"):
        ids.resolve("b", KNOWN, what="tracker")


def test_nothing_resolves_when_nothing_is_known() -> None:
    with pytest.raises(EntryNotFound):
        ids.resolve("a3f", [])


@given(st.lists(ROW_IDS, min_size=1, max_size=20, unique=True), st.data())
def test_every_full_id_resolves_to_itself(row_ids: list[int], data: st.DataObject) -> None:
    known = [ids.encode(row_id) for row_id in row_ids]
    chosen = data.draw(st.sampled_from(known))
    assert ids.resolve(chosen.upper(), known) == chosen
