"""Crash torture (SECURITY.md D1): kill -9 during writes loses nothing acknowledged.

A child process unlocks the journal through the library and adds entries in a
loop, printing `ack <id>` only after each `Journal.add` has returned, that is
after COMMIT. The parent SIGKILLs it at a random moment 0-400 ms into each run
(from a seeded random.Random, so the kill points are the same on every run)
and starts it again, until at least 20 kills and 1,000 acknowledgements. After
every kill `PRAGMA integrity_check` must be ok and every acknowledged row there;
at the end every acknowledged entry must decrypt to what was written, and the
real CLI's `verify` must pass. A second test does the same with the real CLI
(`python -m recovery_journal note ...`): "Saved" is printed only after commit.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PASSPHRASE, Cli, journal_files
from recovery_journal.domain import ids
from recovery_journal.vault.crypto import Secret
from recovery_journal.vault.journal import Journal

pytestmark = pytest.mark.slow  # the torture tests: `-m 'not slow'` skips them

MIN_KILLS = 20
MIN_ACKS = 1000
MAX_RUNS = 200  # a bound, never reached in practice: about 25 runs are enough
KILL_WINDOW = 0.4  # seconds after the child starts
SEED = 20260601


def note_text(run: int, seq: int) -> str:
    """What run `run` writes as entry `seq`: some entries span several pages."""
    filler = "x" * (9000 if seq % 10 == 3 else (seq * 37) % 300 + 1)
    return f"crash run {run} entry {seq} {filler}"


CHILD = (
    "import os, sys\n"
    "from datetime import datetime, timezone\n"
    "from pathlib import Path\n"
    "from recovery_journal.vault.crypto import Secret\n"
    "from recovery_journal.vault.journal import Journal\n"
    "from recovery_journal.domain.entries import Note\n"
    "\n" + inspect.getsource(note_text) + "\n"
    "path, run, limit = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\n"
    "secret = Secret.from_passphrase(os.environ.pop('RECOVERY_JOURNAL_PASSPHRASE'))\n"
    "journal = Journal.unlock(path, secret)\n"
    "for seq in range(limit):\n"
    "    entry = Note(id='', at=datetime.now(timezone.utc), text=note_text(run, seq))\n"
    "    saved = journal.add(entry)\n"
    "    # Acknowledged only now: add() returned, so COMMIT did.\n"
    "    sys.stdout.write(f'ack {saved.id} {run} {seq}\\n')\n"
    "    sys.stdout.flush()\n"
    "journal.close()\n"
)


def child_env(cli: Cli) -> dict[str, str]:
    return {**cli.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE}


def acks(text: str) -> list[tuple[str, int, int]]:
    """Complete `ack` lines only: a line cut short by the kill does not count."""
    found = []
    for line in text.splitlines(keepends=True):
        words = line.split()
        if line.endswith("\n") and len(words) == 4 and words[0] == "ack":
            found.append((words[1], int(words[2]), int(words[3])))
    return found


def readonly_check(path: Path) -> tuple[list[str], set[int]]:
    """integrity_check and the row ids, read-only: the next child recovers the WAL itself."""
    uri = f"file:{path}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
        rows = {row[0] for row in db.execute("SELECT id FROM records")}
    return ([] if problems == ["ok"] else problems), rows


def test_sigkill_while_logging_loses_no_acknowledged_entry(
    fresh: Cli, tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli = fresh
    script = tmp_path / "writer.py"
    script.write_text(CHILD)
    rng = random.Random(SEED)
    acked: dict[str, tuple[int, int]] = {}
    kills = kills_mid_write = integrity_failures = 0
    lost_during: set[str] = set()
    started = time.monotonic()

    run = 0
    while (kills < MIN_KILLS or len(acked) < MIN_ACKS) and run < MAX_RUNS:
        run += 1
        out, err = tmp_path / f"run{run}.out", tmp_path / f"run{run}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            child = subprocess.Popen(
                [sys.executable, str(script), str(cli.journal), str(run), "100000"],
                stdout=stdout,
                stderr=stderr,
                env=child_env(cli),
            )
            try:
                child.wait(timeout=rng.uniform(0, KILL_WINDOW))
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
            code = child.wait(timeout=30)
        assert code == -signal.SIGKILL, (code, err.read_text())
        kills += 1
        new = acks(out.read_text())
        kills_mid_write += bool(new)
        acked.update({entry_id: (r, seq) for entry_id, r, seq in new})

        problems, rows = readonly_check(cli.journal)
        integrity_failures += bool(problems)
        lost_during |= {i for i in acked if ids.decode(i) not in rows}

    elapsed = time.monotonic() - started
    assert kills >= MIN_KILLS
    assert len(acked) >= MIN_ACKS
    assert integrity_failures == 0
    assert lost_during == set()

    # At the end, with a normal connection: integrity, then every acknowledged entry decrypts.
    with contextlib.closing(sqlite3.connect(cli.journal)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Journal.unlock(cli.journal, Secret.from_passphrase(PASSPHRASE)) as journal:
        contents = journal.contents()
    texts = {entry.id: getattr(entry, "text", None) for entry in contents.entries}
    lost = [i for i, (r, seq) in acked.items() if texts.get(i) != note_text(r, seq)]
    assert contents.damaged == []
    assert lost == []
    extra = len(texts) - len(acked)  # committed, but killed before the ack was written
    assert extra >= 0

    result = cli.ok("verify")
    assert f"{len(texts) + 1} records decrypted" in result.stdout, result
    assert journal_files(cli.journal) == [cli.journal]  # verify's clean exit folded the WAL

    figures(
        "crash (library writer, SIGKILL)",
        runs=run,
        kills=kills,
        kills_mid_write=kills_mid_write,
        acknowledged=len(acked),
        lost=len(lost) + len(lost_during),
        integrity_failures=integrity_failures,
        committed_unacked=extra,
        seconds=round(elapsed, 1),
    )


CLI_MIN_RUNS = 12
CLI_MIN_KILLS = 5
CLI_MIN_SAVED = 3
CLI_MAX_RUNS = 40


def test_the_cli_says_saved_only_after_commit_even_when_killed(
    fresh: Cli, tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli = fresh
    began = time.monotonic()
    cli.as_process().log("note", "timing run")  # the kills are timed against a real process
    typical = time.monotonic() - began
    rng = random.Random(SEED + 1)
    saved: dict[str, str] = {}  # short id -> text
    runs = kills = 0
    scale = 1.0  # kills follow the runs: earlier after one that finished, later after a kill
    enough = False
    while not enough and runs < CLI_MAX_RUNS:
        runs += 1
        text = f"cli crash note {runs}"
        out = tmp_path / f"cli{runs}.out"
        with out.open("wb") as stdout:
            child = subprocess.Popen(
                [sys.executable, "-m", "recovery_journal", "note", text],
                stdout=stdout,
                stderr=subprocess.DEVNULL,
                # Unbuffered: "Saved" reaches the file the moment it is printed.
                env={**child_env(cli), "PYTHONUNBUFFERED": "1"},
                start_new_session=True,
            )
            try:
                code = child.wait(timeout=rng.uniform(0.5, 1.3) * typical * scale)
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
                code = child.wait(timeout=30)
        kills += code == -signal.SIGKILL
        # The timing run may be slower or faster than the runs after it (a cold cache, a
        # busy machine): steering keeps both kills and acknowledged saves coming.
        killed = code == -signal.SIGKILL
        scale = min(2.0, scale * 1.15) if killed else max(0.2, scale * 0.8)
        words = out.read_text().split()
        if words[:2] == ["Saved", "note"]:
            saved[words[2]] = text
        else:
            assert code == -signal.SIGKILL, (code, words)
        enough = runs >= CLI_MIN_RUNS and kills >= CLI_MIN_KILLS and len(saved) >= CLI_MIN_SAVED

    assert enough, (runs, kills, len(saved))
    listed = json.loads(cli.ok("list", "--json", "--limit", "0").stdout)
    by_short = {entry["id"][:7]: entry["text"] for entry in listed}
    lost = [short for short, text in saved.items() if by_short.get(short) != text]
    assert lost == []
    cli.ok("verify")
    figures(
        "crash (real CLI `note`, SIGKILL)",
        runs=runs,
        kills=kills,
        acknowledged=len(saved),
        lost=len(lost),
        committed_unacked=len(listed) - 1 - len(saved),
    )


@pytest.mark.parametrize("line", ["ack abc 1 2", "ack abc 1", "nack abc 1 2\n"])
def test_only_complete_ack_lines_count(line: str) -> None:
    """Guards the parser above: a line cut short by the kill is not an acknowledgement."""
    assert acks(line) == []
    assert acks("ack abc 1 2\n") == [("abc", 1, 2)]
