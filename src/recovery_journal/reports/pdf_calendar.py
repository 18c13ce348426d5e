"""The Timeline Followback calendar drawn as a grid on a PDF page: a row per week."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recovery_journal.analytics.tlfb import CalendarDay
from recovery_journal.domain.words import WEEKDAYS_SHORT
from recovery_journal.reports.document import Calendar, calendar_label

if TYPE_CHECKING:
    from recovery_journal.reports.pdf import ReportPDF

ROW_HEIGHT = 14.0
HEAD_HEIGHT = 6.0
USE_FILL = (253, 226, 226)
USE_INK = (153, 27, 27)
MEET_INK = (4, 120, 87)
UNTRACKED_FILL = (243, 244, 246)
GRID = (209, 213, 219)
INK = (17, 24, 39)
MUTED = (107, 114, 128)


def _header(pdf: ReportPDF, width: float) -> None:
    pdf.style(8, bold=True, colour=INK)
    top = pdf.get_y()
    for index, name in enumerate(WEEKDAYS_SHORT):
        pdf.set_xy(pdf.l_margin + index * width, top)
        pdf.cell(width, HEAD_HEIGHT, name, align="C")
    pdf.set_xy(pdf.l_margin, top + HEAD_HEIGHT)


def _cell(
    pdf: ReportPDF, day: CalendarDay, x: float, y: float, width: float, first: bool, several: bool
) -> None:
    if not day.in_period:
        return
    fill = USE_FILL if day.uses else (UNTRACKED_FILL if not day.tracked else None)
    pdf.set_draw_color(*GRID)
    pdf.set_line_width(0.25)
    if fill:
        pdf.set_fill_color(*fill)
    pdf.rect(x, y, width, ROW_HEIGHT, style="DF" if fill else "D")
    label = calendar_label(day.day, first)
    pdf.set_xy(x + 1, y + 0.8)
    pdf.style(7.5, bold=True, colour=MUTED if not day.tracked else INK)
    pdf.cell(width / 2, 3.5, label)
    if day.mood is not None:
        pdf.set_xy(x + width / 2, y + 0.8)
        pdf.style(7, colour=MUTED)
        pdf.cell(width / 2 - 1, 3.5, f"({day.mood:.0f})", align="R")
    if day.meetings:
        pdf.set_xy(x + 1, y + ROW_HEIGHT - 4.2)
        pdf.style(7.5, bold=True, colour=MEET_INK)
        pdf.cell(width / 2, 3.5, "M" * min(day.meetings, 3))
    if day.no_data:
        pdf.set_xy(x + 1, y + 5)
        pdf.style(6.5, colour=MUTED)
        pdf.cell(width - 2, 3, "no data")
    if day.uses:
        _uses(pdf, day, x, y, width, several)


def _uses(
    pdf: ReportPDF, day: CalendarDay, x: float, y: float, width: float, several: bool
) -> None:
    pdf.set_xy(x + 1, y + 4.3)
    pdf.style(7, bold=True, colour=USE_INK)
    # With several trackers the substance is always named, as in the Markdown and HTML.
    names = ", ".join(tracker for tracker, _ in day.uses) if several else ""
    pdf.cell(width - 2, 3, pdf.fit(f"USED {names}".strip(), width - 2))
    detail = "; ".join(
        (f"{tracker}: {amount}" if several else amount) for tracker, amount in day.uses if amount
    )
    if detail:
        pdf.style(6, colour=USE_INK)
        pdf.set_xy(x + 1, y + 7.4)
        # One line in the cell; the full amounts are in the TLFB export.
        pdf.cell(width - 2, 3, pdf.fit(detail, width - 2))


def draw_calendar(pdf: ReportPDF, block: Calendar) -> None:
    """Weeks as rows, Monday to Sunday; a new page repeats the weekday header."""
    width = pdf.content_width / 7
    pdf.room(HEAD_HEIGHT + ROW_HEIGHT * 2)
    _header(pdf, width)
    first_in_period = next((d.day for d in block.days if d.in_period), None)
    for start in range(0, len(block.days), 7):
        if pdf.get_y() + ROW_HEIGHT > pdf.page_break_trigger:
            pdf.add_page()
            _header(pdf, width)
        top = pdf.get_y()
        for index, day in enumerate(block.days[start : start + 7]):
            x = pdf.l_margin + index * width
            _cell(pdf, day, x, top, width, day.day == first_in_period, block.several_trackers)
        pdf.set_xy(pdf.l_margin, top + ROW_HEIGHT)
    pdf.ln(2)
