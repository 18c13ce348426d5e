"""`import json` of our own export: the share log comes along, trackers of the same name merge,
and --skip-bad leaves out what does not validate (never a tracker)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli


@pytest.fixture
def source(cli: Cli, tmp_path: Path) -> Cli:
    """Another journal: tracker 'alcohol' from 2025-11-02, a use, a craving acted on, a
    shared summary and a data export in its share log."""
    other = Cli(tmp_path / "other" / "journal.db", cli.env)
    other.ok(
        "--journal",
        str(other.journal),
        "init",
        "--tracker",
        "alcohol",
        "--clean-date",
        "2025-11-02",
    )
    run = ["--journal", str(other.journal)]
    other.ok(
        *run, "use", "--substance", "alcohol", "--amount", "2 beers", "--at", "2026-01-10 21:00"
    )
    other.ok(
        *run,
        "craving",
        "7",
        "--substance",
        "alcohol",
        "--outcome",
        "used",
        "--at",
        "2026-01-10 20:00",
    )
    other.ok(*run, "mood", "6", "--at", "2026-01-11 09:00")
    other.ok(
        *run,
        "export",
        "summary",
        "--since",
        "2026-01-01",
        "--until",
        "2026-01-31",
        "-o",
        str(tmp_path / "s.md"),
        "--recipient",
        "Dr. Lee",
        "--yes",
    )
    return other


def export(cli: Cli, journal: Path, *args: str) -> dict[str, Any]:
    document = json.loads(cli.ok("--journal", str(journal), "export", "data", *args).stdout)
    assert isinstance(document, dict)
    return document


def test_the_share_log_survives_the_round_trip(source: Cli, cli: Cli, tmp_path: Path) -> None:
    first = export(source, source.journal, "--include-history")
    assert [x["recipient"] for x in first["exports"]] == ["Dr. Lee"]
    path = tmp_path / "out.json"
    path.write_text(json.dumps(first), encoding="utf-8")
    new = tmp_path / "new" / "journal.db"
    cli.ok("--journal", str(new), "init")
    cli.ok("--journal", str(new), "tracker", "remove", "sobriety", "--yes")
    done = cli.ok("--journal", str(new), "import", "json", str(path))
    assert "and 1 tracker and 1 export record; 0 already" in done.stdout
    again = export(cli, new, "--include-history")
    del first["exported_at"], again["exported_at"]
    assert again == first
    history = cli.ok("--journal", str(new), "export", "history").stdout
    assert "Dr. Lee" in history


def test_a_tracker_of_the_same_name_and_clean_date_merges(
    source: Cli, fresh: Cli, tmp_path: Path
) -> None:
    fresh.ok("tracker", "add", "alcohol", "--clean-date", "2025-11-02")
    path = tmp_path / "out.json"
    path.write_text(json.dumps(export(source, source.journal)), encoding="utf-8")
    done = fresh.ok("import", "json", str(path))
    assert "The file's tracker 'alcohol' joins this journal's 'alcohol'." in done.stdout
    mine = export(fresh, fresh.journal)
    (alcohol,) = [t for t in mine["trackers"] if t["name"] == "alcohol"]
    assert len(mine["trackers"]) == 2  # sobriety and alcohol: no second alcohol
    acted = [e for e in mine["entries"] if e["kind"] in ("use", "craving")]
    assert [e["tracker"] for e in acted] == [alcohol["id"], alcohol["id"]]
    again = fresh.ok("import", "json", str(path))
    assert "Nothing to import" in again.stdout


def test_another_clean_date_is_refused_unless_merge_trackers(
    source: Cli, fresh: Cli, tmp_path: Path
) -> None:
    fresh.ok("tracker", "add", "Alcohol", "--clean-date", "2026-01-20")
    path = tmp_path / "out.json"
    path.write_text(json.dumps(export(source, source.journal)), encoding="utf-8")
    refused = fresh("import", "json", str(path))
    assert refused.exit_code == 1
    assert "--merge-trackers" in refused.stderr
    assert len(export(fresh, fresh.journal)["entries"]) == 0
    fresh.ok("import", "json", str(path), "--merge-trackers")
    mine = export(fresh, fresh.journal)
    (alcohol,) = [t for t in mine["trackers"] if t["name"] == "Alcohol"]
    assert alcohol["clean_date"] == "2026-01-20"  # this journal's is kept
    assert {e["tracker"] for e in mine["entries"] if e["kind"] == "use"} == {alcohol["id"]}


def test_skip_bad_leaves_out_only_the_invalid_entries(
    source: Cli, fresh: Cli, tmp_path: Path
) -> None:
    document = export(source, source.journal)
    document["entries"][0]["score"] = 11
    path = tmp_path / "out.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    refused = fresh("import", "json", str(path))
    assert refused.exit_code == 1
    assert "entries[0]" in refused.stderr
    done = fresh.ok("import", "json", str(path), "--skip-bad")
    assert "Skipped 1 entry that did not validate" in done.stderr
    assert "entries[0]" in done.stderr
    assert len(export(fresh, fresh.journal)["entries"]) == 2
