"""Passphrase change interrupted (SECURITY.md D2): old or new opens, never neither.

A child process unlocks the journal through the library and changes the
passphrase back and forth between two passphrases, printing an ack after each
`Journal.change_passphrase` returns. The parent SIGKILLs it at a random moment
0-400 ms into each run (seeded) and then tries both passphrases: exactly one
must open, it must be the last acknowledged one or the next (committed, not yet
acknowledged), and every entry must still decrypt.

Then, without SIGKILL, a fault is injected in the test process at every SQL
statement `change_passphrase` runs (before and after each), and when the new
keyslot is sealed: the old passphrase must still open and the file must be
byte-for-byte unchanged whenever the fault came before COMMIT, the new one
must open otherwise; through the CLI the failure is one line.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSPHRASE, Cli, forget_write_counters, journal_files
from recovery_journal.domain.entries import Note
from recovery_journal.errors import JournalError, StorageError
from recovery_journal.vault import crypto, keyslots
from recovery_journal.vault.journal import Journal
from recovery_journal.vault.storage import JournalFile
from test_torture_input import run_main

pytestmark = pytest.mark.slow  # the torture tests: `-m 'not slow'` skips them

OTHER = "a different horse, same battery"
PASSPHRASES = {"A": PASSPHRASE, "B": OTHER}
MIN_KILLS = 20
MIN_CHANGES = 100
MAX_RUNS = 100
SEED = 20260602
ENTRIES = 40

CHILD = """\
import os, sys
from pathlib import Path
from recovery_journal.vault.crypto import Secret
from recovery_journal.vault.journal import Journal
from recovery_journal.domain.entries import Note

path, current, limit = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
phrases = {"A": os.environ.pop("TORTURE_PASSPHRASE_A"), "B": os.environ.pop("TORTURE_PASSPHRASE_B")}
journal = Journal.unlock(path, Secret.from_passphrase(phrases[current]))
for n in range(limit):
    new = "B" if current == "A" else "A"
    journal.change_passphrase(Secret.from_passphrase(phrases[new]))
    # Acknowledged only now: the new keyslot is committed.
    print(f"ack {n} {new}", flush=True)
    current = new
