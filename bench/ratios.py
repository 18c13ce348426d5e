"""Benchmark: the everyday commands as ratios to `rj --version`, measured in one run.

    python bench/ratios.py                 # 10,000 entries, median of 15 runs each
    python bench/ratios.py --entries 10000 --repeat 21

Every command is a real subprocess of this interpreter, and the runs are interleaved
(version, then each command, round after round), so a busy machine slows all alike:
the ratios are what to compare, never the absolute times. Targets (issue "Unlock once,
log in a breath"): unlocked through the agent `rj mood 6` at most 1.3x and `rj streak`
at 10,000 entries at most 2x `rj --version`; locked `rj mood 6` at most 1.3x.
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
RJ = [sys.executable, "-m", "recovery_journal"]


def run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([*RJ, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def medians(commands: dict[str, list[str]], env: dict[str, str], repeat: int) -> dict[str, float]:
    """Median seconds of each command, the rounds interleaved."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, args in commands.items():
            times[name].append(run(args, env))
    return {name: statistics.median(runs) for name, runs in times.items()}


def report(title: str, figures: dict[str, float], targets: dict[str, float]) -> None:
    base = figures["rj --version"]
    print(f"\n{title}")
    print("| command | median | ratio to rj --version | target |")
    print("|---|---|---|---|")
    for name, seconds in figures.items():
        target = f"≤ {targets[name]}x" if name in targets else ""
        print(f"| {name} | {seconds * 1000:.0f} ms | {seconds / base:.2f}x | {target} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.db"
        os.environ[keyslots.TEST_KDF_ENV] = "fast"  # only to fill quickly; no command runs a KDF
        os.environ[keyslots.TEST_SUITE_ENV] = "bench"  # the switch is honoured only with it
        tracker = Tracker(id="", name="alcohol", clean_date=date(2000, 1, 1))
        with Journal.create(path, crypto.Secret.from_passphrase(PASSPHRASE), tracker) as journal:
            journal.add_many(entries(args.entries))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_JOURNAL_")},
            "RECOVERY_JOURNAL_PATH": str(path),
            "RECOVERY_JOURNAL_AGENT_DIR": str(Path(folder) / "agent"),
            "XDG_STATE_HOME": str(Path(folder) / "state"),
        }
        subprocess.run(
            [*RJ, "unlock", "--for", "30m"],
            env={**env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        unlocked = medians(
            {
                "rj --version": ["--version"],
                "rj mood 6 (unlocked, agent)": ["mood", "6"],
                f"rj streak ({args.entries:,} entries, agent)": ["streak"],
            },
            env,
            args.repeat,
        )
        subprocess.run([*RJ, "lock"], env=env, check=True, stdout=subprocess.DEVNULL)
        locked = medians(
            {"rj --version": ["--version"], "rj mood 6 (locked)": ["mood", "6"]},
            env,
            args.repeat,
        )
    print(f"Median of {args.repeat} interleaved runs; Python {sys.version.split()[0]}")
    report(
        "Unlocked through the agent",
        unlocked,
        {"rj mood 6 (unlocked, agent)": 1.3, f"rj streak ({args.entries:,} entries, agent)": 2},
    )
    report("Locked (no key, no KDF)", locked, {"rj mood 6 (locked)": 1.3})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
