"""One question of the check-in at a time: asked on the terminal, checked as it is typed.

Each question shows its default in brackets ("[skip]" when Enter skips it). An answer
that does not fit is asked again with the reason, so a typo never ends the check-in.
Questions go to the terminal (stderr), never to stdout, as every prompt does (prompts.py).
Plain lines and the domain's own checks are all it needs: no prompt library (see the
commit that added it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from recovery_journal.cli import prompts
from recovery_journal.domain.validation import check_int, choice, clean_text, clean_texts
from recovery_journal.errors import InvalidInput

T = TypeVar("T")
SKIP = "skip"
YES_NO_SKIP = "y/n, Enter to skip"


def ask(
    question: str, parse: Callable[[str], T], *, default: str | None = None, shown: str = ""
) -> T | None:
    """Ask until the answer parses. Enter takes `default`, or skips (None) without one; the
    brackets show `shown`, else the default, else "skip"."""
    while True:
        answer = prompts.ask(f"{question} [{shown or default or SKIP}]: ").strip()
        if not answer:
            if default is None:
                return None
            answer = default
        try:
            return parse(answer)
        except InvalidInput as problem:
            prompts.tell(f"  {problem} Please try again, or press Enter to skip.")


def moment_by(latest: datetime) -> Callable[[str], datetime]:
    """A time said as people say it ('3pm', 'this afternoon', 'yesterday 9pm'), read as
    of `latest` (the check-in's moment: '3pm' is that day's) and not after it."""
    from recovery_journal.domain.dates import parse_when, resolve_at

    def parse(text: str) -> datetime:
        if parse_when(text, latest).moment > latest:  # an unreadable time: its own message
            raise InvalidInput(
                f"{text!r} is after this check-in ({latest:%H:%M}); give an earlier time, "
                "such as 'yesterday 9pm'."
            )
        return resolve_at(text, latest)

    return parse


def whole(name: str, low: int, high: int) -> Callable[[str], int]:
    """A whole number from `low` to `high`: 'Mood must be from 1 to 10, not 12.'"""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise InvalidInput(f"{name} is a whole number from {low} to {high}.") from None
        return check_int(name, number, low, high)

    return parse


def words(name: str, allowed: tuple[str, ...] | None = None) -> Callable[[str], tuple[str, ...]]:
    """Several answers separated by commas; with `allowed`, each must be one of them."""

    def parse(text: str) -> tuple[str, ...]:
        items = clean_texts(name, text.split(","))
        if allowed is not None:
            items = tuple(dict.fromkeys(choice(name, item, allowed) for item in items))
        return items

    return parse


def text(name: str) -> Callable[[str], str]:
    def parse(answer: str) -> str:
        return clean_text(name, answer, required=True) or ""

    return parse


def one_of(name: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    """One of `choices`; its first letter will do ('r' for resisted)."""

    def parse(answer: str) -> str:
        word = answer.strip().lower()
        matches = [option for option in choices if option.startswith(word)]
        return choice(name, matches[0] if len(matches) == 1 else word, choices)

    return parse


def yes_no(answer: str) -> bool:
    word = answer.strip().lower()
    if word in ("y", "yes"):
        return True
    if word in ("n", "no"):
        return False
    raise InvalidInput("Please answer y or n.")


def confirm(question: str, *, default: bool) -> bool:
    """A yes/no question Enter answers with `default` ("[y/N]": no)."""
    while True:
        answer = prompts.ask(f"{question} [{'Y/n' if default else 'y/N'}]: ").strip()
        if not answer:
            return default
        try:
            return yes_no(answer)
        except InvalidInput as problem:
            prompts.tell(f"  {problem}")
