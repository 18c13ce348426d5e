"""The Penn Alcohol Craving Scale asked one question at a time at the terminal (stderr),
each answer checked as it is typed; and PACS items given as text (`rj edit --item`)."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from recovery_journal.cli import prompts
from recovery_journal.errors import InvalidInput

_ANSWER = re.compile(r"\s*([0-6])\s*")


def ask_pacs(substance: str | None) -> tuple[int, ...]:
    """Five answers, 0-6; a wrong one is asked again with the reason. Ctrl-C cancels."""
    from recovery_journal.domain.pacs import questions

    asked = questions(substance)
    sys.stderr.write("About the past week: five questions, each answered 0 to 6.\n")
    answers = []
    for number, question in enumerate(asked, start=1):
        sys.stderr.write(f"\n{number}/{len(asked)}. {question.text}\n")
        for value, answer in enumerate(question.answers):
            sys.stderr.write(f"   {value}  {answer}\n")
        while True:
            typed = prompts.ask("Your answer (0-6): ")
            match = _ANSWER.fullmatch(typed)
            if match:
                answers.append(int(match.group(1)))
                break
            sys.stderr.write(f"Please type one number from 0 to 6 (not {typed.strip()!r}).\n")
    return tuple(answers)


def pacs_items(texts: Sequence[str]) -> tuple[int, ...]:
    """`rj edit ID --item 3 --item 2 ...`: five whole numbers 0-6 (the kind checks them)."""
    items = []
    for text in texts:
        match = _ANSWER.fullmatch(text)
        if not match:
            raise InvalidInput(f"A PACS item is a whole number from 0 to 6, not {text!r}.")
        items.append(int(match.group(1)))
    return tuple(items)
