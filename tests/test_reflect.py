"""Reflections on a use in SMART Recovery's ABC shape (`rj reflect`, and the offer after a use
at a terminal): linked to the use, and shared only in a summary that names them."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import pytest

from conftest import PASSPHRASE, Cli, finish, spawn


def entries(cli: Cli, kind: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(cli.ok("list", "--kind", kind, "--json").stdout)
    return found


@pytest.fixture
def used(fresh: Cli) -> tuple[Cli, str]:
    """A journal with one use (on 2026-03-06), and its short id."""
    return fresh, fresh.log("use", "--amount", "four pints", "--at", "2026-03-06 23:00")


def test_a_reflection_is_linked_to_the_use_by_its_full_id(used: tuple[Cli, str]) -> None:
    cli, use = used
    result = cli.ok(
        "reflect",
        use,
        "--activating",
        "Payday drinks after work",
        "--beliefs",
        "One won't hurt",
        "--consequences",
        "Lost the weekend",
        "--different",
        "Go home first and call Sam",
    )
    assert re.fullmatch(rf"Saved reflection \w{{7}} on use {use}\n", result.stdout)
    (reflection,) = entries(cli, "reflection")
    (use_entry,) = entries(cli, "use")
    assert reflection["use_id"] == use_entry["id"]
    assert reflection["different"] == "Go home first and call Sam"
    assert f"reflection   on use {use} · Payday drinks after work" in cli.ok("list").stdout


def test_a_reflection_needs_a_use(used: tuple[Cli, str]) -> None:
    cli, _ = used
    mood = cli.log("mood", "6")
    result = cli("reflect", mood, "--different", "x")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: mood {mood} is not a use;")
    assert cli("reflect", "zzzzzzz", "--different", "x").exit_code == 1
    assert entries(cli, "reflection") == []


def test_off_a_terminal_at_least_one_part_is_needed(used: tuple[Cli, str]) -> None:
    cli, use = used
    result = cli("reflect", use)
    assert result.exit_code == 1
    assert "--activating, --beliefs, --consequences or --different" in result.stderr


def test_a_reflection_on_a_craving_acted_on_is_allowed(fresh: Cli) -> None:
    craving = fresh.log("craving", "8", "--outcome", "used")
    fresh.ok("reflect", craving, "--beliefs", "I deserved it")
    assert entries(fresh, "reflection")[0]["beliefs"] == "I deserved it"


def test_edit_changes_a_part_and_the_use_it_is_about(used: tuple[Cli, str]) -> None:
    cli, use = used
    other = cli.log("use", "--at", "2026-03-08 20:00")
    reflection = cli.ok("reflect", use, "--different", "call Sam").stdout.split()[2]
    cli.ok("edit", reflection, "--different", "call Sam before payday", "--use-id", other)
    (changed,) = entries(cli, "reflection")
    assert changed["different"] == "call Sam before payday"
    assert changed["use_id"].startswith(other)


def test_the_summary_leaves_reflections_out_unless_their_section_is_named(
    used: tuple[Cli, str],
) -> None:
    cli, use = used
    cli.ok("reflect", use, "--activating", "Payday drinks", "--different", "Go home first")
    period = ("--since", "2026-03-01", "--until", "2026-03-31")
    default = cli.ok("export", "summary", *period).stdout
    assert "Go home first" not in default
    assert "Payday drinks" not in default
    assert "## Reflections on uses" not in default
    assert re.search(r"Left out by choice: .*1 reflection on uses", default)
    chosen = cli.ok("export", "summary", *period, "--sections", "overview,reflections").stdout
    assert "## Reflections on uses" in chosen
    row = next(line for line in chosen.splitlines() if "Go home first" in line)
    assert "| Fri 6 Mar |" in row  # the use's day
    assert "Payday drinks" in row
    assert "reflection on uses" not in chosen.split("\n\n")[1]  # nothing left out about them


def test_the_preview_says_reflections_are_in_the_persons_words(
    used: tuple[Cli, str], tmp_path: Any
) -> None:
    cli, use = used
    cli.ok("reflect", use, "--different", "Go home first")
    target = tmp_path / "s.md"
    result = cli.ok(
        "export", "summary", "--since", "2026-03-01", "--until", "2026-03-31",
        "--sections", "reflections", "-o", str(target), "--yes",
    )  # fmt: skip
    assert "reflections: 1 reflection in your words" in result.stderr


# -- at a terminal --------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_after_a_use_at_a_terminal_a_reflection_is_offered_and_linked(initialized: Cli) -> None:
    child = spawn(initialized, "use", "--amount", "two glasses")
    child.expect("Thank you for writing it down.")
    child.expect(r"Would you like to write a short reflection on it now\? \[y/N\]: ")
    child.sendline("y")
    child.expect("A, the activating event")
    child.sendline("Argument at home")
    child.expect("B, your beliefs")
    child.sendline("")  # skipped
    child.expect("C, the consequences")
    child.sendline("Felt worse the next day")
    child.expect("What could be different")
    child.sendline("Walk it off, then talk")
    rest, status = finish(child)
    assert status == 0, rest
    assert "Saved reflection" in rest
    (reflection,) = entries(initialized, "reflection")  # locked: both joined at this unlock
    (use,) = entries(initialized, "use")
    assert reflection["use_id"] == use["id"]
    assert reflection["beliefs"] is None
    assert reflection["activating"] == "Argument at home"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_declining_the_offer_keeps_just_the_use(initialized: Cli) -> None:
    child = spawn(initialized, "use")
    child.expect(r"\[y/N\]: ")
    child.sendline("")
    rest, status = finish(child)
    assert status == 0, rest
    assert entries(initialized, "reflection") == []
    assert len(entries(initialized, "use")) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_ctrl_c_during_the_reflection_keeps_the_use_and_says_so(initialized: Cli) -> None:
    child = spawn(initialized, "use")
    child.expect(r"\[y/N\]: ")
    child.sendline("y")
    child.expect("A, the activating event")
    child.sendintr()
    rest, status = finish(child)
    assert status == 0, rest
    assert "No reflection saved; the use is." in rest
    assert len(entries(initialized, "use")) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_rj_reflect_at_a_terminal_asks_the_four_questions(used: tuple[Cli, str]) -> None:
    cli, use = used
    child = spawn(cli, "reflect", use)
    child.expect("Passphrase: ")  # it opens the journal, to find the use
    child.sendline(PASSPHRASE)
    for answer in ("Payday", "Just one", "Lost the weekend", "Go home first"):
        child.expect("> ")
        child.sendline(answer)
    rest, status = finish(child)
    assert status == 0, rest
    (reflection,) = entries(cli, "reflection")
    assert (reflection["activating"], reflection["different"]) == ("Payday", "Go home first")


def test_streak_history_shows_the_reflection_under_the_use(used: tuple[Cli, str]) -> None:
    cli, use = used
    cli.ok("reflect", use, "--activating", "Payday", "--different", "Go home first, call Sam")
    history = cli.ok("streak", "--history").stdout
    lines = history.splitlines()
    at = next(n for n, line in enumerate(lines) if "use on 2026-03-06" in line)
    assert "next time: Go home first, call Sam" in lines[at + 1]
    assert "next time" not in cli.ok("streak").stdout  # the panel stays as it was
