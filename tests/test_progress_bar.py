"""Progress bars on long work: drawn at a terminal, absent (and not even imported) elsewhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PASSPHRASE, Cli, finish, spawn

CSV = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    '2023-09-02,Sep 2,Saturday,9:34 PM,good,work,"",""\n'
)


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("verify",), "Checking every record"),
        (("import", "daylio", "{csv}"), "Importing from Daylio"),
        (("export", "sqlite", "-o", "{db}", "--yes"), "Building the database"),
        (("rotate-keys",), "Re-encrypting every record"),
    ],
    ids=lambda value: value if isinstance(value, str) else " ".join(value[:2]),
)
def test_long_work_shows_a_bar_at_a_terminal(
    fresh: Cli, tmp_path: Path, args: tuple[str, ...], shown: str
) -> None:
    (tmp_path / "d.csv").write_text(CSV, encoding="utf-8")
    filled = [a.format(csv=tmp_path / "d.csv", db=tmp_path / "a.db") for a in args]
    child = spawn(fresh, *filled)
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect(shown)
    output, status = finish(child)
    assert status == 0, output


def test_no_bar_and_no_rich_progress_when_not_a_terminal(fresh: Cli, tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text(CSV, encoding="utf-8")
    script = (
        "import os, sys\n"
        "from recovery_journal.cli import main\n"
        f"assert main(['import', 'daylio', {str(tmp_path / 'd.csv')!r}]) == 0\n"
        f"os.environ['RECOVERY_JOURNAL_PASSPHRASE'] = {PASSPHRASE!r}\n"
        "assert main(['verify']) == 0\n"
        "sys.stdout.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    env = {**fresh.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
        start_new_session=True,
    )
    assert "Importing" not in done.stderr
    assert "Checking every record" not in done.stderr
    assert "\x1b" not in done.stderr
    assert "rich.progress" not in done.stdout.rpartition("MODULES ")[2].split()
