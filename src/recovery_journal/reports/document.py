"""A report as format-neutral blocks: Markdown, HTML and PDF render the same document.

Blocks hold finished text (numbers already formatted), so the three formats always say the
same thing. User text is kept raw here; each renderer escapes it for its own format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from recovery_journal.analytics.tlfb import CalendarDay
from recovery_journal.analytics.trends import PeriodStats


@dataclass(frozen=True)
class Highlights:
    """Headline figures shown as tiles: (value, label), each with an optional change."""

    items: list[tuple[str, str]]
    changes: list[str] = field(default_factory=list)
    """One per item ('' for none): how the figure compares, e.g. 'was 4'."""
    caption: str = ""
    """What the changes compare with."""

    def change(self, index: int) -> str:
        return self.changes[index] if index < len(self.changes) else ""


@dataclass(frozen=True)
class Facts:
    """Label: value lines."""

    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    numeric: tuple[bool, ...] = ()
    """Right-aligned columns."""
    title: str = ""
    widths: tuple[int, ...] = ()
    """Relative column widths for paged output; equal when empty."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False


@dataclass(frozen=True)
class Chart:
    kind: str
    """'mood' or 'cravings'."""
    title: str
    stats: list[PeriodStats]
    labels: list[str]
    """One per point of `stats`."""
    caption: str = ""


@dataclass(frozen=True)
class Calendar:
    days: list[CalendarDay]
    several_trackers: bool


Block = Highlights | Facts | Table | Paragraph | Chart | Calendar


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    blocks: list[Block]


@dataclass(frozen=True)
class Document:
    title: str
    header: list[str]
    """The first lines: period and what was left out."""
    sections: list[Section]
    footer: str
    """Short, on every PDF page."""
    landscape: bool = False
    one_page: bool = False
    """Paged formats shrink the tables' text until the document fits one page."""
    notices: list[str] = field(default_factory=list)


# -- formatting shared by every format --------------------------------------------------


NONE = "\u2013"
"""An en dash: no value."""


def number(value: float | None, digits: int = 1) -> str:
    return NONE if value is None else f"{value:.{digits}f}"


def percent(share: float | None) -> str:
    return NONE if share is None else f"{share:.0%}"


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def day_month(day: date) -> str:
    return f"{day.day} {day:%b}"


def period_label(stats: PeriodStats, by: str, since: date, until: date) -> str:
    """'Mon 2 Feb', '2 Feb - 8 Feb' (clipped to the report period) or 'Feb 2026'."""
    start, end = max(stats.period.start, since), min(stats.period.end, until)
    if by == "day":
        return short_day(start)
    if by == "month":
        return f"{start:%b %Y}"
    return day_month(start) if start == end else f"{day_month(start)} {NONE} {day_month(end)}"


def calendar_label(day: date, first: bool) -> str:
    """The day of the month; with the month on the 1st and on the first day shown."""
    return day_month(day) if first or day.day == 1 else str(day.day)
