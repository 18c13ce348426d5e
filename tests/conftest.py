"""Shared fixtures: every test gets its own journal folder, clock zone and CLI runner.

The CLI runs against real journal files under `tmp_path`, in one of two ways:

- in this process (`cli`, `initialized`, `fresh`): `typer.testing.CliRunner` isolation
  around `recovery_journal.cli.app`, which handles errors exactly as the `rj` script does;
  fast, and what most tests use;
- as a real process (`process_cli`, `Cli.as_process()`): `python -m recovery_journal`,
  for the tests where the process itself matters: signals, kill -9, what reaches /proc,
  temporary files and children, the console scripts, several processes at once, and
  what a command imports. Prompts at a terminal use `spawn` (a pseudo-terminal).

The weak test KDF keeps each unlock fast; one test in test_crypto.py runs the production
parameters.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pexpect
import pytest
import typer.main
from typer.testing import CliRunner

PASSPHRASE = "correct horse battery staple"
TEST_SUITE_ENV = "PYTEST_CURRENT_TEST"  # vault/keyslots.py honours the weak KDF only with it
ENV_PREFIX = "RECOVERY_JOURNAL_"
PASSPHRASE_ENV = "RECOVERY_JOURNAL_PASSPHRASE"
DEBUG_ENV = "RECOVERY_JOURNAL_DEBUG"


@contextlib.contextmanager
def _as_a_script_imports_it() -> Iterator[None]:
    """Rich consoles fix their colours, and a $COLUMNS width, when they are made (at import):
    make them as `rj` in a pipe would, whatever terminal pytest was started from."""
    saved = {key: os.environ.pop(key) for key in ("COLUMNS", "LINES") if key in os.environ}
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        os.environ.update(saved)


with _as_a_script_imports_it():
    from recovery_journal.cli import app as rj_app

# Built once: Typer would rebuild the same Click command on every call (most of a short run).
RJ_COMMAND = typer.main.get_command(rj_app)


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


def run_in_process(args: Sequence[str], stdin: str, env: Mapping[str, str]) -> Result:
    """Run the app in this process with exactly `env` as its environment (like a child's).

    RECOVERY_JOURNAL_DEBUG=1 (unless `env` says otherwise) lets an unexpected exception
    out with its traceback, so a bug fails the test instead of hiding behind exit 70.
    The umask is a permissive 022, as many people have: `rj`'s main() would tighten it
    to 077, so a file made here is private only if the app itself makes it so.
    """
    # CliRunner swaps sys.stdout, sys.stdin and os.environ for the whole process.
    assert threading.current_thread() is threading.main_thread(), "threads need process_cli"
    whole: dict[str, str | None] = dict.fromkeys(os.environ)  # None: unset during the run
    whole.update({DEBUG_ENV: "1", **env})
    code: object = 0
    umask = os.umask(0o022)
    try:
        with CliRunner().isolation(input=stdin, env=whole) as (out, err, _):
            time.tzset()  # the C library's local time (naive datetime.now()) follows $TZ
            try:
                RJ_COMMAND.main(args=list(args), prog_name="rj")
            except SystemExit as exit_:
                code = exit_.code
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    finally:
        os.umask(umask)
        time.tzset()
    assert code is None or isinstance(code, int), code
    return Result(code or 0, stdout, stderr)


def run_as_process(
    args: Sequence[str], stdin: str, env: Mapping[str, str], timeout: float = 60
) -> Result:
    """Run `python -m recovery_journal` as a real process with `env` as its environment."""
    proc = subprocess.run(
        [sys.executable, "-m", "recovery_journal", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(env),
        timeout=timeout,
        check=False,
        start_new_session=True,  # no controlling terminal: like a script or CI
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


class Cli:
    """`rj` against one journal with a controlled environment: in this process by default,
    or as a real process (`in_process=False`, `as_process()`)."""

    def __init__(self, journal: Path, env: dict[str, str], *, in_process: bool = True) -> None:
        self.journal = journal
        self.env = env
        self.in_process = in_process

    def as_process(self) -> Cli:
        """The same journal and environment, run as `python -m recovery_journal`."""
        return Cli(self.journal, self.env, in_process=False)

    def __call__(
        self,
        *args: str,
        stdin: str | None = None,
        passphrase: str | None = PASSPHRASE,
        env: dict[str, str] | None = None,
        timeout: float = 60,  # a real process's
    ) -> Result:
        full_env = dict(self.env)
        if passphrase is not None:
            full_env[PASSPHRASE_ENV] = passphrase
        full_env.update(env or {})
        if self.in_process:
            return run_in_process(args, stdin or "", full_env)
        return run_as_process(args, stdin or "", full_env, timeout)

    def ok(
        self,
        *args: str,
        stdin: str | None = None,
        passphrase: str | None = PASSPHRASE,
        env: dict[str, str] | None = None,
    ) -> Result:
        result = self(*args, stdin=stdin, passphrase=passphrase, env=env)
        assert result.exit_code == 0, result
        return result

    def init(self, *args: str) -> Result:
        return self.ok("init", *args)

    def log(
        self,
        *args: str,
        stdin: str | None = None,
        passphrase: str | None = PASSPHRASE,
        env: dict[str, str] | None = None,
    ) -> str:
        """Log an entry and return its short id."""
        result = self.ok(*args, stdin=stdin, passphrase=passphrase, env=env)
        words = result.stdout.split()
        assert words[0] == "Saved", result
        return words[-1]


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env.update(
        {
            "RECOVERY_JOURNAL_PATH": str(tmp_path / "data" / "journal.db"),
            # The weak test KDF, honoured only together with pytest's PYTEST_CURRENT_TEST
            # (vault/keyslots.py): kept here even for a journal made outside a test's run.
            "RECOVERY_JOURNAL_TEST_KDF": "fast",
            TEST_SUITE_ENV: os.environ.get(TEST_SUITE_ENV, "tests/conftest.py"),
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


def pytest_configure(config: pytest.Config) -> None:
    _give_up_the_controlling_terminal()


def _give_up_the_controlling_terminal() -> None:
    """Run as a script or CI does, with no terminal to ask on, even when pytest was started
    from one: in-process runs must never stop at a prompt on /dev/tty (the process runs
    start new sessions; `spawn` gives its child a pseudo-terminal of its own)."""
    try:
        tty = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return  # none already
    import fcntl
    import termios

    # A session leader giving up its terminal hangs up its foreground group: itself.
    hangup = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        fcntl.ioctl(tty, termios.TIOCNOTTY)
    finally:
        os.close(tty)
        signal.signal(signal.SIGHUP, hangup)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test ever touches a real journal or inherits a passphrase."""
    for key in list(os.environ):
        if key.startswith(ENV_PREFIX):
            monkeypatch.delenv(key)
    monkeypatch.setenv("RECOVERY_JOURNAL_PATH", str(tmp_path / "data" / "journal.db"))
    # Honoured in this process because pytest sets PYTEST_CURRENT_TEST while a test runs.
    monkeypatch.setenv("RECOVERY_JOURNAL_TEST_KDF", "fast")
    # Library calls in this process pin inbox keys in the state folder: never the real one.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.db"


@pytest.fixture
def cli(tmp_path: Path, journal_path: Path) -> Cli:
    """`rj` in this process, on the test's journal."""
    return Cli(journal_path, clean_env(tmp_path))


@pytest.fixture
def process_cli(cli: Cli) -> Cli:
    """`rj` as a real process (`python -m recovery_journal`), on the test's journal."""
    return cli.as_process()


@pytest.fixture
def initialized(cli: Cli) -> Cli:
    """A CLI whose journal exists (tracker 'sobriety' from 2026-01-01)."""
    cli.init("--clean-date", "2026-01-01")
    return cli


KdfRuns = list[tuple[str, dict[str, object]]]  # (Argon2id or Scrypt, its settings)


@pytest.fixture
def kdf_runs(monkeypatch: pytest.MonkeyPatch) -> KdfRuns:
    """Every Argon2id or scrypt key derivation this process starts from now on, with its
    settings. They still run: counting them proves a refusal came before any costly
    derivation, with no clock involved."""
    from cryptography.hazmat.primitives.kdf import argon2, scrypt

    started: KdfRuns = []
    for module, name in ((argon2, "Argon2id"), (scrypt, "Scrypt")):
        real = getattr(module, name)

        def counted(*args: object, _real: Any = real, _name: str = name, **kwargs: object) -> Any:
            started.append((_name, kwargs))
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return started


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


def before_the_manifest(path: Path, state_home: Path) -> None:
    """Make `path` a journal as rj wrote it before the manifest (schema 1, no `manifest`
    row), on a device that has not opened it since (`state_home`: its $XDG_STATE_HOME)."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("DELETE FROM meta WHERE k = 'manifest'")
        db.execute("UPDATE meta SET v = x'31' WHERE k = 'schema'")
    forget_write_counters(state_home)


def forget_write_counters(state_home: Path) -> None:
    """This device forgets the write counters it saw (vault/device_state.py): for a test
    that puts an older copy of a journal back on purpose, over and over."""
    (state_home / "recovery-journal" / "write-counters.json").unlink(missing_ok=True)


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


def spawn(cli: Cli, *args: str) -> pexpect.spawn[str]:
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


def finish(child: pexpect.spawn[str]) -> tuple[str, int]:
    """Wait for a spawned CLI to end: what it printed last, and its exit status."""
    child.expect(pexpect.EOF)
    child.close()
    return child.before or "", child.exitstatus or 0
