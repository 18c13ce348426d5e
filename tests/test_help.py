"""Help and usage conventions: `-h` is `--help` everywhere, help reads in plain words, and a
bad number gets one line in our words.

Every command and group is found by walking the Click tree the app builds, so a command
added later is checked too.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

import recovery_journal.cli
from recovery_journal.cli import app

WIDE = {"COLUMNS": "250"}  # nothing wraps, so each help text reads as one line
TYPE_TAG = re.compile(r"<[a-z][a-z\[\], |]*>")  # <int>, <str>, <list[str]>, <bool>, <path>
BRACED_ARGUMENT = re.compile(r"\{[a-z_]+\}")  # {score}
BOX = re.compile(r"[│╭╮╰╯─]")


def commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(words after `rj`, Click command) for the root, every group and every command."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not sub.hidden:
            yield from commands(sub, (*path, name))


ALL = list(commands(typer.main.get_command(app)))
IDS = [" ".join(path) or "rj" for path, _ in ALL]


def render(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def flat(text: str) -> str:
    """Help text with the panels' box drawing removed and all white space as one space."""
    return " ".join(BOX.sub(" ", text).split())


def test_the_walk_finds_every_group_and_command() -> None:
    found = set(IDS)
    assert {"rj", "mood", "tracker", "tracker edit", "export", "export summary"} <= found
    assert len(found) > 30


@pytest.mark.parametrize(("path", "command"), ALL, ids=IDS)
def test_help_reads_in_plain_words_and_keeps_every_option_and_its_help(
    path: tuple[str, ...], command: Any
) -> None:
    text = render(*path, "--help")
    assert not TYPE_TAG.search(text), text
    assert not BRACED_ARGUMENT.search(text), text
    shown = flat(text)
    assert f"Usage: rj {' '.join(path)}".replace("  ", " ").strip() in shown
    if command.help:
        assert flat(command.help.split("\n\n")[0]) in shown
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        for name in param.opts if param.param_type_name == "option" else []:
            assert name in shown, (name, text)
        if param.help:
            assert flat(param.help) in shown, (param.name, text)


def test_arguments_read_as_capital_words_in_the_usage_line() -> None:
    assert "Usage: rj mood [OPTIONS] SCORE" in render("mood", "--help")
    assert "Usage: rj streak [OPTIONS] [TRACKER]" in render("streak", "--help")
    assert "Usage: rj tracker edit [OPTIONS] NAME" in render("tracker", "edit", "--help")


def test_flags_show_no_value_and_options_a_word() -> None:
    text = flat(render("mood", "--help"))
    assert "--help -h Show this message and exit." in text
    assert "--note TEXT A note to keep with the entry." in text


@pytest.mark.parametrize(("path", "command"), ALL, ids=IDS)
def test_dash_h_is_help_for_every_command_and_group(path: tuple[str, ...], command: Any) -> None:
    assert render(*path, "-h") == render(*path, "--help")


@pytest.mark.parametrize("args", [[], ["mood"], ["export", "summary"]], ids=" ".join)
def test_dash_h_shows_the_usage(args: list[str]) -> None:
    assert render(*args, "-h").lstrip().startswith(f"Usage: {' '.join(['rj', *args])} [OPTIONS]")


# -- a bad number --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "name", "value"),
    [
        (["mood", "seven"], "score", "seven"),
        (["craving", "lots"], "intensity", "lots"),
        (["meeting", "--minutes", "ten"], "minutes", "ten"),
        (["mood", "5.5"], "score", "5.5"),
        (["mood", "\u0665"], "score", "\u0665"),  # Arabic-Indic five: int() would take it
        (["list", "--limit", "1_0"], "limit", "1_0"),
        (["edit", "abc", "--score", "nine"], "score", "nine"),
        (["trigger", "stairs", "--intensity", ""], "intensity", ""),
    ],
)
def test_a_bad_number_is_one_line_in_our_words_with_exit_2(
    args: list[str], name: str, value: str
) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: The {name} must be a whole number, not '{value}' (see 'rj {args[0]} --help').\n"
    )


def test_a_number_too_long_to_read_is_refused_in_our_words() -> None:
    result = CliRunner().invoke(app, ["meeting", "--minutes", "9" * 5000])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "Error: 999999999999999999999999999999… is far too large a number for the minutes"
        " (see 'rj meeting --help').\n"
    )


def test_every_int_parameter_reads_whole_numbers_our_way() -> None:
    for path, command in ALL:
        for param in command.params:
            if "integer" in param.type.name:
                assert type(param.type).__name__.startswith("WholeNumber"), (path, param.name)


def test_a_number_with_spaces_or_a_sign_is_still_read() -> None:
    # Parsing passes; the missing journal is what stops it, with exit 1.
    for value in [" 7 ", "+7", "007"]:
        result = CliRunner().invoke(app, ["mood", value])
        assert result.exit_code == 1, (value, result.output)
        assert "No journal" in result.stderr


# -- what help loads -----------------------------------------------------------------------

HELP_NEVER_LOADS = (
    "pydantic",  # Typer 0.29 would load it on every command
    "sqlite3",
    "dateutil",
    "fpdf",
    "recovery_journal.vault.journal",
    "recovery_journal.vault.storage",
    "recovery_journal.analytics.streaks",
    "recovery_journal.analytics.trends",
    "recovery_journal.reports",
    "recovery_journal.interchange",
    "recovery_journal.terminal.entries",
    "recovery_journal.terminal.streaks",
    "recovery_journal.terminal.trends",
)


def test_help_loads_no_vault_analytics_reports_or_dates() -> None:
    """Start-up time is mostly imports: `rj --help` must not open the heavy layers."""
    script = (
        "import sys\n"
        "from recovery_journal.cli import main\n"
        "main(['--help'])\n"
        "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = done.stderr.split()
    assert "recovery_journal.cli.browse_commands" in loaded
    heavy = [m for m in loaded if m.startswith(HELP_NEVER_LOADS)]
    assert heavy == []


def test_command_modules_let_python_evaluate_their_annotations_once() -> None:
    """Typer evaluates string annotations (PEP 563) again, twice, on every run: about 15 ms
    for all the commands. So command modules do without `from __future__ import
    annotations` and quote only the annotations that name TYPE_CHECKING imports."""
    cli = Path(recovery_journal.cli.__file__).parent
    for module in sorted(cli.glob("*.py")):
        text = module.read_text()
        if ".command(" in text:
            assert "from __future__ import annotations" not in text, module.name
