"""What follows a saved entry at a hard moment, on the terminal (stderr), never on stdout.

- After a craving of 8 or more, a use, or a mood of 3 or less: a warm block. Unlocked, it
  shows one of the person's reasons, who to call first and their number, what helped them
  before and any crisis line they stored; locked, those are encrypted, so it says where
  to find them.
- After a PACS total of 15 or more: a gentle word.
- After a use, at a terminal: the offer of a short reflection (SMART Recovery's ABC).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from recovery_journal.cli import prompts
from recovery_journal.cli.context import current_path, err_console, now, say
from recovery_journal.errors import JournalError

if TYPE_CHECKING:
    from recovery_journal.analytics.support import SupportPlan
    from recovery_journal.domain.entry_base import Entry
    from recovery_journal.vault.journal import Journal


HIGH_PACS = (
    "A PACS total of {total} of 30: cravings took up a lot of this week. That is worth "
    "talking over with your sponsor or therapist, and worth being gentle with yourself "
    "about. `rj people list` shows who you can call."
)


def offer_support(journal: Journal | None, entry: Entry) -> None:
    """What follows the saved `entry` (see above); `journal` is None when it was locked."""
    from recovery_journal.analytics.hard_moments import hard_moment

    moment = hard_moment(entry)
    if moment is not None:
        from recovery_journal.terminal.support import support_panel

        err_console.print(support_panel(_plan(journal, moment)))
    if entry.kind == "pacs":  # told by kind first: a log loads no kind but its own
        _say_if_high_pacs(entry)
    if moment == "use" and prompts.interactive():
        _offer_reflection(journal, entry)


def _say_if_high_pacs(entry: Entry) -> None:
    from recovery_journal.domain.kinds.pacs import Pacs
    from recovery_journal.domain.pacs import HIGH_TOTAL

    if isinstance(entry, Pacs) and entry.total is not None and entry.total >= HIGH_TOTAL:
        err_console.print(HIGH_PACS.format(total=entry.total), markup=False)


def _offer_reflection(journal: Journal | None, use: Entry) -> None:
    """Ask whether to reflect now; save the answers linked to the use (sealed if locked)."""
    from recovery_journal.cli.reflection import ask_abc
    from recovery_journal.domain import ids
    from recovery_journal.domain.kinds.reflection import Reflection

    try:
        if not prompts.ask_yes_no(
            "Would you like to write a short reflection on it now?", default=False
        ):
            return
        parts = ask_abc({})
    except (KeyboardInterrupt, EOFError):
        sys.stderr.write(
            f"\nNo reflection saved; the use is. `rj reflect {ids.short(use.id)}` any time.\n"
        )
        return
    if not any(parts.values()):
        return
    reflection = Reflection(
        id="",
        at=now(),
        use_id=use.id,
        activating=parts["activating"],
        beliefs=parts["beliefs"],
        consequences=parts["consequences"],
        different=parts["different"],
    )
    if journal is None:
        from recovery_journal.vault.inbox import seal_locked

        say(f"Saved reflection {ids.short(seal_locked(current_path(), reflection))}")
    else:
        say(f"Saved reflection {ids.short(journal.add(reflection).id)}")


def _plan(journal: Journal | None, moment: str) -> SupportPlan:
    import secrets

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
        pick=secrets.randbelow(1 << 16),  # which of their reasons to show
    )
