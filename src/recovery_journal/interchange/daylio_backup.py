"""Daylio's backup: a `.daylio` zip whose member `backup.daylio` is base64 of one JSON object.

Only `customMoods`, `tags` and `dayEntries` are read (`version` is checked). A mood's
level is its `mood_group_id`, 1 (rad, the best) to 5 (awful); a stock mood has an empty
`custom_name` and a `predefined_name_id` 1-5, a custom one its own name (which can be
the text "null"). An entry's `month` is 0-based, `hour` and `minute` are local time, and
`datetime` (epoch ms, UTC) plus `timeZoneOffset` (ms) give its UTC offset.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import zipfile
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from recovery_journal.errors import InvalidInput
from recovery_journal.interchange.batch import MAX_FILE_BYTES, Problem
from recovery_journal.interchange.daylio_csv import DaylioRow, DaylioRows, note_text

MEMBER = "backup.daylio"
STOCK_NAMES = {1: "rad", 2: "good", 3: "meh", 4: "bad", 5: "awful"}
NOT_A_BACKUP = "it is a zip file but not a Daylio backup (there is no backup.daylio inside)."


def unzip(data: bytes) -> bytes:
    """The JSON inside a `.daylio` zip, decoded from base64."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo(MEMBER)
            except KeyError:
                raise InvalidInput(NOT_A_BACKUP) from None
            if info.file_size > MAX_FILE_BYTES:
                raise InvalidInput("its backup is larger than Recovery Journal reads.")
            with archive.open(info) as member:
                encoded = member.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InvalidInput(f"it is a damaged or unreadable zip file ({exc}).") from None
    try:
        return base64.b64decode(encoded)
    except (binascii.Error, ValueError):
        raise InvalidInput("its backup.daylio is not the base64 text Daylio writes.") from None


def is_backup(document: object) -> bool:
    return isinstance(document, Mapping) and "dayEntries" in document and "customMoods" in document


def _moods(document: Mapping[str, Any]) -> dict[int, tuple[str, int]]:
    """Mood id -> (label, level 1-5)."""
    moods: dict[int, tuple[str, int]] = {}
    for mood in document["customMoods"]:
        level = mood.get("mood_group_id")
        if not isinstance(level, int) or not 1 <= level <= 5:
            raise InvalidInput(f"mood {mood.get('id')!r} has no level from 1 to 5.")
        name = mood.get("custom_name")
        if not isinstance(name, str) or not name.strip():
            name = STOCK_NAMES.get(mood.get("predefined_name_id"), STOCK_NAMES[level])
        moods[mood["id"]] = (name.strip(), level)
    return moods


def _moment(item: Mapping[str, Any]) -> tuple[date, time, timedelta | None]:
    day = date(item["year"], item["month"] + 1, item["day"])  # month is 0-based
    clock = time(item["hour"], item["minute"])
    offset_ms = item.get("timeZoneOffset")
    if not isinstance(offset_ms, int) or abs(offset_ms) >= 86_400_000:
        return day, clock, None
    offset = timedelta(milliseconds=offset_ms)
    instant = item.get("datetime")
    if isinstance(instant, int):
        local = datetime.fromtimestamp(instant / 1000, timezone(offset))
        if (local.date(), local.hour, local.minute) != (day, clock.hour, clock.minute):
            return day, clock, None  # the fields disagree: trust the wall clock, not the offset
    return day, clock, offset


def read_backup(document: Mapping[str, Any]) -> DaylioRows:
    """Every entry of a backup's JSON; a broken entry is a problem, a broken file an error."""
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InvalidInput("it has no backup version, so it is not a Daylio backup.")
    try:
        moods = _moods(document)
        tags = {tag["id"]: str(tag["name"]) for tag in document.get("tags") or []}
        entries = list(document["dayEntries"])
    except (KeyError, TypeError, AttributeError):
        raise InvalidInput("its moods or activities are not in the form Daylio writes.") from None
    result = DaylioRows([], [], [], place="entry")
    if version > 15:
        result.notices.append(f"This backup is version {version}; versions up to 15 are known.")
    for number, item in enumerate(entries, start=1):
        try:
            result.rows.append(_row(number, item, moods, tags))
        except InvalidInput as exc:
            result.problems.append(Problem(number, str(exc), "entry"))
        except (KeyError, TypeError, ValueError, OverflowError):
            result.problems.append(Problem(number, "it is not a Daylio entry.", "entry"))
    return result


def _row(
    number: int, item: Mapping[str, Any], moods: dict[int, tuple[str, int]], tags: dict[int, str]
) -> DaylioRow:
    if item["mood"] not in moods:
        raise InvalidInput(f"its mood {item['mood']!r} is not among the backup's moods.")
    label, level = moods[item["mood"]]
    activities = tuple(dict.fromkeys(tags[tag].strip() for tag in item.get("tags") or []))
    note = note_text(str(item.get("note_title") or ""), str(item.get("note") or ""), "")
    day, clock, offset = _moment(item)
    return DaylioRow(number, day, clock, label, activities, note, level=level, offset=offset)


def parse_json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInput("it is not UTF-8 text.") from None
    except (json.JSONDecodeError, RecursionError, ValueError):
        raise InvalidInput("it is not valid JSON.") from None
