"""Shell completion: `rj --install-completion` / `--show-completion`, and tracker names
completed where a tracker is asked for, only while the journal is unlocked.

Completions are asked for as the shells ask: Typer's `_RJ_COMPLETE` variable with bash's
COMP_WORDS / COMP_CWORD (zsh's _TYPER_COMPLETE_ARGS), the words typed so far.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Cli
from recovery_journal.cli import app, context, prompts

NAMES = ["alcohol", "nicotine", "gambling"]


def complete_bash(line: str) -> tuple[list[str], str]:
    """What bash would offer after typing `line` (a trailing space: a new word)."""
    words = line.split(" ")
    env = {"_RJ_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    result = CliRunner().invoke(app, [], env=env, prog_name="rj")
    assert result.exit_code == 0, result.output
    return result.stdout.split(), result.stderr


@pytest.fixture
def unlocked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context, "tracker_names_if_unlocked", lambda: list(NAMES))


@pytest.mark.usefixtures("unlocked")
@pytest.mark.parametrize(
    "line",
    [
        "rj streak ",
        "rj edit abc12 --tracker ",
        "rj export tlfb --tracker ",
        "rj tracker edit ",
        "rj tracker remove ",
    ],
)
def test_tracker_names_complete_where_a_tracker_is_asked_for(line: str) -> None:
    offered, err = complete_bash(line)
    assert sorted(offered) == sorted(NAMES)
    assert err == ""


@pytest.mark.usefixtures("unlocked")
def test_only_names_starting_with_what_was_typed_are_offered() -> None:
    assert complete_bash("rj streak n")[0] == ["nicotine"]
    assert complete_bash("rj tracker remove x")[0] == []


@pytest.mark.usefixtures("unlocked")
def test_a_new_tracker_name_is_not_completed_from_the_old_ones() -> None:
    assert complete_bash("rj tracker add ")[0] == []


@pytest.mark.usefixtures("unlocked")
def test_zsh_gets_the_names_too() -> None:
    env = {"_RJ_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "rj streak a"}
    result = CliRunner().invoke(app, [], env=env, prog_name="rj")
    assert result.exit_code == 0, result.output
    assert '"alcohol"' in result.stdout
    assert "nicotine" not in result.stdout


def test_the_journal_chosen_with_journal_is_the_one_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked: list[Path] = []

    def names() -> list[str]:
        asked.append(context.current_path())
        return []

    monkeypatch.setattr(context, "tracker_names_if_unlocked", names)
    monkeypatch.setattr(context.OPTIONS, "journal", None)  # put back after the test
    other = tmp_path / "other.db"
    complete_bash(f"rj --journal {other} streak ")
    assert asked == [other]


def test_a_locked_journal_offers_no_names_and_asks_nothing(
    initialized: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert initialized.journal.exists()
    monkeypatch.setattr(prompts, "read_passphrase", _never)
    offered, err = complete_bash("rj streak ")
    assert offered == []
    assert err == ""


def test_a_failing_lookup_offers_nothing_and_prints_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> list[str]:
        raise OSError("the agent's socket is gone")

    monkeypatch.setattr(context, "tracker_names_if_unlocked", broken)
    assert complete_bash("rj streak ") == ([], "")


def test_commands_and_options_complete_as_ever() -> None:
    assert complete_bash("rj stre")[0] == ["streak"]
    assert complete_bash("rj export su")[0] == ["summary"]
    assert "--minutes" in complete_bash("rj meeting --min")[0]


def _never() -> None:
    raise AssertionError("completion asked for a passphrase")


# -- installing it, in a real process ------------------------------------------------------


def rj(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {
        **os.environ,
        "HOME": str(home),
        # Typer's own switch: the shell is named, not detected from the parent processes.
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "recovery_journal", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        check=False,
    )


def test_show_completion_prints_the_script_for_rj(tmp_path: Path) -> None:
    done = rj("--show-completion", "bash", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "_RJ_COMPLETE=complete_bash" in done.stdout
    assert "complete -o default -F _rj_completion rj" in done.stdout


def test_install_completion_adds_the_script_to_the_shell_startup(tmp_path: Path) -> None:
    done = rj("--install-completion", "bash", home=tmp_path)
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "rj.sh"
    assert "_RJ_COMPLETE=complete_bash" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()


def test_a_real_process_answers_the_completion_protocol(tmp_path: Path) -> None:
    done = rj(home=tmp_path, _RJ_COMPLETE="complete_bash", COMP_WORDS="rj trac", COMP_CWORD="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["tracker"]
    assert done.stderr == ""
