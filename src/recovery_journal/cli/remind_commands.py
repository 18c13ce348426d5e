"""`rj remind`: a daily reminder for the scheduler already on the computer.

Prints a ready crontab line and a systemd user timer (a launchd agent on macOS), with how
to install each; `--install` adds the crontab line after asking. Nothing else is installed
for you, and the journal is never opened.
"""

import shutil
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_journal.cli import prompts
from recovery_journal.cli.context import console, err_console, say
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.domain.reminders import Schedule

commands = typer.Typer()


@commands.command("remind", rich_help_panel="Support")
def remind(
    at: Annotated[str, typer.Option(metavar="TIME", help="When, e.g. 21:00 or 9pm.")] = "21:00",
    days: Annotated[
        str, typer.Option(metavar="DAYS", help="mon-fri, sat,sun, mon,wed,fri or daily.")
    ] = "daily",
    action: Annotated[
        str,
        typer.Option(help="notify (a desktop notification) or checkin (open rj checkin)."),
    ] = "notify",
    platform: Annotated[
        str | None, typer.Option(help="linux or macos (default: this computer's).")
    ] = None,
    install: Annotated[
        bool, typer.Option("--install", help="Add the crontab line (after asking).")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """A daily reminder to check in: a crontab line and a systemd timer or launchd agent."""
    import os

    from recovery_journal.domain import reminders

    chosen = platform or ("macos" if sys.platform == "darwin" else "linux")
    if chosen not in reminders.PLATFORMS:
        raise InvalidInput(f"--platform must be linux or macos, not {platform!r}.")
    when = reminders.schedule(at, days)
    rj = shutil.which("rj") or os.path.abspath(sys.argv[0] or "rj")
    argv = reminders.command(action, chosen, rj)
    found = shutil.which(argv[0])
    if found:  # a scheduler's PATH is short: name the program in full when we can
        argv = [found, *argv[1:]]
    line = reminders.crontab_line(when, argv, uid=os.getuid(), platform=chosen)
    _show(when, argv, line, chosen, found is not None)
    if install:
        _install(line, assume_yes=yes)


def _show(when: "Schedule", argv: list[str], line: str, platform: str, found: bool) -> None:
    from recovery_journal.domain import reminders

    def out(text: str = "") -> None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)

    out(f"A reminder {when.describe()}. Use one of these.")
    out()
    out("1. cron: add this line with `crontab -e` (or run `rj remind ... --install`):")
    out()
    out(line)
    if platform == "linux":
        units = reminders.systemd_units(when, argv)
        out()
        out("2. A systemd user timer: save these two files in ~/.config/systemd/user/")
        for name, text in units.items():
            out()
            out(f"# {name}")
            out(text.rstrip())
        out()
        out("then: systemctl --user daemon-reload")
        out(f"      systemctl --user enable --now {reminders.UNIT}.timer")
    else:
        plist = f"~/Library/LaunchAgents/{reminders.LAUNCHD_LABEL}.plist"
        out()
        out(f"2. A launchd agent: save this as {plist}")
        out()
        out(reminders.launchd_plist(when, argv).rstrip())
        out()
        out(f"then: launchctl bootstrap gui/$(id -u) {plist}")
    if not found and argv[0] == "notify-send":
        err_console.print(
            "notify-send was not found here: install it (Debian and Ubuntu: "
            "sudo apt install libnotify-bin), or use --action checkin.",
            markup=False,
        )


def _install(line: str, *, assume_yes: bool) -> None:
    """Add `line` to the user's crontab, replacing an earlier reminder of ours."""
    import subprocess

    from recovery_journal.domain.reminders import MARKER

    crontab = shutil.which("crontab")
    if crontab is None:
        raise InvalidInput("crontab was not found; use the systemd timer or launchd agent above.")
    current = subprocess.run([crontab, "-l"], capture_output=True, text=True, check=False)
    if current.returncode != 0 and "no crontab" not in current.stderr.lower():
        raise InvalidInput(f"crontab -l failed: {current.stderr.strip() or current.returncode}")
    kept = [row for row in current.stdout.splitlines() if not row.rstrip().endswith(MARKER)]
    replacing = len(kept) < len(current.stdout.splitlines())
    question = (
        "Replace your reminder in your crontab with this line?"
        if replacing
        else ("Add this line to your crontab?")
    )
    if not prompts.confirm(question, assume_yes=assume_yes):
        say("Your crontab was not changed.")
        return
    written = subprocess.run(
        [crontab, "-"],
        input="\n".join([*kept, line]) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    if written.returncode != 0:
        raise InvalidInput(f"crontab could not be written: {written.stderr.strip()}")
    say("Replaced the reminder in your crontab." if replacing else "Added to your crontab.")
