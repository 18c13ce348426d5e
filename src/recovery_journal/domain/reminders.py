"""A daily reminder, written for the scheduler already on the computer: a crontab line, a
systemd user timer (Linux) or a launchd agent (macOS). Pure: the caller supplies paths.

The reminder shows a desktop notification (notify-send on Linux, osascript on macOS) or
opens the check-in in a terminal. Its words are neutral on purpose ("Journal: time for your
check-in"), since a notification can pop up while someone else is looking at the screen.
"""

from __future__ import annotations

import plistlib
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from recovery_journal.domain.words import WEEKDAYS
from recovery_journal.errors import InvalidInput

MARKER = "# recovery-journal reminder"
"""Ends the crontab line, so `--install` can find and replace its own line."""
UNIT = "recovery-journal-reminder"
LAUNCHD_LABEL = "org.recovery-journal.reminder"
TITLE = "Journal"
MESSAGE = "Time for your daily check-in: rj checkin"
ACTIONS = ("notify", "checkin")
PLATFORMS = ("linux", "macos")
_ALL_DAYS = ("daily", "every day", "everyday", "all", "*")
_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*([ap]m)?")


@dataclass(frozen=True)
class Schedule:
    hour: int
    minute: int
    days: tuple[int, ...]
    """Weekdays, 0 = Monday; all seven for every day."""

    @property
    def every_day(self) -> bool:
        return len(self.days) == 7

    def describe(self) -> str:
        when = f"{self.hour:02d}:{self.minute:02d}"
        if self.every_day:
            return f"every day at {when}"
        return f"{_spans(self.days, lambda d: WEEKDAYS[d][:3].title(), '-')} at {when}"


def parse_time(text: str) -> tuple[int, int]:
    """'21:00', '9pm', '9:30pm', '07:15' -> (hour, minute)."""
    match = _TIME.fullmatch(text.strip().lower())
    if match is None:
        raise InvalidInput(f"--at takes a time of day such as 21:00 or 9pm, not {text!r}.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            raise InvalidInput(f"{text!r}: with am or pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"{text!r} is not a time of day (00:00 to 23:59).")
    return hour, minute


def _weekday(word: str) -> int:
    for number, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return number
    raise InvalidInput(f"{word!r} is not a day; use mon, tue, wed, thu, fri, sat, sun.")


def parse_days(text: str) -> tuple[int, ...]:
    """'mon-fri', 'sat,sun', 'mon,wed-fri', 'fri-mon' (wrapping), 'daily' -> weekdays."""
    words = text.strip().lower()
    if words in _ALL_DAYS:
        return tuple(range(7))
    days: set[int] = set()
    for part in words.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        start = _weekday(first)
        end = _weekday(last) if last else start
        days.update((start + step) % 7 for step in range((end - start) % 7 + 1))
    return tuple(sorted(days))


def schedule(at: str, days: str) -> Schedule:
    hour, minute = parse_time(at)
    return Schedule(hour, minute, parse_days(days))


def _spans(days: tuple[int, ...], named: Callable[[int], str], dash: str) -> str:
    """Consecutive days as ranges: (0, 1, 2, 3, 4) -> 'Mon-Fri'; `named` names a day."""
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        named(run[0]) if len(run) == 1 else f"{named(run[0])}{dash}{named(run[-1])}" for run in runs
    )


def command(action: str, platform: str, rj: str) -> list[str]:
    """What the reminder runs, as argv; `rj` is the program's full path."""
    if action not in ACTIONS:
        raise InvalidInput(f"--action must be notify or checkin, not {action!r}.")
    if platform == "macos":
        if action == "notify":
            script = f"display notification {_quote(MESSAGE)} with title {_quote(TITLE)}"
        else:
            script = f'tell application "Terminal" to do script {_quote(f"{rj} checkin")}'
        return ["osascript", "-e", script]
    if action == "notify":
        return ["notify-send", TITLE, MESSAGE]
    return ["x-terminal-emulator", "-e", f"{rj} checkin"]


def _quote(text: str) -> str:
    """An AppleScript string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def crontab_line(when: Schedule, argv: list[str], *, uid: int, platform: str) -> str:
    """One crontab line; on Linux with the display and session bus a notification needs."""
    # Monday is 1 and Sunday 7 (cron takes 0 or 7 for Sunday), so Sat-Sun is "6-7".
    cron_days = "*" if when.every_day else _spans(when.days, lambda d: str(d + 1), "-")
    env = ""
    if platform == "linux":
        env = f"DISPLAY=:0 DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{uid}/bus "
    return f"{when.minute} {when.hour} * * {cron_days} {env}{shlex.join(argv)} {MARKER}"


def systemd_units(when: Schedule, argv: list[str]) -> dict[str, str]:
    """The user service and timer, by file name (in ~/.config/systemd/user/)."""
    days = "" if when.every_day else _spans(when.days, lambda d: WEEKDAYS[d][:3].title(), "..")
    calendar = f"{days} *-*-* {when.hour:02d}:{when.minute:02d}:00".strip()
    return {
        f"{UNIT}.service": (
            "[Unit]\nDescription=Recovery Journal reminder\n\n"
            f"[Service]\nType=oneshot\nExecStart={shlex.join(argv)}\n"
        ),
        f"{UNIT}.timer": (
            f"[Unit]\nDescription=Recovery Journal reminder, {when.describe()}\n\n"
            f"[Timer]\nOnCalendar={calendar}\n\n[Install]\nWantedBy=timers.target\n"
        ),
    }


def launchd_plist(when: Schedule, argv: list[str]) -> str:
    """A launchd agent (in ~/Library/LaunchAgents/) running `argv` at the time."""
    times = [{"Hour": when.hour, "Minute": when.minute}]
    if not when.every_day:  # launchd's Weekday: 0 (or 7) is Sunday, 1 is Monday
        times = [{**times[0], "Weekday": (day + 1) % 7} for day in when.days]
    agent = {"Label": LAUNCHD_LABEL, "ProgramArguments": argv, "StartCalendarInterval": times}
    return plistlib.dumps(agent).decode()
