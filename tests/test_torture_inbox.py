"""Joining the inbox under kill -9: every entry logged while locked lands exactly once.

Each cycle logs 25 entries while locked, then starts a process that unlocks and
joins them, and SIGKILLs it at a random moment in the join (the window comes
from a calibration run). Afterwards every entry ever logged is present exactly
once, in the records or still waiting in the inbox, never both and never lost,
and a join is all or nothing.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from recovery_journal.domain import ids
from recovery_journal.domain.entries import Note
from recovery_journal.domain.trackers import Tracker
from recovery_journal.vault import crypto, inbox
from recovery_journal.vault.journal import Journal

pytestmark = pytest.mark.slow

PASSPHRASE = "correct horse battery staple"
CYCLES = 15
PER_CYCLE = 25
AT = datetime(2026, 3, 1, 21, 30, tzinfo=timezone.utc)

JOINER = """
import os, sys
from pathlib import Path
from recovery_journal.vault import crypto
from recovery_journal.vault.journal import Journal

secret = crypto.Secret.from_passphrase(os.environ["TORTURE_PASSPHRASE"])
with Journal.unlock(Path(sys.argv[1]), secret) as journal:
    print("ready", flush=True)
    joined = journal.join_inbox()
    print("joined", len(joined.entries), joined.unreadable, flush=True)
"""


def waiting(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        names = [row[0] for row in db.execute("SELECT k FROM meta WHERE k LIKE 'inbox:%'")]
    return {ids.encode(int(name.removeprefix("inbox:"), 16)) for name in names}


def integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def joined_texts(path: Path) -> dict[str, str]:
    """Every entry in the records, by id (checking none is damaged)."""
    with Journal.unlock(path, crypto.Secret.from_passphrase(PASSPHRASE)) as journal:
        contents = journal.contents()
    assert contents.damaged == []
    return {e.id: e.text for e in contents.entries if isinstance(e, Note)}


def run_joiner(path: Path, env: dict[str, str], kill_after: float | None) -> tuple[bool, float]:
    """Run a join; SIGKILL it `kill_after` seconds after it unlocked. (finished, seconds)."""
    child = subprocess.Popen(
        [sys.executable, "-c", JOINER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    assert child.stdout is not None
    try:
        ready = child.stdout.readline()
        started = time.perf_counter()
        assert ready == "ready\n", (ready, child.stderr.read() if child.stderr else "")
        if kill_after is not None:
            time.sleep(kill_after)
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGKILL)
        out, err = child.communicate(timeout=60)
        seconds = time.perf_counter() - started
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    finished = out.startswith("joined")
    assert finished or child.returncode == -signal.SIGKILL, err
    return finished, seconds


def test_a_join_killed_at_any_moment_loses_and_duplicates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    env = {**os.environ, "TORTURE_PASSPHRASE": PASSPHRASE, "PYTHONDONTWRITEBYTECODE": "1"}
    path = tmp_path / "data" / "journal.db"
    secret = crypto.Secret.from_passphrase(PASSPHRASE)
    Journal.create(
        path, secret, Tracker(id="", name="Alcohol", clean_date=date(2026, 1, 1))
    ).close()
    rng = random.Random(20260301)
    logged: dict[str, str] = {}  # public id -> text

    def log_batch(cycle: int) -> None:
        for n in range(PER_CYCLE):
            text = f"cycle {cycle} entry {n}"
            at = AT - timedelta(minutes=rng.randrange(10_000))
            public_id = inbox.seal_locked(path, Note(id="", at=at, text=text))
            assert public_id not in logged
            logged[public_id] = text

    # Calibration: how long a whole join takes here, so the kills land inside it.
    log_batch(-1)
    finished, join_seconds = run_joiner(path, env, kill_after=None)
    assert finished
    assert waiting(path) == set()
    window = max(join_seconds * 1.3, 0.005)

    outcomes = {"killed before commit": 0, "killed after commit": 0, "finished": 0}
    for cycle in range(CYCLES):
        log_batch(cycle)
        before = waiting(path)
        finished, _ = run_joiner(path, env, kill_after=rng.uniform(0, window))
        assert integrity(path) == "ok"
        after = waiting(path)
        assert after in (set(), before), "a join is all or nothing"
        records = joined_texts(path)
        assert not set(records) & after, "an entry both joined and waiting"
        assert set(records) | after == set(logged), "an entry lost or invented"
        present = {**records, **{i: logged[i] for i in after}}
        assert present == logged  # each under its logging-time id, with its own text
        if finished:
            outcomes["finished"] += 1
        else:
            outcomes["killed after commit" if not after else "killed before commit"] += 1

    # A last clean join takes whatever is still waiting.
    assert run_joiner(path, env, kill_after=None)[0]
    assert waiting(path) == set()
    assert joined_texts(path) == logged
    figures(
        "inbox join under kill -9",
        cycles=CYCLES,
        entries=len(logged),
        join_ms=join_seconds * 1000,
        **{key.replace(" ", "_"): value for key, value in outcomes.items()},
        lost=0,
        duplicated=0,
    )
