"""Entry kinds and trackers validate and normalize themselves; JSON round trips are exact."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery_journal.domain.community import Barc, Challenge, Connection, Service
from recovery_journal.domain.entries import (
    KINDS,
    Craving,
    Entry,
    Gratitude,
    Meeting,
    Mood,
    Note,
    Pacs,
    Reflection,
    Sober,
    Trigger,
    Use,
    entry_from_json,
)
from recovery_journal.domain.trackers import Tracker
from recovery_journal.domain.validation import MAX_TEXT_CHARS, normalize_tag
from recovery_journal.errors import InvalidInput

AT = datetime(2026, 3, 1, 21, 30, tzinfo=timezone.utc)
BASE: dict[str, Any] = {"id": "a3f9k2m4b7c8d", "at": AT}


def json_round_trip(entry: Entry) -> Entry:
    """What storage does: to_json, JSON text, back to an entry."""
    text = json.dumps(entry.to_json(), ensure_ascii=False)
    return entry_from_json(json.loads(text))


# -- numeric ranges --------------------------------------------------------------------


@pytest.mark.parametrize("score", [1, 5, 10])
def test_mood_score_accepts_1_to_10(score: int) -> None:
    assert Mood(**BASE, score=score).score == score


@pytest.mark.parametrize("score", [0, 11, -1, 100])
def test_mood_score_outside_1_to_10_is_refused(score: int) -> None:
    with pytest.raises(InvalidInput, match="Mood score"):
        Mood(**BASE, score=score)


@pytest.mark.parametrize("bad", [True, False, 5.0, "5", None, Decimal(5)])
def test_a_score_must_be_a_real_int_and_bool_is_not_one(bad: object) -> None:
    with pytest.raises(InvalidInput):
        Mood(**BASE, score=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("intensity", [0, 10])
def test_craving_intensity_accepts_0_to_10(intensity: int) -> None:
    assert Craving(**BASE, intensity=intensity).intensity == intensity


@pytest.mark.parametrize("intensity", [-1, 11, True, 3.5])
def test_craving_intensity_outside_0_to_10_or_not_an_int_is_refused(intensity: object) -> None:
    with pytest.raises(InvalidInput):
        Craving(**BASE, intensity=intensity)  # type: ignore[arg-type]


def test_trigger_intensity_is_optional_but_bounded() -> None:
    assert Trigger(**BASE, description="payday").intensity is None
    assert Trigger(**BASE, description="payday", intensity=0).intensity == 0
    assert Trigger(**BASE, description="payday", intensity=10).intensity == 10
    for bad in (-1, 11, False):
        with pytest.raises(InvalidInput):
            Trigger(**BASE, description="payday", intensity=bad)


@pytest.mark.parametrize("minutes", [1, 60, 1440])
def test_meeting_minutes_accept_1_to_a_full_day(minutes: int) -> None:
    assert Meeting(**BASE, minutes=minutes).minutes == minutes


@pytest.mark.parametrize("minutes", [0, -5, 1441, True])
def test_meeting_minutes_outside_1_to_1440_are_refused(minutes: object) -> None:
    with pytest.raises(InvalidInput):
        Meeting(**BASE, minutes=minutes)  # type: ignore[arg-type]


@pytest.mark.parametrize("online", [True, False, None])
def test_meeting_online_is_true_false_or_absent(online: bool | None) -> None:
    assert Meeting(**BASE, online=online).online is online


@pytest.mark.parametrize("online", [1, 0, "yes", "true"])
def test_meeting_online_must_be_a_bool(online: object) -> None:
    with pytest.raises(InvalidInput, match="online"):
        Meeting(**BASE, online=online)  # type: ignore[arg-type]


# -- choices ---------------------------------------------------------------------------


def test_halt_words_are_case_folded_stripped_and_deduplicated() -> None:
    craving = Craving(**BASE, intensity=4, halt=(" Hungry", "TIRED", "hungry", "tired "))
    assert craving.halt == ("hungry", "tired")


@pytest.mark.parametrize("word", ["sad", "bored", "", "h", 1])
def test_unknown_halt_words_are_refused(word: object) -> None:
    with pytest.raises(InvalidInput, match="HALT"):
        Craving(**BASE, intensity=4, halt=(word,))  # type: ignore[arg-type]


def test_outcome_is_not_assumed_and_is_case_folded() -> None:
    assert Craving(**BASE, intensity=4).outcome is None  # not given
    assert Craving(**BASE, intensity=4, outcome=" USED ").outcome == "used"


@pytest.mark.parametrize("outcome", ["maybe", "", 1])
def test_unknown_outcomes_are_refused(outcome: object) -> None:
    with pytest.raises(InvalidInput, match="Outcome"):
        Craving(**BASE, intensity=4, outcome=outcome)  # type: ignore[arg-type]


def test_trigger_category_is_case_folded() -> None:
    assert Trigger(**BASE, description="old friends", category="People").category == "people"


@pytest.mark.parametrize("category", ["bars", "person", ""])
def test_unknown_trigger_categories_are_refused(category: str) -> None:
    with pytest.raises(InvalidInput, match="Category"):
        Trigger(**BASE, description="x", category=category)


# -- texts -----------------------------------------------------------------------------


def test_texts_are_stripped_and_empty_means_absent() -> None:
    craving = Craving(
        **BASE, intensity=3, substance="  alcohol\n", coping="   ", note=" walked it off ", tags=()
    )
    assert craving.substance == "alcohol"
    assert craving.coping is None
    assert craving.note == "walked it off"
    assert Use(**BASE, substance="", amount=" \t ").substance is None
    assert Meeting(**BASE, fellowship=" AA ", name="").fellowship == "AA"


def test_inner_whitespace_and_newlines_are_kept() -> None:
    note = Note(**BASE, text="  line one\n\n  line two  ")
    assert note.text == "line one\n\n  line two"


def test_list_texts_drop_blank_items_and_strip_the_rest() -> None:
    mood = Mood(**BASE, score=6, feelings=(" calm ", "", "  ", "hopeful"))
    assert mood.feelings == ("calm", "hopeful")


def test_a_single_string_where_a_list_is_expected_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Mood(**BASE, score=6, feelings="calm")  # type: ignore[arg-type]


@pytest.mark.parametrize("description", ["", "   ", None])
def test_a_trigger_needs_a_description(description: str | None) -> None:
    with pytest.raises(InvalidInput, match="description"):
        Trigger(**BASE, description=description)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", " \n\t "])
def test_a_note_needs_text(text: str) -> None:
    with pytest.raises(InvalidInput, match="note text"):
        Note(**BASE, text=text)


@pytest.mark.parametrize("items", [(), ("",), ("  ", "\n")])
def test_gratitude_needs_at_least_one_item(items: tuple[str, ...]) -> None:
    with pytest.raises(InvalidInput, match="at least one item"):
        Gratitude(**BASE, items=items)


def test_gratitude_items_are_stripped() -> None:
    assert Gratitude(**BASE, items=(" my sponsor ", "", "sunshine")).items == (
        "my sponsor",
        "sunshine",
    )


def test_non_text_in_a_text_field_is_refused() -> None:
    with pytest.raises(InvalidInput, match="must be text"):
        Note(**BASE, text=42)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="must be text"):
        Use(**BASE, substance=["alcohol"])  # type: ignore[arg-type]


def test_texts_longer_than_the_limit_are_refused() -> None:
    assert Note(**BASE, text="x" * MAX_TEXT_CHARS).text == "x" * MAX_TEXT_CHARS
    with pytest.raises(InvalidInput, match="too long"):
        Note(**BASE, text="x" * (MAX_TEXT_CHARS + 1))


def test_undecodable_terminal_bytes_are_refused_rather_than_failing_later() -> None:
    # Python hands invalid UTF-8 on the command line over as lone surrogates.
    with pytest.raises(InvalidInput, match="not valid text"):
        Note(**BASE, text="bad \udcff byte")
    with pytest.raises(InvalidInput, match="not valid text"):
        Note(**BASE, text="fine", tags=("\udcff",))


# -- tags ------------------------------------------------------------------------------


def test_tags_are_lowercased_without_hash_and_deduplicated_in_order() -> None:
    note = Note(**BASE, text="x", tags=("#Work", "family", "WORK", "##family", " #Sleep "))
    assert note.tags == ("work", "family", "sleep")


def test_a_single_tag_string_is_one_tag() -> None:
    assert Note(**BASE, text="x", tags="#Work").tags == ("work",)  # type: ignore[arg-type]


@pytest.mark.parametrize("tag", ["two words", "tab\tbed", "", "#", "  ", "x" * 41, 7])
def test_tags_with_spaces_empty_too_long_or_not_text_are_refused(tag: object) -> None:
    with pytest.raises(InvalidInput):
        normalize_tag(tag)
    with pytest.raises(InvalidInput):
        Note(**BASE, text="x", tags=(tag,))  # type: ignore[arg-type]


def test_normalize_tag_accepts_unicode_words() -> None:
    assert normalize_tag("#Été") == "été"
    assert normalize_tag("x" * 40) == "x" * 40


# -- times -----------------------------------------------------------------------------


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(InvalidInput, match="time zone"):
        Note(id="x", at=datetime(2026, 3, 1, 21, 30), text="x")


def test_a_date_without_a_time_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Note(id="x", at=date(2026, 3, 1), text="x")  # type: ignore[arg-type]


def test_microseconds_are_dropped() -> None:
    note = Note(id="x", at=AT.replace(microsecond=999_999), text="x")
    assert note.at == AT
    assert note.to_json()["at"] == "2026-03-01T21:30:00+00:00"


def test_with_changes_validates_again() -> None:
    mood = Mood(**BASE, score=5)
    changed = mood.with_changes(score=7)
    assert isinstance(changed, Mood)
    assert changed.score == 7
    with pytest.raises(InvalidInput):
        mood.with_changes(score=11)


# -- JSON ------------------------------------------------------------------------------


def test_to_json_shape_follows_the_cli_options() -> None:
    craving = Craving(
        **BASE,
        intensity=7,
        substance="alcohol",
        triggers=("payday",),
        halt=("angry",),
        coping="called my sponsor",
        note="close one",
        tags=("evening",),
    )
    assert craving.to_json() == {
        "id": "a3f9k2m4b7c8d",
        "kind": "craving",
        "at": "2026-03-01T21:30:00+00:00",
        "note": "close one",
        "tags": ["evening"],
        "intensity": 7,
        "substance": "alcohol",
        "triggers": ["payday"],
        "halt": ["angry"],
        "coping": "called my sponsor",
        "outcome": None,
        "tracker": None,
        "duration_minutes": None,
    }


EXAMPLES: list[Entry] = [
    Mood(**BASE, score=7, feelings=("calm", "hopeful"), note="good day", tags=("work",)),
    Craving(**BASE, intensity=8, substance="alcohol", triggers=("payday",), halt=("tired",)),
    Trigger(**BASE, description="walked past the pub", category="places", intensity=6),
    Meeting(**BASE, fellowship="AA", name="Tuesday step", online=False, minutes=90),
    Gratitude(**BASE, items=("my sponsor", "a dry week")),
    Use(**BASE, substance="alcohol", amount="two pints", note="starting again tomorrow"),
    Note(**BASE, text="Day 30. Feeling steadier."),
    Pacs(**BASE, items=(3, 2, 1, 0, 2), substance="alcohol"),
    Reflection(**BASE, use_id="b7c8d9e0f1g2h", activating="payday", different="go home first"),
    Sober(**BASE, substance="alcohol", tracker="t1"),
    Connection(**BASE, person="Sam", role="sponsor", how="call", minutes=20, helped=True),
    Service(**BASE, description="made the tea", category="meeting-service", minutes=30),
    Barc(**BASE, items=(5, 4, 4, 3, 5, 4, 3, 6, 4, 5)),
    Challenge(**BASE, days=90, ended="2026-03-20"),
]


def test_the_examples_cover_every_kind() -> None:
    assert sorted(entry.kind for entry in EXAMPLES) == sorted(KINDS)


@pytest.mark.parametrize("entry", EXAMPLES, ids=lambda entry: entry.kind)
def test_every_kind_round_trips_through_json(entry: Entry) -> None:
    restored = json_round_trip(entry)
    assert type(restored) is type(entry)
    assert restored == entry
    assert restored.to_json() == entry.to_json()


def test_a_local_offset_survives_the_round_trip() -> None:
    local = datetime(2026, 7, 1, 21, 30, tzinfo=ZoneInfo("Europe/London"))
    restored = json_round_trip(Note(id="x", at=local, text="summer"))
    assert restored.at.utcoffset() == timedelta(hours=1)
    assert restored.at == local


_ODD = st.sampled_from(
    [
        "[/]",
        "[bold]loud[/bold]",
        "\x1b[2J",
        "\x1b]0;title\x07",
        "\u202eevil",
        "\x00",
        "\r\n",
        "🙂",
        "👩‍👩‍👧",
        "e\u0301",
        "\ufeff",
        "\\",
        '"',
        "</script>",
        "{{x}}",
        "%s",
        "\u2028",
    ]
)
_TEXT = st.lists(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=300) | _ODD, max_size=12
).map("".join)
_LONG_TEXT = _TEXT | st.text(st.characters(exclude_categories=["Cs"]), min_size=1000, max_size=3000)
_REQUIRED = _LONG_TEXT.map(lambda text: "x" + text)
_OPTIONAL = st.none() | _LONG_TEXT
_ZONES = st.sampled_from(
    [timezone.utc, timezone(timedelta(hours=-14)), timezone(timedelta(hours=5, minutes=45))]
    + [ZoneInfo(name) for name in ("Europe/London", "America/New_York", "Asia/Kolkata")]
)
_AT = st.datetimes(
    min_value=datetime(1900, 1, 2),
    max_value=datetime(9998, 12, 30),
    timezones=_ZONES,
)
_TAGS = st.lists(st.from_regex(r"\A#?[A-Za-z0-9_\-é]{1,30}\Z"), max_size=4).map(tuple)
_TEXTS = st.lists(_TEXT, max_size=4).map(tuple)


def _common() -> dict[str, Any]:
    return {"id": st.just("a3f9k2m4b7c8d"), "at": _AT, "note": _OPTIONAL, "tags": _TAGS}


_ENTRIES = st.one_of(
    st.builds(Mood, **_common(), score=st.integers(1, 10), feelings=_TEXTS),
    st.builds(
        Craving,
        **_common(),
        intensity=st.integers(0, 10),
        substance=_OPTIONAL,
        triggers=_TEXTS,
        halt=st.lists(st.sampled_from(["hungry", "ANGRY", "Lonely", "tired"])).map(tuple),
        coping=_OPTIONAL,
        outcome=st.sampled_from(["resisted", "used"]),
    ),
    st.builds(
        Trigger,
        **_common(),
        description=_REQUIRED,
        category=st.none() | st.sampled_from(["people", "places", "things"]),
        intensity=st.none() | st.integers(0, 10),
    ),
    st.builds(
        Meeting,
        **_common(),
        fellowship=_OPTIONAL,
        name=_OPTIONAL,
        online=st.none() | st.booleans(),
        minutes=st.none() | st.integers(1, 1440),
        types=st.lists(st.sampled_from(["O", "sp", "12X12", "group-therapy"])).map(tuple),
        home=st.booleans(),
    ),
    st.builds(
        Connection,
        **_common(),
        person=_OPTIONAL,
        role=st.none() | st.sampled_from(["sponsor", "Group", "other"]),
        how=st.none() | st.sampled_from(["call", "in-person"]),
        minutes=st.none() | st.integers(1, 1440),
        helped=st.none() | st.booleans(),
    ),
    st.builds(
        Service,
        **_common(),
        description=_OPTIONAL,
        category=st.sampled_from(["volunteering", "Helping-Newcomer"]),
        minutes=st.none() | st.integers(1, 1440),
    ),
    st.builds(Gratitude, **_common(), items=st.lists(_REQUIRED, min_size=1, max_size=3).map(tuple)),
    st.builds(Use, **_common(), substance=_OPTIONAL, amount=_OPTIONAL),
    st.builds(Note, **_common(), text=_REQUIRED),
)


@settings(max_examples=300, deadline=None)
@given(entry=_ENTRIES)
def test_any_entry_round_trips_through_json_exactly(entry: Entry) -> None:
    restored = json_round_trip(entry)
    assert type(restored) is type(entry)
    assert restored.to_json() == entry.to_json()
    assert restored.at.timestamp() == entry.at.timestamp()
    assert restored.at.utcoffset() == entry.at.utcoffset()
    # Normalizing is idempotent: a second trip changes nothing.
    assert json_round_trip(restored) == restored


# -- entry_from_json refusals ----------------------------------------------------------

VALID_MOOD = {"id": "a3f9k2m4b7c8d", "kind": "mood", "at": "2026-03-01T21:30:00+00:00", "score": 5}


def test_a_valid_json_mood_is_accepted() -> None:
    assert entry_from_json(VALID_MOOD) == Mood(**BASE, score=5)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"mood_score": 5}, id="unknown field"),
        pytest.param({"text": "hi"}, id="field of another kind"),
        pytest.param({"kind": "relapse"}, id="unknown kind"),
        pytest.param({"kind": None}, id="kind null"),
        pytest.param({"kind": ["mood"]}, id="kind a list"),
        pytest.param({"kind": {"mood": 1}}, id="kind an object"),
        pytest.param({"score": "5"}, id="score text"),
        pytest.param({"score": 5.0}, id="score float"),
        pytest.param({"score": True}, id="score bool"),
        pytest.param({"score": 11}, id="score out of range"),
        pytest.param({"tags": "work"}, id="tags not a list"),
        pytest.param({"tags": [1]}, id="tag not text"),
        pytest.param({"feelings": "calm"}, id="feelings not a list"),
        pytest.param({"note": 3}, id="note not text"),
        pytest.param({"at": "2026-03-01T21:30:00"}, id="naive time"),
        pytest.param({"at": "yesterday"}, id="time not ISO"),
        pytest.param({"at": 1772400600}, id="time a number"),
        pytest.param({"at": None}, id="time null"),
        pytest.param({"id": 12}, id="id a number"),
        pytest.param({"id": None}, id="id null"),
    ],
)
def test_entry_from_json_refuses_unknown_fields_kinds_and_wrong_types(
    changes: dict[str, Any],
) -> None:
    with pytest.raises(InvalidInput):
        entry_from_json({**VALID_MOOD, **changes})


@pytest.mark.parametrize("missing", ["kind", "id", "at", "score"])
def test_entry_from_json_refuses_a_missing_field(missing: str) -> None:
    data = {k: v for k, v in VALID_MOOD.items() if k != missing}
    with pytest.raises(InvalidInput):
        entry_from_json(data)


@pytest.mark.parametrize("data", [[], "mood", None, 5])
def test_entry_from_json_refuses_anything_but_an_object(data: object) -> None:
    with pytest.raises(InvalidInput):
        entry_from_json(data)  # type: ignore[arg-type]


def test_entry_from_json_treats_null_as_absent() -> None:
    meeting = entry_from_json(
        {"id": "m", "kind": "meeting", "at": "2026-03-01T19:00:00+00:00", "online": None}
    )
    assert meeting == Meeting(id="m", at=datetime(2026, 3, 1, 19, tzinfo=timezone.utc))


# -- trackers --------------------------------------------------------------------------


def tracker(**changes: Any) -> Tracker:
    values: dict[str, Any] = {"id": "", "name": "alcohol", "clean_date": date(2026, 1, 1)}
    return Tracker(**{**values, **changes})


def test_tracker_name_is_stripped_and_required() -> None:
    assert tracker(name="  alcohol ").name == "alcohol"
    for bad in ("", "   ", None):
        with pytest.raises(InvalidInput):
            tracker(name=bad)


def test_tracker_name_has_a_length_limit() -> None:
    assert tracker(name="x" * 60).name == "x" * 60
    with pytest.raises(InvalidInput, match="60"):
        tracker(name="x" * 61)


@pytest.mark.parametrize("clean_date", [datetime(2026, 1, 1, tzinfo=timezone.utc), "2026-01-01"])
def test_tracker_clean_date_must_be_a_calendar_day(clean_date: object) -> None:
    with pytest.raises(InvalidInput, match="calendar day"):
        tracker(clean_date=clean_date)


@pytest.mark.parametrize("cost", ["-0.01", -1, Decimal("-5")])
def test_a_negative_cost_is_refused(cost: object) -> None:
    with pytest.raises(InvalidInput, match="negative"):
        tracker(cost_per_day=cost)


@pytest.mark.parametrize("cost", ["abc", "NaN", "Infinity", "", [1]])
def test_a_cost_that_is_not_an_amount_is_refused(cost: object) -> None:
    with pytest.raises(InvalidInput, match="amount of money"):
        tracker(cost_per_day=cost)


def test_a_decimal_cost_is_kept_exactly() -> None:
    assert tracker(cost_per_day="12.50").cost_per_day == Decimal("12.50")
    assert str(tracker(cost_per_day="12.50").cost_per_day) == "12.50"
    tenth = tracker(cost_per_day="0.1").cost_per_day
    assert tenth is not None
    assert tenth + Decimal("0.2") == Decimal("0.3")
    assert tracker(cost_per_day=0.1).cost_per_day == Decimal("0.1")
    assert tracker(cost_per_day=0).cost_per_day == 0
    assert tracker(cost_per_day="12.50").to_json()["cost_per_day"] == "12.50"


@pytest.mark.parametrize(("code", "expected"), [("eur", "EUR"), (" usd ", "USD"), ("Gbp", "GBP")])
def test_currency_is_three_letters_uppercased(code: str, expected: str) -> None:
    assert tracker(currency=code).currency == expected


@pytest.mark.parametrize("code", ["EURO", "E1R", "€€€", "", "US", "ДОЛ", 978, ["EUR"]])
def test_a_currency_that_is_not_three_ascii_letters_is_refused(code: object) -> None:
    with pytest.raises(InvalidInput, match="currency"):
        tracker(currency=code)


def test_tracker_json_round_trip() -> None:
    original = tracker(id="b7c8d9e0f1g2h", cost_per_day="7.25", currency="gbp")
    data = original.to_json()
    assert data == {
        "id": "b7c8d9e0f1g2h",
        "name": "alcohol",
        "clean_date": "2026-01-01",
        "cost_per_day": "7.25",
        "currency": "GBP",
        "heavy_day": None,
    }
    restored = Tracker.from_json(json.loads(json.dumps(data)))
    assert restored == original
    assert Tracker.from_json(tracker().to_json()) == tracker()


@pytest.mark.parametrize(
    "data",
    [
        {"id": "t", "clean_date": "2026-01-01"},
        {"id": "t", "name": "alcohol"},
        {"id": "t", "name": "alcohol", "clean_date": "01/01/2026"},
        {"id": "t", "name": "alcohol", "clean_date": "2026-02-30"},
        {"id": "t", "name": 5, "clean_date": "2026-01-01"},
        {"id": "t", "name": "alcohol", "clean_date": "2026-01-01", "currency": ["EUR"]},
        {"id": "t", "name": "alcohol", "clean_date": "2026-01-01", "cost_per_day": "-1"},
    ],
)
def test_tracker_from_json_refuses_bad_data_with_invalid_input(data: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput):
        Tracker.from_json(data)
