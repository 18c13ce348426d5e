"""Benchmark: what the manifest (docs/integrity.md) costs per write and per read, as ratios.

    python bench/integrity.py                  # 100,000 entries
    python bench/integrity.py --entries 10000 --writes 300

One journal is filled through the library; then, in this process and interleaved
round by round (so a busy machine slows both alike), the same operation is timed with
the manifest and without it (the ledger detached from the file, the read check
skipped). Reported as medians and ratios: compare the ratios, not the absolute times.

- write: `Journal.add` of one entry (one transaction, fsync'd: synchronous=FULL);
- manifest work per write alone: open the sealed manifest, add one term, seal it;
- read: `Journal.contents()` (every record decrypted) and `Journal.get` (`rj show`);
- verify: `Journal.verify()` (SQLite's full check, decrypt all, compare with the manifest).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import entries

from recovery_journal.domain import ids
from recovery_journal.domain.trackers import Tracker
from recovery_journal.vault import crypto, keyslots
from recovery_journal.vault.checks import Checks
from recovery_journal.vault.journal import Journal
from recovery_journal.vault.manifest import MANIFEST_META

PASSPHRASE = crypto.Secret.from_passphrase("benchmark passphrase")


@contextmanager
def without_manifest(journal: Journal) -> Iterator[None]:
    """The same journal with no ledger attached and no read check: the cost before it."""
    checked = Checks._check
    journal.store.attach(None)
    Checks._check = lambda *args, **kwargs: None  # type: ignore[method-assign]
    saved = journal._integrity.differences
    journal._integrity.differences = lambda *args, **kwargs: []  # type: ignore[method-assign]
    try:
        yield
    finally:
        Checks._check = checked  # type: ignore[method-assign]
        journal._integrity.differences = saved  # type: ignore[method-assign]
        journal.store.attach(journal._integrity)


def timed(operation: Callable[[], object]) -> float:
    started = time.perf_counter()
    operation()
    return time.perf_counter() - started


def compare(journal: Journal, operation: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median seconds with and without the manifest, the rounds interleaved."""
    with_, without = [], []
    for _ in range(rounds):
        with_.append(timed(operation))
        with without_manifest(journal):
            without.append(timed(operation))
    return statistics.median(with_), statistics.median(without)


def manifest_work(journal: Journal, rounds: int) -> float:
    """Seconds of the manifest's own work for one write: open, add a term, seal."""
    integrity = journal._integrity
    key = integrity._key
    sealed = journal.store.meta(MANIFEST_META) or b""
    blob = os.urandom(285)
    runs = []
    for n in range(rounds):
        started = time.perf_counter()
        state = key.open(sealed)
        state.add(key, n + 1, blob)
        key.seal(state)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--reads", type=int, default=7)
    args = parser.parse_args()
    os.environ[keyslots.TEST_KDF_ENV] = "fast"
    os.environ[keyslots.TEST_SUITE_ENV] = "bench"  # the switch is honoured only with it
    os.environ.setdefault("XDG_STATE_HOME", tempfile.mkdtemp())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.db"
        tracker = Tracker(id="", name="alcohol", clean_date=date(2000, 1, 1))
        with Journal.create(path, PASSPHRASE, tracker) as journal:
            saved = journal.add_many(entries(args.entries))
        sample = entries(1, seed=7)[0]
        with Journal.unlock(path, PASSPHRASE) as journal:
            rows = {
                "read: contents() (streak, list, trends)": compare(
                    journal, journal.contents, args.reads
                ),
                "read: get(id) (show, edit, delete)": compare(
                    journal, lambda: journal.get(ids.short(saved[0].id)), args.reads
                ),
                "verify()": compare(journal, journal.verify, args.reads),
                # Last: the writes made without the ledger are missing from the manifest.
                "write: add one entry": compare(journal, lambda: journal.add(sample), args.writes),
            }
            work = manifest_work(journal, args.writes)
    print(f"{args.entries:,} entries; medians, interleaved; Python {sys.version.split()[0]}")
    print()
    print("| operation | with manifest | without | ratio |")
    print("|---|---|---|---|")
    for name, (with_, without) in rows.items():
        print(
            f"| {name} | {with_ * 1000:.2f} ms | {without * 1000:.2f} ms | {with_ / without:.2f}x |"
        )
    print()
    print(f"Manifest work per write alone (open, add a term, seal): {work * 1e6:.0f} µs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
