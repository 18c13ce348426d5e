"""`rj import daylio`: every CSV generation and quirk, on small invented files.

Each fixture below is made up for the quirk it names (FORMATS.md in the shared real
fixtures describes where each was seen); none copies a real diary.
"""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSPHRASE, Cli, finish, spawn
from recovery_journal.errors import InvalidInput
from recovery_journal.interchange import daylio_csv, daylio_dates
from recovery_journal.interchange.batch import html_to_text, tag_of

BOM = "\ufeff"
NNBSP = "\u202f"
NBSP = "\u00a0"
G3 = "full_date,date,weekday,time,mood,activities,note_title,note"

G1_EN = (
    BOM + "year,date,weekday,time,mood,activities,note\n"
    '2018,May 3,Thursday,21:05,good,"reading |  Walk",""\n'
    '2018,May 3,Thursday,08:10,rad,"","שלום 😀"\n'
    '2018,May 2,Wednesday,20:00,awful,"",""'  # no final newline
)
G1_PL = (
    BOM + "year,date,weekday,time,mood,activities,note\n"
    '2017,4 września,poniedziałek,12:10,dobrze,"",""\n'
    '2017,30 sierpnia,środa,09:00,okropnie,""\n'  # 6 of 7 fields
    '2017,29 sierpnia,wtorek,09:30,tak sobie,"",""\n'
)
G2_US = (
    BOM + "full_date,date,weekday,time,mood,activities,note\n"
    '2019-02-10,February 10,Sunday,5:01 PM,calm-ish,"chores | gaming",'
    '"a ""quoted"" word, and a comma"\n'
    '2019-02-10,February 10,Sunday,5:01 PM,Tired,"gaming",""\n'
    '2019-02-10,February 10,Sunday,12:00 AM,meh,"",""\n'
)
G2_GB_RENAMED = (
    BOM + "full_date,date,weekday,time,mood,activities,note\n"
    '2020-01-09,9 January,Thursday,7:24 pm,Great,"Alone | Yoga",""\n'
    '2020-01-08,8 January,Wednesday,12:30 am,Not happy,"",""\n'
)
HEADERLESS_ES = (
    BOM + '2021-03-06,6 de marzo,sábado,9:03,Pos bien,"",""\n'
    '2021-03-03,3 de marzo,miércoles,18:40,mal,"",""\n'
)
SPREADSHEET = (
    BOM + G3 + "\n"
    "3/14/2021,14-Mar,Sunday,9:39 PM,good,work | gaming ,,one | two | three\n"
    "3/2/2021,2-Mar,Tuesday,10:35 PM,meh,,,\n"
)
G3_2023 = (
    G3 + "\n"
    "2023-09-02,Sep 2,Saturday,9:34 PM,good,work | Dinner with friends  | < 4 Hours Phone,"
    '"","list | of | things"\n'
    '2023-09-01,Sep 1,Friday,10:05 PM,meh,Other Sports | gym,"Title","body"\n'
    '2023-08-31,Aug 31,Thursday,8:00 AM,good,,"",""\n'
)
# The same three days exported later: U+202F before PM, one entry's activities edited
# (order changed, one added, one removed), and a new day.
G3_2024 = (
    G3 + "\n"
    f'2023-09-03,Sep 3,Sunday,7:00{NNBSP}PM,bad,work,"",""\n'
    f"2023-09-02,Sep 2,Saturday,9:34{NNBSP}PM,good,< 4 Hours Phone | work | Dinner with friends ,"
    '"","list | of | things"\n'
    f'2023-09-01,Sep 1,Friday,10:05{NNBSP}PM,meh,gym | Volleyball,"Title","body"\n'
    f'2023-08-31,Aug 31,Thursday,8:00{NNBSP}AM,good,,"",""\n'
)
G4_SCALES = (
    "full_date,date,weekday,time,mood,activities,scales,note_title,note\n"
    f'2026-04-12,April 12,Sunday,12:00,rested,"","Sleep Quality:{NBSP}8/10{NBSP}points | '
    f'Sleep Time:{NBSP}8:00","Morning","Up early.<br><br>Felt <b>fine</b> &amp; calm"\n'
)
TOO_MANY_FIELDS = (
    G3 + "\n"
    '2022-10-30,October 30,Sunday,10:04 AM,good,"a | ""quoted"" one","T ""q""","n"\n'
    '2022-10-29,October 29,Saturday,10:04 AM,good,"x","y","z","stray"\n'
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def entries(cli: Cli) -> list[dict[str, Any]]:
    listed = json.loads(cli.ok("list", "--json", "--limit", "0").stdout)
    assert isinstance(listed, list)
    return sorted(listed, key=lambda e: (e["at"], e["id"]))


# -- dates, times, notes: the pure parts ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20:39", time(20, 39)),
        ("9:03", time(9, 3)),
        ("5:01 PM", time(17, 1)),
        ("12:00 AM", time(0, 0)),
        ("12:30 PM", time(12, 30)),
        ("7:24 pm", time(19, 24)),
        (f"9:34{NNBSP}PM", time(21, 34)),
        (f"9:34{NBSP}am", time(9, 34)),
        ("10:00 p.m.", time(22, 0)),
    ],
)
def test_every_time_form_daylio_writes_is_read(text: str, expected: time) -> None:
    assert daylio_dates.clock_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "13:00 PM", "9.30", "9:30 a. m. x", ""])
