"""Disk-full torture (SECURITY.md D4): a full disk costs the new entry, never the old ones.

The real CLI runs with RLIMIT_FSIZE set low (SIGXFSZ ignored, so a write past
the limit fails with EFBIG, which SQLite reports as a disk I/O error, as on a
full or failing disk), after the journal has been filled with entries. Each
write must either print "Saved" and be there afterwards, or fail with one
clear "Not saved" line and leave every earlier entry intact, with the journal
still opening and PRAGMA integrity_check ok. Then SQLITE_FULL, EIO and ENOSPC
are injected in this process at the INSERT, the COMMIT and the file creation.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSPHRASE, Cli, Result
from recovery_journal.domain.entries import Note
from recovery_journal.vault.crypto import Secret
from recovery_journal.vault.journal import Journal
from recovery_journal.vault.storage import JournalFile
from test_torture_input import run_main
from test_torture_passwd import FaultyConnection, fingerprint

pytestmark = pytest.mark.slow  # the torture tests: `-m 'not slow'` skips them

SEED = 20260604
NEW_PASSPHRASE = "a brand new passphrase here"

# SIGXFSZ would kill the process: ignored, the write fails with EFBIG instead.
LIMITED = """\
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from recovery_journal.cli import main
raise SystemExit(main())
"""


def run_limited(cli: Cli, limit: int, *args: str, **env: str) -> Result:
    proc = subprocess.run(
        [sys.executable, "-c", LIMITED, str(limit), *args],
        capture_output=True,
        text=True,
        env={**cli.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE, **env},
        timeout=60,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def one_error_line(result: Result) -> str:
    assert result.exit_code not in (0, 70), result
    assert result.stderr.count("\n") == 1, result
    assert result.stderr.startswith("Error: "), result
    assert "Traceback" not in result.output
    return result.stderr


def texts(path: Path, passphrase: str = PASSPHRASE) -> dict[str, str]:
    """Every note's id and text, after checking integrity and that nothing is damaged."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Journal.unlock(path, Secret.from_passphrase(passphrase)) as journal:
        contents = journal.contents()
    assert contents.damaged == []
    return {entry.id[:7]: getattr(entry, "text", "") for entry in contents.entries}


def fill(cli: Cli, count: int = 30) -> None:
    at = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    with Journal.unlock(cli.journal, Secret.from_passphrase(PASSPHRASE)) as journal:
        journal.add_many(Note(id="", at=at, text=f"filler {n} " + "f" * 3000) for n in range(count))


def test_writes_against_a_file_size_limit_save_or_say_not_saved(
    fresh: Cli, figures: Callable[..., None]
) -> None:
    cli = fresh
    fill(cli)
    expected = texts(cli.journal)
    size = cli.journal.stat().st_size
    rng = random.Random(SEED)
    limits = [0, 4096, 20_000, 40_000, size, size + 8192, size + 200_000]
    saved = refused = 0
    messages = set()
    for run in range(14):
        limit = limits[run % len(limits)] if run < len(limits) else rng.randrange(0, size * 2)
        text = f"disk run {run} " + "d" * rng.choice([10, 3000, 20_000])
        result = run_limited(cli, limit, "note", text)
        if result.exit_code == 0:
            words = result.stdout.split()
            assert words[:2] == ["Saved", "note"], result
            expected[words[2]] = text
            saved += 1
        else:
            line = one_error_line(result)
            assert "Not saved" in line
            assert "disk is full" in line
            messages.add(line.replace(str(cli.journal), "PATH").strip())
            refused += 1
        assert texts(cli.journal) == expected  # nothing lost, nothing half-written
    assert saved  # both sides of the limit were exercised
    assert refused
    assert "Journal OK" in cli.ok("verify").stdout
    figures(
        "disk full (RLIMIT_FSIZE, `note`)",
        runs=saved + refused,
        saved=saved,
        refused_cleanly=refused,
        lost=0,
        integrity_failures=0,
        tracebacks=0,
    )


def test_passwd_and_delete_on_a_full_disk_change_nothing(fresh: Cli) -> None:
    cli = fresh
    fill(cli, 10)
    doomed = next(iter(texts(cli.journal)))
    before = texts(cli.journal)
    result = run_limited(cli, 0, "passwd", RECOVERY_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE)
    assert "Not saved" in one_error_line(result)
    result = run_limited(cli, 0, "delete", doomed, "--yes")
    assert "Not saved" in one_error_line(result)
    assert texts(cli.journal) == before  # the old passphrase still opens; the entry is there


def test_reading_on_a_full_disk_fails_in_one_line(fresh: Cli, figures: Callable[..., None]) -> None:
    """Opening a WAL journal writes its -shm file: on a full disk even `list` cannot start."""
    cli = fresh
    fill(cli, 5)
    lines = {}
    for command in (["list"], ["verify"], ["streak"]):
        line = one_error_line(run_limited(cli, 0, *command))
        assert "disk" in line
        lines[command[0]] = line
    assert len(texts(cli.journal)) == 5
    figures(
        "disk full (reading commands)",
        commands=len(lines),
        clean_one_line_errors=len(lines),
        says_not_saved=sum("Not saved" in line for line in lines.values()),
    )


# -- injected in this process --------------------------------------------------------------

INJECTED = {
    "SQLITE_FULL at INSERT": ("INSERT", sqlite3.OperationalError("database or disk is full")),
    "SQLITE_IOERR at COMMIT": ("COMMIT", sqlite3.OperationalError("disk I/O error")),
    "ENOSPC at INSERT": ("INSERT", OSError(errno.ENOSPC, "No space left on device")),
}


@pytest.mark.parametrize("case", INJECTED)
def test_injected_disk_errors_while_logging_say_not_saved_and_change_nothing(
    case: str, fresh: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = fresh
    fill(cli, 5)
    before = fingerprint(cli.journal)
    prefix, error = INJECTED[case]
    connect = JournalFile._connect

    class FailAt(FaultyConnection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if sql.lstrip().upper().startswith(prefix) and not self.fail_at:
                self.fail_at = len(self.statements) + 1
            return super().execute(sql, *args)

    monkeypatch.setattr(
        JournalFile, "_connect", staticmethod(lambda path: FailAt(connect(path), error=error))
    )
    code, out, err = run_main(
        ["mood", "6", "--note", "on a full disk"],
        monkeypatch,
        RECOVERY_JOURNAL_PASSPHRASE=PASSPHRASE,
    )
    monkeypatch.undo()
    assert code == 1, (out, err)
    assert err.count("\n") == 1, err
    assert err.startswith("Error: Not saved"), err
    assert "Saved" not in out
    assert fingerprint(cli.journal) == before
    assert len(texts(cli.journal)) == 5


def test_init_on_a_full_disk_says_so_and_leaves_nothing_behind(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def full_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(cli.journal)) and flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", full_open)
    code, out, err = run_main(["init"], monkeypatch, RECOVERY_JOURNAL_PASSPHRASE=PASSPHRASE)
    monkeypatch.undo()
    assert code == 1, (out, err)
    error = err.split("Error: ", 1)[1]  # after the weak-test-KDF warning, if any
    assert error.count("\n") == 1, err
    assert "disk is full" in error
    assert not cli.journal.exists()
