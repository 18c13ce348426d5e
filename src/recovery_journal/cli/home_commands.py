"""`rj` on its own: a home screen instead of help.

Each tracker's streak and next milestone, what was logged today, whether the journal is
locked (and how many entries wait to join) or unlocked (and for how long), and three
hints. Locked at a terminal it asks for the passphrase; Enter on an empty one shows the
locked view. Off a terminal, with no key to be had, it shows the locked view: exit 0.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from recovery_journal.cli import prompts
from recovery_journal.cli.context import console, current_path, now, say, unlock_current

if TYPE_CHECKING:
    from recovery_journal.vault.crypto import Secret

if TYPE_CHECKING:
    from recovery_journal.domain.settings import Settings
    from recovery_journal.terminal.community import CommunityHome
    from recovery_journal.terminal.home import HomeView
    from recovery_journal.vault.journal import Contents, Journal

MEETING_WINDOW = timedelta(days=92)  # streak's "meetings in the last 90 days", with slack
NUDGE_ENV = "RECOVERY_JOURNAL_NUDGE_DAYS"


class _StayLocked(Exception):
    """Enter on an empty passphrase: show the locked view."""


def _passphrase_or_locked_view() -> Secret:
    from recovery_journal.vault.crypto import Secret

    if prompts.passphrase_from_script():
        return prompts.read_passphrase()
    if not prompts.can_ask_secret():
        raise _StayLocked
    typed = prompts.ask_hidden("Passphrase (Enter to stay locked): ")
    if not typed:
        raise _StayLocked
    return Secret.from_passphrase(typed)


def _unlocked_view(journal: Journal, current: datetime) -> HomeView:
    from recovery_journal.analytics.streaks import entry_day, streak_reports
    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.domain.dates import read_from
    from recovery_journal.terminal.home import HomeView
    from recovery_journal.vault import unlocking
    from recovery_journal.vault.contents import EntryScope

    zone = local_zone()
    since = read_from(current.date() - MEETING_WINDOW, zone)
    # Uses decide streaks; the last connection, meeting, BARC-10 or challenge may be older.
    always = frozenset({"use", "craving", "connection", "meeting", "barc", "challenge"})
    contents = journal.contents(EntryScope(since=since, also_kinds=always))
    reports = streak_reports(contents.trackers, contents.entries, today=current.date(), zone=zone)
    today = sorted(
        (e for e in contents.entries if entry_day(e) == current.date()), key=lambda e: e.at
    )
    return HomeView(
        streaks=reports,
        today=today,
        waiting=0,
        unlocked_for=unlocking.unlocked_for(journal.path),
        community=_community(contents, current.date()),
    )


def _community(contents: Contents, today: date) -> CommunityHome:
    from recovery_journal.analytics import community, meetings
    from recovery_journal.domain.support import in_call_order
    from recovery_journal.terminal.community import CommunityHome

    entries = contents.entries
    progress, weeks = meetings.meetings_today(entries, today)
    return CommunityHome(
        isolation=community.isolation(entries, today),
        people=in_call_order(contents.people),
        nudge_after=nudge_after_days(contents.settings),
        challenge=progress if progress is not None and progress.running else None,
        weeks=weeks,
        barc_days=community.days_since_barc(entries, today),
    )


def nudge_after_days(stored: list[Settings]) -> int:
    """The journal's setting (`rj settings --nudge-days`), else $RECOVERY_JOURNAL_NUDGE_DAYS,
    else 3: days without reaching out before the home screen suggests a call; 0: never."""
    from recovery_journal.domain.settings import DEFAULT_NUDGE_DAYS, MAX_NUDGE_DAYS, settings_of
    from recovery_journal.errors import InvalidInput

    chosen = settings_of(stored).nudge_days
    if chosen is not None:
        return chosen
    text = os.environ.get(NUDGE_ENV, "").strip()
    if not text:
        return DEFAULT_NUDGE_DAYS
    if not text.isdigit() or int(text) > MAX_NUDGE_DAYS:
        raise InvalidInput(
            f"{NUDGE_ENV} is a whole number of days up to {MAX_NUDGE_DAYS} "
            f"(0 turns the suggestion off), not {text!r}."
        )
    return int(text)


def show_home() -> None:
    """The home screen; never an error for a locked journal."""
    from recovery_journal.terminal.home import HomeView, home_panel

    path = current_path()
    if not path.exists():
        say(f"No journal at {path} yet. Start one with `rj init`; `rj --help` lists everything.")
        return
    try:
        journal = unlock_current(_passphrase_or_locked_view)
    except _StayLocked:
        from recovery_journal.vault.inbox import waiting_count

        locked = HomeView(None, None, waiting=waiting_count(path), unlocked_for=None)
        console.print(home_panel(locked))
        return
    with journal:
        view = _unlocked_view(journal, now())
    console.print(home_panel(view))
