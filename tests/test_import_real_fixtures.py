"""Every real Daylio and jrnl export in the shared fixtures folder, when it is there.

These are real people's diaries (see SOURCES.md beside them): nothing of their content
is written here. Expectations are read from each file itself at run time (rows, dates,
the first row's date, time and mood) or are structural facts from SOURCES.md (entry
counts, which rows are malformed).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import Cli
from recovery_journal.interchange import daylio, daylio_dates, jrnl
from recovery_journal.interchange.batch import ImportBatch

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"
LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="no shared/fixtures/real here")

DAYLIO = sorted(REAL.glob("daylio-*/daylio_export*.csv")) + sorted(
    REAL.glob("daylio-*/sample*.csv")
)
# Rows SOURCES.md lists as malformed (a field missing or one too many): reported, skipped.
MALFORMED = {
    "daylio-kplich-daylio-visualisation/daylio_export.csv": 1,
    "daylio-deutschegabanna-obsidian-daylio-parser/daylio_export_escaped_characters.csv": 1,
}
JRNL_ENTRIES = {
    "basic_onefile.journal": 3,
    "simple.journal": 2,
    "tags.journal": 2,
    "multiline.journal": 1,
    "multiline-tags.journal": 1,
    "tags-216.journal": 1,
    "little_endian_dates.journal": 2,
    "deletion_filters.journal": 5,
    "mostlyreadabledates.journal": 3,
    "brackets.journal": 1,
    "simple_jrnl-1-9-5.journal": 2,
    "markdown-headings-335.journal": 1,
    "docs_formats_example_output.json": 3,
    "myjournal.json": 5,
    "basic_folder": 3,
}


def data_rows(path: Path) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    return rows[1:] if rows and rows[0][0].strip() in ("full_date", "year") else rows


def everything_scored(path: Path) -> ImportBatch:
    parsed = daylio.read_file(path)
    given = {daylio.mood_key(label): 5 for label in daylio.unknown_moods(parsed.rows, {})}
    return daylio.to_batch(parsed, given, LONDON)


def file_date(row: list[str]) -> date:
    iso = daylio_dates.iso_date(row[0])
    if iso is not None:
        return iso
    slashed = daylio_dates.slashed_date(row[0], row[1])
    if slashed is not None:
        return slashed[0]
    return daylio_dates.rebuilt_date(row[0], row[1], row[2])


@pytest.mark.parametrize("path", DAYLIO, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_real_daylio_csv_imports_with_its_rows_dates_and_moods(path: Path) -> None:
    batch = everything_scored(path)
    rows = data_rows(path)
    expected_bad = MALFORMED.get(f"{path.parent.name}/{path.name}", 0)
    assert len(batch.problems) == expected_bad, [str(p) for p in batch.problems]
    assert len(batch.items) == len(rows) - expected_bad
    days = [file_date(row) for row in rows if len(row) == len(rows[0])]
    assert batch.date_range() == (min(days), max(days))
    first = rows[0]  # newest first in every real export: check it entry for entry
    clock = daylio_dates.clock_time(first[3])
    matches = [
        item.entry
        for item in batch.items
        if item.entry.at.date() == file_date(first)
        and item.entry.at.time() == clock
        and item.entry.feelings == (first[4].strip(),)  # type: ignore[attr-defined]
    ]
    assert matches, (first[0], first[3])


def test_the_real_backup_json_gives_its_five_entries_with_their_offsets() -> None:
    path = REAL / "daylio-backup-guekka-dayliobackuptools" / "english.json"
    document = json.loads(path.read_text("utf-8"))
    batch = everything_scored(path)
    assert batch.problems == []
    assert (
        len(batch.items) == len(document["dayEntries"]) == document["metadata"]["number_of_entries"]
    )
    for item in document["dayEntries"]:
        wanted = (item["year"], item["month"] + 1, item["day"], item["hour"], item["minute"])
        offset = item["timeZoneOffset"] // 1000
        assert any(
            (e.at.year, e.at.month, e.at.day, e.at.hour, e.at.minute) == wanted
            and e.at.utcoffset().total_seconds() == offset  # type: ignore[union-attr]
            for e in batch.entries
        ), wanted


def test_a_newer_real_export_of_the_same_93_days_gives_93_entries_and_8_edits(
    fresh: Cli,
) -> None:
    folder = REAL / "daylio-glenwatson-daylio-mood-tracker-analysis"
    older, newer = sorted(folder.glob("*.csv"))
    labels = {row[4].strip() for row in data_rows(older) + data_rows(newer)}
    maps = [arg for label in sorted(labels) for arg in ("--mood-map", f"{label}=5")]
    fresh.ok("import", "daylio", str(older), *maps)
    done = fresh.ok("import", "daylio", str(newer), *maps)
    assert ": 0 new entries; 8 entries edited since an earlier import updated; 85 already" in (
        done.stdout
    )
    listed = json.loads(fresh.ok("list", "--json", "--limit", "0").stdout)
    assert len(listed) == 93


@pytest.mark.parametrize("name", sorted(JRNL_ENTRIES))
def test_every_real_jrnl_journal_imports_with_jrnls_own_counts(name: str) -> None:
    (path,) = [p for p in REAL.glob("jrnl-*/**/*") if p.name == name]
    batch = jrnl.read_path(path, LONDON)
    assert batch.problems == []
    assert len(batch.items) == JRNL_ENTRIES[name]
    days = [e.at for e in batch.entries]
    assert days == sorted(days)


def test_real_jrnl_quirks_read_as_jrnl_reads_them() -> None:
    folder = REAL / "jrnl-jrnl-org-jrnl"
    starred = [
        e
        for e in jrnl.read_path(folder / "basic_onefile.journal", LONDON).entries
        if "starred" in e.tags
    ]
    assert len(starred) == 1
    (symbols,) = jrnl.read_path(folder / "tags-216.journal", LONDON).entries
    assert {"os/2", "c++", "c#"} <= set(symbols.tags)
    partial = jrnl.read_path(folder / "mostlyreadabledates.journal", LONDON).entries[0]
    assert partial.at.day == 1
    undated = folder / "unreadabledates.journal"
    with pytest.raises(Exception, match="--at WHEN"):
        jrnl.read_path(undated, LONDON)
    from datetime import datetime

    (whole,) = jrnl.read_path(undated, LONDON, whole_at=datetime(2020, 1, 1, 9, 0)).entries
    assert whole.text.count("\n") >= undated.read_text().strip().count("\n")  # type: ignore[attr-defined]
