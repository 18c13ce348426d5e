"""`rj export sqlite`: the analysis database, its layout, consent, and what loads sqlite-utils."""

from __future__ import annotations

import contextlib
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import PASSPHRASE, Cli
from recovery_journal.domain.entries import KINDS

LOG = (
    ("tracker", "add", "alcohol", "--clean-date", "2026-01-01"),
    ("mood", "4", "--feeling", "flat", "--note", "a private thought", "--at", "2026-02-02 09:00"),
    ("mood", "8", "--at", "2026-02-02 20:00"),
    (
        "craving",
        *("7", "--substance", "alcohol", "--halt", "tired", "--outcome", "resisted"),
        *("--at", "2026-02-03 18:00"),
    ),
    ("craving", "9", "--substance", "alcohol", "--outcome", "used", "--at", "2026-02-04 18:00"),
    ("use", "--substance", "alcohol", "--amount", "3 beers", "--at", "2026-02-04 21:00"),
    ("gratitude", "my sister", "--at", "2026-02-05 08:00"),
    ("meeting", "--fellowship", "AA", "--name", "Tuesday group", "--at", "2026-02-05 19:00"),
    ("trigger", "payday at the pub", "--category", "places", "--at", "2026-02-06 12:00"),
)


@pytest.fixture
def logged(fresh: Cli) -> Cli:
    for args in LOG:
        fresh.ok(*args)
    fresh.ok("note", "--at", "2026-02-07 22:00", stdin="went for a long walk\n")
    return fresh


@contextlib.contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        yield db


def verify_counts(cli: Cli) -> dict[str, int]:
    found = re.findall(r"^\s*([a-z-]+)\s+(\d+)\s*$", cli.ok("verify").stdout, re.MULTILINE)
    return {kind: int(count) for kind, count in found}


def test_one_typed_table_per_kind_with_the_row_counts_verify_reports(
    logged: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "analysis.db"
    done = logged.ok("export", "sqlite", "-o", str(target), "--yes")
    assert "Wrote" in done.stderr
    assert "NOT encrypted" in done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    counts = verify_counts(logged)
    with opened(target) as db:
        for kind in KINDS:
            (rows,) = db.execute(f'SELECT count(*) FROM "{kind}"').fetchone()  # noqa: S608
            assert rows == counts[kind], kind
        (trackers,) = db.execute("SELECT count(*) FROM trackers").fetchone()
        assert trackers == counts["tracker"]
        mood = db.execute("SELECT sql FROM sqlite_master WHERE name = 'mood'").fetchone()[0]
        assert '"score" INTEGER' in mood
        use = db.execute("SELECT sql FROM sqlite_master WHERE name = 'use'").fetchone()[0]
        assert '"tracker" TEXT REFERENCES "trackers"("id")' in use
        craving = db.execute("SELECT sql FROM sqlite_master WHERE name = 'craving'").fetchone()[0]
        assert 'REFERENCES "trackers"("id")' in craving
        (halt,) = db.execute("SELECT halt FROM craving WHERE intensity = 7").fetchone()
        assert halt == '["tired"]'


def test_notes_and_own_words_are_left_out_unless_asked_for(logged: Cli, tmp_path: Path) -> None:
    plain, full = tmp_path / "plain.db", tmp_path / "full.db"
    shown = logged.ok("export", "sqlite", "-o", str(plain), "--yes").stderr
    assert "notes and your own words left out" in shown
    logged.ok("export", "sqlite", "-o", str(full), "--yes", "--include-notes")
    with opened(plain) as db:
        assert db.execute("SELECT count(*) FROM mood WHERE note IS NOT NULL").fetchone() == (0,)
        assert db.execute("SELECT text FROM note").fetchall() == [(None,)]
        assert db.execute("SELECT items FROM gratitude").fetchall() == [(None,)]
        assert db.execute("SELECT name, fellowship FROM meeting").fetchall() == [(None, "AA")]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert not any(name.endswith("_fts") for name in tables)
    assert b"private thought" not in plain.read_bytes()
    with opened(full) as db:
        found = db.execute(
            "SELECT mood.score FROM mood JOIN mood_fts ON mood_fts.rowid = mood.rowid "
            "WHERE mood_fts MATCH 'private'"
        ).fetchall()
        assert found == [(4,)]
        assert db.execute("SELECT note.text FROM note").fetchall() == [("went for a long walk",)]


def test_the_views_answer_daily_mood_weekly_cravings_and_use_days(
    logged: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "a.db"
    logged.ok("export", "sqlite", "-o", str(target), "--yes")
    with opened(target) as db:
        assert db.execute("SELECT day, average_score, moods FROM daily_mood").fetchall() == [
            ("2026-02-02", 6.0, 2)
        ]
        assert db.execute(
            "SELECT week_starting, cravings, resisted, used FROM weekly_cravings"
        ).fetchall() == [("2026-02-02", 2, 1, 1)]
        assert db.execute("SELECT day, tracker, uses, amounts FROM use_days").fetchall() == [
            ("2026-02-04", "alcohol", 1, "3 beers")
        ]


def test_the_share_log_remembers_it_and_the_consent_flow_holds(logged: Cli, tmp_path: Path) -> None:
    target = tmp_path / "a.db"
    needs_yes = logged("export", "sqlite", "-o", str(target))
    assert needs_yes.exit_code == 1
    assert "--yes" in needs_yes.stderr
    assert not target.exists()
    logged.ok("export", "sqlite", "-o", str(target), "--yes")
    again = logged("export", "sqlite", "-o", str(target), "--yes")
    assert "already exists" in again.stderr
    logged.ok("export", "sqlite", "-o", str(target), "--yes", "--force")
    history = logged.ok("export", "history", "--json").stdout
    assert history.count('"format": "sqlite"') == 2
    wrong = logged("export", "sqlite", "-o", str(tmp_path / "a.csv"), "--yes")
    assert wrong.exit_code == 1


@pytest.mark.parametrize(
    "args", [("--help",), ("mood", "5"), ("list",), ("export", "data")], ids=" ".join
)
def test_only_export_sqlite_loads_sqlite_utils(fresh: Cli, args: tuple[str, ...]) -> None:
    script = (
        "import sys\n"
        "from recovery_journal.cli import main\n"
        f"main({list(args)!r})\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    env = {**fresh.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    loaded = done.stderr.rpartition("MODULES ")[2].split()
    assert "recovery_journal.cli.app" in loaded, done.stderr
    assert [m for m in loaded if m.startswith(("sqlite_utils", "sqlite_fts4"))] == []
