"""Benchmark: importing a large Daylio export and writing the analysis database.

    python bench/interchange.py                 # 100,000 rows / entries
    python bench/interchange.py --size 10000

Each command runs as a real process (`python -m recovery_journal`); its wall time and
peak memory (the child's maximum resident set, from wait4) are reported. The Daylio
file is invented here (G3 columns, 12-hour times, some with U+202F, custom moods,
activities and notes), one to three entries a day; the database is made from the
invented workload in workload.py. Unlocking uses the weak test KDF.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import entries

from recovery_journal.domain.trackers import Tracker
from recovery_journal.vault import crypto, keyslots
from recovery_journal.vault.journal import Journal

PASSPHRASE = "benchmark passphrase"  # noqa: S105 (invented, for a throw-away journal)
MOODS = ("rad", "good", "meh", "bad", "awful", "Solid", "okay", "almost Rad")
ACTIVITIES = ("work", "gym", "family", "friends", "reading", "Dinner with friends ", "sleep early")
NOTES = ("", "", "Quiet day.", "Walked to the park | cooked | called mum", "Long day<br>tired")


def daylio_csv(path: Path, rows: int, seed: int = 1) -> None:
    """`rows` invented Daylio rows, newest first, as the app writes them."""
    rng = random.Random(seed)
    day, written = date(2026, 10, 31), list[list[str]]()
    while len(written) < rows:
        for _ in range(min(rng.randint(1, 3), rows - len(written))):
            hour, minute = rng.randint(1, 12), rng.randint(0, 59)
            space = "\u202f" if rng.random() < 0.5 else " "
            clock = f"{hour}:{minute:02d}{space}{rng.choice(('AM', 'PM'))}"
            chosen = rng.sample(ACTIVITIES, rng.randint(0, 3))
            written.append(
                [
                    day.isoformat(),
                    f"{day:%b} {day.day}",
                    f"{day:%A}",
                    clock,
                    rng.choice(MOODS),
                    " | ".join(chosen),
                    "",
                    rng.choice(NOTES),
                ]
            )
        day -= timedelta(days=1)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
        )
        writer.writerows(written)


def run(journal: Path, *args: str) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of `rj --journal JOURNAL ARGS` as a process."""
    env = {
        **os.environ,
        "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE,
        keyslots.TEST_KDF_ENV: "fast",
        keyslots.TEST_SUITE_ENV: "bench",
    }
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "recovery_journal", "--journal", str(journal), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"rj {' '.join(args)} failed: {child.stderr.read().decode()}")  # type: ignore[union-attr]
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


def new_journal(path: Path) -> Journal:
    os.environ[keyslots.TEST_KDF_ENV] = "fast"
    os.environ[keyslots.TEST_SUITE_ENV] = "bench"  # the switch is honoured only with it
    tracker = Tracker(id="", name="alcohol", clean_date=date(2000, 1, 1))
    return Journal.create(path, crypto.Secret.from_passphrase(PASSPHRASE), tracker)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    size = parser.parse_args().size
    maps = [arg for mood in MOODS[5:] for arg in ("--mood-map", f"{mood}=6")]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        export = root / "daylio_export.csv"
        daylio_csv(export, size)
        print(f"Daylio CSV: {size:,} rows, {export.stat().st_size / 2**20:.1f} MiB")
        journal = root / "import.db"
        new_journal(journal).close()
        seconds, peak = run(journal, "import", "daylio", str(export), *maps)
        print(f"import daylio ({size:,} new rows)      {seconds:6.2f} s   peak {peak:6.0f} MiB")
        seconds, peak = run(journal, "import", "daylio", str(export), *maps)
        print(f"import daylio again (nothing new)     {seconds:6.2f} s   peak {peak:6.0f} MiB")
        seconds, peak = run(journal, "import", "daylio", str(export), "--dry-run", *maps)
        print(f"import daylio --dry-run               {seconds:6.2f} s   peak {peak:6.0f} MiB")

        filled = root / "filled.db"
        with new_journal(filled) as opened:
            opened.add_many(entries(size))
        for notes in ((), ("--include-notes",)):
            target = root / f"analysis{len(notes)}.db"
            seconds, peak = run(filled, "export", "sqlite", "-o", str(target), "--yes", *notes)
            label = f"export sqlite {' '.join(notes)}".ljust(37)
            size_mib = target.stat().st_size / 2**20
            print(f"{label} {seconds:6.2f} s   peak {peak:6.0f} MiB   ({size_mib:.1f} MiB file)")
        seconds, peak = run(filled, "export", "data", "-o", str(root / "all.json"), "--yes")
        print(f"export data (JSON, for comparison)    {seconds:6.2f} s   peak {peak:6.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
