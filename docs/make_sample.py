"""Make the sample therapist summary in docs/ from an invented journal.

    python docs/make_sample.py          # needs pdftoppm (Debian: poppler-utils)

Builds a throw-away journal with the library (one invented person's March 2026: a slip on
payday, then more meetings and fewer cravings; a few days with nothing logged, check-in
answers of "no use", cravings mostly with their outcome), then runs the real CLI exactly as
a person would: a February summary for Dr. Example first, then the March one, whose period
follows on from it ("since last time"). The PDF pages are rendered to PNG for the README.
Every name and event is invented.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from recovery_journal.domain.entries import (
    Craving,
    Entry,
    Gratitude,
    Meeting,
    Mood,
    Note,
    Sober,
    Trigger,
    Use,
)
from recovery_journal.domain.trackers import Tracker
from recovery_journal.vault import crypto, keyslots
from recovery_journal.vault.journal import Journal

DOCS = Path(__file__).resolve().parent
PASSPHRASE = "sample journal, invented data"  # noqa: S105 (a throw-away journal)
ZONE = ZoneInfo("Europe/London")
FIRST, LAST = date(2026, 3, 1), date(2026, 3, 31)
SLIP = date(2026, 3, 13)  # a Friday, payday
TRIGGERS = ("stress at work", "payday", "argument with partner", "bored", "friends at the pub")
COPING = (
    "called my sponsor",
    "went for a walk",
    "urge surfing",
    "ate something",
    "played the tape forward",
)
GRATEFUL = ("my sister", "a sober morning", "the dog", "my sponsor", "sunshine", "a good sleep")
FEELINGS = ("hopeful", "anxious", "tired", "calm", "proud", "lonely", "restless")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def story() -> list[Entry]:
    """One person's invented March: hard first fortnight, a slip, then steadier weeks."""
    rng = random.Random(2026)  # noqa: S311 (invented data, not secrets)
    out: list[Entry] = []
    day = date(2026, 1, 26)
    while day <= LAST:
        days_after = (day - SLIP).days
        recovering = days_after > 0
        if day != SLIP and rng.random() < 0.07:  # a day with nothing logged: no data
            day += timedelta(days=1)
            continue
        if day != SLIP and rng.random() < (0.7 if recovering else 0.3):
            out.append(Sober(id="", at=at(day, 21, 55), substance="alcohol"))  # the check-in
        base = 4.5 if not recovering else min(7.5, 4.5 + days_after * 0.2)
        if day == SLIP:
            base = 3
        score = max(1, min(10, round(rng.gauss(base, 0.9))))
        out.append(
            Mood(
                id="",
                at=at(day, 21, rng.randint(0, 50)),
                score=score,
                feelings=tuple(rng.sample(FEELINGS, 2)),
                note="Long day." if rng.random() < 0.3 else None,
            )
        )
        cravings = rng.choice((1, 2, 2, 3)) if not recovering else rng.choice((0, 0, 1, 1, 2))
        for _ in range(cravings):
            trigger = rng.choice(TRIGGERS[:3] if not recovering else TRIGGERS)
            out.append(
                Craving(
                    id="",
                    at=at(day, rng.choice((8, 13, 17, 18, 19, 20, 21, 22)), rng.randint(0, 59)),
                    intensity=max(
                        0, min(10, round(rng.gauss(6.5 if not recovering else 4.5, 1.5)))
                    ),
                    substance="alcohol",
                    triggers=(trigger,),
                    halt=tuple(
                        rng.sample(("hungry", "angry", "lonely", "tired"), rng.randint(0, 2))
                    ),
                    coping=rng.choice(COPING),
                    outcome=None if rng.random() < 0.15 else "resisted",
                )
            )
        if day.weekday() in (0, 2, 4) or (recovering and day.weekday() == 1):
            out.append(Meeting(id="", at=at(day, 19), fellowship="AA", online=False, minutes=60))
        if day.weekday() == 5:
            out.append(
                Meeting(id="", at=at(day, 10), fellowship="SMART Recovery", online=True, minutes=90)
            )
        if rng.random() < 0.7:
            out.append(Gratitude(id="", at=at(day, 22, 15), items=tuple(rng.sample(GRATEFUL, 2))))
        if day.weekday() == 3 and rng.random() < 0.5:
            out.append(
                Trigger(
                    id="",
                    at=at(day, 16),
                    description="Deadline at work and a colleague's leaving drinks",
                    category="situations",
                    intensity=6,
                )
            )
        day += timedelta(days=1)
    out += [
        Craving(
            id="",
            at=at(SLIP, 18, 30),
            intensity=9,
            substance="alcohol",
            triggers=("payday", "friends at the pub"),
            halt=("tired", "lonely"),
            coping="left early",
            outcome="used",
        ),
        Use(
            id="",
            at=at(SLIP, 19, 45),
            substance="alcohol",
            amount="4 pints",
            quantity=6,
            unit="standard-drinks",
            note="Went to the pub after work. Called my sponsor in the morning.",
        ),
        Note(id="", at=at(SLIP + timedelta(days=1), 9), text="Talked it through with my sponsor."),
    ]
    return out


