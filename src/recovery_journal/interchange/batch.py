"""What every importer of another app's file returns, and the text rules they share.

An importer reads a whole file and returns an `ImportBatch`: the entries it could
build, each with the line it came from, and every problem with a line number and a
reason. It never decides whether to store a batch with problems: the CLI does
(refused whole by default, the rest with --skip-bad).
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from pathlib import Path

from recovery_journal.domain.entry_base import Entry
from recovery_journal.domain.validation import MAX_TAG_CHARS
from recovery_journal.errors import InvalidInput

MAX_FILE_BYTES = 200 * 1024 * 1024
_BOM = "\ufeff"
# A tag a person wrote (`<b>`, `</p>`, `<br/>`): a letter right after '<', so "< 4 hours"
# and "<3" stay text.
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
_LINE_BREAKING = frozenset({"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "tr"})


@dataclass(frozen=True)
class Problem:
    """A row that could not be read: where it is (a 1-based line, or entry) and why."""

    line: int
    reason: str
    place: str = "line"

    def __str__(self) -> str:
        return f"{self.place} {self.line}: {self.reason}"


@dataclass(frozen=True)
class Imported:
    """One entry built from the file, and the line it starts on."""

    line: int
    entry: Entry


@dataclass
class ImportBatch:
    """What a file holds: entries (oldest first) and every problem and notice, in file order."""

    source: str
    """The app the file came from ("Daylio", "jrnl"), as people say it."""
    tag: str
    """The tag every entry from this app carries ("daylio", "jrnl")."""
    items: list[Imported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """Things the person should know that are not errors (a guessed column order, say)."""
    place: str = "line"
    """What an item's number counts: lines of a text file, entries of a JSON document."""

    @property
    def entries(self) -> list[Entry]:
        return [item.entry for item in self.items]

    def kind_counts(self) -> Counter[str]:
        return Counter(item.entry.kind for item in self.items)

    def date_range(self) -> tuple[date, date] | None:
        if not self.items:
            return None
        days = [item.entry.at.date() for item in self.items]
        return min(days), max(days)

    def sort(self) -> None:
        """Oldest first, then in file order: how the entries are stored and shown."""
        self.items.sort(key=lambda item: (item.entry.at, item.line))


def read_bytes(path: Path, *, what: str) -> bytes:
    """A file's bytes (at most MAX_FILE_BYTES), or one clear error naming it."""
    limit = MAX_FILE_BYTES  # read at call time, so one setting bounds every importer
    limit_mb = limit // (1024 * 1024)
    too_big = f"Cannot import {path}: it is larger than {limit_mb} MB. Nothing was imported."
    try:
        with path.open("rb") as source:
            if os.fstat(source.fileno()).st_size > limit:
                raise InvalidInput(too_big)
            data = source.read(limit + 1)
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder; give the {what} file.") from None
    except OSError as exc:
        raise InvalidInput(f"Could not read {path}: {exc.strerror or exc}.") from None
    if len(data) > limit:
        raise InvalidInput(too_big)
    return data


def decode_text(data: bytes, *, source: str) -> str:
    """UTF-8 without its optional BOM; a file in another encoding is refused with where."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"Cannot import {source}: it is not UTF-8 text (byte 0x{data[exc.start]:02x} on "
            f"line {line}). Save it as UTF-8 and try again. Nothing was imported."
        ) from None
    text = text.removeprefix(_BOM)
    if not text.strip():
        raise InvalidInput(f"Cannot import {source}: the file is empty. Nothing was imported.")
    return text


def html_to_text(value: str) -> str:
    """Notes written as HTML (`<br>`, `<b>`, `&amp;`) as plain text with line breaks."""
    if "<" not in value and "&" not in value:
        return value

    def replace(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        if name == "li" and not match.group(1):
            return "\n- "
        return "\n" if name in _LINE_BREAKING and (name == "br" or match.group(1)) else ""

    return html.unescape(_HTML_TAG.sub(replace, value))


def tag_of(name: str) -> str | None:
    """A name from another app as one of our tags: case-folded words joined by '-'.

    "Dinner with friends " becomes "dinner-with-friends"; a name too long for a tag
    keeps its first MAX_TAG_CHARS characters; None for a name that is only spaces.
    """
    word = "-".join(name.lstrip("#").split()).lower()
    return word[:MAX_TAG_CHARS].rstrip("-") or None


def tags_of(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag for tag in map(tag_of, names) if tag))


def local_moment(day: date, clock: time, zone: tzinfo) -> datetime:
    """A wall-clock time from a file (no offset) in the person's zone; a skipped hour moves on."""
    from recovery_journal.domain.wall_clock import resolve_imaginary

    return resolve_imaginary(datetime.combine(day, clock, tzinfo=zone))