def test_a_time_we_cannot_read_is_refused_not_guessed(text: str) -> None:
    with pytest.raises(InvalidInput):
        daylio_dates.clock_time(text)


@pytest.mark.parametrize(
    ("year", "text", "weekday", "expected"),
    [
        ("2018", "June 22", "Friday", date(2018, 6, 22)),
        ("2023", "Nov 1", "Wednesday", date(2023, 11, 1)),
        ("2020", "9 January", "Thursday", date(2020, 1, 9)),
        ("2021", "16 de octubre", "sábado", date(2021, 10, 16)),
        ("2017", "7 września", "czwartek", date(2017, 9, 7)),
        ("2017", "31 sierpnia", "", date(2017, 8, 31)),
    ],
)
def test_the_oldest_exports_date_is_rebuilt_from_year_and_a_localized_day(
    year: str, text: str, weekday: str, expected: date
) -> None:
    assert daylio_dates.rebuilt_date(year, text, weekday) == expected


def test_a_rebuilt_date_on_the_wrong_weekday_is_refused() -> None:
    with pytest.raises(InvalidInput, match="was not a Monday"):
        daylio_dates.rebuilt_date("2018", "June 22", "Monday")


def test_a_spreadsheets_slashed_date_follows_the_date_column() -> None:
    assert daylio_dates.slashed_date("6/3/2021", "3-Jun") == (date(2021, 6, 3), False)
    assert daylio_dates.slashed_date("6/3/2021", "6-Mar") == (date(2021, 3, 6), False)
    assert daylio_dates.slashed_date("6/30/2021", "") == (date(2021, 6, 30), False)
    assert daylio_dates.slashed_date("6/3/2021", "") == (date(2021, 6, 3), True)  # a guess


def test_activities_split_on_the_pipe_and_lose_their_spaces() -> None:
    assert daylio_csv.split_activities("?  | relax") == ("?", "relax")
    assert daylio_csv.split_activities("work |  Sick| work |") == ("work", "Sick")
    assert daylio_csv.split_activities("") == ()


def test_activity_names_become_tags() -> None:
    assert tag_of("Dinner with friends ") == "dinner-with-friends"
    assert tag_of("< 4 Hours Phone") == "<-4-hours-phone"
    assert tag_of("#1 goal") == "1-goal"
    assert tag_of("   ") is None
    assert tag_of("x" * 60) == "x" * 40


