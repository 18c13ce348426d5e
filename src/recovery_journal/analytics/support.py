"""What to offer at a hard moment, from the person's own data. Pure.

A hard moment is a craving of 8 or more (not one just ridden out with `rj urge`), a use
(or a craving acted on), or a mood of 3 or less. What is offered is theirs: one of their
reasons, who to call first (the sponsor first) and their number, the coping strategy that
has helped them most, and any crisis line they stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from recovery_journal.analytics.patterns import CopingStat, coping_ranking
from recovery_journal.domain.entries import Craving, Entry
from recovery_journal.domain.support import Person, Reason, crisis_lines, in_call_order


@dataclass(frozen=True)
class SupportPlan:
    """What the support block shows; `known` is False when the journal was locked, so
    the person's reasons and people could not be read."""

    moment: str
    known: bool = True
    reason: str | None = None
    call: Person | None = None
    helped: CopingStat | None = None
    crisis: tuple[Person, ...] = ()


def first_to_call(people: Sequence[Person]) -> Person | None:
    """The first in call order who has a number; else the first in call order."""
    ordered = in_call_order(people)
    with_number = [person for person in ordered if person.phone]
    first = with_number or ordered
    return first[0] if first else None


def best_coping(entries: Iterable[Entry]) -> CopingStat | None:
    """Their coping strategy with the best record of getting through cravings, if any did."""
    cravings = [entry for entry in entries if isinstance(entry, Craving)]
    ranked = [stat for stat in coping_ranking(cravings) if stat.resisted]
    return ranked[0] if ranked else None


def support_plan(
    moment: str,
    *,
    people: Sequence[Person],
    reasons: Sequence[Reason],
    entries: Iterable[Entry],
    pick: int = 0,
) -> SupportPlan:
    """The block for `moment`; `pick` chooses which reason (any number, wrapped round)."""
    reason = reasons[pick % len(reasons)].text if reasons else None
    return SupportPlan(
        moment=moment,
        reason=reason,
        call=first_to_call(people),
        helped=best_coping(entries),
        crisis=tuple(crisis_lines(people)),
    )
