"""The in-process CLI runner (conftest `Cli`) behaves like a separate process: its own
environment, nothing left behind for the next call, and a bug never passes for an error."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from conftest import PASSPHRASE_ENV, Cli


def test_a_run_sees_exactly_its_own_environment_and_leaves_the_tests_alone(
    fresh: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = str(tmp_path / "elsewhere" / "journal.db")
    monkeypatch.setenv("RECOVERY_JOURNAL_PATH", elsewhere)  # the test's, not the CLI's
    monkeypatch.setenv("RECOVERY_JOURNAL_NEW_PASSPHRASE", "not for this run")
    fresh.log("note", "kept in the CLI's own journal")
    result = fresh("passwd")  # the new passphrase is the test's, so not the CLI's
    assert result.exit_code == 1, result
    assert "No passphrase" in result.stderr
    assert "RECOVERY_JOURNAL_NEW_PASSPHRASE" in result.stderr
    assert os.environ["RECOVERY_JOURNAL_PATH"] == elsewhere
    assert os.environ["RECOVERY_JOURNAL_NEW_PASSPHRASE"] == "not for this run"
    assert PASSPHRASE_ENV not in os.environ  # the app pops it; nothing is put back
    assert fresh.ok("list").stdout.count("kept in the CLI's own journal") == 1


def test_the_journal_option_of_one_run_is_forgotten_by_the_next(fresh: Cli, tmp_path: Path) -> None:
    other = str(tmp_path / "other" / "journal.db")
    fresh.ok("--journal", other, "init")
    fresh.log("--journal", other, "note", "only in the other journal")
    assert "only in the other journal" not in fresh.ok("list").stdout


def test_an_unexpected_exception_fails_the_test_with_its_own_traceback(
    fresh: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise RuntimeError("a bug, not a problem the person can fix")

    monkeypatch.setattr(sqlite3, "connect", broken)
    with pytest.raises(RuntimeError, match="a bug, not a problem"):
        fresh("list")
    # What a person sees instead, without RECOVERY_JOURNAL_DEBUG: one line and exit 70.
    result = fresh("list", env={"RECOVERY_JOURNAL_DEBUG": ""})
    assert result.exit_code == 70, result
    assert result.stderr.startswith("Error: Unexpected problem (RuntimeError)"), result
    assert "Traceback" not in result.output
