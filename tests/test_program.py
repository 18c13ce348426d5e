"""The `rj` program ends at once after its command (no interpreter teardown), yet
everything it printed arrives, every exit code is kept, and a reader that stops early
gets no traceback. Real processes: the teardown only happens in one."""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timezone
from importlib.metadata import entry_points

from conftest import PASSPHRASE, PASSPHRASE_ENV, Cli
from recovery_journal.domain.entries import Note
from recovery_journal.domain.trackers import Tracker
from recovery_journal.vault import crypto
from recovery_journal.vault.journal import Journal

NOTES = 600


def journal_with_notes(cli: Cli) -> Cli:
    secret = crypto.Secret.from_passphrase(PASSPHRASE)
    tracker = Tracker(id="", name="sobriety", clean_date=date(2026, 1, 1))
    at = datetime(2026, 3, 1, 21, tzinfo=timezone.utc)
    with Journal.create(cli.journal, secret, tracker) as journal:
        journal.add_many(Note(id="", at=at, text=f"invented note {n}") for n in range(NOTES))
    return cli.as_process()


def test_the_console_scripts_run_the_program() -> None:
    scripts = {point.name: point.value for point in entry_points(group="console_scripts")}
    assert scripts["rj"] == scripts["recovery-journal"] == "recovery_journal.cli:run"


def test_everything_printed_reaches_the_pipe_before_the_program_ends(cli: Cli) -> None:
    program = journal_with_notes(cli)
    result = program("list", "--json", "--limit", str(NOTES * 2))
    assert result.exit_code == 0, result.stderr
    listed = json.loads(result.stdout)  # complete: the last bytes were flushed
    assert len(listed) == NOTES
    assert {entry["text"] for entry in listed} == {f"invented note {n}" for n in range(NOTES)}


def test_the_program_keeps_every_exit_code(initialized: Cli) -> None:
    program = initialized.as_process()
    assert program("--version").stdout.startswith("recovery-journal ")
    refused = program("mood", "11")
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines() == [
        "Error: Mood score must be from 1 to 10, not 11."
    ]
    unknown = program("no-such-command")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("Error: No such command")


def test_a_reader_that_stops_early_gets_no_traceback(cli: Cli) -> None:
    journal_with_notes(cli)
    with subprocess.Popen(
        [sys.executable, "-m", "recovery_journal", "list", "--limit", str(NOTES)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**cli.env, PASSPHRASE_ENV: PASSPHRASE},
        start_new_session=True,
    ) as reader:
        assert reader.stdout is not None
        assert reader.stderr is not None
        assert reader.stdout.read(200)  # like `rj list | head -2`
        reader.stdout.close()
        errors = reader.stderr.read().decode()
        assert reader.wait(timeout=60) in (0, 1)
    assert "Traceback" not in errors
    assert "Exception ignored" not in errors


def test_with_stdin_closed_the_home_screen_shows_and_a_log_says_what_is_missing(
    fresh: Cli,
) -> None:
    """`rj <&-` (a scheduler, a hook): Python then has no sys.stdin at all."""
    env = {k: v for k, v in fresh.env.items() if k != PASSPHRASE_ENV}

    def closed(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "recovery_journal", *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
            preexec_fn=lambda: os.close(0),  # in the child, before Python starts
        )

    home = closed()
    assert home.returncode == 0, home.stderr
    assert "Locked" in home.stdout
    note = closed("note")
    assert note.returncode == 1
    assert note.stderr == "Error: The note text cannot be empty.\n"


def test_with_stdout_or_stderr_closed_a_log_is_saved_and_the_exit_code_is_zero(
    fresh: Cli,
) -> None:
    """`rj mood 5 >&-`: Python would have no sys.stdout, and the journal file could take
    the closed descriptor's number; the program opens /dev/null there first."""
    env = {k: v for k, v in fresh.env.items() if k != PASSPHRASE_ENV}
    for fd in (1, 2):
        done = subprocess.run(
            [sys.executable, "-m", "recovery_journal", "mood", "5", "--note", f"closed {fd}"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
            preexec_fn=lambda fd=fd: os.close(fd),  # type: ignore[misc]
        )
        assert done.returncode == 0, done
    listed = json.loads(fresh.ok("list", "--json").stdout)
    assert sorted(entry["note"] for entry in listed) == ["closed 1", "closed 2"]


def test_closed_standard_descriptors_are_filled_before_anything_opens_a_file() -> None:
    """Else the first file opened (the journal, a state file) would be given number 1 or 2,
    and become where anything written to stdout or stderr goes."""
    script = (
        "import os, sys\n"
        "from recovery_journal.cli.program import open_closed_standard_streams\n"
        "open_closed_standard_streams()\n"
        "fd = os.open(os.devnull, os.O_RDONLY)\n"
        "print(fd, sys.stdin is not None, sys.stdout is not None, file=sys.stderr)\n"
    )

    def closing(fds: tuple[int, ...]) -> Callable[[], None]:
        def close() -> None:  # in the child, before Python starts
            for fd in fds:
                os.close(fd)

        return close

    for closed in ((0,), (1,), (0, 1)):
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
            preexec_fn=closing(closed),
        )
        assert done.stderr.split() == ["3", "True", "True"], closed
