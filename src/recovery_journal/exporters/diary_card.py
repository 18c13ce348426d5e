"""The weekly diary card: days across, one row per measure, as therapists review it. Pure.

Like a DBT diary card, it holds ratings and labels, never notes: mood, cravings and the
highest craving, use (with amounts), HALT, meetings, coping used and how many things the
person was grateful for. Uses count against trackers as for streaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from recovery_journal.analytics.streaks import entry_day
from recovery_journal.exporters.document import (
    NONE,
    Document,
    Paragraph,
    Section,
    Table,
    number,
    plural,
)
from recovery_journal.exporters.report import long_date
from recovery_journal.exporters.tlfb import amounts, daily_uses
from recovery_journal.models import HALT_WORDS, Craving, Entry, Gratitude, Meeting, Mood, Tracker

ROWS = (
    "Mood (1-10)",
    "Cravings",
    "Highest craving",
    "Used",
    "HALT",
    "Meetings",
    "Coping used",
    "Gratitude items",
)
LEFT_OUT = "Notes, gratitude items and trigger descriptions are never on the card."


def week_start(day: date) -> date:
    """The Monday of the week containing `day`."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class DiaryDay:
    day: date
    future: bool
    mood: float | None
    cravings: int
    highest_craving: int | None
    uses: tuple[tuple[str, str], ...]
    """(tracker, amounts) for each tracker with a use that day."""
    halt: tuple[str, ...]
    meetings: tuple[str, ...]
    """One fellowship name (or '') per meeting."""
    coping: tuple[str, ...]
    gratitude: int


@dataclass(frozen=True)
class DiaryCard:
    start: date
    days: list[DiaryDay]
    several_trackers: bool

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


def build_diary_card(
    entries: Iterable[Entry], trackers: Sequence[Tracker], *, week_of: date, today: date
) -> DiaryCard:
    """The card for the Monday-to-Sunday week containing `week_of`."""
    start = week_start(week_of)
    every = list(entries)
    week = [e for e in every if start <= entry_day(e) <= start + timedelta(days=6)]
    week.sort(key=lambda entry: entry.at.timestamp())
    uses = [(t.name, daily_uses(t, every, trackers)) for t in trackers]
    days = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        todays = [e for e in week if entry_day(e) == day]
        days.append(_day(day, todays, uses, future=day > today))
    return DiaryCard(start, days, several_trackers=len(trackers) > 1)


def _day(
    day: date,
    entries: list[Entry],
    uses: list[tuple[str, dict[date, list[Entry]]]],
    *,
    future: bool,
) -> DiaryDay:
    scores = [e.score for e in entries if isinstance(e, Mood)]
    cravings = [e for e in entries if isinstance(e, Craving)]
    halt = {word for c in cravings for word in c.halt}
    coping = dict.fromkeys(c.coping for c in cravings if c.coping)
    return DiaryDay(
        day=day,
        future=future,
        mood=sum(scores) / len(scores) if scores else None,
        cravings=len(cravings),
        highest_craving=max((c.intensity for c in cravings), default=None),
        uses=tuple((name, amounts(by_day[day])) for name, by_day in uses if day in by_day),
        halt=tuple(word for word in HALT_WORDS if word in halt),
        meetings=tuple(m.fellowship or "" for m in entries if isinstance(m, Meeting)),
        coping=tuple(name for name in coping if name),
        gratitude=sum(len(g.items) for g in entries if isinstance(g, Gratitude)),
    )


def _used(day: DiaryDay, several: bool) -> str:
    if not day.uses:
        return "no"
    parts = []
    for tracker, amount in day.uses:
        label = tracker if several else "yes"
        parts.append(f"{label}: {amount}" if amount else label)
    return "; ".join(parts)


def _meetings(names: tuple[str, ...]) -> str:
    if not names:
        return "0"
    named = ", ".join(dict.fromkeys(name for name in names if name))
    return f"{len(names)} ({named})" if named else str(len(names))


def day_cells(day: DiaryDay, several: bool) -> list[str]:
    """One cell per row of ROWS; empty for days still to come."""
    if day.future:
        return [""] * len(ROWS)
    return [
        NONE if day.mood is None else number(day.mood, 0 if day.mood.is_integer() else 1),
        str(day.cravings),
        NONE if day.highest_craving is None else str(day.highest_craving),
        _used(day, several),
        ", ".join(day.halt) or NONE,
        _meetings(day.meetings),
        "; ".join(day.coping) or NONE,
        str(day.gratitude),
    ]


def week_cells(card: DiaryCard) -> list[str]:
    """The week column: averages, totals and the highest."""
    days = [day for day in card.days if not day.future]
    moods = [day.mood for day in days if day.mood is not None]
    highest = [day.highest_craving for day in days if day.highest_craving is not None]
    halt_counts = {w: sum(w in day.halt for day in days) for w in HALT_WORDS}
    coping = dict.fromkeys(name for day in days for name in day.coping)
    return [
        NONE if not moods else f"avg {number(sum(moods) / len(moods))}",
        str(sum(day.cravings for day in days)),
        NONE if not highest else str(max(highest)),
        plural(sum(1 for day in days if day.uses), "use day"),
        ", ".join(f"{w} {n}" for w, n in halt_counts.items() if n) or NONE,
        str(sum(len(day.meetings) for day in days)),
        plural(len(coping), "strategy", "strategies"),
        str(sum(day.gratitude for day in days)),
    ]


def card_table(card: DiaryCard) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Headers and rows: a label column, Monday to Sunday, then the week."""
    headers = ("", *(f"{d.day:%a} {d.day.day}" for d in card.days), "Week")
    columns = [day_cells(day, card.several_trackers) for day in card.days]
    columns.append(week_cells(card))
    rows = [(label, *(column[i] for column in columns)) for i, label in enumerate(ROWS)]
    return headers, rows


def diary_document(card: DiaryCard, *, generated: datetime, recipient: str | None) -> Document:
    """The card as a one-page (landscape) Document."""
    headers, rows = card_table(card)
    period = f"{long_date(card.start)} to {long_date(card.end)}"
    made = f"Made with Recovery Journal on {long_date(generated.date())}"
    return Document(
        title="Weekly diary card",
        header=[
            f"Week: Monday {period}.",
            made + (f" for {recipient}." if recipient else "."),
            LEFT_OUT,
        ],
        sections=[
            Section(
                "card",
                f"Week of {long_date(card.start)}",
                [
                    Table(headers, rows, widths=(13, *(10,) * 7, 11)),
                    Paragraph(
                        "Mood is the day's average (1-10); the highest craving is 0-10; HALT "
                        "lists what cravings named (hungry, angry, lonely, tired); meetings "
                        "show the fellowship. Blank columns are days still to come.",
                        muted=True,
                    ),
                ],
            )
        ],
        footer=f"Weekly diary card, {period}. Confidential.",
        landscape=True,
        one_page=True,
    )
