"""Daylio in: its CSV export or its backup, read whole, as mood entries.

Each Daylio entry becomes a mood: the score from the mood map below, the mood's own
label kept as its feeling, activities as tags (with the tag `daylio`), and the note
title, note (HTML made plain) and scales as its note. Daylio gives local wall-clock
time without an offset (the backup excepted), read in the person's time zone.

The mood map (documented in the README): Daylio's five levels, best first.

    level  English  Polish      score
    1      rad      wspaniale   10
    2      good     dobrze       8
    3      meh      tak sobie    5
    4      bad      źle          3
    5      awful    okropnie     1

Any other name (custom moods are the norm) needs a score: `--mood-map NAME=SCORE`,
asked for at a terminal. A backup knows each custom mood's level, so none is asked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone, tzinfo
from pathlib import Path

from recovery_journal.domain.entries import Mood
from recovery_journal.errors import InvalidInput
from recovery_journal.interchange import daylio_backup, daylio_csv
from recovery_journal.interchange.batch import (
    ImportBatch,
    Imported,
    Problem,
    decode_text,
    local_moment,
    read_bytes,
    tags_of,
)
from recovery_journal.interchange.daylio_csv import DaylioRow, DaylioRows

TAG = "daylio"
LEVEL_SCORES = {1: 10, 2: 8, 3: 5, 4: 3, 5: 1}
STOCK_LEVELS = {
    "rad": 1,
    "good": 2,
    "meh": 3,
    "bad": 4,
    "awful": 5,
    "wspaniale": 1,
    "dobrze": 2,
    "tak sobie": 3,
    "źle": 4,
    "okropnie": 5,
}


def mood_key(label: str) -> str:
    """Labels match ignoring case and spacing: "Sad " is "sad"."""
    return " ".join(label.casefold().split())


def parse_mood_map(values: Iterable[str]) -> dict[str, int]:
    """`--mood-map NAME=SCORE` values, by mood_key."""
    scores: dict[str, int] = {}
    for value in values:
        name, equals, score = value.rpartition("=")
        if not equals or not name.strip() or not score.strip().isdigit():
            raise InvalidInput(
                f"--mood-map takes NAME=SCORE with a score from 1 to 10 (Solid=7), not {value!r}."
            )
        if not 1 <= int(score) <= 10:
            raise InvalidInput(f"--mood-map {value!r}: the score must be from 1 to 10.")
        scores[mood_key(name)] = int(score)
    return scores


def score_for(row: DaylioRow, given: Mapping[str, int]) -> int | None:
    """The score for a row's mood: the person's map, the backup's level, then the stock names."""
    key = mood_key(row.label)
    if key in given:
        return given[key]
    level = row.level if row.level is not None else STOCK_LEVELS.get(key)
    return None if level is None else LEVEL_SCORES[level]


def unknown_moods(rows: Iterable[DaylioRow], given: Mapping[str, int]) -> Counter[str]:
    """Mood names with no score yet, as first written, with how many entries have each."""
    found: Counter[str] = Counter()
    first: dict[str, str] = {}
    for row in rows:
        if score_for(row, given) is None:
            found[first.setdefault(mood_key(row.label), row.label)] += 1
    return found


def read_file(path: Path) -> DaylioRows:
    """A Daylio CSV export, `.daylio` backup or the backup's JSON, told apart by content."""
    data = read_bytes(path, what="Daylio export")
    try:
        if data.startswith(b"PK\x03\x04"):
            return daylio_backup.read_backup(_backup_document(daylio_backup.unzip(data)))
        text = decode_text(data, source=str(path))
        if text.lstrip().startswith(("{", "[")):
            return daylio_backup.read_backup(_backup_document(data))
        return daylio_csv.read_rows(text)
    except InvalidInput as exc:
        message = str(exc)
        if message.startswith("Cannot import"):
            raise
        raise InvalidInput(f"Cannot import {path}: {message} Nothing was imported.") from None


def _backup_document(data: bytes) -> dict[str, object]:
    document = daylio_backup.parse_json(data)
    if daylio_backup.is_backup(document):
        return dict(document)
    if isinstance(document, dict) and document.get("format") == "recovery-journal-export":
        raise InvalidInput("it is a Recovery Journal export: use `rj import json`.")
    if isinstance(document, dict) and isinstance(document.get("entries"), list):
        raise InvalidInput("it looks like a jrnl export: use `rj import jrnl`.")
    raise InvalidInput("it is JSON, but not a Daylio backup (no dayEntries and customMoods).")


def to_batch(parsed: DaylioRows, given: Mapping[str, int], zone: tzinfo) -> ImportBatch:
    """Mood entries for every row whose mood has a score; rows without one are problems."""
    batch = ImportBatch(
        "Daylio",
        TAG,
        problems=list(parsed.problems),
        notices=list(parsed.notices),
        place=parsed.place,
    )
    for row in parsed.rows:
        score = score_for(row, given)
        if score is None:
            batch.problems.append(
                Problem(row.line, f"no score for the mood {row.label!r}.", parsed.place)
            )
            continue
        if row.offset is not None:
            at = datetime.combine(row.day, row.clock, timezone(row.offset))
        else:
            at = local_moment(row.day, row.clock, zone)
        try:
            entry = Mood(
                id="",
                at=at,
                score=score,
                feelings=(row.label,),
                note=row.note,
                tags=(TAG, *sorted(tags_of(row.activities))),  # a set: order is no edit
            )
        except InvalidInput as exc:
            batch.problems.append(Problem(row.line, str(exc), parsed.place))
            continue
        batch.items.append(Imported(row.line, entry))
    batch.problems.sort(key=lambda problem: problem.line)
    batch.sort()
    return batch


def same_entry_key(entry: Mood) -> tuple[str, str, str, str]:
    """What identifies a Daylio entry across exports (README; FORMATS §1.8): its wall-clock
    minute, mood name and note. Activities are left out: they are what people edit."""
    label = mood_key(entry.feelings[0]) if entry.feelings else ""
    return ("mood", entry.at.strftime("%Y-%m-%d %H:%M"), label, entry.note or "")
