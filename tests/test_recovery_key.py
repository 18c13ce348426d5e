"""The recovery key's written form: random, easy to copy, and typos caught before any crypto."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery_journal.errors import RecoveryKeyTypo
from recovery_journal.vault.recovery_key import ALPHABET, KEY_BITS, KEY_CHARS, RecoveryKey

SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$")
keys = st.integers(min_value=0, max_value=2**KEY_BITS - 1).map(RecoveryKey)


def chars(key: RecoveryKey) -> list[str]:
    return list(key.formatted().replace("-", ""))


def test_a_key_is_seven_groups_of_four_crockford_characters() -> None:
    key = RecoveryKey.generate()
    assert SHAPE.match(key.formatted()), key.formatted()
    assert not set(key.formatted()) & set("ILOU")


def test_keys_hold_130_random_bits() -> None:
    made = {RecoveryKey.generate().secret().reveal() for _ in range(1000)}
    assert len(made) == 1000
    assert KEY_BITS == 130  # at least 128, in whole characters
    assert all(len(secret) == 17 for secret in made)
    top_bits = {int.from_bytes(secret, "big") >> 120 for secret in made}
    assert len(top_bits) > 500  # the high bits vary too: all 130 are used


@given(keys)
def test_a_written_key_reads_back_as_the_same_key(key: RecoveryKey) -> None:
    assert RecoveryKey.parse(key.formatted()).secret().reveal() == key.secret().reveal()


@given(keys)
def test_reading_forgives_case_spaces_and_look_alike_letters(key: RecoveryKey) -> None:
    text = key.formatted().lower().replace("-", " ").replace("1", "l").replace("0", "O")
    assert RecoveryKey.parse(f"  {text}\t").formatted() == key.formatted()


def typos(key: RecoveryKey) -> Iterator[str]:
    """Every single wrong character and every swap of two different neighbours."""
    for at, char in enumerate(chars(key)):
        for other in ALPHABET.replace(char, ""):
            typed = chars(key)
            typed[at] = other
            yield "".join(typed)
    for at in range(KEY_CHARS - 1):
        typed = chars(key)
        if typed[at] != typed[at + 1]:
            typed[at], typed[at + 1] = typed[at + 1], typed[at]
            yield "".join(typed)


@settings(max_examples=20)
@given(keys)
def test_every_single_wrong_character_and_neighbour_swap_is_caught(key: RecoveryKey) -> None:
    caught = 0
    for typed in typos(key):
        with pytest.raises(RecoveryKeyTypo, match="typo"):
            RecoveryKey.parse(typed)
        caught += 1
    assert caught >= 28 * 31


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ABCD-EFGH", "has 28 characters .*this one has 8"),
        ("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23456", "this one has 29"),
        ("", "this one has 0"),
        ("ABCU-EFGH-JKMN-PQRS-TVWX-YZ01-2345", "cannot contain 'U'"),
        ("ABC!-EFGH-JKMN-PQRS-TVWX-YZ01-2345", "cannot contain '!'"),
        ("ABC\x1b-EFGH-JKMN-PQRS-TVWX-YZ01-2345", "cannot contain a control character"),
    ],
)
def test_a_malformed_key_says_what_is_wrong(typed: str, message: str) -> None:
    with pytest.raises(RecoveryKeyTypo, match=message):
        RecoveryKey.parse(typed)


def test_a_key_never_shows_itself_by_accident() -> None:
    key = RecoveryKey.generate()
    for shown in (repr(key), str(key), f"{key}", repr(key.secret())):
        assert key.formatted() not in shown
        assert key.formatted().replace("-", "") not in shown
