"""People (`rj people`) and reasons (`rj why`) travel with `rj export data` and come back
with `rj import json`: under their ids, once, and checked before anything is written."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

from conftest import Cli
from test_export_data import fingerprint, one_error, write_document


def _support(fresh: Cli) -> dict[str, Any]:
    fresh.ok("people", "add", "Sam", "--role", "sponsor", "--phone", "555 0100")
    fresh.ok("people", "add", "ana", "--role", "friend", "--note", "=HYPERLINK(1)")
    fresh.ok("why", "add", "my kids")
    fresh.ok("why", "add", "waking up clear-headed")
    document: dict[str, Any] = json.loads(fresh.ok("export", "data").stdout)
    return document


def _new_journal(cli: Cli, tmp_path: Path) -> list[str]:
    """A second journal with no records of its own (init's tracker removed)."""
    new = ["--journal", str(tmp_path / "new" / "journal.db")]
    cli.ok(*new, "init", "--clean-date", "2026-01-01")
    cli.ok(*new, "tracker", "remove", "sobriety", "--yes")
    return new


def test_people_and_reasons_are_exported_in_order(fresh: Cli) -> None:
    document = _support(fresh)
    assert [(p["name"], p["role"], p["phone"]) for p in document["people"]] == [
        ("ana", "friend", None),
        ("Sam", "sponsor", "555 0100"),
    ]
    assert [r["text"] for r in document["reasons"]] == ["my kids", "waking up clear-headed"]
    assert set(document["people"][0]) == {"id", "name", "role", "phone", "note"}
    assert set(document["reasons"][0]) == {"id", "text", "added"}


def test_round_trip_into_a_new_journal_keeps_people_and_reasons_and_twice_adds_nothing(
    fresh: Cli, tmp_path: Path
) -> None:
    document = _support(fresh)
    path = write_document(tmp_path / "export.json", document)
    new = _new_journal(fresh, tmp_path)

    result = fresh.ok(*new, "import", "json", str(path))
    assert "and 2 people and 2 reasons; 0 already in the journal." in result.stdout
    again = json.loads(fresh.ok(*new, "export", "data").stdout)
    assert again["people"] == document["people"]
    assert again["reasons"] == document["reasons"]
    assert "Sam" in fresh.ok(*new, "people", "list").stdout
    assert "my kids" in fresh.ok(*new, "why", "list").stdout

    before = fingerprint(tmp_path / "new" / "journal.db")
    result = fresh.ok(*new, "import", "json", str(path))
    assert "Nothing to import" in result.stdout
    assert fingerprint(tmp_path / "new" / "journal.db") == before


def test_importing_into_the_same_journal_finds_them_unchanged(fresh: Cli, tmp_path: Path) -> None:
    document = _support(fresh)
    path = write_document(tmp_path / "export.json", document)
    before = fingerprint(fresh.journal)
    result = fresh.ok("import", "json", str(path))
    assert "Nothing to import" in result.stdout
    assert fingerprint(fresh.journal) == before


def test_a_person_holding_different_content_refuses_the_whole_file(
    fresh: Cli, tmp_path: Path
) -> None:
    document = _support(fresh)
    changed = copy.deepcopy(document)
    changed["people"][1]["phone"] = "555 0199"
    path = write_document(tmp_path / "changed.json", changed)
    before = fingerprint(fresh.journal)
    one_error(fresh("import", "json", str(path)), "already hold different content")
    assert fingerprint(fresh.journal) == before


def test_an_invalid_person_or_reason_is_one_error_and_nothing_is_written(
    fresh: Cli, tmp_path: Path
) -> None:
    document = _support(fresh)
    new = _new_journal(fresh, tmp_path)
    target = tmp_path / "new" / "journal.db"
    before = fingerprint(target)
    cases: list[tuple[str, int, str, Any, list[str]]] = [
        ("people", 0, "name", "", ["people[0] (id '", "name"]),
        ("people", 1, "role", "boss", ["people[1]", "role"]),
        ("people", 0, "id", "not-an-id", ["people[0] (id 'not-an-id')", "not one"]),
        ("reasons", 1, "added", "yesterday", ["reasons[1]", "when it was added"]),
        ("reasons", 0, "text", " ", ["reasons[0]", "reason"]),
    ]
    for section, index, key, value, fragments in cases:
        bad = copy.deepcopy(document)
        bad[section][index][key] = value
        path = write_document(tmp_path / "bad.json", bad)
        line = one_error(fresh(*new, "import", "json", str(path), passphrase=None), *fragments)
        assert line.endswith("Nothing was imported.")
    bad = copy.deepcopy(document)
    bad["reasons"][0]["id"] = bad["people"][0]["id"]
    path = write_document(tmp_path / "bad.json", bad)
    one_error(fresh(*new, "import", "json", str(path)), "reasons[0]", "already used by people[0]")
    assert fingerprint(target) == before


def test_an_export_from_before_people_and_reasons_still_imports(fresh: Cli, tmp_path: Path) -> None:
    document = _support(fresh)
    del document["people"], document["reasons"]
    path = write_document(tmp_path / "old.json", document)
    new = _new_journal(fresh, tmp_path)
    fresh.ok(*new, "import", "json", str(path))
    again = json.loads(fresh.ok(*new, "export", "data").stdout)
    assert again["people"] == []
    assert again["reasons"] == []
    assert again["entries"] == document["entries"]


def test_csv_export_has_people_and_reasons_with_formulas_neutralised(
    fresh: Cli, tmp_path: Path
) -> None:
    _support(fresh)
    folder = tmp_path / "csv"
    fresh.ok("export", "data", "--format", "csv", "-o", str(folder), "--yes")
    people = list(csv.DictReader(io.StringIO((folder / "people.csv").read_text("utf-8"))))
    assert [(p["name"], p["note"]) for p in people] == [("ana", "'=HYPERLINK(1)"), ("Sam", "")]
    reasons = list(csv.DictReader(io.StringIO((folder / "reasons.csv").read_text("utf-8"))))
    assert [r["text"] for r in reasons] == ["my kids", "waking up clear-headed"]


def test_skip_bad_leaves_out_a_person_or_reason_that_does_not_validate(
    fresh: Cli, tmp_path: Path
) -> None:
    document = _support(fresh)
    document["people"][0]["role"] = "landlord"
    document["reasons"][1]["text"] = ""
    path = write_document(tmp_path / "export.json", document)
    new = _new_journal(fresh, tmp_path)
    refused = fresh(*new, "import", "json", str(path))
    assert refused.exit_code == 1
    assert "people[0]" in refused.stderr

    done = fresh.ok(*new, "import", "json", str(path), "--skip-bad")
    assert "Skipped 1 person and 1 reason that did not validate:" in done.stderr
    assert "people[0]" in done.stderr
    assert "reasons[1]" in done.stderr
    again = json.loads(fresh.ok(*new, "export", "data").stdout)
    assert [p["name"] for p in again["people"]] == ["Sam"]
    assert [r["text"] for r in again["reasons"]] == ["my kids"]


def test_skip_bad_never_leaves_out_a_tracker(fresh: Cli, tmp_path: Path) -> None:
    document = _support(fresh)
    document["trackers"][0]["clean_date"] = "not a date"
    path = write_document(tmp_path / "export.json", document)
    new = _new_journal(fresh, tmp_path)
    refused = fresh(*new, "import", "json", str(path), "--skip-bad")
    assert refused.exit_code == 1
    assert "trackers[0]" in refused.stderr
    assert "Nothing was imported." in refused.stderr


def test_someone_already_here_by_name_is_not_added_twice(fresh: Cli, tmp_path: Path) -> None:
    document = _support(fresh)  # Sam, ana; "my kids", "waking up clear-headed"
    path = write_document(tmp_path / "export.json", document)
    new = _new_journal(fresh, tmp_path)
    fresh.ok(*new, "people", "add", "SAM", "--role", "peer")
    fresh.ok(*new, "why", "add", "My  kids")
    done = fresh.ok(*new, "import", "json", str(path))
    assert "Already here, so kept as they are here: Sam, 'my kids'." in done.stdout
    assert "and 1 person and 1 reason;" in done.stdout
    again = json.loads(fresh.ok(*new, "export", "data").stdout)
    assert sorted((p["name"], p["role"]) for p in again["people"]) == [
        ("SAM", "peer"),
        ("ana", "friend"),
    ]
    assert sorted(r["text"] for r in again["reasons"]) == ["My  kids", "waking up clear-headed"]
    twice = fresh.ok(*new, "import", "json", str(path))
    assert "Nothing to import" in twice.stdout


def test_settings_travel_with_the_export_and_never_override_a_journals_own(
    fresh: Cli, tmp_path: Path
) -> None:
    plain_export = json.loads(fresh.ok("export", "data").stdout)
    assert "settings" not in plain_export  # none set: the document is as before
    fresh.ok("settings", "--nudge-days", "5")
    document = json.loads(fresh.ok("export", "data").stdout)
    assert document["settings"]["nudge_days"] == 5
    path = write_document(tmp_path / "export.json", document)

    new = _new_journal(fresh, tmp_path)
    done = fresh.ok(*new, "import", "json", str(path))
    assert "and your settings" in done.stdout
    assert "after 5 days" in fresh.ok(*new, "settings").stdout
    assert "Nothing to import" in fresh.ok(*new, "import", "json", str(path)).stdout

    other = ["--journal", str(tmp_path / "other" / "journal.db")]
    fresh.ok(*other, "init", "--clean-date", "2026-01-01")
    fresh.ok(*other, "settings", "--nudge-days", "1")
    fresh.ok(*other, "import", "json", str(path))
    assert "after a day" in fresh.ok(*other, "settings").stdout  # its own, kept


def test_a_settings_record_that_does_not_validate_refuses_the_file(
    fresh: Cli, tmp_path: Path
) -> None:
    fresh.ok("settings", "--nudge-days", "5")
    document = json.loads(fresh.ok("export", "data").stdout)
    document["settings"]["nudge_days"] = 999
    path = write_document(tmp_path / "export.json", document)
    new = _new_journal(fresh, tmp_path)
    refused = fresh(*new, "import", "json", str(path))
    assert refused.exit_code == 1
    assert "settings[0]" in refused.stderr
    assert "from 0 to 365" in refused.stderr