def test_html_in_notes_becomes_plain_text() -> None:
    assert html_to_text("a<br>b<br/><br />c") == "a\nb\n\nc"
    assert html_to_text("<b>bold</b> &amp; <i>it</i>") == "bold & it"
    assert html_to_text("<ol><li>one</li><li>two</li></ol>").strip() == "- one\n\n- two"
    assert html_to_text("< 4 hours, a<3") == "< 4 hours, a<3"


def test_scales_become_lines_of_the_note() -> None:
    text = f"Sleep Quality:{NBSP}8/10{NBSP}points | Sleep Time:{NBSP}8:00"
    assert daylio_csv.scale_lines(text) == ["Sleep Quality: 8/10 points", "Sleep Time: 8:00"]


# -- every generation, through the CLI ------------------------------------------------------


def test_g1_english_with_bom_rtl_emoji_and_no_final_newline(fresh: Cli, tmp_path: Path) -> None:
    out = fresh.ok("import", "daylio", str(write(tmp_path, "g1.csv", G1_EN)))
    assert "Imported from Daylio, 2018-05-02 to 2018-05-03: 3 new entries" in out.stdout
    got = entries(fresh)
    assert [(e["at"][:16], e["score"], e["feelings"]) for e in got] == [
        ("2018-05-02T20:00", 1, ["awful"]),
        ("2018-05-03T08:10", 10, ["rad"]),
        ("2018-05-03T21:05", 8, ["good"]),
    ]
    assert got[1]["note"] == "שלום 😀"
    assert got[2]["tags"] == ["daylio", "reading", "walk"]
    assert got[0]["at"].endswith("+01:00")  # the person's zone (Europe/London, summer)


def test_g1_polish_malformed_row_refuses_the_file_unless_skip_bad(
    fresh: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, "pl.csv", G1_PL)
    refused = fresh("import", "daylio", str(path))
    assert refused.exit_code == 1, refused
    assert "line 3: 6 fields where 7 were expected." in refused.stderr
    assert refused.stderr.strip().splitlines()[-1].startswith("Error: Cannot import")
    assert "--skip-bad" in refused.stderr
    assert len(entries(fresh)) == 0
    done = fresh.ok("import", "daylio", str(path), "--skip-bad")
    assert "2 new entries" in done.stdout
    assert "Skipped 1 row:" in done.stderr
    assert "line 3:" in done.stderr
    assert [(e["at"][:10], e["score"]) for e in entries(fresh)] == [
        ("2017-08-29", 5),
        ("2017-09-04", 8),
    ]


def test_g2_twelve_hour_times_quotes_and_two_entries_at_one_minute(
    fresh: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, "g2.csv", G2_US)
    fresh.ok("import", "daylio", str(path), "--mood-map", "calm-ish=7", "--mood-map", "tired=4")
    got = entries(fresh)
    assert sorted((e["at"][11:16], e["score"]) for e in got) == [
        ("00:00", 5),
        ("17:01", 4),
        ("17:01", 7),
    ]
    notes = {e["feelings"][0]: e["note"] for e in got}
    assert notes["calm-ish"] == 'a "quoted" word, and a comma'
    assert "Tired" in notes  # the label as written
    again = fresh.ok(
        "import", "daylio", str(path), "--mood-map", "calm-ish=7", "--mood-map", "tired=4"
    )
    assert "Nothing to import: all 3 entries are already in the journal." in again.stdout


def test_renamed_moods_and_lower_case_pm(fresh: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "gb.csv", G2_GB_RENAMED)
    fresh.ok("import", "daylio", str(path), "--mood-map", "Great=9", "--mood-map", "not happy=3")
    assert [(e["at"][:16], e["score"]) for e in entries(fresh)] == [
        ("2020-01-08T00:30", 3),
        ("2020-01-09T19:24", 9),
    ]


def test_a_headerless_file_is_read_by_its_shape_and_the_person_is_told(
    fresh: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, "es.csv", HEADERLESS_ES)
    done = fresh.ok(
        "import", "daylio", str(path), "--mood-map", "Pos bien=7", "--mood-map", "mal=3"
    )
    assert "no header line" in done.stderr
    assert [e["at"][:16] for e in entries(fresh)] == ["2021-03-03T18:40", "2021-03-06T09:03"]


