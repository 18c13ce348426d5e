"""Crash and edge bugs found while attacking the journal (issue "Integrity you can prove").

Each was a traceback (exit 70), a silently wrong answer or a leak; each is now one clear
line or the right answer: a journal path holding Rich markup, an emoji on an ASCII-only
terminal, a recovery key typed as an argument, the weak test KDF outside the test suite,
an absurd tracker cost, and `import json` with dates the CLI refuses or an id that
clashes with an export record.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PASSPHRASE, TEST_SUITE_ENV, Cli, Result, run_as_process

KEY = "7K3M-Q9TX-AB12-CD34-EF56-GH78-JK9W"


def error(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, result
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Warning")]
    assert lines[-1].startswith("Error: "), result
    assert "Traceback" not in result.output
    return lines[-1]


def test_a_journal_path_holding_markup_is_created_and_named_literally(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "a[/]b [bold]x[/bold]" / "journal.db"
    result = cli.ok("--journal", str(path), "init")
    assert f"Created your journal at {path}" in result.stdout
    assert path.is_file()
    cli.ok("--journal", str(path), "note", "fine")
    assert "Journal OK" in cli.ok("--journal", str(path), "verify").stdout


def test_an_emoji_on_an_ascii_only_terminal_is_shown_escaped_not_a_crash(
    fresh: Cli, figures: Callable[..., None]
) -> None:
    short = fresh.log("note", "a good day 🙂 at last")
    env = {**fresh.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE, "PYTHONIOENCODING": "ascii"}
    result = run_as_process(["show", short], "", env)
    assert result.exit_code == 0, result
    assert "a good day \\U0001f642 at last" in result.stdout
    listed = run_as_process(["list"], "", env)
    assert listed.exit_code == 0, listed
    figures("edge: emoji on an ASCII terminal", exit_code=result.exit_code, escaped=1)


@pytest.mark.parametrize(
    "args",
    [
        ("passwd", "--recovery-key", KEY),
        ("passwd", KEY.replace("-", "").lower()),
        ("recovery-key", "remove", KEY.replace("-", " ")),
    ],
)
def test_a_recovery_key_typed_as_an_argument_is_never_echoed(
    fresh: Cli, args: tuple[str, ...]
) -> None:
    result = fresh(*args)
    line = error(result, code=2)
    assert "<hidden>" in line
    assert "never typed as an argument" in line
    for form in (KEY, KEY.replace("-", ""), KEY.replace("-", "").lower(), KEY.replace("-", " ")):
        assert form not in result.output


def test_the_weak_test_kdf_is_ignored_outside_the_test_suite(
    cli: Cli, figures: Callable[..., None]
) -> None:
    """A normal installed run (no PYTEST_CURRENT_TEST) with the switch set makes a key with
    the production parameters, and says nothing about test settings."""
    env = {k: v for k, v in cli.env.items() if k != TEST_SUITE_ENV}
    env["RECOVERY_JOURNAL_PASSPHRASE"] = PASSPHRASE
    assert env["RECOVERY_JOURNAL_TEST_KDF"] == "fast"
    result = run_as_process(["init"], "", env)
    assert result.exit_code == 0, result
    assert "TEST_KDF" not in result.output
    with contextlib.closing(sqlite3.connect(cli.journal)) as db:
        slot = json.loads(
            db.execute("SELECT v FROM meta WHERE k = 'keyslot:passphrase'").fetchone()[0]
        )
    assert slot["kdf"] in (
        {"alg": "argon2id", "m_kib": 131072, "t": 3, "p": 4},
        {"alg": "scrypt", "log2_n": 17, "r": 8, "p": 1},
    )
    # Under the suite (this process, and what it starts), the switch still works.
    assert os.environ.get(TEST_SUITE_ENV)
    figures("edge: test KDF outside the suite", kdf=slot["kdf"]["alg"], weak=False)


def test_an_absurd_tracker_cost_is_refused_at_input_and_on_import(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    assert "at most 1,000,000,000" in error(cli("tracker", "add", "weed", "--cost-per-day", "1e26"))
    cli.ok("tracker", "add", "weed", "--cost-per-day", "1e9", "--clean-date", "2000-01-01")
    cli.ok("streak")  # a billion a day for 26 years still fits what is shown
    exported = tmp_path / "export.json"
    cli.ok("export", "data", "-o", str(exported), "--yes")
    document = json.loads(exported.read_text())
    for tracker in document["trackers"]:
        tracker["cost_per_day"] = "1E+26"
    exported.write_text(json.dumps(document))
    assert "at most 1,000,000,000" in error(cli("import", "json", str(exported)))


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("at", "2999-01-01T10:00:00+00:00", "is in the future"),
        ("at", "1850-06-01T10:00:00+00:00", "before 1900"),
        ("clean_date", "2999-01-01", "more than a day in the future"),
        ("clean_date", "1850-06-01", "before 1900"),
    ],
)
def test_import_json_refuses_the_dates_the_cli_refuses(
    fresh: Cli, tmp_path: Path, field: str, value: str, said: str
) -> None:
    cli = fresh
    cli.log("note", "kept")
    exported = tmp_path / "export.json"
    cli.ok("export", "data", "-o", str(exported), "--yes")
    document = json.loads(exported.read_text())
    items = document["entries"] if field == "at" else document["trackers"]
    items[0][field] = value
    items[0]["id"] = "abcdefghjkmn0"
    exported.write_text(json.dumps(document))
    line = error(cli("import", "json", str(exported)))
    assert said in line
    assert "Nothing was imported" in line


def test_an_import_id_that_is_an_export_records_is_a_conflict_not_a_storage_error(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    cli.log("note", "kept")
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    cli.ok("export", "data", "-o", str(first), "--yes")
    cli.ok("export", "data", "-o", str(second), "--yes", "--include-history")
    document = json.loads(second.read_text())
    clash = document["exports"][0]["id"]
    document["entries"][0]["id"] = clash
    document["entries"][0]["text"] = "a different entry"
    document["exports"] = []
    second.write_text(json.dumps(document))
    line = error(cli("import", "json", str(second)))
    assert "already hold different content" in line
    assert "could not be read or written" not in line
