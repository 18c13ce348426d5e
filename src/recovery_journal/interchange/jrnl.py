"""jrnl in: its plain-text journal (one file, or a folder of YYYY/MM/DD.txt) and its JSON export.

Written from jrnl's documented format and its test journals, not from its code. An
entry starts on a line `[2024-05-01 09:00] Title sentence. Body...`; a bracket that
holds no date we can read (`[1] a numbered line`) is body text. The date format is the
person's jrnl `timeformat` (not stored in the file: `--time-format`), else one of the
forms jrnl is known to write. jrnl 1.x files have no brackets (`2010-06-10 15:00 Title`).
The title is the first sentence; a first line ending in `*` is starred; `@tags` anywhere
in the text are tags. Each entry becomes a note: title, then body on the next line,
tagged `jrnl`, its own tags (without the @), and `starred`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from recovery_journal.domain.entries import Note
from recovery_journal.errors import InvalidInput
from recovery_journal.interchange.batch import (
    ImportBatch,
    Imported,
    Problem,
    decode_text,
    local_moment,
    read_bytes,
    tags_of,
)

TAG = "jrnl"
STARRED = "starred"
DEFAULT_TIME = time(9, 0)  # jrnl's default hour and minute for a date given alone
KNOWN_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%d.%m.%Y %H:%M",
    "%Y-%m %H:%M",  # a partial date: the first of the month, as jrnl reads it
)
_BRACKETED = re.compile(r"^\[([^\]\n]+)\](?: |$)")
_LEGACY = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) ")
_TAGS = re.compile(r"(?<!\S)@([-+*#/\w]+)")
_SENTENCE_END = re.compile(r"[.!?…。！？]+[\"'”’)\]]?(?=\s)")  # noqa: RUF001 (CJK stops)
NO_DATES = (
    "no line starts with a date jrnl writes ([2024-05-01 09:00] Title). If it uses another "
    "format, give it with --time-format (e.g. '%d.%m.%Y %H:%M'); if it is one entry, give "
    "its date with --at WHEN."
)


def split_title(text: str) -> tuple[str, str]:
    """jrnl's title (the first sentence, or the first line) and body (the rest)."""
    first_line, _, rest = text.partition("\n")
    end = _SENTENCE_END.search(first_line)
    if end is None:
        return first_line.strip(), rest.strip()
    title = first_line[: end.end()].strip()
    body = (first_line[end.end() :].strip() + "\n" + rest).strip()
    return title, body


def read_date(value: str, formats: Sequence[str]) -> datetime | None:
    """The first of `formats` (then a bare ISO date, at 09:00) that reads `value`; else None."""
    for form in formats:
        try:
            return datetime.strptime(value.strip(), form)
        except ValueError:
            continue
    try:
        return datetime.combine(date.fromisoformat(value.strip()), DEFAULT_TIME)
    except ValueError:
        return None


def _note(when: datetime, text: str, zone: tzinfo, extra_tags: Sequence[str] = ()) -> Note:
    """One jrnl entry as our note: starred and tags read from the text."""
    first_line, newline, rest = text.strip().partition("\n")
    starred = first_line.rstrip().endswith("*")
    if starred:
        first_line = first_line.rstrip().removesuffix("*")
    title, body = split_title(first_line + newline + rest)
    found = [match.lower() for match in _TAGS.findall(f"{title}\n{body}")]
    tags = tags_of([*found, *extra_tags])
    return Note(
        id="",
        at=local_moment(when.date(), when.time().replace(microsecond=0), zone),
        text=f"{title}\n{body}" if body else title,
        tags=(TAG, *tags, *([STARRED] if starred else [])),
    )


def _boundaries(lines: list[str], formats: Sequence[str]) -> list[tuple[int, datetime, str]]:
    """(line index, date, rest of the line) of every line that starts an entry.

    A file whose first line is a jrnl 1.x date line (no brackets) is read that way
    throughout, and a bracketed line inside it is body text.
    """
    first = next((line for line in lines if line.strip()), "")
    legacy = _LEGACY.match(first) is not None and not _BRACKETED.match(first)
    found = []
    for index, line in enumerate(lines):
        match = _LEGACY.match(line) if legacy else _BRACKETED.match(line)
        if match is None:
            continue
        when = read_date(match[1], ["%Y-%m-%d %H:%M"] if legacy else formats)
        if when is not None:
            found.append((index, when, line[match.end() :]))
    return found