journal.close()
"""


def opens(path: Path, passphrase: str) -> bool:
    try:
        Journal.unlock(path, crypto.Secret.from_passphrase(passphrase)).close()
    except JournalError:  # wrong passphrase, or key data missing or damaged
        return False
    return True


def which_opens(path: Path) -> list[str]:
    return [name for name, phrase in PASSPHRASES.items() if opens(path, phrase)]


def decryptable_entries(path: Path, passphrase: str) -> int:
    with Journal.unlock(path, crypto.Secret.from_passphrase(passphrase)) as journal:
        contents = journal.contents()
    assert contents.damaged == []
    return len(contents.entries)


def seed_entries(cli: Cli, count: int) -> None:
    """`count` notes in one transaction (the library, for speed)."""
    at = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    with Journal.unlock(cli.journal, crypto.Secret.from_passphrase(PASSPHRASE)) as journal:
        journal.add_many(Note(id="", at=at, text=f"entry {n}") for n in range(count))


def test_sigkill_during_passphrase_changes_never_locks_the_person_out(
    fresh: Cli, tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli = fresh
    seed_entries(cli, ENTRIES)
    script = tmp_path / "passwd_loop.py"
    script.write_text(CHILD)
    env = {**cli.env, "TORTURE_PASSPHRASE_A": PASSPHRASE, "TORTURE_PASSPHRASE_B": OTHER}
    rng = random.Random(SEED)
    current = "A"
    kills = changes = neither = both = with_last_acked = with_next = 0
    started = time.monotonic()

    runs = 0
    while (kills < MIN_KILLS or changes < MIN_CHANGES) and runs < MAX_RUNS:
        runs += 1
        out = tmp_path / f"run{runs}.out"
        with out.open("wb") as stdout:
            child = subprocess.Popen(
                [sys.executable, str(script), str(cli.journal), current, "100000"],
                stdout=stdout,
                stderr=subprocess.PIPE,
                env=env,
            )
            try:
                _, err = child.communicate(timeout=rng.uniform(0, 0.4))
                pytest.fail(f"the child stopped by itself: {err!r}")
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
                child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        kills += 1
        lines = out.read_text().splitlines(keepends=True)
        acked = [line.split() for line in lines if line.endswith("\n")]  # cut short: not acked
        acked = [words for words in acked if len(words) == 3 and words[0] == "ack"]
        changes += len(acked)
        last_acked = acked[-1][2] if acked else current

        opened = which_opens(cli.journal)
        neither += not opened
        both += len(opened) > 1
        assert len(opened) == 1, (runs, opened)
        if opened[0] == last_acked:
            with_last_acked += 1
        else:
            with_next += 1  # committed, killed before the ack
        current = opened[0]
        assert decryptable_entries(cli.journal, PASSPHRASES[current]) == ENTRIES

    assert kills >= MIN_KILLS
    assert changes >= MIN_CHANGES  # the kills did land among committed changes
    with contextlib.closing(sqlite3.connect(cli.journal)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    result = cli.ok("verify", env={"RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASES[current]})
    assert f"{ENTRIES + 1} records decrypted" in result.stdout
    figures(
        "passwd interrupted (SIGKILL)",
        kills=kills,
        committed_changes=changes,
        neither=neither,
        both=both,
        opened_with_last_acked=with_last_acked,
        opened_with_next=with_next,
        lost=0,
        seconds=round(time.monotonic() - started, 1),
    )


# -- fault injection in the test process -------------------------------------------------


class FaultyConnection:
    """A sqlite3 connection that fails at its `fail_at`-th statement, before or after it runs.

    `error` is what it raises: by default SQLite's own message when the disk fails
    under a write (SQLITE_IOERR, which is also what EFBIG and EIO become).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        fail_at: int = 0,
        after: bool = False,
        error: Exception | None = None,
    ) -> None:
        self._conn = conn
        self.fail_at = fail_at
        self.after = after
        self.error = error or sqlite3.OperationalError("disk I/O error")
        self.statements: list[str] = []

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self.statements.append(sql)
        failing = len(self.statements) == self.fail_at
        if failing and not self.after:
            raise self.error
        cursor = self._conn.execute(sql, *args)
        if failing:
            cursor.close()  # a live SELECT would keep the connection open after close()
            raise self.error
        return cursor

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self.statements.append(sql)
        if len(self.statements) == self.fail_at:
            raise self.error
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@contextlib.contextmanager
def unlocked_with(conn_wrapper: Callable[[sqlite3.Connection], Any], path: Path) -> Iterator[Any]:
    """Unlock normally, then route the journal's statements through `conn_wrapper`."""
    journal = Journal.unlock(path, crypto.Secret.from_passphrase(PASSPHRASE))
    wrapped = conn_wrapper(journal.store._conn)
    journal.store._conn = wrapped
    try:
        yield journal, wrapped
    finally:
        journal.close()


