"""A newer export of another app's diary never undoes what the person changed here.

An imported entry edited in rj keeps the edit (and is not imported a second time when its
note or time changed); one deleted in rj is not brought back; an entry only the other app
changed is still updated. Real journals and the real CLI; the files are invented.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli, journal_files
from recovery_journal.domain.entries import Craving, Mood
from recovery_journal.domain.import_marks import ImportMark
from recovery_journal.errors import InvalidInput
from recovery_journal.interchange import daylio, jrnl
from recovery_journal.interchange.reconcile import IMPORTERS, mark_for_change

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
FIRST = (
    HEADER + "\n"
    '2023-09-02,Sep 2,Saturday,9:34 PM,good,work | Dinner with friends,"","list of things"\n'
    '2023-09-01,Sep 1,Friday,10:05 PM,meh,Other Sports | gym,"Title","body"\n'
    '2023-08-31,Aug 31,Thursday,8:00 AM,good,,"","an ordinary morning"\n'
)
# Exported later: the 1 September entry's activities edited in Daylio, and a new day.
LATER = (
    HEADER + "\n"
    '2023-09-03,Sep 3,Sunday,7:00 PM,bad,work,"",""\n'
    '2023-09-02,Sep 2,Saturday,9:34 PM,good,work | Dinner with friends,"","list of things"\n'
    '2023-09-01,Sep 1,Friday,10:05 PM,meh,gym | Volleyball,"Title","body"\n'
    '2023-08-31,Aug 31,Thursday,8:00 AM,good,,"","an ordinary morning"\n'
)
JRNL = "[2021-05-02 18:30] Slept badly.\nTalked with my @sponsor after.\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def entries(cli: Cli) -> dict[str, dict[str, Any]]:
    """The journal's entries by their minute (no two share one in these files)."""
    listed = json.loads(cli.ok("list", "--json", "--limit", "0").stdout)
    by_minute = {entry["at"][:16]: entry for entry in listed}
    assert len(by_minute) == len(listed), "an entry was imported twice"
    return by_minute


@pytest.fixture
def imported(fresh: Cli, tmp_path: Path) -> Cli:
    fresh.ok("import", "daylio", str(write(tmp_path, "first.csv", FIRST)))
    return fresh


def reimport(cli: Cli, tmp_path: Path, *more: str) -> str:
    done = cli.ok("import", "daylio", str(write(tmp_path, "later.csv", LATER)), *more)
    return done.stdout


def test_an_entry_only_the_other_app_changed_is_still_updated(
    imported: Cli, tmp_path: Path
) -> None:
    out = reimport(imported, tmp_path)
    assert "1 new entry; 1 entry edited since an earlier import updated; 2 already" in out
    assert entries(imported)["2023-09-01T22:05"]["tags"] == ["daylio", "gym", "volleyball"]


def test_an_entry_edited_here_and_in_the_app_keeps_the_edit_made_here(
    imported: Cli, tmp_path: Path
) -> None:
    mine = entries(imported)["2023-09-01T22:05"]
    imported.ok("edit", mine["id"], "--score", "4", "--note", "a harder evening than it looked")
    preview = reimport(imported, tmp_path, "--dry-run")
    assert "1 entry you changed here and Daylio changed too: would keep yours" in preview
    out = reimport(imported, tmp_path)
    assert "1 new entry; 2 already in the journal" in out
    assert f"1 entry you changed here and Daylio changed too: kept yours ({mine['id'][:7]};" in out
    after = entries(imported)
    assert len(after) == 4  # the new day only: the edited entry is not imported again
    kept = after["2023-09-01T22:05"]
    assert (kept["id"], kept["score"]) == (mine["id"], 4)
    assert kept["note"] == "a harder evening than it looked"
    assert kept["tags"] == mine["tags"]  # Daylio's change to its activities is not applied
    imported.ok("verify")


def test_an_entry_whose_note_or_time_was_edited_here_is_not_imported_twice(
    imported: Cli, tmp_path: Path
) -> None:
    before = entries(imported)
    morning = before["2023-08-31T08:00"]["id"]
    better = "a better morning than I said"
    imported.ok("edit", morning, "--note", better, "--at", "2023-08-31 08:30")
    out = reimport(imported, tmp_path)
    assert "1 new entry; 1 entry edited since an earlier import updated; 2 already" in out
    after = entries(imported)
    assert len(after) == 4
    assert after["2023-08-31T08:30"]["id"] == morning
    assert after["2023-08-31T08:30"]["note"] == better
    assert "2023-08-31T08:00" not in after
    assert "changed too" not in out  # Daylio did not change it: nothing to say


def test_an_entry_whose_tags_were_replaced_here_is_still_recognised(
    imported: Cli, tmp_path: Path
) -> None:
    morning = entries(imported)["2023-08-31T08:00"]["id"]
    imported.ok("edit", morning, "--tag", "mornings")  # the 'daylio' tag is gone too
    reimport(imported, tmp_path)
    after = entries(imported)
    assert len(after) == 4
    assert after["2023-08-31T08:00"]["tags"] == ["mornings"]