def read_text(
    text: str,
    zone: tzinfo,
    *,
    time_format: str | None = None,
    whole_at: datetime | None = None,
    place: str = "line",
) -> ImportBatch:
    """Every entry of a plain-text jrnl journal."""
    batch = ImportBatch("jrnl", TAG)
    formats = ([time_format] if time_format else []) + list(KNOWN_FORMATS)
    lines = text.replace("\r\n", "\n").split("\n")
    starts = _boundaries(lines, formats)
    if not starts:
        if whole_at is None:
            raise InvalidInput(NO_DATES)
        _add(batch, 1, whole_at.replace(tzinfo=None), text, zone, place)
        return batch
    before = "\n".join(lines[: starts[0][0]]).strip()
    if before:
        batch.problems.append(Problem(1, "text before the first dated entry.", place))
    for number, (index, when, rest) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        body = "\n".join([rest, *lines[index + 1 : end]])
        _add(batch, index + 1, when, body, zone, place)
    batch.sort()
    return batch


def _add(
    batch: ImportBatch, line: int, when: datetime, text: str, zone: tzinfo, place: str
) -> None:
    try:
        batch.items.append(Imported(line, _note(when, text, zone)))
    except InvalidInput as exc:
        batch.problems.append(Problem(line, str(exc), place))


def read_json(document: Mapping[str, Any], zone: tzinfo) -> ImportBatch:
    """Every entry of `jrnl --format json`: title, body, date, time, tags, starred."""
    batch = ImportBatch("jrnl", TAG, place="entry")
    for number, item in enumerate(document["entries"], start=1):
        try:
            when = datetime.strptime(f"{item['date']} {item['time']}", "%Y-%m-%d %H:%M")
            title, body = str(item.get("title") or "").strip(), str(item.get("body") or "").strip()
            text = f"{title}\n{body}" if title and body else title or body
            tags = [str(tag).lstrip("@") for tag in item.get("tags") or []]
            starred = [STARRED] if item.get("starred") is True else []
            entry = Note(
                id="",
                at=local_moment(when.date(), when.time(), zone),
                text=text,
                tags=(TAG, *tags_of(tags), *starred),
            )
        except InvalidInput as exc:
            batch.problems.append(Problem(number, str(exc), "entry"))
            continue
        except (KeyError, TypeError, ValueError, AttributeError):
            reason = "it is not a jrnl entry (date YYYY-MM-DD and time HH:MM needed)."
            batch.problems.append(Problem(number, reason, "entry"))
            continue
        batch.items.append(Imported(number, entry))
    batch.sort()
    return batch


def read_path(
    path: Path, zone: tzinfo, *, time_format: str | None = None, whole_at: datetime | None = None
) -> ImportBatch:
    """A jrnl journal file, folder journal or JSON export, told apart by what it is."""
    try:
        if path.is_dir():
            return _read_folder(path, zone, time_format)
        text = decode_text(read_bytes(path, what="jrnl journal"), source=str(path))
        if text.lstrip().startswith("{"):
            return read_json(_jrnl_document(text), zone)
        return read_text(text, zone, time_format=time_format, whole_at=whole_at)
    except InvalidInput as exc:
        if str(exc).startswith(("Cannot import", "There is no file", "Could not read")):
            raise
        raise InvalidInput(f"Cannot import {path}: {exc} Nothing was imported.") from None


def _jrnl_document(text: str) -> Mapping[str, Any]:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError):
        raise InvalidInput("it is not valid JSON.") from None
    if isinstance(document, dict) and isinstance(document.get("entries"), list):
        return document
    if isinstance(document, dict) and document.get("format") == "recovery-journal-export":
        raise InvalidInput("it is a Recovery Journal export: use `rj import json`.")
    if isinstance(document, dict) and "dayEntries" in document:
        raise InvalidInput("it is a Daylio backup: use `rj import daylio`.")
    raise InvalidInput('it is JSON, but not a jrnl export (no "entries" list).')


def _read_folder(folder: Path, zone: tzinfo, time_format: str | None) -> ImportBatch:
    """A folder journal: one file per day, YYYY/MM/DD.txt."""
    batch = ImportBatch("jrnl", TAG)
    files = sorted(p for p in folder.rglob("*.txt") if p.is_file())
    if not files:
        raise InvalidInput("it is a folder without the YYYY/MM/DD.txt files of a jrnl journal.")
    for file in files:
        where = f"{file.relative_to(folder)} line"
        text = decode_text(read_bytes(file, what="jrnl journal"), source=str(file))
        part = read_text(text, zone, time_format=time_format, place=where)
        batch.items.extend(part.items)
        batch.problems.extend(part.problems)
    batch.sort()
    return batch


def same_entry_key(entry: Note) -> tuple[str, str, str]:
    """What identifies a jrnl entry across imports: its minute and its text."""
    return ("note", entry.at.strftime("%Y-%m-%d %H:%M"), entry.text)
