"""`rj unlock`, `rj lock` and the home screen, with a real unlock agent process.

The agent's own guarantees (peer uid, expiry, wiping, nothing on disk) are proven in
test_agent.py; here: the commands people type share one unlock, and lose it when
they should.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import PASSPHRASE, Cli, finish, spawn

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the agent needs Unix sockets")


@pytest.fixture
def agent_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "agent"
    monkeypatch.setenv("RECOVERY_JOURNAL_AGENT_DIR", str(folder))
    yield folder
    from recovery_journal.vault import unlocking

    journal = tmp_path / "data" / "journal.db"
    if journal.exists():
        unlocking.lock(journal)  # no agent outlives its test


@pytest.fixture
def unlocked(fresh: Cli, agent_dir: Path) -> Cli:
    fresh.env["RECOVERY_JOURNAL_AGENT_DIR"] = str(agent_dir)
    result = fresh.ok("unlock", "--for", "10m")
    assert "Unlocked for 10m" in result.stdout
    return fresh


def test_after_unlock_consecutive_commands_need_no_passphrase(unlocked: Cli) -> None:
    mood = unlocked.log("mood", "6", passphrase=None)
    craving = unlocked.log("craving", "4", "--coping", "walked the dog", passphrase=None)
    listed = json.loads(unlocked.ok("list", "--json", passphrase=None).stdout)
    # Logged within the same second, so either may be listed first.
    assert {entry["id"][: len(craving)] for entry in listed} == {craving, mood}
    assert "clean" in unlocked.ok("streak", passphrase=None).stdout


def test_lock_wipes_the_key_and_commands_ask_again(unlocked: Cli) -> None:
    assert "Locked." in unlocked.ok("lock", passphrase=None).stdout
    result = unlocked("list", passphrase=None)
    assert result.exit_code == 1
    assert "No passphrase" in result.stderr
    assert "Already locked." in unlocked.ok("lock", passphrase=None).stdout


def test_a_new_passphrase_ends_the_unlocked_time(unlocked: Cli) -> None:
    unlocked.ok("passwd", env={"RECOVERY_JOURNAL_NEW_PASSPHRASE": "a brand new passphrase"})
    assert unlocked("list", passphrase=None).exit_code == 1
    assert unlocked.ok("list", passphrase="a brand new passphrase").exit_code == 0


def test_rotating_keys_ends_the_unlocked_time(unlocked: Cli) -> None:
    unlocked.ok("rotate-keys")
    assert unlocked("list", passphrase=None).exit_code == 1


def test_a_killed_agent_means_commands_simply_ask_again(unlocked: Cli, agent_dir: Path) -> None:
    pids = _agent_pids(agent_dir)
    assert len(pids) == 1, "one agent process listens in this test's folder"
    for each in pids:
        os.kill(each, signal.SIGKILL)
    result = unlocked("list", passphrase=None)
    assert result.exit_code == 1
    assert "No passphrase" in result.stderr
    assert unlocked.ok("list").exit_code == 0  # with the passphrase, all is as before


def _agent_pids(folder: Path) -> list[int]:
    """Processes holding a listening socket inside `folder` (found through /proc)."""
    inodes = set()
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[7].startswith(str(folder)):
            inodes.add(fields[6])
    found = []
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (process / "fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            found.append(int(process.name))
    return found


def test_unlock_refuses_an_unreadable_duration_before_asking(fresh: Cli, agent_dir: Path) -> None:
    result = fresh("unlock", "--for", "forever", passphrase=None)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "No passphrase" not in result.stderr
    too_long = fresh("unlock", "--for", "13h", passphrase=None)
    assert too_long.exit_code == 1
    assert "12h" in too_long.stderr


# -- the home screen -----------------------------------------------------------------------


def test_rj_alone_shows_the_locked_home_screen_off_a_terminal(fresh: Cli, agent_dir: Path) -> None:
    result = fresh.ok(passphrase=None)
    assert "Locked" in result.stdout
    assert "rj unlock" in result.stdout
    assert "Usage:" not in result.output
    assert "Error" not in result.output


def test_rj_alone_when_unlocked_shows_streaks_today_and_time_left(unlocked: Cli) -> None:
    unlocked.log("mood", "7", "--feeling", "hopeful", passphrase=None)
    home = unlocked.ok(passphrase=None).stdout
    assert "Unlocked for" in home
    assert "sobriety" in home
    assert "next:" in home
    assert "7/10" in home  # today's mood
    assert "rj streak --history" in home


def test_rj_alone_without_a_journal_points_to_init(cli: Cli) -> None:
    result = cli.ok(passphrase=None)
    assert "rj init" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_home_at_a_terminal_asks_and_enter_shows_the_locked_view(fresh: Cli) -> None:
    child = spawn(fresh)
    child.expect("Enter to stay locked")
    child.sendline("")
    rest, status = finish(child)
    assert status == 0
    assert "Locked" in rest


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_home_at_a_terminal_unlocks_with_the_passphrase(fresh: Cli) -> None:
    child = spawn(fresh)
    child.expect("Enter to stay locked")
    child.sendline(PASSPHRASE)
    rest, status = finish(child)
    assert status == 0, rest
    assert "sobriety" in rest
    assert "Unlocked for this command only" in rest
