"""`rj import jrnl`: the plain-text journal (one file or a folder) and the JSON export.

Every journal here is invented to reproduce one quirk of the format (see FORMATS.md §4 in
the shared real fixtures); none copies a real one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import Cli
from recovery_journal.interchange import jrnl

LONDON = ZoneInfo("Europe/London")

ONE_FILE = """\
[2021-05-02 18:30] Slept badly. Went to the @Meeting anyway.
Talked with my @sponsor after.

It helped.

[2021-05-01 09:15] A quiet morning. *
Tea and the @garden, @OS/2 and @C++ and @C#.
"""
BRACKETS = "[2021-06-01 07:00] A list\n[1] first thing\n[2] second thing\n"
PARTIAL = "[2021-07 14:23] A partial date\nbody\n"
LEGACY = (
    "2010-06-10 15:00 An old entry.\n\n"
    "2011-02-03 08:05 Another one.\n[2019-08-03 12:55] a chat log line\nmore\n"
)
DAY_FIRST = "[09.06.2013 15:39] Day first.\nbody\n"
NO_DATES = "[not a date] Just some text\nwith no dated entries\n"
PREAMBLE = "stray words\n[2021-05-01 09:15] A real entry.\n"
EXPORT = {
    "tags": {"@walk": 1},
    "entries": [
        {
            "title": "Long walk.",
            "body": "With @Sam by the river. @walk",
            "date": "2024-06-16",
            "time": "09:00",
            "tags": ["@walk", "@sam"],
            "starred": True,
        },
        {"title": "Only a title.", "body": "", "date": "2024-06-16", "time": "09:00", "tags": []},
    ],
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def notes(cli: Cli) -> list[dict[str, Any]]:
    listed = json.loads(cli.ok("list", "--json", "--limit", "0").stdout)
    assert isinstance(listed, list)
    return sorted(listed, key=lambda e: (e["at"], e["text"]))


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("One. Two.", "One.", "Two."),
        ("No stop here\nsecond line", "No stop here", "second line"),
        ('He said "yes." Then left', 'He said "yes."', "Then left"),
        ("v1.2 is out", "v1.2 is out", ""),
        ("Wow!  Really", "Wow!", "Really"),
    ],
)
def test_the_title_is_the_first_sentence(text: str, title: str, body: str) -> None:
    assert jrnl.split_title(text) == (title, body)


def test_a_journal_file_becomes_notes_with_tags_and_stars(fresh: Cli, tmp_path: Path) -> None:
    done = fresh.ok("import", "jrnl", str(write(tmp_path, "j.txt", ONE_FILE)))
    assert "Imported from jrnl, 2021-05-01 to 2021-05-02: 2 new entries" in done.stdout
    first, second = notes(fresh)
    assert first["at"] == "2021-05-01T09:15:00+01:00"
    assert first["text"] == "A quiet morning.\nTea and the @garden, @OS/2 and @C++ and @C#."
    assert first["tags"] == ["jrnl", "garden", "os/2", "c++", "c#", "starred"]
    assert second["text"] == (
        "Slept badly.\nWent to the @Meeting anyway.\nTalked with my @sponsor after.\n\nIt helped."
    )
    assert second["tags"] == ["jrnl", "meeting", "sponsor"]
    again = fresh.ok("import", "jrnl", str(tmp_path / "j.txt"))
    assert "Nothing to import: all 2 entries are already in the journal." in again.stdout


def test_brackets_without_a_date_are_body_text() -> None:
    batch = jrnl.read_text(BRACKETS, LONDON)
    (entry,) = batch.entries
    assert entry.summary() == "A list\n[1] first thing\n[2] second thing"


def test_a_partial_date_is_the_first_of_the_month() -> None:
    (entry,) = jrnl.read_text(PARTIAL, LONDON).entries
    assert entry.at.isoformat() == "2021-07-01T14:23:00+01:00"


def test_a_jrnl_1_journal_has_no_brackets_and_its_bracketed_lines_are_body() -> None:
    batch = jrnl.read_text(LEGACY, LONDON)
    assert [e.at.strftime("%Y-%m-%d %H:%M") for e in batch.entries] == [
        "2010-06-10 15:00",
        "2011-02-03 08:05",
    ]
    assert batch.entries[1].summary() == "Another one.\n[2019-08-03 12:55] a chat log line\nmore"


def test_day_first_dates_are_known_and_a_time_format_can_be_given(
    fresh: Cli, tmp_path: Path
) -> None:
    (entry,) = jrnl.read_text(DAY_FIRST, LONDON).entries
    assert entry.at.date().isoformat() == "2013-06-09"
    path = write(tmp_path, "slash.txt", "[06/09/2013 3:39 PM] Month first.\n")
    assert "no line starts with a date" in fresh("import", "jrnl", str(path)).stderr
    fresh.ok("import", "jrnl", str(path), "--time-format", "%m/%d/%Y %I:%M %p")
    assert [n["at"] for n in notes(fresh)] == ["2013-06-09T15:39:00+01:00"]


def test_a_file_without_dates_keeps_its_text_as_one_entry_given_a_date(
    fresh: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, "undated.txt", NO_DATES)
    refused = fresh("import", "jrnl", str(path))
    assert refused.exit_code == 1
    assert "--at WHEN" in refused.stderr
    assert "Nothing was imported." in refused.stderr
    fresh.ok("import", "jrnl", str(path), "--at", "2021-01-02 10:00")
    (entry,) = notes(fresh)
    assert entry["text"] == "[not a date] Just some text\nwith no dated entries"


def test_text_before_the_first_entry_is_a_problem_never_dropped_silently(
    fresh: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, "pre.txt", PREAMBLE)
    refused = fresh("import", "jrnl", str(path))
    assert "line 1: text before the first dated entry." in refused.stderr
    assert notes(fresh) == []
    fresh.ok("import", "jrnl", str(path), "--skip-bad")
    assert len(notes(fresh)) == 1


def test_a_folder_journal_reads_every_day_file(fresh: Cli, tmp_path: Path) -> None:
    for day, line in (("01", "[2020-08-01 11:11:00 AM] One."), ("02", "[2020-08-02 09:00] Two.")):
        (tmp_path / "j" / "2020" / "08").mkdir(parents=True, exist_ok=True)
        write(tmp_path / "j" / "2020" / "08", f"{day}.txt", line + "\nbody\n")
    fresh.ok("import", "jrnl", str(tmp_path / "j"))
    assert [n["at"] for n in notes(fresh)] == [
        "2020-08-01T11:11:00+01:00",
        "2020-08-02T09:00:00+01:00",
    ]


def test_the_json_export_keeps_title_body_tags_and_stars(fresh: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.json", json.dumps(EXPORT, indent=2))
    fresh.ok("import", "jrnl", str(path))
    got = notes(fresh)
    assert [(n["at"], n["text"], n["tags"]) for n in got] == [
        (
            "2024-06-16T09:00:00+01:00",
            "Long walk.\nWith @Sam by the river. @walk",
            ["jrnl", "walk", "sam", "starred"],
        ),
        ("2024-06-16T09:00:00+01:00", "Only a title.", ["jrnl"]),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ('{"dayEntries": [], "customMoods": []}', "use `rj import daylio`"),
        ('{"format": "recovery-journal-export"}', "use `rj import json`"),
        ('{"items": []}', "not a jrnl export"),
        ('{"entries": [', "it is not valid JSON"),
    ],
)
def test_a_file_that_is_not_a_jrnl_journal_is_one_clear_line(
    fresh: Cli, tmp_path: Path, content: str, message: str
) -> None:
    path = write(tmp_path, "x.json", content)
    result = fresh("import", "jrnl", str(path))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert message in line
    assert line.endswith("Nothing was imported.")


def test_a_json_entry_without_a_date_is_a_problem_with_its_number(
    fresh: Cli, tmp_path: Path
) -> None:
    broken = {"entries": [EXPORT["entries"][1], {"title": "no date"}]}  # type: ignore[index]
    path = write(tmp_path, "j.json", json.dumps(broken))
    shown = fresh.ok("import", "jrnl", str(path), "--dry-run").stdout
    assert "entry 2: it is not a jrnl entry" in shown
    assert "entry 1: 2024-06-16 09:00 note Only a title." in shown
