"""`rj urge`: urge surfing with a countdown and paced breathing, then the craving logged with
how long it lasted. Durations here are fractions of a minute; nothing asserts a wall clock."""

from __future__ import annotations

import io
import json
import re
import sys
from typing import Any

import pytest
from rich.console import Console

from conftest import Cli, finish, spawn
from recovery_journal.cli.urge_surfing import Surfed, frame, surf

SHORT = ("--minutes", "0.005")  # 0.3 seconds


def cravings(cli: Cli) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(cli.ok("list", "--kind", "craving", "--json").stdout)
    return found


def test_a_short_ride_logs_the_craving_with_its_duration(fresh: Cli) -> None:
    result = fresh.ok("urge", *SHORT, "--intensity", "7", "--substance", "alcohol")
    assert re.fullmatch(r"Saved craving \w{7}\n", result.stdout)  # the display is on stderr
    assert "Riding the urge" in result.stderr
    (craving,) = cravings(fresh)
    assert craving["intensity"] == 7
    assert craving["duration_minutes"] == 0  # 0.3 seconds: 0 whole minutes
    # Off a terminal nobody was asked how it went: not given, never assumed resisted.
    assert (craving["coping"], craving["outcome"]) == ("urge surfing", None)
    assert craving["substance"] == "alcohol"


def test_a_strong_urge_ridden_out_brings_no_support_block(fresh: Cli) -> None:
    result = fresh.ok("urge", *SHORT, "--intensity", "9")
    assert "This is a strong craving" not in result.stderr


def test_acted_on_it_is_a_use_and_the_block_follows(fresh: Cli) -> None:
    result = fresh.ok("urge", *SHORT, "--intensity", "9", "--outcome", "used")
    assert "Thank you for writing it down." in result.stderr
    assert cravings(fresh)[0]["outcome"] == "used"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((*SHORT,), "Off a terminal, say how strong the urge is: --intensity 0-10."),
        (("--minutes", "0", "--intensity", "5"), "--minutes must be more than 0 and at most 120."),
        (("--minutes", "121", "--intensity", "5"), "--minutes must be more than 0"),
        ((*SHORT, "--intensity", "11"), "Craving intensity must be from 0 to 10, not 11."),
        ((*SHORT, "--intensity", "5", "--outcome", "maybe"), "Outcome must be one of"),
    ],
)
def test_mistakes_are_refused_before_the_timer_runs(
    fresh: Cli, args: tuple[str, ...], message: str
) -> None:
    result = fresh("urge", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Riding the urge" not in result.stderr  # refused before the display started
    assert cravings(fresh) == []


def test_the_display_paces_the_breath_and_counts_down() -> None:
    def shown(elapsed: float) -> str:
        out = io.StringIO()
        Console(file=out, width=100, color_system=None).print(frame(elapsed, 900))
        return out.getvalue()

    assert "Riding the urge · 15:00 left" in shown(0)
    assert "Breathe in" in shown(1)
    assert "Breathe out" in shown(5)
    assert "Breathe in" in shown(10)  # a 10-second breath: in for 4, out for 6
    assert "Riding the urge · 10:00 left" in shown(300)
    assert shown(1).count("━") < shown(3.5).count("━")  # the bar fills as you breathe in


def test_whole_minutes_round_to_the_nearest() -> None:
    assert Surfed(29, ended_early=False).minutes == 0
    assert Surfed(31, ended_early=False).minutes == 1
    assert Surfed(15 * 60, ended_early=False).minutes == 15


def test_ctrl_c_ends_the_ride_early(monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_journal.cli.urge_surfing import TICK

    calls = 0
    clock = 1000.0  # a fake clock that only the fake sleep moves: no wall time is read

    def sleep(seconds: float) -> None:
        nonlocal calls, clock
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        clock += seconds

    monkeypatch.setattr("recovery_journal.cli.urge_surfing.time.sleep", sleep)
    monkeypatch.setattr("recovery_journal.cli.urge_surfing.time.monotonic", lambda: clock)
    surfed = surf(Console(file=io.StringIO()), 900)
    assert surfed.ended_early
    assert surfed.seconds == 2 * TICK  # the two breaths taken before Ctrl-C


# -- at a terminal --------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_at_a_terminal_it_asks_before_and_after_and_says_how_it_went(initialized: Cli) -> None:
    child = spawn(initialized, "urge", "--minutes", "0.01")
    child.expect(r"How strong is the urge right now \(0-10\): ")
    child.sendline("eleven")
    child.expect("Please type a whole number from 0 to 10.")
    child.sendline("7")
    child.expect("Riding the urge")
    child.expect(r"How strong is it now \(0-10\): ")
    child.sendline("3")
    child.expect(r"What happened: resisted or used\? \[resisted\]: ")
    child.sendline("")
    rest, status = finish(child)
    assert status == 0, rest
    assert "Saved craving" in rest
    assert "It went from 7 to 3 in 0 min: it passed, and you rode it." in rest
    (craving,) = cravings(initialized)
    assert (craving["intensity"], craving["duration_minutes"]) == (7, 0)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_ctrl_c_at_a_terminal_stops_early_and_still_offers_to_log(initialized: Cli) -> None:
    child = spawn(initialized, "urge", "--minutes", "30")
    child.expect(r"right now \(0-10\): ")
    child.sendline("8")
    child.expect("Breathe")
    child.sendintr()
    child.expect(r"Stopped after 0 min\. Log this craving\? \[Y/n\]: ")
    child.sendline("")
    child.expect(r"How strong is it now \(0-10\): ")
    child.sendline("5")
    child.expect(r"\[resisted\]: ")
    child.sendline("resisted")
    rest, status = finish(child)
    assert status == 0, rest
    (craving,) = cravings(initialized)
    assert (craving["intensity"], craving["outcome"]) == (8, "resisted")
    assert craving["duration_minutes"] == 0


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_stopping_early_and_declining_logs_nothing(initialized: Cli) -> None:
    child = spawn(initialized, "urge", "--minutes", "30", "--intensity", "6")
    child.expect("Breathe")
    child.sendintr()
    child.expect(r"Log this craving\? \[Y/n\]: ")
    child.sendline("n")
    rest, status = finish(child)
    assert status == 0, rest
    assert "Nothing was logged." in rest
    assert cravings(initialized) == []
