"""`rj remind`: a crontab line, a systemd user timer or a launchd agent, and `--install` adding
the crontab line after asking. A fake `crontab` and `notify-send` on PATH stand in for the
real ones, so no test touches the machine's crontab."""

from __future__ import annotations

import plistlib
import re
import stat
from pathlib import Path

import pytest

from conftest import Cli
from recovery_journal.domain.reminders import (
    MARKER,
    command,
    crontab_line,
    parse_days,
    parse_time,
    schedule,
)
from recovery_journal.errors import InvalidInput

FAKE_CRONTAB = """#!/bin/sh
# A stand-in for crontab(1): the table lives in $FAKE_CRONTAB_FILE.
if [ "$1" = "-l" ]; then
    if [ -f "$FAKE_CRONTAB_FILE" ]; then cat "$FAKE_CRONTAB_FILE"; exit 0; fi
    echo "no crontab for $(id -un)" >&2; exit 1
fi
if [ "$1" = "-" ]; then cat > "$FAKE_CRONTAB_FILE"; exit 0; fi
exit 2
"""


@pytest.fixture
def machine(cli: Cli, tmp_path: Path) -> tuple[Cli, Path]:
    """The CLI with a PATH holding a fake crontab and notify-send; and the crontab's file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("crontab", FAKE_CRONTAB), ("notify-send", "#!/bin/sh\nexit 0\n")):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(stat.S_IRWXU)
    table = tmp_path / "crontab.txt"
    cli.env.update({"PATH": f"{bin_dir}:/usr/bin:/bin", "FAKE_CRONTAB_FILE": str(table)})
    return cli, table


def test_it_prints_a_crontab_line_and_a_systemd_timer(machine: tuple[Cli, Path]) -> None:
    cli, _ = machine
    bin_dir = Path(cli.env["PATH"].split(":")[0])
    out = cli.ok("remind", "--at", "21:00", "--days", "mon-fri", "--platform", "linux").stdout
    assert out.startswith("A reminder Mon-Fri at 21:00. Use one of these.\n")
    line = next(row for row in out.splitlines() if row.endswith(MARKER))
    assert line.startswith("0 21 * * 1-5 DISPLAY=:0 DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/")
    assert f"{bin_dir}/notify-send Journal 'Time for your daily check-in: rj checkin'" in line
    assert "# recovery-journal-reminder.timer" in out
    assert "OnCalendar=Mon..Fri *-*-* 21:00:00" in out
    assert f"ExecStart={bin_dir}/notify-send Journal" in out
    assert "systemctl --user enable --now recovery-journal-reminder.timer" in out


def test_on_macos_it_prints_a_launchd_agent(machine: tuple[Cli, Path]) -> None:
    cli, _ = machine
    out = cli.ok("remind", "--at", "9pm", "--days", "sat,sun", "--platform", "macos").stdout
    assert re.search(r"^0 21 \* \* 6-7 .*osascript -e 'display notification", out, re.M)
    assert "DISPLAY=" not in out
    start = out.index("<?xml")
    agent = plistlib.loads(out[start : out.index("</plist>") + len("</plist>")].encode())
    assert agent["Label"] == "org.recovery-journal.reminder"
    assert agent["StartCalendarInterval"] == [
        {"Hour": 21, "Minute": 0, "Weekday": 6},
        {"Hour": 21, "Minute": 0, "Weekday": 0},
    ]
    assert "launchctl bootstrap gui/$(id -u) ~/Library/LaunchAgents/" in out


def test_the_checkin_action_opens_rj_checkin_in_a_terminal(machine: tuple[Cli, Path]) -> None:
    cli, _ = machine
    out = cli.ok("remind", "--action", "checkin", "--platform", "linux").stdout
    assert re.search(r"^0 21 \* \* \* .*x-terminal-emulator -e '\S+ checkin'", out, re.M)


def test_without_notify_send_it_says_how_to_get_it(cli: Cli, tmp_path: Path) -> None:
    cli.env["PATH"] = str(tmp_path)  # nothing there
    result = cli.ok("remind", "--platform", "linux")
    assert "notify-send was not found here" in result.stderr
    assert " notify-send Journal " in result.stdout  # the line still works once it is installed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--at", "25:00"), "'25:00' is not a time of day"),
        (("--at", "soon"), "--at takes a time of day such as 21:00 or 9pm, not 'soon'."),
        (("--days", "weekdays"), "'weekdays' is not a day; use mon, tue"),
        (("--action", "shout"), "--action must be notify or checkin"),
        (("--platform", "windows"), "--platform must be linux or macos"),
    ],
)
def test_mistakes_are_one_line(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("remind", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr


# -- --install -------------------------------------------------------------------------------


def test_install_adds_the_line_then_replaces_only_its_own(machine: tuple[Cli, Path]) -> None:
    cli, table = machine
    table.write_text("30 6 * * * /usr/bin/backup-photos\n")
    assert cli.ok("remind", "--install", "--yes").stdout.endswith("Added to your crontab.\n")
    cli.ok("remind", "--at", "20:15", "--install", "--yes")
    rows = table.read_text().splitlines()
    assert rows[0] == "30 6 * * * /usr/bin/backup-photos"  # theirs, untouched
    ours = [row for row in rows if row.endswith(MARKER)]
    assert len(ours) == 1
    assert ours[0].startswith("15 20 * * * ")


def test_install_into_an_empty_crontab(machine: tuple[Cli, Path]) -> None:
    cli, table = machine
    cli.ok("remind", "--install", "--yes")
    assert table.read_text().endswith(f"{MARKER}\n")


def test_install_off_a_terminal_needs_yes_and_changes_nothing(machine: tuple[Cli, Path]) -> None:
    cli, table = machine
    result = cli("remind", "--install")
    assert result.exit_code == 1
    assert "--yes" in result.stderr
    assert not table.exists()


# -- the pure parts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:00", (21, 0)),
        ("7:05", (7, 5)),
        ("9pm", (21, 0)),
        ("12am", (0, 0)),
        ("12:30pm", (12, 30)),
    ],
)
def test_times(text: str, expected: tuple[int, int]) -> None:
    assert parse_time(text) == expected


def test_a_13pm_is_refused() -> None:
    with pytest.raises(InvalidInput, match="the hour is 1 to 12"):
        parse_time("13pm")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily", (0, 1, 2, 3, 4, 5, 6)),
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("Saturday,sun", (5, 6)),
        ("fri-mon", (0, 4, 5, 6)),
        ("mon,wed-fri", (0, 2, 3, 4)),
    ],
)
def test_days(text: str, expected: tuple[int, ...]) -> None:
    assert parse_days(text) == expected


def test_cron_days_are_ranges_with_monday_1() -> None:
    argv = command("notify", "macos", "/usr/bin/rj")
    line = crontab_line(schedule("07:05", "mon,wed-fri,sun"), argv, uid=1000, platform="macos")
    assert line.startswith("5 7 * * 1,3-5,7 osascript -e ")
