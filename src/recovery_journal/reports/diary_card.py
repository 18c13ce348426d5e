"""The weekly diary card as cells and as a one-page Document."""

from __future__ import annotations

from datetime import datetime

from recovery_journal.analytics.diary_card import DiaryCard, DiaryDay
from recovery_journal.analytics.summary import long_date
from recovery_journal.domain.entries import HALT_WORDS
from recovery_journal.domain.words import plural
from recovery_journal.reports.document import (
    NONE,
    Document,
    Paragraph,
    Section,
    Table,
    number,
)

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
