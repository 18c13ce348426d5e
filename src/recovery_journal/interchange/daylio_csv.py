"""Daylio's CSV export, every generation of it, read into plain rows.

The four header generations (see the README, "Your data, out and back in"):
  G1 year,date,weekday,time,mood,activities,note             (2017-2018)
  G2 full_date,date,weekday,time,mood,activities,note        (2018-2020)
  G3 full_date,date,weekday,time,mood,activities,note_title,note
  G4 full_date,date,weekday,time,mood,activities,scales,note_title,note
Columns are found by name; a file whose header was removed is recognised by its
shape (7, 8 or 9 fields, a date or year first) and read as G2, G3 or G4. Quoting
differs between versions and after a spreadsheet re-save, so only a real CSV reader
is used. A row with the wrong number of fields is reported with its line and never
shifted into other columns.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from recovery_journal.errors import InvalidInput
from recovery_journal.interchange import daylio_dates
from recovery_journal.interchange.batch import Problem, html_to_text

HEADERLESS = {
    7: ("full_date", "date", "weekday", "time", "mood", "activities", "note"),
    8: ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"),
    9: (
        "full_date",
        "date",
        "weekday",
        "time",
        "mood",
        "activities",
        "scales",
        "note_title",
        "note",
    ),
}
KNOWN_COLUMNS = frozenset(
    {"full_date", "year", "date", "weekday", "time", "mood", "activities", "scales"}
    | {"note_title", "note"}
)
_FIRST_FIELD = re.compile(r"^\d{4}(-\d{2}-\d{2})?$|^\d{1,2}/\d{1,2}/\d{4}$")
_SCALE = re.compile(r"^(.*?):\s*(\S+)(?:\s+(.*))?$")
NOT_DAYLIO = (
    "it is not a Daylio CSV export: its first line should be a header such as "
    "full_date,date,weekday,time,mood,activities,note_title,note."
)


@dataclass(frozen=True)
class DaylioRow:
    """One Daylio entry as the file gives it: local wall time, mood label, activities, note."""

    line: int
    day: date
    clock: time
    label: str
    """The mood as written, surrounding spaces removed ("almost Rad")."""
    activities: tuple[str, ...]
    note: str | None
    level: int | None = None
    """The mood's level 1 (best) to 5, when the file says it (backups do, CSV never)."""
    offset: timedelta | None = None
    """The UTC offset the phone had, when the file says it (backups do, CSV never)."""


@dataclass
class DaylioRows:
    rows: list[DaylioRow]
    problems: list[Problem]
    notices: list[str]
    place: str = "line"
    """What a row's number counts: lines of a CSV, entries of a backup."""


def split_activities(value: str) -> tuple[str, ...]:
    """Activities joined by " | ": split on '|', strip each, drop empties, keep each once."""
    parts = (part.strip() for part in value.split("|"))
    return tuple(dict.fromkeys(part for part in parts if part))


def scale_lines(value: str) -> list[str]:
    """G4's scales ("Sleep Quality:\u00a08/10\u00a0points | Sleep Time:\u00a08:00") as lines."""
    lines = []
    for part in value.replace("\u00a0", " ").split("|"):
        match = _SCALE.match(part.strip())
        if match:
            unit = f" {match[3]}" if match[3] else ""
            lines.append(f"{match[1].strip()}: {match[2]}{unit}")
        elif part.strip():
            lines.append(part.strip())
    return lines


def note_text(title: str, body: str, scales: str) -> str | None:
    """Title, note and scales as one plain-text note: the HTML gone, nothing split."""
    parts = [
        html_to_text(title).strip(),
        html_to_text(body).strip(),
        "\n".join(scale_lines(scales)),
    ]
    text = "\n\n".join(part for part in parts if part)
    return text or None


def _columns(first: list[str]) -> tuple[tuple[str, ...], bool]:
    """The column names, and whether the first row is a header (False: headerless)."""
    names = tuple(name.strip().casefold() for name in first)
    if "mood" in names and "time" in names and ("full_date" in names or "year" in names):
        return names, True
    if len(first) in HEADERLESS and _FIRST_FIELD.match(first[0].strip()):
        return HEADERLESS[len(first)], False
    raise InvalidInput(NOT_DAYLIO)


class _Dates:
    """Reads a row's date, remembering whether any came from a spreadsheet's slashed form."""

    def __init__(self) -> None:
        self.slashed = 0
        self.guessed = 0

    def read(self, row: dict[str, str]) -> date:
        if "full_date" in row:
            value = row["full_date"]
            found = daylio_dates.iso_date(value)
            if found is not None:
                return found
            slashed = daylio_dates.slashed_date(value, row.get("date", ""))
            if slashed is None:
                raise InvalidInput(f"the date {value.strip()!r} is not one we can read.")
            self.slashed += 1
            self.guessed += slashed[1]
            return slashed[0]
        return daylio_dates.rebuilt_date(row["year"], row.get("date", ""), row.get("weekday", ""))


def read_rows(text: str) -> DaylioRows:
    """Every row of a Daylio CSV (BOM already removed); a file that is not one is refused."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        first = next(reader)
    except StopIteration:
        raise InvalidInput("the file is empty.") from None
    except csv.Error as exc:
        raise InvalidInput(f"it is not a CSV file ({exc}).") from None
    columns, has_header = _columns(first)
    result = DaylioRows([], [], [])
    if not has_header:
        result.notices.append(
            f"The file has no header line; its {len(first)} columns were read as Daylio's "
            f"{', '.join(columns)}."
        )
    unknown = [name for name in columns if name not in KNOWN_COLUMNS]
    if unknown:
        result.notices.append(
            f"Column(s) not known from Daylio were ignored: {', '.join(unknown)}."
        )
    dates = _Dates()
    if not has_header:
        _add(result, 1, first, columns, dates)
    start = reader.line_num + 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.problems.append(Problem(start, f"the CSV cannot be read from here on ({exc})."))
            break
        _add(result, start, fields, columns, dates)
        start = reader.line_num + 1
    if dates.slashed:
        how = "month first (as US spreadsheets write them)" if dates.guessed else "as dated"
        result.notices.append(
            f"{dates.slashed} date(s) were written by a spreadsheet as D/M/YYYY or M/D/YYYY "
            f"and were read {how}; check a few entries."
        )
    return result


def _add(
    result: DaylioRows, line: int, fields: list[str], columns: tuple[str, ...], dates: _Dates
) -> None:
    if not any(field.strip() for field in fields):
        return  # a blank line
    if len(fields) != len(columns):
        result.problems.append(
            Problem(line, f"{len(fields)} fields where {len(columns)} were expected.")
        )
        return
    try:
        result.rows.append(_row(line, dict(zip(columns, fields, strict=True)), dates))
    except InvalidInput as exc:
        result.problems.append(Problem(line, str(exc)))


def _row(line: int, row: dict[str, str], dates: _Dates) -> DaylioRow:
    day = dates.read(row)
    clock = daylio_dates.clock_time(row["time"])
    label = row["mood"].strip()
    if not label:
        raise InvalidInput("the mood is empty.")
    note = note_text(row.get("note_title", ""), row.get("note", ""), row.get("scales", ""))
    return DaylioRow(line, day, clock, label, split_activities(row.get("activities", "")), note)