def is_write(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE", "REPLACE"))


def fingerprint(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in journal_files(path)}


def meta_rows(path: Path) -> list[tuple[str, bytes]]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT k, v FROM meta ORDER BY k").fetchall()


@pytest.fixture
def statements(fresh: Cli, tmp_path: Path) -> list[str]:
    """The SQL statements one change_passphrase runs (recorded on a copy, without faults)."""
    copy = tmp_path / "copy" / "journal.db"
    copy.parent.mkdir()
    copy.write_bytes(fresh.journal.read_bytes())
    with unlocked_with(FaultyConnection, copy) as (journal, conn):
        journal.change_passphrase(crypto.Secret.from_passphrase(OTHER))
        statements = list(conn.statements)  # not those of closing (the device's counter)
    assert any(sql.strip().upper().startswith("COMMIT") for sql in statements)
    return statements


def test_a_fault_at_any_statement_of_passwd_leaves_one_working_passphrase(
    fresh: Cli, statements: list[str], tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli = fresh
    seed_entries(cli, 5)
    pristine = cli.journal.read_bytes()
    commit = next(i for i, sql in enumerate(statements, 1) if sql.strip().upper() == "COMMIT")
    outcomes = {"old": 0, "new": 0, "neither": 0}
    for fail_at in range(1, len(statements) + 1):
        for after in (False, True):
            cli.journal.write_bytes(pristine)
            forget_write_counters(tmp_path / "state")  # an older copy put back on purpose
            before = fingerprint(cli.journal)
            old_meta = meta_rows(cli.journal)
            inject = functools.partial(FaultyConnection, fail_at=fail_at, after=after)
            with (
                unlocked_with(inject, cli.journal) as (journal, _),
                pytest.raises(StorageError, match="Not saved"),
            ):
                journal.change_passphrase(crypto.Secret.from_passphrase(OTHER))
            opened = which_opens(cli.journal)
            step = f"fault {'after' if after else 'before'} {statements[fail_at - 1]!r}"
            assert len(opened) == 1, step
            committed = fail_at > commit or (fail_at == commit and after)
            assert opened == (["B"] if committed else ["A"]), step
            outcomes["new" if committed else "old"] += 1
            if not committed:
                assert fingerprint(cli.journal) == before, step
                assert meta_rows(cli.journal) == old_meta, step
            assert decryptable_entries(cli.journal, PASSPHRASES[opened[0]]) == 5
    figures(
        "passwd fault injection (each SQL step)",
        statements=len(statements),
        faults=2 * len(statements),
        opened_old=outcomes["old"],
        opened_new=outcomes["new"],
        neither=outcomes["neither"],
    )


def test_a_failure_while_sealing_the_new_keyslot_changes_nothing(
    fresh: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = fresh
    before = fingerprint(cli.journal)

    def broken_seal(*args: object, **kwargs: object) -> keyslots.Keyslot:
        raise MemoryError("no memory for the KDF")

    monkeypatch.setattr(keyslots, "seal_keyslot", broken_seal)
    with (
        Journal.unlock(cli.journal, crypto.Secret.from_passphrase(PASSPHRASE)) as journal,
        pytest.raises(MemoryError),
    ):
        journal.change_passphrase(crypto.Secret.from_passphrase(OTHER))
    monkeypatch.undo()
    assert which_opens(cli.journal) == ["A"]
    assert fingerprint(cli.journal) == before


def test_cli_passwd_with_a_failing_disk_says_so_in_one_line_and_keeps_the_old_passphrase(
    fresh: Cli, statements: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = fresh
    before = fingerprint(cli.journal)
    update = next(i for i, sql in enumerate(statements, 1) if is_write(sql))
    connect = JournalFile._connect
    opened: list[FaultyConnection] = []

    def faulty_connect(path: Path) -> Any:
        opened.append(FaultyConnection(connect(path)))
        return opened[-1]

    # Unlocking runs statements too: arm the fault once the unlock is done.
    def arm(*args: Any, **kwargs: Any) -> None:
        conn = opened[-1]
        conn.fail_at = len(conn.statements) + update
        return original_change(*args, **kwargs)

    original_change = Journal.change_passphrase
    monkeypatch.setattr(JournalFile, "_connect", staticmethod(faulty_connect))
    monkeypatch.setattr(Journal, "change_passphrase", arm)
    code, out, err = run_main(
        ["passwd"],
        monkeypatch,
        RECOVERY_JOURNAL_PASSPHRASE=PASSPHRASE,
        RECOVERY_JOURNAL_NEW_PASSPHRASE=OTHER,
    )
    monkeypatch.undo()
    assert code == 1, (out, err)
    # The weak-test-KDF warning first (wrapped by Rich), then exactly one error line, last.
    warning, _, error = err.partition("Error: ")
    assert warning == "" or warning.startswith("Warning: RECOVERY_JOURNAL_TEST_KDF"), err
    assert error.startswith("Not saved"), err
    assert error.count("\n") == 1, err
    assert error.endswith("\n"), err
    assert "Traceback" not in err + out
    assert "Passphrase changed" not in out
    assert which_opens(cli.journal) == ["A"]
    assert fingerprint(cli.journal) == before
