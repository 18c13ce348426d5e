"""`export data` (JSON and CSV) and `import json`: every entry out, and back in, unchanged.

The CLI tests run the real program against copies of one small journal made from invented
entries by real commands; the exporters, the importer and the file writer are also tested
in-process, with a hypothesis property for the JSON round trip.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import shlex
import stat
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from conftest import PASSPHRASE, Cli, Result, clean_env, journal_files
from recovery_journal.cli import private_files
from recovery_journal.domain import ids
from recovery_journal.domain.community import CONNECTION_ROLES, CONNECTION_WAYS, SERVICE_KINDS
from recovery_journal.domain.entries import (
    ENTRY_TYPES,
    HALT_WORDS,
    KINDS,
    OUTCOMES,
    TRIGGER_CATEGORIES,
    Entry,
    Mood,
    Note,
)
from recovery_journal.domain.spreadsheet import neutralise
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import InvalidInput
from recovery_journal.interchange import batch, csv_export, json_export, json_import
from recovery_journal.terminal.text import to_json_text

CSV_FILES = {f"{kind}.csv" for kind in KINDS} | {"trackers.csv", "people.csv", "reasons.csv"}
UNICODE_ITEM = "café — 日本 ✨"
SAMPLE_COMMANDS = (
    "tracker add nicotine --clean-date 2026-01-10 --cost-per-day 8.40",
    'mood 7 --feeling calm --feeling hopeful --note "=SUM(A1)" --tag work --at "2026-02-01 09:00"',
    "craving 6 --trigger payday --halt tired --halt lonely --coping 'called my sponsor' "
    "--at '2026-02-02 20:00'",
    f"gratitude '{UNICODE_ITEM}' 'a quiet morning' --at '2026-02-03 08:00'",
    "use --substance alcohol --amount +1 --note=-2 --at '2026-02-04 21:00'",
    "meeting --fellowship AA --name 'Tuesday step group' --online --minutes 60 "
    "--at '2026-02-05 19:00'",
    "trigger @cmd --category places --intensity 4 --at '2026-02-06 18:00'",
)


@dataclass(frozen=True)
class Sample:
    """A journal at rest holding one entry of every kind, two trackers, and its JSON export."""

    db: bytes
    exported: dict[str, Any]


def fingerprint(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in journal_files(path)}


def without_time(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "exported_at"}


def one_error(result: Result, *fragments: str) -> str:
    """Failed with exit 1 and exactly one `Error:` line, no traceback."""
    assert result.exit_code == 1, result
    assert "Traceback" not in result.output, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result
    assert lines[0].startswith("Error: "), result
    for fragment in fragments:
        assert fragment in lines[0], result
    return lines[0]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    root = tmp_path_factory.mktemp("sample")
    cli = Cli(root / "data" / "journal.db", clean_env(root))
    cli.init("--tracker", "alcohol", "--clean-date", "2025-11-02")
    for line in SAMPLE_COMMANDS:
        cli.ok(*shlex.split(line))
    cli.log("note", "--at", "2026-02-07 22:00", stdin='Line one\nline two, "quoted", ok\n')
    assert journal_files(cli.journal) == [cli.journal]
    db = cli.journal.read_bytes()  # taken before the export below adds its record
    return Sample(db, json.loads(cli.ok("export", "data").stdout))


@pytest.fixture
def journal(cli: Cli, sample: Sample) -> Cli:
    """A CLI on a copy of the sample journal."""
    cli.journal.parent.mkdir(mode=0o700)
    cli.journal.write_bytes(sample.db)
    cli.journal.chmod(0o600)
    return cli


@pytest.fixture
def export_file(tmp_path: Path, sample: Sample) -> Path:
    path = tmp_path / "export.json"
    path.write_text(to_json_text(sample.exported), encoding="utf-8")
    return path


def write_document(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# -- export data: JSON ----------------------------------------------------------------------


def test_json_export_is_one_versioned_document_with_the_field_names_of_list_json(
    journal: Cli, sample: Sample
) -> None:
    result = journal.ok("export", "data")
    document = json.loads(result.stdout)

    assert list(document) == [
        "format",
        "version",
        "exported_at",
        "trackers",
        "entries",
        "people",
        "reasons",
    ]
    assert document["format"] == "recovery-journal-export"
    assert document["version"] == 1
    assert datetime.fromisoformat(document["exported_at"]).utcoffset() is not None
    listed = json.loads(journal.ok("list", "--json", "--limit", "0").stdout)
    assert document["entries"] == listed[::-1]  # the same objects, oldest first
    assert [e["kind"] for e in document["entries"]] == [
        "mood",
        "craving",
        "gratitude",
        "use",
        "meeting",
        "trigger",
        "note",
    ]
    assert [t["name"] for t in document["trackers"]] == ["alcohol", "nicotine"]
    assert document["trackers"][1] == {
        "id": document["trackers"][1]["id"],
        "name": "nicotine",
        "clean_date": "2026-01-10",
        "cost_per_day": "8.40",
        "currency": None,
        "heavy_day": None,
    }
    assert without_time(document) == without_time(sample.exported)  # same journal, same bytes
    assert "NOT encrypted" in result.stderr


def test_json_file_is_0600_and_never_overwritten_without_force(
    journal: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    result = journal.ok("export", "data", "-o", str(target), "--yes")
    assert mode(target) == 0o600
    assert "NOT encrypted" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "recovery-journal-export"

    target.write_text("precious", encoding="utf-8")
    one_error(journal("export", "data", "-o", str(target), "--yes"), "already exists", "--force")
    assert target.read_text(encoding="utf-8") == "precious"

    target.chmod(0o644)
    journal.ok("export", "data", "-o", str(target), "--yes", "--force")
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 1
    assert mode(target) == 0o600


def test_a_symlink_at_the_target_is_refused_and_left_alone(journal: Cli, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("untouched", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(elsewhere)
    one_error(journal("export", "data", "-o", str(link), "--yes", passphrase=None), "exists")
    assert elsewhere.read_text(encoding="utf-8") == "untouched"


def test_writing_a_file_without_a_terminal_needs_yes_and_fails_before_the_passphrase(
    journal: Cli, tmp_path: Path
) -> None:
    before = fingerprint(journal.journal)
    # No passphrase at all: the refusal must come before the journal is unlocked.
    result = journal("export", "data", "-o", str(tmp_path / "out.json"), passphrase=None)
    one_error(result, "--yes", "confirm what will be shared")
    assert not (tmp_path / "out.json").exists()
    assert fingerprint(journal.journal) == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--format", "csv"], "add -o FOLDER"),
        (["--format", "xml"], "--format must be json or csv"),
        (["--format", "csv", "-o", "data.csv"], "one file per kind"),
        (["--format", "json", "-o", "data.zip"], "--format csv"),
        (["-o", "no/such/folder/out.json"], "does not exist"),
    ],
)
def test_impossible_export_requests_fail_before_the_passphrase(
    journal: Cli, args: list[str], fragment: str
) -> None:
    one_error(journal("export", "data", "--yes", *args, passphrase=None), fragment)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_at_a_terminal_answering_no_writes_and_records_nothing(
    journal: Cli, tmp_path: Path
) -> None:
    import pexpect

    target = tmp_path / "out.json"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "recovery_journal", "export", "data", "-o", str(target)],
        env={**journal.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE},
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )
    child.expect(r"About to write .*out\.json:")
    child.expect("7 entries and 2 trackers, every field, notes included")
    child.expect("NOT be encrypted")
    child.expect(r"Write this file\? \[y/N\]: ")
    child.sendline("n")
    child.expect("Cancelled; nothing was changed.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert not target.exists()
    assert json.loads(journal.ok("export", "history", "--json").stdout) == []


# -- export data: CSV -----------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_folder_has_one_utf8_file_per_kind_with_a_header_row(
    journal: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "my-journal"
    journal.ok("export", "data", "--format", "csv", "-o", str(folder), "--yes")

    assert {p.name for p in folder.iterdir()} == CSV_FILES
    assert mode(folder) == 0o700
    assert {mode(p) for p in folder.iterdir()} == {0o600}
    texts = {p.name: p.read_bytes().decode("utf-8") for p in folder.iterdir()}
    assert texts["mood.csv"].splitlines()[0] == "id,kind,at,note,tags,score,feelings"
    assert (
        texts["trackers.csv"].splitlines()[0]
        == "id,name,clean_date,cost_per_day,currency,heavy_day"
    )
    (gratitude,) = read_csv(texts["gratitude.csv"])
    assert gratitude["items"] == f"{UNICODE_ITEM}; a quiet morning"  # lists joined with "; "
    (mood,) = read_csv(texts["mood.csv"])
    assert (mood["feelings"], mood["tags"], mood["score"]) == ("calm; hopeful", "work", "7")
    (meeting,) = read_csv(texts["meeting.csv"])
    assert (meeting["online"], meeting["minutes"], meeting["fellowship"]) == ("true", "60", "AA")
    (note,) = read_csv(texts["note.csv"])
    assert note["text"] == 'Line one\nline two, "quoted", ok'
    assert read_csv(texts["trackers.csv"])[1]["cost_per_day"] == "8.40"
    (craving,) = read_csv(texts["craving.csv"])
    assert (craving["substance"], craving["tracker"]) == ("", "")  # absent: empty cells


def test_csv_cells_a_spreadsheet_would_run_as_formulas_start_with_an_apostrophe(
    journal: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    journal.ok("export", "data", "--format", "csv", "-o", str(folder), "--yes")
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    cells = {name: rows[0] for name, text in texts.items() if (rows := read_csv(text))}

    assert cells["mood.csv"]["note"] == "'=SUM(A1)"
    assert cells["use.csv"]["amount"] == "'+1"
    assert cells["use.csv"]["note"] == "'-2"
    assert cells["trigger.csv"]["description"] == "'@cmd"
    every_cell = [
        value
        for text in texts.values()
        for row in csv.reader(io.StringIO(text, newline=""))
        for value in row
    ]
    assert not [value for value in every_cell if value[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_csv_zip_holds_the_same_files_and_is_0600(journal: Cli, tmp_path: Path) -> None:
    journal.ok("export", "data", "--format", "csv", "-o", str(tmp_path / "folder"), "--yes")
    archive = tmp_path / "journal.zip"
    journal.ok("export", "data", "-o", str(archive), "--yes")  # a .zip means CSV

    assert mode(archive) == 0o600
    with zipfile.ZipFile(archive) as opened:
        assert opened.testzip() is None
        assert set(opened.namelist()) == CSV_FILES
        for name in opened.namelist():
            assert opened.read(name) == (tmp_path / "folder" / name).read_bytes()


def test_every_export_is_recorded_in_export_history(journal: Cli, tmp_path: Path) -> None:
    journal.ok("export", "data")
    journal.ok("export", "data", "-o", str(tmp_path / "j.zip"), "--yes")

    history = json.loads(journal.ok("export", "history", "--json").stdout)
    # Both may fall in the same second, so their order is not part of the assertion.
    assert sorted((r["kind"], r["format"], r["file"] or "") for r in history) == [
        ("data", "csv", str(tmp_path / "j.zip")),
        ("data", "json", ""),  # printed to stdout: no file
    ]
    assert all(r["include_notes"] for r in history)
    with_history = json.loads(journal.ok("export", "data", "--include-history").stdout)
    assert sorted(r["format"] for r in with_history["exports"]) == ["csv", "json"]
    assert "data (csv)" in journal.ok("export", "history").stdout


# -- import json ----------------------------------------------------------------------------


def test_round_trip_export_import_into_a_new_journal_export_again_is_identical(
    journal: Cli, export_file: Path, sample: Sample, tmp_path: Path
) -> None:
    new = ["--journal", str(tmp_path / "new" / "journal.db")]
    journal.ok(*new, "init")
    journal.ok(*new, "tracker", "remove", "sobriety", "--yes")  # init's own tracker, as documented
    result = journal.ok(*new, "import", "json", str(export_file))
    assert result.stdout.startswith("Imported 7 entries (1 mood, 1 craving, 1 trigger,")
    assert "and 2 trackers; 0 already in the journal." in result.stdout

    again = json.loads(journal.ok(*new, "export", "data").stdout)
    assert without_time(again) == without_time(sample.exported)
    assert "Journal OK: 10 records" in journal.ok(*new, "verify").stdout  # and 1 export


def test_importing_into_a_journal_in_use_keeps_its_entries_and_twice_adds_nothing(
    fresh: Cli, export_file: Path, sample: Sample
) -> None:
    mine = fresh.log("mood", "4", "--at", "2026-03-01 10:00")
    result = fresh.ok("import", "json", str(export_file))
    assert "Imported 7 entries" in result.stdout
    after_first = fingerprint(fresh.journal)

    result = fresh.ok("import", "json", str(export_file))
    assert result.stdout.strip() == "Nothing to import: all 9 records are already in the journal."
    assert fingerprint(fresh.journal) == after_first

    document = json.loads(fresh.ok("export", "data").stdout)
    assert [t["name"] for t in document["trackers"]] == ["alcohol", "sobriety", "nicotine"]
    (logged,) = [e for e in document["entries"] if e["id"].startswith(mine)]
    assert logged["score"] == 4
    assert [e for e in document["entries"] if e is not logged] == sample.exported["entries"]


def test_dry_run_shows_what_would_change_and_writes_nothing(fresh: Cli, export_file: Path) -> None:
    before = fingerprint(fresh.journal)
    result = fresh.ok("import", "json", str(export_file), "--dry-run")
    assert "First entries:\n    entry 1: " in result.stdout  # and counts, dates, problems
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("Dry run: would add 7 entries (1 mood, 1 craving,")
    assert "and 2 trackers; 0 already in the journal. Nothing was written." in result.stdout
    assert fingerprint(fresh.journal) == before
    assert json.loads(fresh.ok("list", "--json").stdout) == []


def _bad_score(doc: dict[str, Any]) -> None:
    doc["entries"][0]["score"] = 11


def _bad_id(doc: dict[str, Any]) -> None:
    doc["entries"][2]["id"] = "not-an-id"


def _repeated_id(doc: dict[str, Any]) -> None:
    doc["entries"][3]["id"] = doc["entries"][1]["id"]


def _foreign(doc: dict[str, Any]) -> None:
    doc["format"] = "daylio-backup"


def _newer(doc: dict[str, Any]) -> None:
    doc["version"] = 2


def _unknown_field(doc: dict[str, Any]) -> None:
    doc["entries"][4]["mood"] = 3


REFUSALS = {
    "score 11": (_bad_score, ["entries[0] (id '", "Mood score must be from 1 to 10, not 11"]),
    "bad id": (_bad_id, ["entries[2] (id 'not-an-id')", "not one Recovery Journal makes"]),
    "repeated id": (_repeated_id, ["entries[3]", "already used by entries[1]"]),
    "foreign format": (_foreign, ["not a Recovery Journal export", "daylio-backup"]),
    "newer version": (_newer, ["newer Recovery Journal", "Update Recovery Journal"]),
    "unknown field": (_unknown_field, ["entries[4]", "Unknown field(s) for a meeting entry: mood"]),
}


@pytest.mark.parametrize("case", REFUSALS.values(), ids=REFUSALS.keys())
def test_a_bad_file_is_refused_whole_before_the_passphrase(
    fresh: Cli, sample: Sample, tmp_path: Path, case: Any
) -> None:
    change, fragments = case
    document = copy.deepcopy(sample.exported)
    change(document)
    path = write_document(tmp_path / "bad.json", document)
    before = fingerprint(fresh.journal)

    line = one_error(fresh("import", "json", str(path), passphrase=None), *fragments)
    assert line.startswith(f"Error: Cannot import {path}: ")
    assert line.endswith("Nothing was imported.")
    assert fingerprint(fresh.journal) == before


def test_malformed_json_is_refused_with_its_line_and_column(fresh: Cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "recovery-journal-export",\n "version": 1,,}', encoding="utf-8")
    before = fingerprint(fresh.journal)
    one_error(fresh("import", "json", str(path), passphrase=None), "not valid JSON", "line 2")
    one_error(fresh("import", "json", str(tmp_path / "missing.json")), "no file")
    assert fingerprint(fresh.journal) == before


def test_an_id_holding_different_content_refuses_the_whole_file(
    fresh: Cli, sample: Sample, tmp_path: Path
) -> None:
    fresh.ok("import", "json", str(write_document(tmp_path / "a.json", sample.exported)))
    changed = copy.deepcopy(sample.exported)
    changed["entries"][0]["score"] = 3  # an entry already in the journal, edited
    changed["entries"].append(
        {
            "id": ids.encode(12345),
            "kind": "note",
            "at": "2026-03-01T10:00:00+00:00",
            "note": None,
            "tags": [],
            "text": "a new entry that must not arrive either",
        }
    )
    before = fingerprint(fresh.journal)

    one_error(
        fresh("import", "json", str(write_document(tmp_path / "b.json", changed))),
        "1 id(s) already hold different content",
        changed["entries"][0]["id"][:7],
        "nothing was imported",
    )
    assert fingerprint(fresh.journal) == before


def test_a_different_tracker_under_a_known_name_is_refused(
    fresh: Cli, sample: Sample, tmp_path: Path
) -> None:
    changed = copy.deepcopy(sample.exported)
    changed["trackers"][0]["name"] = "Sobriety"  # `fresh` has its own 'sobriety'
    before = fingerprint(fresh.journal)
    one_error(
        fresh("import", "json", str(write_document(tmp_path / "t.json", changed))),
        "already has a tracker named 'sobriety'",
        "rj tracker remove",
    )
    assert fingerprint(fresh.journal) == before


# -- the importer in-process ----------------------------------------------------------------


def refused(data: bytes | str, *fragments: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        json_import.parse_export(data, source="f.json")
    message = str(caught.value)
    assert message.startswith("Cannot import f.json: ")
    assert message.endswith(" Nothing was imported.")
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message
    return message


def header(**extra: Any) -> dict[str, Any]:
    return {
        "format": "recovery-journal-export",
        "version": 1,
        "trackers": [],
        "entries": [],
        **extra,
    }


def test_absurd_nesting_and_json_oddities_are_refused_cleanly() -> None:
    refused("[" * 100_000, "nested too deeply")
    refused('{"format": "recovery-journal-export", "version": NaN}', "NaN")
    refused('{"format": "recovery-journal-export", "format": "x"}', "'format' twice")
    refused(b"\xff\xfe{}", "not UTF-8")
    refused('{"format": "recovery-journal-export", "version": ' + "9" * 5000 + "}", "digits")
    refused("[]", "not a Recovery Journal export")
    refused(json.dumps(header(version=0)), "version 0")
    refused(json.dumps(header(version=True)), "version True")
    refused(json.dumps(header(entries={})), '"entries" must be a list')
    refused(json.dumps(header(extra=1)), "unknown field(s) at the top level: extra")
    refused(json.dumps(header(exported_at="yesterday")), "exported_at")
    nested = {
        "id": ids.encode(7),
        "kind": "mood",
        "at": "2026-01-01T00:00:00Z",
        "score": 5,
        "tags": [[["deep"]]],
    }
    refused(json.dumps(header(entries=[nested])), "entries[0]", "A tag must be text")


def test_a_byte_order_mark_and_an_empty_document_are_fine() -> None:
    plan = json_import.parse_export(b"\xef\xbb\xbf" + json.dumps(header()).encode())
    assert (plan.entries, plan.trackers, plan.exported_at, plan.history) == ([], [], None, 0)


def test_trackers_are_checked_like_entries() -> None:
    good = Tracker(id=ids.encode(99), name="alcohol", clean_date=date(2026, 1, 1)).to_json()
    refused(
        json.dumps(header(trackers=[good, {**good, "id": ids.encode(98)}])),
        "trackers[1]",
        "is also the name of trackers[0]",
    )
    refused(json.dumps(header(trackers=[{**good, "clean_date": "soon"}])), "trackers[0]")
    refused(json.dumps(header(trackers=[{**good, "colour": "red"}])), "unknown field(s)")
    refused(json.dumps(header(trackers=["alcohol"])), "trackers[0]: a tracker must be")
    note = Note(id=ids.encode(99), at=datetime(2026, 1, 1, tzinfo=timezone.utc), text="x")
    refused(
        json.dumps(header(trackers=[good], entries=[note.to_json()])),
        "entries[0]",
        "already used by trackers[0]",
    )


def test_only_ids_this_program_makes_are_accepted() -> None:
    made = ids.encode(2**63 - 1)
    assert json_import.is_public_id(made)
    assert json_import.is_public_id(ids.encode(1))
    for bad in (made.upper(), made[:12], made + "0", "0000000000001", "000000000000u", 12, None):
        assert not json_import.is_public_id(bad), bad


def test_a_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_document(tmp_path / "big.json", header())
    monkeypatch.setattr(batch, "MAX_FILE_BYTES", 10)  # the one limit every importer reads
    with pytest.raises(InvalidInput, match="larger than"):
        json_import.read_export(path)


def test_exported_history_is_carried_under_its_ids() -> None:
    record = {
        "id": ids.encode(5),
        "at": "2026-01-01T00:00:00+00:00",
        "kind": "data",
        "format": "json",
    }
    other = {**record, "id": ids.encode(6)}
    plan = json_import.parse_export(json.dumps(header(exports=[record, other])))
    assert plan.history == 2
    assert [x.id for x in plan.exports] == [ids.encode(5), ids.encode(6)]
    refused(json.dumps(header(exports=[{**record, "sections": [[1]]}])), "exports[0]")
    refused(json.dumps(header(exports=[record, record])), "exports[1]", "already used")


# -- the exporters in-process ---------------------------------------------------------------


def test_entries_at_the_same_instant_are_ordered_by_id_whatever_their_offset() -> None:
    moment = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    plus_two = moment.astimezone(timezone(timedelta(hours=2)))
    late = Mood(id=ids.encode(2), at=plus_two, score=5)
    early = Mood(id=ids.encode(1), at=moment, score=5)
    before = Mood(id=ids.encode(3), at=moment - timedelta(seconds=1), score=5)
    ordered = json_export.entries_in_order([late, early, before])
    assert ordered == [before, early, late]


def test_neutralise_prefixes_only_formula_starts() -> None:
    for dangerous in ("=1+1", "+1", "-2", "@cmd", "\tx", "\rx"):
        assert neutralise(dangerous) == "'" + dangerous
    for harmless in ("", "a=b", "1-2", "'quoted", " =x", "2026-01-01"):
        assert neutralise(harmless) == harmless
    assert csv_export.cell(["=a", "b"]) == "'=a; b"
    assert (csv_export.cell(None), csv_export.cell(False), csv_export.cell(7)) == ("", "false", "7")


# -- the file writer ------------------------------------------------------------------------


def test_forced_folder_export_replaces_only_its_own_files(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    private_files.write_folder(folder, {"mood.csv": b"old"}, force=False)
    (folder / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InvalidInput, match="already exists"):
        private_files.write_folder(folder, {"mood.csv": b"new"}, force=False)
    private_files.write_folder(folder, {"mood.csv": b"new"}, force=True)
    assert (folder / "mood.csv").read_bytes() == b"new"
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["mine.txt", "mood.csv"]  # no temp left


def test_files_are_0600_even_under_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        private_files.write_file(tmp_path / "a.json", b"{}", force=False)
        private_files.write_folder(tmp_path / "dir", {"x.csv": b""}, force=False)
    finally:
        os.umask(old)
    assert mode(tmp_path / "a.json") == 0o600
    assert (mode(tmp_path / "dir"), mode(tmp_path / "dir" / "x.csv")) == (0o700, 0o600)


# -- property: Entry -> document -> text -> parse -> Entry ----------------------------------

row_ids = st.integers(1, 2**63 - 1).map(ids.encode)
offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    offsets,
)
texts = st.text(max_size=20)
maybe_text = st.none() | texts
tags = st.text(st.characters(blacklist_categories=("Z", "Cc", "Cs")), min_size=1, max_size=12)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    kind = draw(st.sampled_from(KINDS))
    makers: dict[str, Callable[[], dict[str, Any]]] = {
        "mood": lambda: {"score": draw(st.integers(1, 10)), "feelings": draw(st.lists(texts))},
        "craving": lambda: {
            "intensity": draw(st.integers(0, 10)),
            "substance": draw(maybe_text),
            "triggers": draw(st.lists(texts, max_size=3)),
            "halt": draw(st.lists(st.sampled_from(HALT_WORDS), max_size=4)),
            "coping": draw(maybe_text),
            "outcome": draw(st.sampled_from(OUTCOMES)),
            "tracker": draw(st.none() | row_ids),
            "duration_minutes": draw(st.none() | st.integers(0, 24 * 60)),
        },
        "trigger": lambda: {
            "description": draw(texts),
            "category": draw(st.none() | st.sampled_from(TRIGGER_CATEGORIES)),
            "intensity": draw(st.none() | st.integers(0, 10)),
        },
        "meeting": lambda: {
            "fellowship": draw(maybe_text),
            "name": draw(maybe_text),
            "online": draw(st.none() | st.booleans()),
            "minutes": draw(st.none() | st.integers(1, 24 * 60)),
            "types": draw(st.lists(st.sampled_from(["O", "SP", "12x12", "faith"]), unique=True)),
            "home": draw(st.booleans()),
        },
        "connection": lambda: {
            "person": draw(maybe_text),
            "role": draw(st.none() | st.sampled_from(CONNECTION_ROLES)),
            "how": draw(st.none() | st.sampled_from(CONNECTION_WAYS)),
            "minutes": draw(st.none() | st.integers(1, 24 * 60)),
            "helped": draw(st.none() | st.booleans()),
        },
        "service": lambda: {
            "description": draw(maybe_text),
            "category": draw(st.sampled_from(SERVICE_KINDS)),
            "minutes": draw(st.none() | st.integers(1, 24 * 60)),
        },
        "barc": lambda: {"items": draw(st.lists(st.integers(1, 6), min_size=10, max_size=10))},
        "challenge": lambda: {"days": draw(st.integers(1, 366))},
        "gratitude": lambda: {"items": draw(st.lists(texts, min_size=1, max_size=3))},
        "use": lambda: {
            "substance": draw(maybe_text),
            "amount": draw(maybe_text),
            "tracker": draw(st.none() | row_ids),
        },
        "sober": lambda: {"substance": draw(maybe_text), "tracker": draw(st.none() | row_ids)},
        "note": lambda: {"text": draw(texts)},
        "pacs": lambda: {
            "items": draw(st.lists(st.integers(0, 6), min_size=5, max_size=5)),
            "substance": draw(maybe_text),
        },
        "reflection": lambda: {
            "use_id": draw(row_ids),
            "activating": draw(maybe_text),
            "beliefs": draw(maybe_text),
            "consequences": draw(maybe_text),
            "different": draw(texts),
        },
    }
    fields = makers[kind]()
    try:
        return ENTRY_TYPES[kind](
            id=draw(row_ids),
            at=draw(moments),
            note=draw(maybe_text),
            tags=tuple(draw(st.lists(tags, max_size=3))),
            **{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()},
        )
    except InvalidInput:
        reject()


@st.composite
def trackers(draw: st.DrawFn) -> Tracker:
    try:
        return Tracker(
            id=draw(row_ids),
            name=draw(st.text(min_size=1, max_size=60)),
            clean_date=draw(st.dates(date(1990, 1, 1), date(2100, 1, 1))),
            cost_per_day=draw(st.none() | st.decimals(0, 10_000, places=2)),
            currency=draw(st.none() | st.sampled_from(["EUR", "USD", "GBP"])),
        )
    except InvalidInput:
        reject()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(entries(), max_size=8, unique_by=lambda e: e.id),
    st.lists(trackers(), max_size=3, unique_by=(lambda t: t.id, lambda t: t.name.casefold())),
    moments,
)
def test_entries_and_trackers_survive_the_json_round_trip_exactly(
    some: list[Entry], kept: list[Tracker], at: datetime
) -> None:
    if {t.id for t in kept} & {e.id for e in some} or len(
        {" ".join(t.name.casefold().split()) for t in kept}
    ) < len(kept):
        reject()
    document = json_export.export_document(some, kept, exported_at=at)
    # Times up to 2100: read as if it were later (an import refuses future times).
    later = datetime(2101, 1, 1, tzinfo=timezone.utc)
    plan = json_import.parse_export(to_json_text(document), now=later)

    assert plan.entries == json_export.entries_in_order(some)
    assert [e.to_json() for e in plan.entries] == document["entries"]
    assert plan.trackers == json_export.trackers_in_order(kept)
    assert [t.to_json() for t in plan.trackers] == document["trackers"]
    assert plan.exported_at == at
    assert all(isinstance(t.cost_per_day, Decimal | None) for t in plan.trackers)