def test_a_spreadsheet_resave_is_read_with_its_slashed_dates(fresh: Cli, tmp_path: Path) -> None:
    fresh.ok("import", "daylio", str(write(tmp_path, "s.csv", SPREADSHEET)))
    got = entries(fresh)
    assert [e["at"][:16] for e in got] == ["2021-03-02T22:35", "2021-03-14T21:39"]
    assert got[1]["tags"] == ["daylio", "gaming", "work"]
    assert got[1]["note"] == "one | two | three"  # a note is never split


def test_g4_scales_and_html_notes(fresh: Cli, tmp_path: Path) -> None:
    fresh.ok(
        "import", "daylio", str(write(tmp_path, "g4.csv", G4_SCALES)), "--mood-map", "rested=8"
    )
    (entry,) = entries(fresh)
    assert entry["note"] == (
        "Morning\n\nUp early.\n\nFelt fine & calm\n\nSleep Quality: 8/10 points\nSleep Time: 8:00"
    )


def test_a_newer_export_adds_only_what_is_new_and_applies_edits(fresh: Cli, tmp_path: Path) -> None:
    fresh.ok("import", "daylio", str(write(tmp_path, "a.csv", G3_2023)))
    before = {e["at"][:16]: e for e in entries(fresh)}
    preview = fresh.ok("import", "daylio", str(write(tmp_path, "b.csv", G3_2024)), "--dry-run")
    assert "Would add 1 new entry and update 1 entry edited since an earlier import; 2 already" in (
        preview.stdout
    )
    assert len(entries(fresh)) == 3
    done = fresh.ok("import", "daylio", str(tmp_path / "b.csv"))
    assert "1 new entry; 1 entry edited since an earlier import updated; 2 already" in done.stdout
    after = {e["at"][:16]: e for e in entries(fresh)}
    assert len(after) == 4
    edited = after["2023-09-01T22:05"]
    assert edited["id"] == before["2023-09-01T22:05"]["id"]
    assert edited["tags"] == ["daylio", "gym", "volleyball"]
    assert after["2023-09-02T21:34"] == before["2023-09-02T21:34"]  # order alone is no edit


def test_a_row_with_an_extra_field_is_reported_never_shifted(fresh: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", TOO_MANY_FIELDS)
    done = fresh.ok("import", "daylio", str(path), "--skip-bad")
    assert "line 3: 9 fields where 8 were expected." in done.stderr
    (entry,) = entries(fresh)
    assert entry["tags"] == ["daylio", '"quoted"-one', "a"]
    assert entry["note"] == 'T "q"\n\nn'


# -- dry runs, skipped rows and bad files: nothing half-imported -------------------------------


def test_a_dry_run_shows_counts_dates_first_entries_and_problems_and_writes_nothing(
    fresh: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, "pl.csv", G1_PL)
    shown = fresh.ok("import", "daylio", str(path), "--dry-run").stdout
    assert "2 entries (2 moods), 2017-08-29 to 2017-09-04" in shown
    assert "line 4: 2017-08-29 09:30 mood 5/10 · tak sobie #daylio" in shown
    assert "1 problem:\n    line 3: 6 fields where 7 were expected." in shown
    assert "Would add 2 new entries" in shown
    assert shown.rstrip().endswith("Dry run: nothing was written.")
    assert entries(fresh) == []


def test_a_dry_run_needs_no_journal(cli: Cli, tmp_path: Path) -> None:
    shown = cli.ok("import", "daylio", str(write(tmp_path, "g1.csv", G1_EN)), "--dry-run")
    assert "3 entries (3 moods)" in shown.stdout
    assert "There is no journal yet" in shown.stdout
    assert not cli.journal.exists()


def test_unknown_moods_are_listed_with_counts_and_nothing_is_imported(
    fresh: Cli, tmp_path: Path
) -> None:
    result = fresh("import", "daylio", str(write(tmp_path, "g2.csv", G2_US)))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Cannot import {tmp_path / 'g2.csv'}: 2 mood name(s) have no score: "
        "'calm-ish' (1), 'Tired' (1). Add --mood-map NAME=SCORE (1-10) for each, e.g. "
        "--mood-map 'calm-ish=6'. Nothing was imported.\n"
    )
    assert entries(fresh) == []


