"""How much was used: a number and its unit, for the Timeline Followback's totals. Pure.

A use may carry a `quantity` (a number, 0 or more) and a `unit`. `rj use --drinks N` is
the shorthand for N standard drinks. Units are folded to one spelling ("Standard drinks"
and "standard-drink" are `standard-drinks`); any other short word is kept as typed, in
lower case. The free `amount` text stays beside them, in the person's own words.

Heavy days: a day whose quantity in standard drinks reaches the tracker's threshold. The
default, 4 standard drinks, is the US National Institute on Alcohol Abuse and Alcoholism's
(NIAAA) "heavy drinking day" for women (5 for men); a person changes it per tracker with
`rj tracker edit NAME --heavy-day N`, which also sets a threshold for any other unit.
"""

from __future__ import annotations

import math
import re

from recovery_journal.domain.validation import clean_text
from recovery_journal.errors import InvalidInput

STANDARD_DRINKS = "standard-drinks"
KNOWN_UNITS = (STANDARD_DRINKS, "drinks", "g", "mg", "joints", "cigarettes", "money")
"""Units offered in `--help`; any other short word is accepted too."""
DEFAULT_HEAVY_DRINKS = 4.0
"""NIAAA's heavy drinking day (women: 4 or more standard drinks; men: 5 or more)."""
MAX_QUANTITY = 1_000_000.0
MAX_UNIT = 30
_SPELLINGS = {
    "standard drink": STANDARD_DRINKS,
    "standard drinks": STANDARD_DRINKS,
    "standard-drink": STANDARD_DRINKS,
    "std drinks": STANDARD_DRINKS,
    "drink": "drinks",
    "joint": "joints",
    "cigarette": "cigarettes",
    "gram": "g",
    "grams": "g",
    "milligram": "mg",
    "milligrams": "mg",
}


def check_quantity(what: str, value: object) -> float | None:
    """A quantity as a float (0 or more, finite), or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{what} must be a number, not {value!r}.")
    number = float(value)
    if not math.isfinite(number) or number < 0 or number > MAX_QUANTITY:
        raise InvalidInput(f"{what} must be a number from 0 to {MAX_QUANTITY:,.0f}.")
    return number


def normalize_unit(unit: str | None) -> str | None:
    """'Standard drinks' -> 'standard-drinks'; another word in lower case; None stays."""
    text = clean_text("The unit", unit)
    if text is None:
        return None
    folded = " ".join(text.lower().split())
    if len(folded) > MAX_UNIT:
        raise InvalidInput(f"A unit can be at most {MAX_UNIT} characters long.")
    return _SPELLINGS.get(folded, folded.replace(" ", "-"))


_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]+(?:[ -][a-z]+)?)?")


def quantity_in(words: str) -> tuple[float, str | None] | None:
    """The number and unit in an amount said in words, when it is plainly one: '3 drinks',
    '2 standard drinks', '1,5 g', '4'. None for anything less plain ('a lot', '3 or 4
    beers', 'half a bottle'): the words are then kept alone, never guessed at."""
    found = _AMOUNT.fullmatch(" ".join(words.lower().split()))
    if found is None:
        return None
    number, unit = found.groups()
    if unit is not None and " " in unit and unit not in _SPELLINGS:
        return None  # two words that are no unit we know ('pints today')
    try:
        quantity = check_quantity("The quantity", float(number.replace(",", ".")))
    except InvalidInput:
        return None  # more than anyone could have used: kept as words
    return (quantity, normalize_unit(unit)) if quantity is not None else None


def format_quantity(value: float) -> str:
    """2.0 -> '2', 2.5 -> '2.5', 1/3 -> '0.33'."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def unit_words(unit: str | None, value: float) -> str:
    """'4 standard drinks', '1 joint', '3 (no unit)' for reading."""
    amount = format_quantity(value)
    if not unit:
        return amount
    word = unit.replace("-", " ")
    if value == 1 and word.endswith("s") and unit not in ("g", "mg"):
        word = word[:-1]
    return f"{amount} {word}"


def heavy_threshold(unit: str | None, chosen: float | None) -> float | None:
    """The quantity a heavy day reaches: the tracker's own, else 4 for standard drinks."""
    if chosen is not None:
        return chosen
    return DEFAULT_HEAVY_DRINKS if unit == STANDARD_DRINKS else None
