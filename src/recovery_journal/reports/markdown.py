"""A Document as Markdown: tables and lists that read well as plain text too. Pure.

User text is escaped: characters that start Markdown or HTML markup get a backslash, pipes
cannot break a table, and newlines and control characters never start a new block.
"""

from __future__ import annotations

import re
import unicodedata

from recovery_journal.analytics.tlfb import CalendarDay
from recovery_journal.domain.characters import BIDI_CONTROLS
from recovery_journal.domain.sparklines import sparkline
from recovery_journal.domain.words import WEEKDAYS_SHORT
from recovery_journal.reports.document import (
    NONE,
    Block,
    Calendar,
    Chart,
    Document,
    Facts,
    Highlights,
    Paragraph,
    Table,
    calendar_label,
    day_month,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def inline(text: str) -> str:
    """User text safe inside a paragraph or a table cell: one line, markup escaped."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        kept = "".join(
            " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
            for ch in line
            if ch not in BIDI_CONTROLS
        )
        lines.append(" ".join(kept.split()))
    flat = " / ".join(line for line in lines if line)
    return _SPECIAL.sub(r"\\\1", flat)


def render(document: Document) -> str:
    """The whole document as Markdown text."""
    out = [f"# {inline(document.title)}", ""]
    for line in document.header:
        out += [f"> {inline(line)}", ">"]
    out[-1] = ""
    for section in document.sections:
        out += [f"## {inline(section.title)}", ""]
        for block in section.blocks:
            out += _block(block)
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _block(block: Block) -> list[str]:
    if isinstance(block, Highlights):
        tiles = [
            f"**{inline(value)}** {inline(label)}"
            + (f" ({inline(block.change(index))})" if block.change(index) else "")
            for index, (value, label) in enumerate(block.items)
        ]
        caption = ["", f"_{inline(block.caption)}_"] if block.caption else []
        return [" · ".join(tiles), *caption]
    if isinstance(block, Facts):
        return [f"- **{inline(label)}:** {inline(value)}" for label, value in block.items]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Paragraph):
        return [f"_{inline(block.text)}_" if block.muted else inline(block.text)]
    if isinstance(block, Chart):
        return _chart(block)
    return _calendar(block)


def _table(table: Table) -> list[str]:
    out = [f"**{inline(table.title)}**", ""] if table.title else []
    numeric = table.numeric or (False,) * len(table.headers)
    out.append("| " + " | ".join(inline(h) for h in table.headers) + " |")
    out.append("|" + "|".join("---:" if right else "---" for right in numeric) + "|")
    out += ["| " + " | ".join(inline(cell) for cell in row) + " |" for row in table.rows]
    return out


def _chart(chart: Chart) -> list[str]:
    if chart.kind == "mood":
        line = sparkline([s.mood_avg for s in chart.stats], 1, 10)
        scale = "1 to 10"
    else:
        line = sparkline(
            [float(s.cravings) for s in chart.stats],
            0,
            max((s.cravings for s in chart.stats), default=1) or 1,
        )
        scale = "count"
    first, last = chart.labels[0], chart.labels[-1]
    return [f"{inline(chart.title.split(' (')[0])}, {first} to {last} ({scale}): `{line}`"]


def calendar_cell(day: CalendarDay, several: bool, first: bool = False) -> str:
    """'2 Feb USED 3 beers M (6)': the day, a use with its amounts, meetings, mood."""
    if not day.in_period:
        return ""
    label = calendar_label(day.day, first)
    if not day.tracked:
        return f"{label} {NONE}"
    if day.no_data:
        return f"{label} _no data_"
    parts = [label]
    for tracker, amount in day.uses:
        what = f"{tracker}: {amount}" if several and amount else (tracker if several else amount)
        parts.append("**USED**" + (f" {inline(what)}" if what else ""))
    if day.meetings:
        parts.append("M" if day.meetings == 1 else f"M\u00d7{day.meetings}")
    if day.mood is not None:
        parts.append(f"({day.mood:.0f})")
    return " ".join(parts)


def _calendar(calendar: Calendar) -> list[str]:
    out = ["| Week of | " + " | ".join(WEEKDAYS_SHORT) + " |", "|---|" + "---|" * 7]
    days = calendar.days
    first = next((day.day for day in days if day.in_period), None)
    for start in range(0, len(days), 7):
        week = days[start : start + 7]
        cells = [calendar_cell(d, calendar.several_trackers, d.day == first) for d in week]
        out.append(f"| {day_month(week[0].day)} | " + " | ".join(cells) + " |")
    return out
