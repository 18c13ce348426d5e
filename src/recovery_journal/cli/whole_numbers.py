"""Whole numbers on the command line, read our way and refused in our words.

Every int argument and option (`rj mood 7`, `rj meeting --minutes 60`) is read by the
same rule: digits 0-9, an optional sign, spaces around. Click's own int() would also take
'1_000' and other scripts' digits (an Arabic-Indic five is 5 to Python). Anything else
gets one line, "The score must be a whole number, not 'seven'", and a usage error's
exit code.
"""

from __future__ import annotations

import re
from typing import Any

import typer

# Typer (before 0.27) bundles its own Click as typer._click; its parameter types are
# the extension point for reading a value, so ours subclass them.
from typer._click.core import Command, Context, Parameter
from typer._click.types import IntParamType, IntRange

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
MAX_DIGITS = 30
"""Far past any count, score or minutes a journal holds (and past 4,300 digits Python's
int() refuses to read a number at all)."""
SHOWN_CHARS = 30


class NotAWholeNumber(typer.BadParameter):
    """A number in words, with a decimal point, or in other digits: a usage error (exit 2)."""

    def format_message(self) -> str:
        return self.message


def _label(param: Parameter | None) -> str:
    name = param.name if param is not None and param.name else "number"
    return name.replace("_", " ")


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def read_whole_number(value: Any, param: Parameter | None, ctx: Context | None) -> int:
    """The whole number `value` denotes, or NotAWholeNumber naming the parameter."""
    if isinstance(value, int):  # a default, already a number
        return value
    text = str(value).strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        message = f"The {_label(param)} must be a whole number, not '{_shown(str(value))}'"
        raise NotAWholeNumber(message, ctx=ctx, param=param)
    if len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS:
        message = f"{_shown(text)} is far too large a number for the {_label(param)}"
        raise NotAWholeNumber(message, ctx=ctx, param=param)
    return int(text)


class WholeNumber(IntParamType):
    """Click's INT (shown as INTEGER in help), reading digits by our rule."""

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> Any:
        return super().convert(read_whole_number(value, param, ctx), param, ctx)


class WholeNumberRange(IntRange):
    """Click's IntRange (typer's min= and max=), reading digits by our rule."""

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> Any:
        return super().convert(read_whole_number(value, param, ctx), param, ctx)


def read_whole_numbers(command: Command) -> None:
    """Give every int parameter of `command` and the commands below it our reading."""
    for param in command.params:
        old = param.type
        if type(old) is IntParamType:
            param.type = WholeNumber()
        elif type(old) is IntRange:
            param.type = WholeNumberRange(
                old.min, old.max, min_open=old.min_open, max_open=old.max_open, clamp=old.clamp
            )
    for sub in getattr(command, "commands", {}).values():
        read_whole_numbers(sub)
