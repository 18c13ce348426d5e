"""The journal itself, end to end: init, where it lives, install, verify, passwd,
unlocking (wrong, missing or absent passphrase) and file permissions."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import re
import select
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import PASSPHRASE, Cli, Result, flip_byte, journal_files, record_ids

LONDON = ZoneInfo("Europe/London")
NEW_PASSPHRASE = "a different staple for the horse"
COMMANDS = (
    "init",
    "mood",
    "craving",
    "trigger",
    "meeting",
    "gratitude",
    "use",
    "note",
    "list",
    "show",
    "edit",
    "delete",
    "verify",
    "passwd",
)


def fingerprint(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in journal_files(path)}


def error_line(result: Result) -> str:
    """The single `Error: ...` line a failing command must print, and nothing else."""
    lines = result.stderr.splitlines()
    assert result.exit_code != 0, result
    assert len(lines) == 1, result
    assert lines[0].startswith("Error: "), result
    assert "Traceback" not in result.output
    return lines[0]


def log_tracked(cli: Cli, *args: str) -> tuple[str, int]:
    """Log an entry; return its short id and its row id in the file."""
    before = record_ids(cli.journal)
    short = cli.log(*args)
    (row,) = record_ids(cli.journal) - before
    return short, row


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextlib.contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


# -- init -----------------------------------------------------------------------------


def test_init_defaults_to_tracking_sobriety_from_today(cli: Cli) -> None:
    first_day = datetime.now(LONDON).date()
    result = cli.init()
    today = {first_day, datetime.now(LONDON).date()}
    assert f"Created your journal at {cli.journal}" in result.stdout
    assert any(f"Tracking sobriety since {day.isoformat()}." in result.stdout for day in today)
    assert cli.journal.is_file()
    assert re.search(r"tracker\s+1\b", cli.ok("verify").stdout)


def test_init_records_the_tracker_and_clean_date_given(cli: Cli, tmp_path: Path) -> None:
    named = tmp_path / "named" / "journal.db"
    result = cli.ok(
        "--journal", str(named), "init", "--tracker", "Gambling", "--clean-date", "2025-12-31"
    )
    assert "Tracking Gambling since 2025-12-31." in result.stdout

    phrase = tmp_path / "phrase" / "journal.db"
    first_day = datetime.now(LONDON).date()
    result = cli.ok("--journal", str(phrase), "init", "--clean-date", "3 days ago")
    days = {day - timedelta(days=3) for day in (first_day, datetime.now(LONDON).date())}
    assert any(f"Tracking sobriety since {day}." in result.stdout for day in days), result
    assert named.is_file()
    assert phrase.is_file()


def test_init_refuses_to_overwrite_a_journal_and_leaves_it_byte_identical(
    fresh: Cli,
) -> None:
    cli = fresh
    cli.log("note", "something worth keeping")
    before = fingerprint(cli.journal)
    assert "already exists" in error_line(cli("init", "--tracker", "Nicotine"))
    assert "already exists" in error_line(cli("init", passphrase="another long passphrase"))
    assert fingerprint(cli.journal) == before
    assert json.loads(cli.ok("list", "--json").stdout)[0]["text"] == "something worth keeping"


@dataclass
class TerminalRun:
    exit_code: int
    output: str
    modes_while_open: dict[str, int]


def run_in_terminal(cli: Cli, args: list[str], *typed: str) -> TerminalRun:
    """Run the CLI on a pseudo-terminal with no passphrase in the environment.

    While it waits at the passphrase prompt the journal is already open, so
    the -wal and -shm files SQLite created for it can be inspected.
    """
    env = {k: v for k, v in cli.env.items() if k != "RECOVERY_JOURNAL_PASSPHRASE"}
    # Make the pty the child's controlling terminal, as a login shell would.
    code = (
        "import fcntl, runpy, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
        "sys.argv = ['rj', *sys.argv[1:]]; "
        "runpy.run_module('recovery_journal', run_name='__main__')"
    )
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    output = b""

    def read_until(marker: bytes | None, timeout: float, times: int = 1) -> None:
        nonlocal output
        deadline = time.monotonic() + timeout
        while (marker is None or output.count(marker) < times) and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    return
                if not chunk:
                    return
                output += chunk

    try:
        # getpass writes the ": " after switching echo off (and flushing input).
        modes: dict[str, int] = {}
        for answer in typed:  # one answer per "Passphrase: " prompt
            asked = output.count(b"Passphrase: ")
            read_until(b"Passphrase: ", 20, times=asked + 1)
            assert output.count(b"Passphrase: ") > asked, output
            modes = modes or {p.name: mode(p) for p in journal_files(cli.journal)}
            os.write(master, answer.encode() + b"\n")
        read_until(None, 20)
        exit_code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return TerminalRun(exit_code, output.decode(errors="replace"), modes)


def test_journal_folder_and_files_are_private_even_under_umask_022(cli: Cli) -> None:
    with umask(0o022):
        cli.init()
        cli.log("mood", "6")
        run = run_in_terminal(cli, ["list"], PASSPHRASE)
    assert run.exit_code == 0, run
    name = cli.journal.name
    assert run.modes_while_open == {name: 0o600, f"{name}-wal": 0o600, f"{name}-shm": 0o600}
    assert mode(cli.journal.parent) == 0o700
    assert mode(cli.journal) == 0o600
    # The prompt hid what was typed, and the unlocked journal was listed.
    assert PASSPHRASE not in run.output
    assert "mood" in run.output


def test_a_passphrase_typed_on_a_terminal_must_be_right(fresh: Cli) -> None:
    cli = fresh
    before = fingerprint(cli.journal)
    run = run_in_terminal(cli, ["list"], *["not the passphrase at all"] * 3)
    assert run.exit_code != 0
    assert run.output.count("please try again") == 2  # asked three times in all
    assert "Wrong passphrase" in run.output
    assert "Traceback" not in run.output
    assert fingerprint(cli.journal) == before


# -- where the journal lives --------------------------------------------------------


def test_journal_option_comes_before_the_environment(cli: Cli, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "mine.db"
    cli.ok("--journal", str(elsewhere), "init")
    assert elsewhere.is_file()
    assert not cli.journal.exists()  # $RECOVERY_JOURNAL_PATH was not used

    short = cli.log("--journal", str(elsewhere), "note", "kept elsewhere")
    via_env = cli.ok("list", "--json", env={"RECOVERY_JOURNAL_PATH": str(elsewhere)})
    assert json.loads(via_env.stdout)[0]["id"].startswith(short)
    assert "No journal" in error_line(cli("list"))


def test_without_option_or_environment_the_journal_is_in_the_user_data_folder(
    cli: Cli, tmp_path: Path
) -> None:
    env = {k: v for k, v in cli.env.items() if k != "RECOVERY_JOURNAL_PATH"}
    env = {k: v for k, v in env.items() if not k.startswith("XDG_")}
    default = Cli(cli.journal, env)
    result = default.init()
    expected = tmp_path / "home" / ".local" / "share" / "recovery-journal" / "journal.db"
    assert expected.is_file()
    assert str(expected) in result.stdout
    assert mode(expected.parent) == 0o700
    assert not cli.journal.exists()


# -- install ----------------------------------------------------------------------------


def test_version_is_the_installed_package_version(cli: Cli) -> None:
    version = importlib.metadata.version("recovery-journal")
    assert cli.ok("--version").stdout.strip() == f"recovery-journal {version}"


def test_console_scripts_rj_and_recovery_journal_are_installed(cli: Cli) -> None:
    bin_dir = Path(sys.executable).parent
    version = importlib.metadata.version("recovery-journal")
    for name in ("rj", "recovery-journal"):
        script = bin_dir / name
        assert script.is_file(), script
        proc = subprocess.run(
            [str(script), "--version"],
            capture_output=True,
            text=True,
            env=cli.env,
            timeout=60,
            check=False,
        )
        assert proc.returncode == 0, proc
        assert proc.stdout.strip() == f"recovery-journal {version}"


def test_python_m_recovery_journal_help_lists_every_command(process_cli: Cli) -> None:
    out = process_cli.ok("--help").stdout
    for command in COMMANDS:
        assert re.search(rf"\b{command}\b", out), command
    assert "--journal" in out


def test_the_passphrase_is_never_accepted_on_the_command_line(cli: Cli) -> None:
    for args in (("--passphrase", "x", "list"), ("list", "--passphrase", "x")):
        assert "--passphrase" in error_line(cli(*args))
    for command in ("init", "passwd"):
        help_text = cli.ok(command, "--help").stdout
        assert not re.search(r"--pass", help_text), help_text


# -- verify ------------------------------------------------------------------------------


def test_verify_counts_entries_of_each_kind(fresh: Cli) -> None:
    cli = fresh
    for args in (("mood", "4"), ("mood", "8"), ("note", "hello"), ("gratitude", "tea")):
        cli.log(*args)
    result = cli.ok("verify")
    counts = dict(re.findall(r"^\s*([a-z]+)\s+(\d+)\s*$", result.stdout, re.MULTILINE))
    assert counts["mood"] == "2"
    assert counts["note"] == "1"
    assert counts["gratitude"] == "1"
    assert counts["tracker"] == "1"
    assert counts.get("craving", "0") == "0"
    assert "OK" in result.stdout
    assert "5 records" in result.stdout


def test_a_flipped_byte_is_reported_by_id_and_the_other_entries_stay_readable(
    fresh: Cli,
) -> None:
    cli = fresh
    keep_a, _ = log_tracked(cli, "note", "first, untouched")
    damaged, row = log_tracked(cli, "mood", "6", "--note", "this one gets damaged")
    keep_b, _ = log_tracked(cli, "gratitude", "second, untouched")
    flip_byte(cli.journal, row)
    before = fingerprint(cli.journal)

    verify = cli("verify")
    line = error_line(verify)
    assert re.search(rf"\b{damaged}[0-9a-z]{{6}}\b", line), line
    assert keep_a not in line
    assert keep_b not in line

    listing = cli("list")
    assert damaged in error_line(listing)
    assert keep_a in listing.stdout
    assert keep_b in listing.stdout
    assert damaged not in listing.stdout

    assert cli.ok("show", keep_a, "--json").stdout
    assert damaged in error_line(cli("show", damaged))
    assert fingerprint(cli.journal) == before  # reading a damaged journal writes nothing


# -- passwd ------------------------------------------------------------------------------


def test_passwd_changes_the_passphrase_and_keeps_every_entry(fresh: Cli) -> None:
    cli = fresh
    cli.log("note", "written before the change")
    cli.log("mood", "7", "--tag", "steady")
    entries = cli.ok("list", "--json").stdout

    result = cli.ok("passwd", env={"RECOVERY_JOURNAL_NEW_PASSPHRASE": NEW_PASSPHRASE})
    assert "changed" in result.stdout.lower()
    assert NEW_PASSPHRASE not in result.output

    assert "Wrong passphrase" in error_line(cli("list"))
    assert cli.ok("list", "--json", passphrase=NEW_PASSPHRASE).stdout == entries
    assert cli.ok("verify", passphrase=NEW_PASSPHRASE).exit_code == 0


def test_passwd_refuses_a_too_short_new_passphrase_and_keeps_the_old(fresh: Cli) -> None:
    cli = fresh
    before = fingerprint(cli.journal)
    line = error_line(cli("passwd", env={"RECOVERY_JOURNAL_NEW_PASSPHRASE": "short"}))
    assert "at least" in line
    assert fingerprint(cli.journal) == before
    cli.ok("list")


# -- unlocking -----------------------------------------------------------------------------


def test_a_wrong_passphrase_is_one_line_exit_1_and_changes_no_byte(fresh: Cli) -> None:
    cli = fresh
    cli.log("note", "private")
    files_before = fingerprint(cli.journal)
    for command in (("list",), ("mood", "5"), ("verify",)):
        result = cli(*command, passphrase="correct horse battery stapler")
        assert result.exit_code == 1, result
        assert "Wrong passphrase" in error_line(result)
        assert result.stdout == ""
        assert fingerprint(cli.journal) == files_before


def test_a_missing_journal_is_a_clear_error_and_nothing_is_created(cli: Cli) -> None:
    for command in (("list",), ("mood", "5"), ("verify",), ("passwd",)):
        line = error_line(cli(*command))
        assert "No journal" in line
        assert str(cli.journal) in line
        assert "rj init" in line
    assert not cli.journal.parent.exists()


def test_no_passphrase_and_no_terminal_is_a_clear_error(fresh: Cli) -> None:
    before = fingerprint(fresh.journal)
    for command in (("list",), ("streak",)):  # logging would wait, sealed, in the inbox
        line = error_line(fresh(*command, passphrase=None))
        assert "No passphrase" in line
        assert "RECOVERY_JOURNAL_PASSPHRASE" in line
    assert fingerprint(fresh.journal) == before


def test_init_without_a_passphrase_creates_nothing(cli: Cli) -> None:
    assert "No passphrase" in error_line(cli("init", passphrase=None))
    assert not cli.journal.exists()
    assert journal_files(cli.journal) == []


def test_the_clean_date_of_init_cannot_be_in_the_far_future(cli: Cli) -> None:
    later = (date.today() + timedelta(days=5)).isoformat()
    assert "future" in error_line(cli("init", "--clean-date", later))
    assert not cli.journal.exists()
