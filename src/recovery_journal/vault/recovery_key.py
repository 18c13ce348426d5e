"""Recovery keys: 130 random bits a person can write on paper and type back.

Format: 26 Crockford base32 characters of key (5 bits each) and 2 check
characters, shown as seven groups of four: `7K3M-Q9TX-...-W2`. Reading is as
forgiving as Crockford base32: case does not matter, I and L read as 1, O as 0,
and spaces and hyphens are ignored. U is not in the alphabet.

The check characters are ISO 7064 MOD 1021,32 (the base-32 sibling of IBAN's
MOD 97-10): the whole key, read as a base-32 number, is 1 modulo the prime 1021.
That catches every single wrong character and every swap of two neighbours,
and all but about 1 in 1,000 other typos, before any cryptography runs.
"""

from __future__ import annotations

from recovery_journal.errors import RecoveryKeyTypo
from recovery_journal.vault.crypto import Secret

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_CHARS = 26
CHECK_CHARS = 2
KEY_CHARS = DATA_CHARS + CHECK_CHARS
KEY_BITS = 5 * DATA_CHARS
GROUP = 4
_MODULUS = 1021
_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_VALUES.update({"I": 1, "L": 1, "O": 0})
_IGNORED = frozenset(" -\t")


def _check_value(data: int) -> int:
    # The check c makes (data * 32^2 + c) ≡ 1 (mod 1021), with 0 <= c < 1021.
    return int((1 - data * 32**CHECK_CHARS) % _MODULUS)


def _digits(value: int, count: int) -> str:
    return "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(count)))


class RecoveryKey:
    """A recovery key; never shown except by `formatted()` at the moment it is made."""

    __slots__ = ("_value",)

    def __init__(self, value: int) -> None:
        if not 0 <= value < 1 << KEY_BITS:
            raise ValueError("a recovery key holds 130 bits")
        self._value = value

    @classmethod
    def generate(cls) -> RecoveryKey:
        import secrets  # here: hashlib and hmac come with it, which unlocking never needs

        return cls(secrets.randbits(KEY_BITS))

    @classmethod
    def parse(cls, text: str) -> RecoveryKey:
        """Read a typed key; a typo is reported here, before any unlocking is tried."""
        chars = [c for c in text.upper() if c not in _IGNORED]
        for char in chars:
            if char not in _VALUES:
                shown = repr(char) if char.isprintable() else "a control character"
                raise RecoveryKeyTypo(
                    f"A recovery key cannot contain {shown}: it uses the digits and the letters "
                    "A-Z except I, L, O and U. Check what you typed."
                )
        if len(chars) != KEY_CHARS:
            raise RecoveryKeyTypo(
                f"A recovery key has {KEY_CHARS} characters (seven groups of four); "
                f"this one has {len(chars)}. Check each group."
            )
        value = 0
        for char in chars:
            value = value * 32 + _VALUES[char]
        data, check = divmod(value, 32**CHECK_CHARS)
        if check != _check_value(data):
            raise RecoveryKeyTypo(
                "That recovery key has a typo: its last two characters do not match the rest. "
                "Check each group against your copy and try again."
            )
        return cls(data)

    def formatted(self) -> str:
        text = _digits(self._value, DATA_CHARS) + _digits(_check_value(self._value), CHECK_CHARS)
        return "-".join(text[i : i + GROUP] for i in range(0, KEY_CHARS, GROUP))

    def secret(self) -> Secret:
        """The key material that derives the recovery keyslot's wrapping key."""
        return Secret(self._value.to_bytes((KEY_BITS + 7) // 8, "big"))

    def __repr__(self) -> str:
        return "RecoveryKey(<redacted>)"

    __str__ = __repr__
