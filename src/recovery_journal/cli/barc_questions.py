"""The BARC-10 asked one statement at a time at the terminal (stderr), each answer checked
as it is typed; and BARC-10 items given as text (`rj edit --item`)."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from recovery_journal.cli import prompts
from recovery_journal.errors import InvalidInput

_ANSWER = re.compile(r"\s*([1-6])\s*")


def ask_barc() -> tuple[int, ...]:
    """Ten ratings, 1-6; a wrong one is asked again with the reason. Ctrl-C cancels."""
    from recovery_journal.domain.barc import ANSWERS, STATEMENTS

    sys.stderr.write(
        "Ten statements about your life and recovery. For each, how much do you agree?\n"
    )
    sys.stderr.write("   " + "   ".join(f"{n} {a.lower()}" for n, a in enumerate(ANSWERS, 1)))
    sys.stderr.write("\n")
    answers = []
    for number, statement in enumerate(STATEMENTS, start=1):
        sys.stderr.write(f"\n{number}/{len(STATEMENTS)}. {statement}\n")
        while True:
            typed = prompts.ask("Your answer (1-6): ")
            match = _ANSWER.fullmatch(typed)
            if match:
                answers.append(int(match.group(1)))
                break
            sys.stderr.write(f"Please type one number from 1 to 6 (not {typed.strip()!r}).\n")
    return tuple(answers)


def barc_items(texts: Sequence[str]) -> tuple[int, ...]:
    """`rj edit ID --item 5 --item 4 ...`: ten whole numbers 1-6 (the kind checks them)."""
    items = []
    for text in texts:
        match = _ANSWER.fullmatch(text)
        if not match:
            raise InvalidInput(f"A BARC-10 item is a whole number from 1 to 6, not {text!r}.")
        items.append(int(match.group(1)))
    return tuple(items)
