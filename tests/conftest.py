"""Shared fixtures: every test gets its own journal folder, clock zone and CLI runner.

The CLI is run for real, as a subprocess (`python -m recovery_journal`), against
real journal files under `tmp_path`. The weak test KDF keeps each unlock fast;
one test in test_crypto.py runs the production parameters.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest

PASSPHRASE = "correct horse battery staple"
ENV_PREFIX = "RECOVERY_JOURNAL_"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return f"Result(exit={self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


class Cli:
    """Runs `rj` as a real process with a controlled environment."""

    def __init__(self, journal: Path, env: dict[str, str]) -> None:
        self.journal = journal
        self.env = env

    def __call__(
        self,
        *args: str,
        stdin: str | None = None,
        passphrase: str | None = PASSPHRASE,
        env: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Result:
        full_env = dict(self.env)
        if passphrase is not None:
            full_env["RECOVERY_JOURNAL_PASSPHRASE"] = passphrase
        full_env.update(env or {})
        proc = subprocess.run(
            [sys.executable, "-m", "recovery_journal", *args],
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
            check=False,
            start_new_session=True,  # no controlling terminal: like a script or CI
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def ok(self, *args: str, **kwargs: object) -> Result:
        result = self(*args, **kwargs)  # type: ignore[arg-type]
        assert result.exit_code == 0, result
        return result

    def init(self, *args: str) -> Result:
        return self.ok("init", *args)

    def log(self, *args: str, **kwargs: object) -> str:
        """Log an entry and return its short id."""
        result = self.ok(*args, **kwargs)
        words = result.stdout.split()
        assert words[0] == "Saved", result
        return words[-1]


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env.update(
        {
            "RECOVERY_JOURNAL_PATH": str(tmp_path / "data" / "journal.db"),
            "RECOVERY_JOURNAL_TEST_KDF": "fast",
            "HOME": str(tmp_path / "home"),
            "TZ": "Europe/London",
            "COLUMNS": "200",
            "TMPDIR": str(tmp_path / "tmp"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    (tmp_path / "tmp").mkdir(exist_ok=True)
    (tmp_path / "home").mkdir(exist_ok=True)
    return env


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test ever touches a real journal or inherits a passphrase."""
    for key in list(os.environ):
        if key.startswith(ENV_PREFIX):
            monkeypatch.delenv(key)
    monkeypatch.setenv("RECOVERY_JOURNAL_PATH", str(tmp_path / "data" / "journal.db"))
    monkeypatch.setenv("RECOVERY_JOURNAL_TEST_KDF", "fast")


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.db"


@pytest.fixture
def cli(tmp_path: Path, journal_path: Path) -> Cli:
    return Cli(journal_path, clean_env(tmp_path))


@pytest.fixture
def initialized(cli: Cli) -> Cli:
    """A CLI whose journal exists (tracker 'sobriety' from 2026-01-01)."""
    cli.init("--clean-date", "2026-01-01")
    return cli


def journal_files(path: Path) -> Sequence[Path]:
    """The database and whichever of its side files exist."""
    return [
        p for p in (path, *(Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal"))) if p.exists()
    ]


@pytest.fixture(scope="session")
def blank_journal(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of one journal made by `init` (tracker 'sobriety' from 2026-01-01)."""
    root = tmp_path_factory.mktemp("blank")
    cli = Cli(root / "data" / "journal.db", clean_env(root))
    cli.init("--clean-date", "2026-01-01")
    assert journal_files(cli.journal) == [cli.journal]  # at rest: one self-contained file
    return cli.journal.read_bytes()


@pytest.fixture
def fresh(cli: Cli, blank_journal: bytes) -> Cli:
    """Like `initialized`, but a copy of one blank journal: one `init` per run
    instead of one per test keeps the suite fast."""
    cli.journal.parent.mkdir(mode=0o700)
    cli.journal.write_bytes(blank_journal)
    cli.journal.chmod(0o600)
    return cli


def record_ids(path: Path) -> set[int]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {row[0] for row in db.execute("SELECT id FROM records")}


def flip_byte(path: Path, row_id: int, offset: int = 20) -> None:
    """Flip one bit of one record's ciphertext, as a disk error or an attacker might."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        blob = bytearray(
            db.execute("SELECT blob FROM records WHERE id = ?", (row_id,)).fetchone()[0]
        )
        blob[offset] ^= 0x01
        with db:
            db.execute("UPDATE records SET blob = ? WHERE id = ?", (bytes(blob), row_id))


# -- figures reported by the torture tests ------------------------------------------------

FIGURES: list[tuple[str, dict[str, object]]] = []


@pytest.fixture(scope="session")
def figures() -> Callable[..., None]:
    """Record a torture test's figures: `figures("crash", kills=23, lost=0)`.

    They are printed in a "torture test figures" section at the end of the run,
    so CI output shows them without `-s`.
    """

    def record(name: str, **values: object) -> None:
        FIGURES.append((name, values))

    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("torture test figures")
    for name, values in FIGURES:
        shown = ", ".join(
            f"{key}={value:.4g}" if isinstance(value, float) else f"{key}={value}"
            for key, value in values.items()
        )
        terminalreporter.write_line(f"{name}: {shown}")


def spawn(cli: Cli, *args: str) -> pexpect.spawn:
    """The CLI at a real pseudo-terminal, with no passphrase in its environment."""
    env = {k: v for k, v in cli.env.items() if k != "RECOVERY_JOURNAL_PASSPHRASE"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "recovery_journal", *args],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )


def finish(child: pexpect.spawn) -> tuple[str, int]:
    """Wait for a spawned CLI to end: what it printed last, and its exit status."""
    child.expect(pexpect.EOF)
    child.close()
    return child.before or "", child.exitstatus or 0
