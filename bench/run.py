"""Benchmark: fill journals at 10,000 and 100,000 entries, time the CLI.

    python bench/run.py                  # 10k and 100k, 3 runs each
    python bench/run.py --sizes 10000 --repeat 5

Each command runs as a real subprocess (`python -m recovery_journal`) and the
median wall time is reported. Unlocking uses the weak test KDF so the figures
measure our own work, not the passphrase KDF; the production KDF (Argon2id,
128 MiB, t=3, p=4) is timed on its own line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import entries

from recovery_journal.domain.trackers import Tracker
from recovery_journal.vault import crypto, keyslots
from recovery_journal.vault.journal import Journal

PASSPHRASE = "benchmark passphrase"  # noqa: S105 (invented, for a throw-away journal)
COMMANDS = {
    "streak": ["streak"],
    "trends": ["trends"],
    "trends --by month (all)": ["trends", "--by", "month", "--since", "2000-01-01"],
    "list (last 20)": ["list"],
    "list --search": ["list", "--search", "sponsor"],
    "mood (log one entry)": ["mood", "6"],
    "verify": ["verify"],
    "rotate-keys (re-encrypt everything)": ["rotate-keys"],
    # The workload ends on 2026-10-31: summarise its last 30 days. {folder} is the temp folder.
    "export summary --format pdf": [
        *("export", "summary", "--since", "2026-10-02", "--until", "2026-10-31"),
        *("--format", "pdf", "-o", "{folder}/summary.pdf", "--yes", "--force"),
    ],
}


def fill(path: Path, records: int) -> float:
    os.environ[keyslots.TEST_KDF_ENV] = "fast"
    os.environ[keyslots.TEST_SUITE_ENV] = "bench"  # the switch is honoured only with it
    started = time.perf_counter()
    tracker = Tracker(id="", name="alcohol", clean_date=date(2000, 1, 1))
    with Journal.create(path, crypto.Secret.from_passphrase(PASSPHRASE), tracker) as journal:
        journal.add_many(entries(records))
    return time.perf_counter() - started


def time_command(path: Path, args: list[str], repeat: int) -> float:
    env = {
        **os.environ,
        "RECOVERY_JOURNAL_PATH": str(path),
        "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE,
        keyslots.TEST_KDF_ENV: "fast",
        keyslots.TEST_SUITE_ENV: "bench",
    }
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "recovery_journal", *args],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def production_kdf_seconds() -> float:
    os.environ.pop(keyslots.TEST_KDF_ENV, None)
    params = keyslots.default_kdf()
    started = time.perf_counter()
    keyslots.derive_kek(crypto.Secret.from_passphrase(PASSPHRASE), os.urandom(16), params)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results: dict[str, list[str]] = {
        name: [] for name in ["fill (library, one transaction)", *COMMANDS]
    }
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"journal-{size}.db"
            results["fill (library, one transaction)"].append(f"{fill(path, size):.2f} s")
            for name, command in COMMANDS.items():
                argv = [arg.format(folder=folder) for arg in command]
                results[name].append(f"{time_command(path, argv, args.repeat):.3f} s")
    print(f"Median wall time of {args.repeat} runs; weak test KDF; Python {sys.version.split()[0]}")
    print()
    print("| command | " + " | ".join(f"{size:,} entries" for size in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for name, cells in results.items():
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print(f"Production KDF alone (Argon2id 128 MiB, t=3, p=4): {production_kdf_seconds():.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
