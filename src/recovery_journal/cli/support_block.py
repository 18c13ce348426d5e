"""The warm block after a hard moment: a craving of 8 or more, a use, or a mood of 3 or less.

It goes to the terminal (stderr), never to stdout, so scripts reading a command's output
never see it. Unlocked, it shows one of the person's reasons, who to call first and their
number, what helped them before and any crisis line they stored; locked, those are
encrypted, so it says where to find them.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from recovery_journal.cli.context import err_console
from recovery_journal.errors import JournalError

if TYPE_CHECKING:
    from recovery_journal.analytics.support import SupportPlan
    from recovery_journal.domain.entries import Entry
    from recovery_journal.vault.journal import Journal


def offer_support(journal: Journal | None, entry: Entry) -> None:
    """Show the support block if `entry` marks a hard moment; `journal` None when locked."""
    from recovery_journal.analytics.support import hard_moment
    from recovery_journal.terminal.support import support_panel

    moment = hard_moment(entry)
    if moment is None:
        return
    err_console.print(support_panel(_plan(journal, moment)))


def _plan(journal: Journal | None, moment: str) -> SupportPlan:
    from recovery_journal.analytics.support import SupportPlan, support_plan
    from recovery_journal.vault.journal import EntryScope

    if journal is None:
        return SupportPlan(moment, known=False)
    try:
        contents = journal.contents(EntryScope(kinds=frozenset({"craving"})))
    except JournalError:  # the entry is saved; a damaged file is reported by the next read
        return SupportPlan(moment, known=False)
    return support_plan(
        moment,
        people=contents.people,
        reasons=contents.reasons,
        entries=contents.entries,
        pick=secrets.randbelow(1 << 16),
    )