def test_an_entry_deleted_here_stays_deleted(imported: Cli, tmp_path: Path) -> None:
    morning = entries(imported)["2023-08-31T08:00"]["id"]
    imported.ok("delete", morning, "--yes")
    assert "1 entry you deleted here would stay deleted." in reimport(
        imported, tmp_path, "--dry-run"
    )
    out = reimport(imported, tmp_path)
    assert "1 entry you deleted here stayed deleted." in out
    after = entries(imported)
    assert "2023-08-31T08:00" not in after
    assert len(after) == 3
    imported.ok("verify")


def test_marks_outlive_a_key_rotation(imported: Cli, tmp_path: Path) -> None:
    morning = entries(imported)["2023-08-31T08:00"]["id"]
    imported.ok("delete", morning, "--yes")
    imported.ok("rotate-keys")  # every record, marks too, sealed again under a new key
    assert "1 entry you deleted here stayed deleted." in reimport(imported, tmp_path)
    imported.ok("verify")


def test_an_entry_edited_then_deleted_here_stays_deleted(imported: Cli, tmp_path: Path) -> None:
    morning = entries(imported)["2023-08-31T08:00"]["id"]
    imported.ok("edit", morning, "--note", "changed my mind")
    imported.ok("delete", morning, "--yes")
    out = reimport(imported, tmp_path)
    assert "1 entry you deleted here stayed deleted." in out
    assert "2023-08-31T08:00" not in entries(imported)


def test_what_is_remembered_of_a_deleted_entry_holds_none_of_its_words(
    imported: Cli, tmp_path: Path
) -> None:
    morning = entries(imported)["2023-08-31T08:00"]["id"]
    imported.ok("delete", morning, "--yes")
    raw = b"".join(path.read_bytes() for path in journal_files(imported.journal))
    for word in (b"ordinary morning", b"ordinary", b"import-mark", b"daylio"):
        assert word not in raw


def test_a_jrnl_note_whose_text_was_edited_here_is_not_imported_twice(
    fresh: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, "j.txt", JRNL)
    fresh.ok("import", "jrnl", str(path))
    (note,) = entries(fresh).values()
    fresh.ok("edit", note["id"], "--text", "Slept badly. Talked with my sponsor, and it helped.")
    again = fresh.ok("import", "jrnl", str(path)).stdout
    assert "Nothing to import: its one entry is already in the journal." in again
    (kept,) = entries(fresh).values()
    assert kept["text"] == "Slept badly. Talked with my sponsor, and it helped."


# -- the marks themselves --------------------------------------------------------------------

AT = datetime(2023, 9, 1, 22, 5, tzinfo=timezone.utc)


def test_the_importers_are_known_by_the_tags_they_give() -> None:
    assert IMPORTERS == {daylio.TAG: "mood", jrnl.TAG: "note"}


def test_only_an_imported_entry_of_the_importers_kind_is_marked() -> None:
    mood = Mood(id="a3f9k2m4b7c8d", at=AT, score=5, feelings=("meh",), tags=("daylio",))
    mine = Mood(id="a3f9k2m4b7c8d", at=AT, score=5, tags=("evening",))
    craving = Craving(id="a3f9k2m4b7c8e", at=AT, intensity=3, tags=("daylio",))
    mark = mark_for_change(mood, [], deleted=False)
    assert mark is not None
    assert (mark.source, mark.entry) == ("daylio", mood.id)
    assert mark_for_change(mine, [], deleted=False) is None
    assert mark_for_change(craving, [], deleted=False) is None


def test_a_mark_keeps_the_key_and_content_of_the_entry_as_first_imported() -> None:
    mood = Mood(id="a3f9k2m4b7c8d", at=AT, score=5, feelings=("meh",), tags=("daylio",))
    first = mark_for_change(mood, [], deleted=False)
    assert first is not None
    stored = ImportMark(**{**first.to_json(), "id": "b7c8d9e0f1g2h"})
    assert mark_for_change(mood.with_changes(note="later"), [stored], deleted=False) is None
    gone = mark_for_change(mood.with_changes(note="later"), [stored], deleted=True)
    assert gone is not None
    assert (gone.id, gone.key, gone.base, gone.entry) == (stored.id, first.key, first.base, None)


@pytest.mark.parametrize(
    "field",
    [{"key": "not a digest"}, {"base": "A" * 32}, {"source": ""}, {"entry": 7}],
)
def test_a_malformed_mark_is_refused(field: dict[str, Any]) -> None:
    good = {"id": "", "source": "daylio", "key": "0" * 32, "base": "f" * 32, "entry": None}
    with pytest.raises(InvalidInput):
        ImportMark.from_json({**good, **field})
