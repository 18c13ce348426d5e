"""The weekly diary card as cells and as a one-page Document."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from recovery_journal.analytics.diary_card import URGE_MAX, DiaryCard, DiaryDay
from recovery_journal.analytics.mood import DEFINITION
from recovery_journal.analytics.summary import long_date
from recovery_journal.domain.entries import HALT_WORDS
from recovery_journal.domain.words import plural
from recovery_journal.reports.document import NONE, Document, Paragraph, Section, Table, number

NO_DATA = "no data"
ROWS = (
    f"Urge to use (0-{URGE_MAX})",
    "Used",
    "Cravings",
    "Mood (1-10)",
    "Emotions",
    "HALT",
    "Skills and coping",
    "Meetings",
    "Connections",
)
LEFT_OUT = "Notes, gratitude items and trigger descriptions are never on the card."
CELL_CHARS = 60
"""A label longer than this is cut with an ellipsis: the card stays one page."""
LEGEND = (
    "Urge to use: the day's highest craving (0-10) halved and rounded up; 'no data' when no "
    "craving was logged (0 only for a craving logged as 0). Used: 'no' only on a day with "
    "data (an explicit 'no use' or anything logged); 'no data' when nothing was. Emotions: "
    "the feelings named with moods. HALT: what cravings named (hungry, angry, lonely, "
    f"tired). Blank columns are days still to come. {DEFINITION}"
)


def _short(text: str, limit: int = CELL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _used(day: DiaryDay, several: bool) -> str:
    parts = []
    for use in day.uses:
        if use.used is None:
            state = NO_DATA
        elif use.used:
            state = _short(use.what, CELL_CHARS) if use.what else "yes"
        else:
            state = "no"
        parts.append(f"{use.tracker}: {state}" if several else state)
    return "; ".join(parts) or NONE


def _counted(names: tuple[str, ...]) -> str:
    if not names:
        return "0"
    named = ", ".join(_short(name, 30) for name in dict.fromkeys(name for name in names if name))
    return f"{len(names)} ({named})" if named else str(len(names))


def day_cells(day: DiaryDay, several: bool) -> list[str]:
    """One cell per row of ROWS; empty for days still to come."""
    if day.future:
        return [""] * len(ROWS)
    return [
        NO_DATA if day.urge is None else str(day.urge),
        _used(day, several),
        str(day.cravings),
        NONE if day.mood is None else number(day.mood, 0 if day.mood.is_integer() else 1),
        ", ".join(_short(f, 30) for f in day.feelings) or NONE,
        ", ".join(day.halt) or NONE,
        "; ".join(_short(c) for c in day.coping) or NONE,
        _counted(day.meetings),
        _counted(day.connections),
    ]


def week_cells(card: DiaryCard) -> list[str]:
    """The week column: the highest urge, totals and the mood average."""
    days = [day for day in card.days if not day.future]
    urges = [day.urge for day in days if day.urge is not None]
    halt_counts = {w: sum(w in day.halt for day in days) for w in HALT_WORDS}
    coping = dict.fromkeys(name for day in days for name in day.coping)
    feelings = Counter(f for day in days for f in day.feelings)
    use_days = sum(1 for day in days if any(use.used for use in day.uses))
    no_data = sum(1 for day in days if day.uses and all(u.used is None for u in day.uses))
    return [
        NONE if not urges else f"highest {max(urges)}",
        plural(use_days, "use day") + (f", {no_data} without data" if no_data else ""),
        str(sum(day.cravings for day in days)),
        NONE if card.mood_average is None else f"avg {number(card.mood_average)}",
        ", ".join(f"{_short(f, 30)} {n}" for f, n in feelings.most_common(3)) or NONE,
        ", ".join(f"{w} {n}" for w, n in halt_counts.items() if n) or NONE,
        plural(len(coping), "strategy", "strategies"),
        str(sum(len(day.meetings) for day in days)),
        str(sum(len(day.connections) for day in days)),
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
                    Paragraph(LEGEND, muted=True),
                ],
            )
        ],
        footer=f"Weekly diary card, {period}. Confidential.",
        landscape=True,
        one_page=True,
    )
