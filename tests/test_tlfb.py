"""The Timeline Followback: completed days only, days with no data, quantities and heavy days.

Invented journal (`JOURNAL`), alcohol tracked from Sun 1 March 2026, period 1-14 March:

    1 sober (the check-in's "no")      8 use: 4 standard drinks ("4 pints"): heavy, at 4
    2 use: 2 standard drinks           9 use: "a few" (no quantity)
    3 a mood                          10 a meeting
    4 nothing: no data                11 use: 3 drinks (another unit)
    5 uses: 5 + 1.5 standard drinks   12 sober
    6 sober                           13, 14 nothing: no data
    7 nothing: no data

14 days, 10 with data, 4 without; use days 2, 5, 8, 9, 11 (5), abstinent 5 of 10: 50%.
Longest run without a use: 12-14 March (3 days; days without data count, as for streaks).
Standard drinks (the unit of 4 of the 5 quantified uses): total 2 + 6.5 + 4 = 12.5 over 3
use days with a quantity (4.17 a day), heavy days 2 (6.5 and 4 reach 4), highest 6.5 on
5 March. The 3 drinks of the 11th are not standard drinks: shown in `amount`, not added.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import Cli
from recovery_journal.analytics.tlfb import tlfb, to_csv
from recovery_journal.domain.entries import Entry, Meeting, Mood, Sober, Use
from recovery_journal.domain.quantities import normalize_unit, quantity_in, unit_words
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import InvalidInput

LONDON = ZoneInfo("Europe/London")
ALCOHOL = Tracker(id="t-alc", name="alcohol", clean_date=date(2026, 3, 1))


def at(day: int, hour: int = 21) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=LONDON)


def drink(
    day: int, quantity: float | None, unit: str | None = "standard-drinks", amount: str = ""
) -> Use:
    return Use(id="", at=at(day), quantity=quantity, unit=unit, amount=amount, tracker="t-alc")


JOURNAL: list[Entry] = [
    Sober(id="", at=at(1), substance="alcohol", tracker="t-alc"),
    drink(2, 2),
    Mood(id="", at=at(3), score=6),
    drink(5, 5),
    Use(id="", at=at(5, 23), quantity=1.5, unit="standard drinks", tracker="t-alc"),
    Sober(id="", at=at(6), substance="alcohol", tracker="t-alc"),
    drink(8, 4, amount="4 pints"),
    drink(9, None, None, amount="a few"),
    Meeting(id="", at=at(10), fellowship="AA"),
    drink(11, 3, "drinks"),
    Sober(id="", at=at(12), substance="alcohol", tracker="t-alc"),
]


def table(tracker: Tracker = ALCOHOL) -> str:
    return to_csv(tlfb(JOURNAL, [tracker], since=date(2026, 3, 1), until=date(2026, 3, 14)))


def test_csv_has_a_row_per_day_with_no_data_left_empty() -> None:
    assert table().splitlines() == [
        "date,tracker,used,quantity,unit,amount",
        "2026-03-01,alcohol,0,,,",
        "2026-03-02,alcohol,1,2,standard-drinks,",
        "2026-03-03,alcohol,0,,,",
        "2026-03-04,alcohol,,,,",
        "2026-03-05,alcohol,1,6.5,standard-drinks,",
        "2026-03-06,alcohol,0,,,",
        "2026-03-07,alcohol,,,,",
        "2026-03-08,alcohol,1,4,standard-drinks,4 pints",
        "2026-03-09,alcohol,1,,,a few",
        "2026-03-10,alcohol,0,,,",
        "2026-03-11,alcohol,1,,,3 drinks",
        "2026-03-12,alcohol,0,,,",
        "2026-03-13,alcohol,,,,",
        "2026-03-14,alcohol,,,,",
    ]


def test_figures_count_days_with_data_and_quantities_in_standard_drinks() -> None:
    (f,) = tlfb(JOURNAL, [ALCOHOL], since=date(2026, 3, 1), until=date(2026, 3, 14)).figures
    assert (f.days, f.days_with_data, f.no_data_days) == (14, 10, 4)
    assert (f.use_days, f.abstinent_days, f.percent_abstinent) == (5, 5, 50.0)
    assert f.longest_abstinent_run == 3
    assert (f.unit, f.total, f.quantified_days) == ("standard-drinks", 12.5, 3)
    assert f.per_use_day == pytest.approx(12.5 / 3)
    assert (f.heavy_threshold, f.heavy_days) == (4.0, 2)
    assert (f.highest, f.highest_day) == (6.5, date(2026, 3, 5))
    assert f.quantity(f.per_use_day) == "4.17 standard drinks"


def test_a_tracker_threshold_replaces_the_default() -> None:
    stricter = ALCOHOL.with_changes(heavy_day=5)
    (f,) = tlfb(JOURNAL, [stricter], since=date(2026, 3, 1), until=date(2026, 3, 14)).figures
    assert (f.heavy_threshold, f.heavy_days) == (5.0, 1)


def test_no_data_at_all_gives_no_percentage() -> None:
    (f,) = tlfb([], [ALCOHOL], since=date(2026, 3, 1), until=date(2026, 3, 3)).figures
    assert (f.days, f.days_with_data, f.percent_abstinent, f.unit) == (3, 0, None, None)
    assert f.longest_abstinent_run == 3


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("3 drinks", (3.0, "drinks")),
        ("1 drink", (1.0, "drinks")),
        ("2 Standard Drinks", (2.0, "standard-drinks")),
        ("1,5 g", (1.5, "g")),
        ("4", (4.0, None)),
        ("5 cigarettes", (5.0, "cigarettes")),
        ("a lot", None),
        ("three pints", None),
        ("3 or 4 beers", None),
        ("2 pints today", None),
        ("half a bottle", None),
        ("99999999 g", None),
    ],
)
def test_an_amount_in_words_gives_a_number_only_when_it_plainly_is_one(
    words: str, found: tuple[float, str | None] | None
) -> None:
    assert quantity_in(words) == found


def test_units_are_folded_and_read_back() -> None:
    assert normalize_unit("Standard Drinks") == "standard-drinks"
    assert normalize_unit(" Joint ") == "joints"
    assert normalize_unit("bottles of cider") == "bottles-of-cider"
    assert normalize_unit("  ") is None
    assert unit_words("standard-drinks", 1) == "1 standard drink"
    assert unit_words("g", 1) == "1 g"
    assert unit_words(None, 2.5) == "2.5"
    with pytest.raises(InvalidInput, match="quantity must be a number from 0"):
        Use(id="", at=at(1), quantity=-1)
    with pytest.raises(InvalidInput, match="quantity must be a number"):
        Use(id="", at=at(1), quantity=float("nan"))
    assert Use(id="", at=at(1), quantity=2, unit="drink").summary() == "2 drinks"


# -- the command ---------------------------------------------------------------------------


def today() -> date:
    return datetime.now(LONDON).date()


@pytest.fixture
def drinker(cli: Cli) -> Cli:
    cli.init("--tracker", "alcohol", "--clean-date", "120 days ago")
    cli.log("use", "--at", "100 days ago")  # before the 90-day window
    cli.log("use", "--drinks", "6", "--at", "10 days ago 21:00")
    cli.log("use", "--drinks", "2", "--amount", "a glass")  # today: not over, never counted
    return cli


def test_tlfb_window_is_streaks_window_of_completed_days(drinker: Cli) -> None:
    streak = json.loads(drinker.ok("streak", "--json").stdout)[0]
    assert (streak["sober_days_last_90"], streak["tracked_days_last_90"]) == (89, 90)
    result = drinker.ok("export", "tlfb")
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == 90
    assert rows[0].startswith((today() - timedelta(days=90)).isoformat())
    assert rows[-1].startswith((today() - timedelta(days=1)).isoformat())
    assert [row for row in rows if ",1," in row] == [
        f"{today() - timedelta(days=10)},alcohol,1,6,standard-drinks,"
    ]
    figures = " ".join(result.stderr.split())
    # Days with data: the use day only (no other entry in the window): 100% would hide
    # 89 days of silence, so the percentage is of 1 day and 89 are said to have none.
    assert "alcohol 90 1 1 0.0% 80 days" in figures
    day = today() - timedelta(days=10)
    assert f"alcohol 6 standard drinks 6 standard drinks 1 6 standard drinks {day}" in figures
    until_today = drinker.ok("export", "tlfb", "--until", "today").stdout
    assert until_today == result.stdout  # --until is yesterday at the latest


def test_tlfb_refuses_a_period_of_only_today(drinker: Cli) -> None:
    result = drinker("export", "tlfb", "--since", "today")
    assert result.exit_code == 1
    assert "Reports count completed days, and today is not over" in result.stderr


def test_summary_period_ends_yesterday(drinker: Cli) -> None:
    text = drinker.ok("export", "summary", "--sections", "overview").stdout
    first, last = today() - timedelta(days=30), today() - timedelta(days=1)
    assert f"> Period: {first.day} {first:%B %Y} to {last.day} {last:%B %Y} (30 days)." in text
    assert "**9 days** current streak" in text  # at the end of yesterday: today's use waits


def test_use_quantities_and_the_heavy_day_option(fresh: Cli) -> None:
    fresh.log("use", "--drinks", "2.5", "--at", "2026-03-02 21:00")
    fresh.log("use", "--quantity", "3", "--unit", "Joint", "--at", "2026-03-03 21:00")
    uses = json.loads(fresh.ok("list", "--kind", "use", "--json").stdout)
    assert sorted((u["quantity"], u["unit"]) for u in uses) == [
        (2.5, "standard-drinks"),
        (3.0, "joints"),
    ]
    for args, message in (
        (("--drinks", "2", "--unit", "g"), "--drinks N is --quantity N --unit standard-drinks"),
        (("--unit", "g"), "--unit goes with --quantity N."),
    ):
        result = fresh("use", *args)
        assert result.exit_code == 1, result
        assert message in result.stderr
    fresh.ok("tracker", "edit", "sobriety", "--heavy-day", "2.5")
    csv = fresh.ok("export", "tlfb", "--since", "2026-03-02", "--until", "2026-03-02")
    shown = " ".join(csv.stderr.split())
    assert "sobriety 1 1 1 0.0% 0 days" in shown
    assert (
        "sobriety 2.5 standard drinks 2.5 standard drinks 1 2.5 standard drinks 2026-03-02" in shown
    )
    trackers = json.loads(fresh.ok("export", "data").stdout)["trackers"]
    assert trackers[0]["heavy_day"] == 2.5
    fresh.ok("tracker", "edit", "sobriety", "--heavy-day", "")
    assert json.loads(fresh.ok("export", "data").stdout)["trackers"][0]["heavy_day"] is None
    refused = fresh("tracker", "edit", "sobriety", "--heavy-day", "0")
    assert "A heavy-day threshold must be more than 0." in refused.stderr
