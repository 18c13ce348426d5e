"""The Penn Alcohol Craving Scale (`rj pacs`): scoring, bounds, wording, and where the weekly
totals show (trends and the therapist summary)."""

from __future__ import annotations

import json
import re
import sys
from datetime import date, datetime, timezone
from typing import Any

import pytest

from conftest import Cli, finish, spawn
from recovery_journal.analytics.pacs import weekly_pacs
from recovery_journal.domain.entries import Pacs, entry_from_json
from recovery_journal.domain.pacs import questions, words_for
from recovery_journal.domain.stored_entries import restore_entry
from recovery_journal.errors import InvalidInput

AT = datetime(2026, 3, 4, 20, 0, tzinfo=timezone.utc)
GENTLE = "A PACS total of {total} of 30: cravings took up a lot of this week."


def pacs_entries(cli: Cli) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(cli.ok("list", "--kind", "pacs", "--json").stdout)
    return entries


# -- scoring and bounds ---------------------------------------------------------------------


def test_five_answers_are_stored_with_their_total(fresh: Cli) -> None:
    result = fresh.ok("pacs", "3", "2", "1", "0", "2", "--substance", "alcohol")
    assert re.fullmatch(r"Saved pacs \w{7}\n", result.stdout)
    (entry,) = pacs_entries(fresh)
    assert (entry["items"], entry["total"], entry["substance"]) == ([3, 2, 1, 0, 2], 8, "alcohol")
    assert "8/30 (items 3 2 1 0 2) · alcohol" in fresh.ok("list").stdout


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (("3", "2", "1", "0"), "The PACS has 5 items, 0-6 each; 4 given."),
        (("3", "2", "1", "0", "2", "1"), "The PACS has 5 items, 0-6 each; 6 given."),
        (("3", "2", "7", "0", "2"), "PACS item 3 must be from 0 to 6, not 7."),
        (("--", "3", "2", "1", "0", "-1"), "PACS item 5 must be from 0 to 6, not -1."),
    ],
)
def test_answers_out_of_bounds_are_refused_and_nothing_is_saved(
    fresh: Cli, answers: tuple[str, ...], message: str
) -> None:
    result = fresh("pacs", *answers)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert pacs_entries(fresh) == []


def test_a_word_instead_of_a_number_is_a_usage_error(fresh: Cli) -> None:
    result = fresh("pacs", "3", "2", "lots", "0", "2")
    assert result.exit_code == 2
    assert "must be a whole number, not 'lots'" in result.stderr


def test_off_a_terminal_the_answers_must_be_given(fresh: Cli) -> None:
    result = fresh("pacs")
    assert result.exit_code == 1
    assert "rj pacs 2 1 3 0 2" in result.stderr


def test_the_extremes_score_0_and_30() -> None:
    assert Pacs(id="", at=AT, items=(0,) * 5).total == 0
    assert Pacs(id="", at=AT, items=(6,) * 5).total == 30


def test_a_stored_total_must_agree_with_the_items() -> None:
    with pytest.raises(InvalidInput, match=r"sum of its items \(8\)"):
        Pacs(id="", at=AT, items=(3, 2, 1, 0, 2), total=9)


def test_the_total_follows_edited_items_and_survives_the_round_trips() -> None:
    entry = Pacs(id="a3f9k2m4b7c8d", at=AT, items=(3, 2, 1, 0, 2))
    changed = entry.with_changes(items=(6, 6, 6, 6, 6))
    assert isinstance(changed, Pacs)
    assert changed.total == 30
    data = entry.to_json()
    assert entry_from_json(data) == entry
    stored = {key: value for key, value in data.items() if key != "id"}
    assert restore_entry(stored, entry.id) == entry


def test_edit_replaces_the_five_items_and_the_total_follows(fresh: Cli) -> None:
    short = fresh.log("pacs", "3", "2", "1", "0", "2")
    fresh.ok("edit", short, *[arg for n in (6, 5, 4, 3, 2) for arg in ("--item", str(n))])
    (entry,) = pacs_entries(fresh)
    assert (entry["items"], entry["total"]) == ([6, 5, 4, 3, 2], 20)
    wrong = fresh("edit", short, "--item", "9", "--item", "1")
    assert wrong.exit_code == 1
    assert wrong.stderr == "Error: A PACS item is a whole number from 0 to 6, not '9'.\n"
    short_list = fresh("edit", short, "--item", "1", "--item", "1")
    assert short_list.stderr == "Error: The PACS has 5 items, 0-6 each; 2 given.\n"


# -- 15 or more, gently ---------------------------------------------------------------------


def test_a_total_of_15_or_more_is_pointed_out_gently_on_the_terminal_only(fresh: Cli) -> None:
    result = fresh.ok("pacs", "3", "3", "3", "3", "3")
    assert re.fullmatch(r"Saved pacs \w{7}\n", result.stdout)
    assert GENTLE.format(total=15) in " ".join(result.stderr.split())
    assert "worth being gentle with yourself" in " ".join(result.stderr.split())


