"""A craving's outcome is what the person said, or nothing: never assumed resisted.

Shares of cravings resisted count only the cravings whose outcome was given. Entries logged
before this change keep the outcome they were stored with. Invented data.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from conftest import Cli
from recovery_journal.analytics.patterns import coping_ranking, top_triggers
from recovery_journal.analytics.periods import periods
from recovery_journal.analytics.trends import period_stats
from recovery_journal.domain.entries import Craving, Entry, entry_from_json

AT = datetime(2026, 3, 2, 20, tzinfo=timezone.utc)
CRAVINGS: list[Entry] = [
    Craving(id="a", at=AT, intensity=7, coping="walk", triggers=("payday",), outcome="resisted"),
    Craving(id="b", at=AT, intensity=5, coping="walk", triggers=("payday",)),  # not given
    Craving(id="c", at=AT, intensity=9, coping="walk", triggers=("payday",), outcome="used"),
]


def test_shares_resisted_are_of_the_cravings_whose_outcome_was_given() -> None:
    (stats,) = period_stats(CRAVINGS, periods("week", date(2026, 3, 2), date(2026, 3, 8)))
    assert (stats.cravings, stats.resisted_share) == (3, 0.5)
    (walk,) = coping_ranking(CRAVINGS)
    assert (walk.times, walk.resisted, walk.resisted_share) == (3, 1, 0.5)
    (payday,) = top_triggers(CRAVINGS)
    assert (payday.count, payday.resisted_share) == (3, 0.5)
    (alone,) = coping_ranking(CRAVINGS[1:2])
    assert alone.resisted_share is None


def test_an_old_entry_keeps_its_stored_outcome() -> None:
    stored = {"id": "x", "kind": "craving", "at": AT.isoformat(), "intensity": 4}
    assert entry_from_json({**stored, "outcome": "resisted"}).summary() == "4/10 resisted"
    assert entry_from_json(stored).summary() == "4/10"


def test_the_command_records_an_outcome_only_when_given(fresh: Cli) -> None:
    silent = fresh.log("craving", "6")
    said = fresh.log("craving", "6", "--outcome", "resisted")
    outcomes = {
        e["id"][:7]: e["outcome"]
        for e in json.loads(fresh.ok("list", "--json", "--kind", "craving").stdout)
    }
    assert outcomes == {silent: None, said: "resisted"}
    fresh.ok("edit", said, "--outcome", "")
    assert json.loads(fresh.ok("show", said, "--json").stdout)["outcome"] is None
