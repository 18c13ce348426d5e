"""The summary's first page ("since last time"), notes chosen one by one, and the share log
as it is shown. On the hand-made journal of test_export_reports (its docstring has the
figures); invented data.

9-15 Feb beside 2-8 Feb:
- alcohol: no use (was 1, on 6 Feb); days with data 9, 10, 11 Feb (100%), before 2, 3, 4,
  6, 7, 8 Feb with the use on the 6th (5 of 6: 83%); streak 9 days at the end of 15 Feb.
- nicotine: 1 use (12 Feb) of 4 days with data (75%); before, 0 uses on 7 and 8 Feb (100%).
- cravings 1 of intensity 3 (was 3: 8, 6, 9, mean 7.7); mood 5 and 7 (6.0; was 4 and the
  3 Feb mean 7: 5.5); meetings 1 (was 2).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import Cli
from recovery_journal.analytics.summary import long_date
from test_export_reports import CANARIES, journal_bytes, one_error

__all__ = ["journal_bytes"]  # the hand-made journal, a module fixture of test_export_reports


@pytest.fixture
def rj(cli: Cli, journal_bytes: bytes) -> Cli:
    """The CLI on a copy of the hand-made journal."""
    cli.journal.parent.mkdir(mode=0o700)
    cli.journal.write_bytes(journal_bytes)
    cli.journal.chmod(0o600)
    return cli


FIRST = ("--since", "2026-02-02", "--until", "2026-02-08")


def send(cli: Cli, path: Path, recipient: str, *args: str) -> None:
    cli.ok("export", "summary", *args, "--recipient", recipient, "-o", str(path), "--yes")


def test_the_period_starts_the_day_after_the_last_summary_for_the_same_person(
    rj: Cli, tmp_path: Path
) -> None:
    send(rj, tmp_path / "lee.md", "Dr. Lee", *FIRST)
    send(rj, tmp_path / "sam.md", "Sam", "--since", "2026-02-02", "--until", "2026-02-04")
    target = tmp_path / "lee-2.md"
    args = ("--until", "2026-02-15", "--recipient", "dr.  LEE", "-o", str(target), "--yes")
    shown = rj.ok("export", "summary", *args).stderr
    assert (
        "  - period: 9 February 2026 to 15 February 2026 (7 days), the day after the last "
        "summary for Dr. Lee ended\n"
    ) in shown
    text = target.read_text()
    assert "> Period: 9 February 2026 to 15 February 2026 (7 days)." in text
    made = long_date(date.today())
    assert (
        f"> Since the last summary for Dr. Lee (made {made}, covering 2 February 2026 to "
        "8 February 2026): this one starts the day after it ended."
    ) in text
    assert (
        "**0** use days (alcohol) (was 1) · **100%** days abstinent (alcohol), of 3 days with "
        "data (was 83%) · **9 days** current streak (alcohol) · **1** use day (nicotine) "
        "(was 0) · **75%** days abstinent (nicotine), of 4 days with data (was 100%) · "
        "**3 days** current streak (nicotine) · **1** craving (was 3) · **3.0** average "
        "craving intensity (0-10) (was 7.7) · **6.0** average mood (1-10) (was 5.5) · "
        "**1** meeting (was 2)"
    ) in text
    assert "_'Was' is the previous 7 days (2 February 2026 to 8 February 2026)._" in text
    # Printed to the screen it counts as shared too (it is in the share log): so now the
    # last summary for Dr. Lee covers up to 15 February.
    again = rj("export", "summary", "--until", "2026-02-15", "--recipient", "Dr. Lee")
    one_error(again, "The last summary for dr.  LEE already covers up to 2026-02-15")


def test_without_a_summary_for_that_person_the_period_is_the_last_30_days(rj: Cli) -> None:
    text = rj.ok("export", "summary", "--until", "2026-02-15", "--recipient", "Nobody").stdout
    assert "> Period: 17 January 2026 to 15 February 2026 (30 days)." in text
    assert "Since the last summary" not in text


def test_nothing_logged_before_means_nothing_to_compare(rj: Cli) -> None:
    text = rj.ok("export", "summary", "--since", "2025-12-01", "--until", "2025-12-31").stdout
    assert "_Nothing was logged in the previous 31 days (31 October 2025 to 30 November " in text
    assert "(was" not in text


def test_a_chosen_note_is_shared_without_the_others(rj: Cli, tmp_path: Path) -> None:
    entries = json.loads(rj.ok("list", "--json", "--limit", "0").stdout)
    note = next(e for e in entries if e["kind"] == "note")
    meeting = next(e for e in entries if e["kind"] == "meeting")
    target = tmp_path / "lee.md"
    args = ("--include-note", note["id"][:7], "--sections", "overview,notes")
    send(rj, target, "Dr. Lee", "--since", "2026-02-02", "--until", "2026-02-15", *args)
    text = target.read_text()
    assert CANARIES["note entry"] in text
    assert CANARIES["mood note"] not in text
    assert "> Left out by choice: notes other than the 1 note chosen; gratitude items;" in text
    (record,) = json.loads(rj.ok("export", "history", "--json").stdout)
    assert (record["include_notes"], record["notes_shared"]) == (False, [note["id"]])
    assert "overview, notes (1 chosen)" in rj.ok("export", "history").stdout
    one_error(
        rj("export", "summary", "--include-note", meeting["id"][:7]),
        f"The meeting '{meeting['id'][:7]}' has no note to include.",
    )


def test_history_shows_sections_as_shared_and_whole_file_names(rj: Cli, tmp_path: Path) -> None:
    deep = tmp_path / "a-rather-long-folder-name-for-reports" / "and-another-one-inside-it"
    deep.mkdir(parents=True)
    target = deep / "summary-for-dr-lee-february-2026.md"
    send(rj, target, "Dr. Lee", "--since", "2026-02-02", "--until", "2026-02-15")
    shown = rj.ok("export", "history", env={"COLUMNS": "100"}).stdout
    assert "notes" not in shown  # left out: not listed as shared
    assert "overview" in shown
    assert str(target) in "".join(column(shown, "File", "For"))  # folded, never cut short


def column(table: str, name: str, following: str) -> list[str]:
    """The text of one column of a Rich table, line by line, from where its header starts."""
    lines = table.splitlines()
    header = next(line for line in lines if name in line and following in line)
    start, end = header.index(name), header.index(following)
    return [line[start:end].strip() for line in lines[lines.index(header) + 2 :]]