def test_a_total_under_15_brings_no_remark(fresh: Cli) -> None:
    assert fresh.ok("pacs", "3", "3", "3", "3", "2").stderr == ""


# -- wording --------------------------------------------------------------------------------


def test_the_questions_keep_the_scales_words_for_alcohol_and_adapt_them_for_others() -> None:
    alcohol = questions("Alcohol")
    assert len(alcohol) == 5
    assert all(len(q.answers) == 7 for q in alcohol)
    assert "thought about drinking or about how good a drink would make you feel" in (
        alcohol[0].text
    )
    assert alcohol[1].answers[6] == "Strong urge, and would have drunk if able to"
    assert "a bottle was in your home" in alcohol[3].text
    nicotine = questions("nicotine")
    assert "thought about using nicotine or about how good nicotine would" in nicotine[0].text
    assert "some nicotine was in your home" in nicotine[3].text
    assert words_for(None).act == words_for("sobriety").act == "drinking or using"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_at_a_terminal_each_question_is_asked_and_a_bad_answer_asked_again(
    initialized: Cli,
) -> None:
    child = spawn(initialized, "pacs", "--substance", "alcohol")
    for number, answer in enumerate(("4", "3", "2", "1", "0"), start=1):
        child.expect(rf"{number}/5\. ")
        child.expect(r"Your answer \(0-6\): ")
        if number == 2:
            child.sendline("7")
            child.expect(r"Please type one number from 0 to 6 \(not '7'\)\.")
            child.expect(r"Your answer \(0-6\): ")
        child.sendline(answer)
    rest, status = finish(child)
    assert status == 0, rest
    assert "Saved pacs" in rest
    (entry,) = pacs_entries(initialized)
    assert (entry["items"], entry["total"]) == ([4, 3, 2, 1, 0], 10)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_ctrl_c_half_way_saves_nothing(initialized: Cli) -> None:
    child = spawn(initialized, "pacs")
    child.expect("1/5. During the past week, how often have you thought about drinking or using")
    child.expect(r"Your answer \(0-6\): ")
    child.sendline("2")
    child.expect(r"Your answer \(0-6\): ")
    child.sendintr()
    rest, status = finish(child)
    assert status == 130
    assert "Cancelled; nothing was saved." in rest
    assert pacs_entries(initialized) == []


# -- weekly totals --------------------------------------------------------------------------


def test_a_weeks_total_is_its_last_score_and_weeks_without_one_are_left_out() -> None:
    def taken(day: int, items: tuple[int, ...]) -> Pacs:
        return Pacs(id="", at=datetime(2026, 3, day, 20, tzinfo=timezone.utc), items=items)

    weeks = weekly_pacs(
        [taken(3, (4, 4, 4, 4, 4)), taken(5, (2, 2, 2, 2, 2)), taken(18, (3, 3, 3, 3, 3))],
        date(2026, 3, 1),
        date(2026, 3, 22),
    )
    assert [(w.week.label, w.total, w.scores, w.high) for w in weeks] == [
        ("2026-W10", 10, 2, False),
        ("2026-W12", 15, 1, True),
    ]


@pytest.fixture
def scored(fresh: Cli) -> Cli:
    fresh.log("pacs", "4", "4", "4", "4", "4", "--at", "2026-03-03 20:00")
    fresh.log("pacs", "1", "1", "2", "1", "1", "--at", "2026-03-11 20:00")
    fresh.log("craving", "5", "--at", "2026-03-11 21:00")
    return fresh


def test_trends_show_the_weekly_totals(scored: Cli) -> None:
    since = ("--since", "2026-03-02", "--until", "2026-03-15")
    data = json.loads(scored.ok("trends", *since, "--json").stdout)
    assert data["pacs"] == [
        {"week": "2026-W10", "start": "2026-03-02", "end": "2026-03-08", "total": 20, "scores": 1},
        {"week": "2026-W11", "start": "2026-03-09", "end": "2026-03-15", "total": 6, "scores": 1},
    ]
    table = scored.ok("trends", *since).stdout
    assert "Craving over the week (PACS)" in table
    assert re.search(r"2026-W10\s+20\s+15 or more", table)
    assert re.search(r"2026-W11\s+6 ↓", table)
    assert "worth talking over with your sponsor or therapist" in " ".join(table.split())


def test_the_summary_shows_the_weekly_totals_with_the_cravings_and_cites_the_scale(
    scored: Cli,
) -> None:
    text = scored.ok("export", "summary", "--since", "2026-03-02", "--until", "2026-03-15").stdout
    assert "Craving over the week (PACS)" in text
    assert re.search(r"\| 2 Mar . 8 Mar \| 20 \| 1 \| 15 or more \|", text)
    assert re.search(r"\| 9 Mar . 15 Mar \| 6 \| 1 \|", text)
    assert "Flannery, Volpicelli and Pettinati, 1999" in text
