"""Concurrency torture (SECURITY.md D5): writers at the same time lose nothing.

Four library-level children unlock the same journal, wait at a start line,
then add 500 entries each, every entry its own `BEGIN IMMEDIATE` transaction,
timing each add. Every acknowledged entry must be there and decrypt, nothing
extra or missing, integrity ok. Then four real CLI processes run `rj mood`
15 times each in parallel: every one must succeed with nothing on stderr, so
no "database is locked" (or any other error) ever reaches the person.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PASSPHRASE, Cli, Result
from recovery_journal.vault.crypto import Secret
from recovery_journal.vault.journal import Journal

pytestmark = pytest.mark.slow  # the torture tests: `-m 'not slow'` skips them

WRITERS = 4
PER_WRITER = 500
CLI_PROCESSES = 4
CLI_PER_PROCESS = 15

CHILD = """\
import json, os, sys, time
from datetime import datetime, timezone
from pathlib import Path
from recovery_journal.vault.crypto import Secret
from recovery_journal.vault.journal import Journal
from recovery_journal.domain.entries import Note

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
secret = Secret.from_passphrase(os.environ.pop("RECOVERY_JOURNAL_PASSPHRASE"))
journal = Journal.unlock(path, secret)
print("ready", flush=True)
sys.stdin.readline()  # the start line: every writer begins at once
latencies = []
for seq in range(count):
    entry = Note(id="", at=datetime.now(timezone.utc), text=f"writer {name} entry {seq}")
    began = time.perf_counter()
    saved = journal.add(entry)
    latencies.append(time.perf_counter() - began)
    print(f"ack {saved.id} {name} {seq}", flush=True)
journal.close()
print("latencies " + json.dumps(latencies), flush=True)
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def wait_for(path: Path, text: str, deadline: float) -> None:
    while text not in path.read_text():
        assert time.monotonic() < deadline, f"{path.name} never printed {text!r}"
        time.sleep(0.01)


def test_four_writers_at_once_lose_nothing(
    fresh: Cli, tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli = fresh
    script = tmp_path / "writer.py"
    script.write_text(CHILD)
    env = {**cli.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE}
    outs = [tmp_path / f"writer{n}.out" for n in range(WRITERS)]
    errs = [tmp_path / f"writer{n}.err" for n in range(WRITERS)]
    children = []
    with contextlib.ExitStack() as stack:
        for n in range(WRITERS):
            children.append(
                subprocess.Popen(
                    [sys.executable, str(script), str(cli.journal), f"w{n}", str(PER_WRITER)],
                    stdin=subprocess.PIPE,
                    stdout=stack.enter_context(outs[n].open("wb")),
                    stderr=stack.enter_context(errs[n].open("wb")),
                    env=env,
                )
            )
        try:
            deadline = time.monotonic() + 60
            for out in outs:
                wait_for(out, "ready\n", deadline)
            began = time.monotonic()
            for child in children:
                assert child.stdin is not None
                child.stdin.write(b"go\n")
                child.stdin.close()
            codes = [child.wait(timeout=120) for child in children]
            elapsed = time.monotonic() - began
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                    child.wait()

    stderr = [err.read_text() for err in errs]
    assert codes == [0] * WRITERS, stderr
    assert stderr == [""] * WRITERS  # no "database is locked", no warning, nothing

    acked: dict[str, str] = {}
    latencies: list[float] = []
    for out in outs:
        for line in out.read_text().splitlines():
            words = line.split(" ", 1)
            if words[0] == "ack":
                entry_id, name, seq = words[1].split()
                acked[entry_id] = f"writer {name} entry {seq}"
            elif words[0] == "latencies":
                latencies += json.loads(words[1])
    assert len(acked) == WRITERS * PER_WRITER
    assert len(latencies) == WRITERS * PER_WRITER

    with contextlib.closing(sqlite3.connect(cli.journal)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Journal.unlock(cli.journal, Secret.from_passphrase(PASSPHRASE)) as journal:
        contents = journal.contents()
    stored = {entry.id: getattr(entry, "text", None) for entry in contents.entries}
    lost = [i for i, text in acked.items() if stored.get(i) != text]
    assert contents.damaged == []
    assert lost == []
    assert len(stored) == len(acked)  # nothing extra, nothing doubled

    figures(
        "concurrency (library writers)",
        processes=WRITERS,
        entries=len(acked),
        lost=len(lost),
        locked_errors=0,
        integrity_failures=0,
        p50_ms=round(percentile(latencies, 0.50) * 1000, 2),
        p95_ms=round(percentile(latencies, 0.95) * 1000, 2),
        max_ms=round(max(latencies) * 1000, 1),
        seconds=round(elapsed, 2),
    )


def test_parallel_cli_processes_never_show_a_locked_error(
    fresh: Cli, figures: Callable[..., None]
) -> None:
    cli = fresh.as_process()
    results: list[tuple[Result, float]] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        for seq in range(CLI_PER_PROCESS):
            began = time.monotonic()
            # Moods of 4-10: a 3 or less would add the support block to stderr.
            result = cli("mood", str(4 + (n + seq) % 7), "--note", f"parallel {n}.{seq}")
            with lock:
                results.append((result, time.monotonic() - began))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(CLI_PROCESSES)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.monotonic() - began
    assert not any(thread.is_alive() for thread in threads)

    failures = [result for result, _ in results if result.exit_code != 0 or result.stderr]
    assert len(results) == CLI_PROCESSES * CLI_PER_PROCESS
    assert failures == []
    assert all(result.stdout.startswith("Saved mood ") for result, _ in results)

    listed = json.loads(cli.ok("list", "--json", "--limit", "0").stdout)
    notes = sorted(entry["note"] for entry in listed)
    expected = sorted(
        f"parallel {n}.{seq}" for n in range(CLI_PROCESSES) for seq in range(CLI_PER_PROCESS)
    )
    assert notes == expected
    assert "Journal OK" in cli.ok("verify").stdout
    figures(
        "concurrency (real CLI `mood`)",
        processes=CLI_PROCESSES,
        commands=len(results),
        failures=len(failures),
        locked_errors=sum("locked" in result.stderr for result, _ in results),
        p95_command_ms=round(percentile([t for _, t in results], 0.95) * 1000),
        seconds=round(elapsed, 1),
    )