@pytest.mark.parametrize("value", ["calm", "calm=11", "=5", "calm=five"])
def test_a_bad_mood_map_is_refused(fresh: Cli, tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "g1.csv", G1_EN)
    result = fresh("import", "daylio", str(path), "--mood-map", value)
    assert result.exit_code == 1
    assert "--mood-map" in result.stderr


def zipped(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    import zipfile

    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", BOM.encode() + b"\n\n", "the file is empty"),
        (
            "latin1.csv",
            G3.encode() + b"\n2023-09-01,Sep 1,Friday,9:00 PM,bad,caf\xe9,,\n",
            "it is not UTF-8 text (byte 0xe9 on line 2)",
        ),
        ("other.csv", b"date,amount\n2023-01-01,3\n", "it is not a Daylio CSV export"),
        ("other.json", b'{"items": [1, 2]}', "it is JSON, but not a Daylio backup"),
        (
            "ours.json",
            b'{"format": "recovery-journal-export", "version": 1}',
            "use `rj import json`",
        ),
        ("jrnl.json", b'{"tags": {}, "entries": []}', "use `rj import jrnl`"),
        ("broken.json", b'{"dayEntries": [', "it is not valid JSON"),
    ],
)
def test_a_file_that_is_not_a_daylio_export_is_one_clear_line(
    fresh: Cli, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = fresh("import", "daylio", str(path))
    assert result.exit_code == 1, result
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: Cannot import {path}: ")
    assert message in line
    assert line.endswith("Nothing was imported.")
    assert entries(fresh) == []


def test_a_zip_that_is_not_a_daylio_backup_is_refused(fresh: Cli, tmp_path: Path) -> None:
    path = zipped(tmp_path, "photos.daylio", {"readme.txt": b"hello"})
    result = fresh("import", "daylio", str(path))
    assert result.exit_code == 1
    assert "it is a zip file but not a Daylio backup" in result.stderr
    damaged = tmp_path / "cut.daylio"
    damaged.write_bytes(path.read_bytes()[:30])
    assert "damaged or unreadable zip" in fresh("import", "daylio", str(damaged)).stderr


def test_a_truncated_file_and_a_bad_date_are_problems_with_line_numbers(
    fresh: Cli, tmp_path: Path
) -> None:
    text = G3_2023 + '2023-02-30,Feb 30,Monday,9:00 PM,good,,"",""\n2023-08-30,Aug 30,Wed'
    result = fresh("import", "daylio", str(write(tmp_path, "cut.csv", text)))
    assert result.exit_code == 1
    assert "line 5: '2023-02-30' is not a real date." in result.stderr
    assert "line 6: 3 fields where 8 were expected." in result.stderr
    assert entries(fresh) == []
    fresh.ok("import", "daylio", str(tmp_path / "cut.csv"), "--skip-bad")
    assert len(entries(fresh)) == 3


def test_a_missing_file_and_a_folder_are_refused(fresh: Cli, tmp_path: Path) -> None:
    assert "There is no file" in fresh("import", "daylio", str(tmp_path / "no.csv")).stderr
    assert "is a folder" in fresh("import", "daylio", str(tmp_path)).stderr


def test_at_a_terminal_each_unknown_mood_is_asked_for_with_its_count(
    fresh: Cli, tmp_path: Path
) -> None:
    child = spawn(fresh, "import", "daylio", str(write(tmp_path, "g2.csv", G2_US)))
    child.expect(r"Score for 'calm-ish' \(1 entry\): ")
    child.sendline("eleven")
    child.expect("a whole number from 1 to 10")
    child.sendline("7")
    child.expect(r"Score for 'Tired' \(1 entry\): ")
    child.sendline("4")
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    output, status = finish(child)
    assert status == 0, output
    assert "3 new entries" in output
    assert sorted(e["score"] for e in entries(fresh)) == [4, 5, 7]


# -- the backup: a zip holding base64 JSON ---------------------------------------------------

BACKUP: dict[str, Any] = {
    "version": 15,
    "customMoods": [
        {"id": 1, "custom_name": "", "mood_group_id": 1, "predefined_name_id": 1, "state": 0},
        {"id": 3, "custom_name": "", "mood_group_id": 3, "predefined_name_id": 3, "state": 0},
        {"id": 8, "custom_name": "null", "mood_group_id": 4, "predefined_name_id": -1},
    ],
    "tags": [{"id": 14, "name": "reading"}, {"id": 15, "name": "long walk "}],
    "dayEntries": [
        {  # 2023-01-24 11:36 at +01:00; month is 0-based, times in ms
            "id": 2,
            "minute": 36,
            "hour": 11,
            "day": 24,
            "month": 0,
            "year": 2023,
            "datetime": 1674556560000,
            "timeZoneOffset": 3600000,
            "mood": 1,
            "note": "line one<br><br>line two",
            "note_title": "A title",
            "tags": [14, 15],
        },
        {  # summer time: +02:00
            "id": 1,
            "minute": 5,
            "hour": 20,
            "day": 16,
            "month": 4,
            "year": 2015,
            "datetime": 1431799500000,
            "timeZoneOffset": 7200000,
            "mood": 8,
            "note": "",
            "note_title": "",
            "tags": [],
        },
        {"id": 3, "minute": 0, "hour": 9, "day": 1, "month": 1, "year": 2020, "mood": 99},
    ],
}


def backup_zip(tmp_path: Path, document: dict[str, Any]) -> Path:
    import base64

    encoded = base64.b64encode(json.dumps(document, separators=(",", ":")).encode())
    return zipped(tmp_path, "backup_2023.daylio", {"backup.daylio": encoded})


@pytest.mark.parametrize("form", ["zip", "json"])
def test_a_daylio_backup_gives_levels_offsets_tags_and_notes(
    fresh: Cli, tmp_path: Path, form: str
) -> None:
    path = (
        backup_zip(tmp_path, BACKUP)
        if form == "zip"
        else write(tmp_path, "backup.json", json.dumps(BACKUP, indent=2))
    )
    refused = fresh("import", "daylio", str(path))
    assert "entry 3: its mood 99 is not among the backup's moods." in refused.stderr
    fresh.ok("import", "daylio", str(path), "--skip-bad")
    old, new = entries(fresh)
    assert (old["at"], old["score"], old["feelings"]) == ("2015-05-16T20:05:00+02:00", 3, ["null"])
    assert (new["at"], new["score"], new["feelings"]) == ("2023-01-24T11:36:00+01:00", 10, ["rad"])
    assert new["tags"] == ["daylio", "long-walk", "reading"]
    assert new["note"] == "A title\n\nline one\n\nline two"


def test_a_custom_mood_in_a_backup_can_be_mapped_by_name(fresh: Cli, tmp_path: Path) -> None:
    path = backup_zip(tmp_path, BACKUP)
    fresh.ok("import", "daylio", str(path), "--skip-bad", "--mood-map", "null=4")
    assert sorted(e["score"] for e in entries(fresh)) == [4, 10]


def test_a_backup_zip_without_base64_is_refused(fresh: Cli, tmp_path: Path) -> None:
    path = zipped(tmp_path, "b.daylio", {"backup.daylio": b"%%% not base64 %%%"})
    result = fresh("import", "daylio", str(path))
    assert result.exit_code == 1
    assert "not the base64 text Daylio writes" in result.stderr
