"""Small validation rules every kind of record shares: whole numbers in a range,
cleaned text, tags, choices and folded names. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from recovery_journal.errors import InvalidInput

MAX_TEXT_CHARS = 50_000
MAX_TAG_CHARS = 40


def check_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{name} must be a whole number from {low} to {high}.")
    if not low <= value <= high:
        raise InvalidInput(f"{name} must be from {low} to {high}, not {value}.")
    return value


def check_utf8(name: str, text: str) -> None:
    # Undecodable bytes on the command line arrive as lone surrogates, which
    # cannot be stored as UTF-8; refuse them here rather than fail when saving.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            f"{name} contains bytes that are not valid text; check your terminal's encoding."
        ) from None


def clean_text(name: str, value: object, *, required: bool = False) -> str | None:
    """Strip surrounding whitespace; empty means absent unless `required`."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise InvalidInput(f"{name} must be text.")
    check_utf8(name, text)
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(
            f"{name} is too long ({len(text)} characters; the limit is {MAX_TEXT_CHARS})."
        )
    if not text:
        if required:
            raise InvalidInput(f"{name} cannot be empty.")
        return None
    return text


def clean_texts(name: str, values: Iterable[object]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise InvalidInput(f"{name} must be a list of texts.")
    cleaned = (clean_text(name, value) for value in values)
    return tuple(text for text in cleaned if text is not None)


def normalize_tag(tag: object) -> str:
    """Tags are case-folded single words; a leading '#' is dropped."""
    if not isinstance(tag, str):
        raise InvalidInput("A tag must be text.")
    check_utf8("A tag", tag)
    word = tag.strip().lstrip("#").strip().lower()
    if not word or any(ch.isspace() for ch in word):
        raise InvalidInput(f"A tag must be one word without spaces, not {tag!r}.")
    if len(word) > MAX_TAG_CHARS:
        raise InvalidInput(f"A tag can be at most {MAX_TAG_CHARS} characters long.")
    return word


def choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    word = value.strip().lower() if isinstance(value, str) else value
    if word not in choices:
        raise InvalidInput(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return str(word)


def fold_name(name: str) -> str:
    """Names compare ignoring case and spacing: 'Alcohol ' is 'alcohol'."""
    return " ".join(name.casefold().split())