def build(path: Path) -> None:
    os.environ[keyslots.TEST_KDF_ENV] = "fast"  # a throw-away journal: no need to wait
    os.environ[keyslots.TEST_SUITE_ENV] = "docs/make_sample.py"  # the switch needs it too
    tracker = Tracker(id="", name="alcohol", clean_date=date(2026, 1, 5))
    with Journal.create(path, crypto.Secret.from_passphrase(PASSPHRASE), tracker) as journal:
        first = journal.contents().trackers[0]
        entries = [
            e.with_changes(tracker=first.id) if isinstance(e, Use | Craving | Sober) else e
            for e in story()
        ]
        journal.add_many(entries)


def rj(path: Path, *args: str) -> None:
    env = {
        **os.environ,
        "RECOVERY_JOURNAL_PATH": str(path),
        "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE,
        keyslots.TEST_KDF_ENV: "fast",
        keyslots.TEST_SUITE_ENV: "docs/make_sample.py",
        "TZ": "Europe/London",
    }
    subprocess.run([sys.executable, "-m", "recovery_journal", *args], env=env, check=True)


def main() -> int:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is missing: install poppler-utils", file=sys.stderr)
        return 1
    period = ("--since", FIRST.isoformat(), "--until", LAST.isoformat())
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "journal.db"
        build(journal)
        # Last time: February's summary for Dr. Example. This time, without --since, the
        # period starts the day after it ended.
        february = ("--since", "2026-02-01", "--until", "2026-02-28")
        earlier = Path(folder) / "february.pdf"
        rj(
            journal,
            "export",
            "summary",
            *february,
            "--recipient",
            "Dr. Example",
            "-o",
            str(earlier),
            "--yes",
        )
        since_last = ("--until", LAST.isoformat(), "--recipient", "Dr. Example")
        outputs = {
            "sample-summary.pdf": ("export", "summary", *since_last),
            "sample-summary.md": ("export", "summary", *period),
            "sample-diary-card.pdf": ("export", "diary-card", "--week", "2026-03-12"),
        }
        for name, args in outputs.items():
            rj(journal, *args, "-o", str(DOCS / name), "--yes", "--force")
    for old in DOCS.glob("sample-*.png"):
        old.unlink()
    pages = DOCS / "sample-summary-page"
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", str(DOCS / "sample-summary.pdf"), pages], check=True
    )
    card = DOCS / "sample-diary-card"
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", "-singlefile", str(DOCS / "sample-diary-card.pdf"), card],
        check=True,
    )
    (DOCS / "sample-diary-card.pdf").unlink()
    for png in sorted(DOCS.glob("sample-*.png")):
        print(png.relative_to(DOCS.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
