"""Public entry ids: a row's random 63-bit id written in Crockford base32.

Thirteen lowercase characters; people type a unique prefix (as with git), and
the first seven are shown. Crockford's alphabet has no i, l, o or u, and we
read those as the digits they look like, so a misread id still works.
"""

from __future__ import annotations

from collections.abc import Iterable

from recovery_journal.errors import AmbiguousId, EntryNotFound

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_CHARS = 13
SHORT_CHARS = 7
_DECODE = {ch: i for i, ch in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"i": "1", "l": "1", "o": "0", "u": "v"})


_PAIRS = [a + b for a in ALPHABET for b in ALPHABET]  # every 10-bit value as two characters


def encode(row_id: int) -> str:
    # Shifted left by 2, the 63 bits fill 13 characters from the front, so every
    # character of a short prefix carries 5 random bits. Ten bits at a time
    # through a table keeps this cheap enough for 100,000 ids per command.
    value = row_id << 2
    pairs = _PAIRS
    return (
        ALPHABET[value >> 60]
        + pairs[(value >> 50) & 1023]
        + pairs[(value >> 40) & 1023]
        + pairs[(value >> 30) & 1023]
        + pairs[(value >> 20) & 1023]
        + pairs[(value >> 10) & 1023]
        + pairs[value & 1023]
    )


def decode(public_id: str) -> int:
    value = 0
    for ch in public_id:
        value = value * 32 + _DECODE[ch]
    return value >> 2


def short(public_id: str) -> str:
    return public_id[:SHORT_CHARS]


def normalize_prefix(prefix: str) -> str:
    return prefix.strip().lower().translate(_LOOKALIKES)


def resolve(prefix: str, known: Iterable[str], what: str = "entry") -> str:
    """The one id starting with `prefix`, or a clear error."""
    wanted = normalize_prefix(prefix)
    if not wanted or any(ch not in _DECODE for ch in wanted) or len(wanted) > ID_CHARS:
        raise EntryNotFound(f"{prefix!r} is not an {what} id; ids look like 'a3f9k2m'.")
    matches = [candidate for candidate in known if candidate.startswith(wanted)]
    if not matches:
        raise EntryNotFound(f"No {what} has an id starting with {prefix!r}. `rj list` shows ids.")
    if len(matches) > 1:
        shown = ", ".join(sorted(m[: len(wanted) + 2] for m in matches)[:5])
        raise AmbiguousId(
            f"{len(matches)} entries start with {prefix!r} ({shown}); type more characters."
        )
    return matches[0]
