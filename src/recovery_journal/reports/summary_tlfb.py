"""The summary's calendar section: the Timeline Followback calendar and its figures. Pure."""

from __future__ import annotations

from recovery_journal.analytics.summary import SummaryReport
from recovery_journal.domain.words import plural
from recovery_journal.reports.document import (
    NONE,
    Block,
    Calendar,
    Paragraph,
    Table,
    day_month,
    number,
)


def tlfb_table(report: SummaryReport) -> Table:
    rows = []
    for tracker in report.trackers:
        f = tracker.period
        if f.first_day is None:
            rows.append((tracker.name, "0", NONE, NONE, NONE, NONE, NONE))
            continue
        rows.append(
            (
                tracker.name,
                str(f.days),
                f"{f.days_with_data} ({f.no_data_days} without)",
                str(f.use_days),
                str(f.abstinent_days),
                NONE if f.percent_abstinent is None else number(f.percent_abstinent, 0) + "%",
                plural(f.longest_abstinent_run, "day"),
            )
        )
    return Table(
        (
            "Tracker",
            "Days tracked",
            "With data",
            "Use days",
            "Days abstinent",
            "% abstinent",
            "Longest run without a use",
        ),
        rows,
        numeric=(False, True, True, True, True, True, True),
        title="Timeline Followback figures",
        widths=(5, 3, 5, 3, 4, 4, 5),
    )


def quantity_table(report: SummaryReport) -> Table | None:
    """Totals, per use day, heavy days and the highest day, for trackers with quantities."""
    rows = []
    for tracker in report.trackers:
        f = tracker.period
        if f.unit is None:
            continue
        heavy = NONE
        if f.heavy_days is not None and f.heavy_threshold is not None:
            heavy = f"{f.heavy_days} ({f.quantity(f.heavy_threshold)} or more)"
        highest = NONE
        if f.highest is not None and f.highest_day is not None:
            highest = f"{f.quantity(f.highest)} ({day_month(f.highest_day)})"
        rows.append(
            (
                tracker.name,
                f.quantity(f.total),
                f"{f.quantity(f.per_use_day)} over {plural(f.quantified_days, 'day')}",
                heavy,
                highest,
            )
        )
    if not rows:
        return None
    return Table(
        ("Tracker", "Total", "Per use day", "Heavy days", "Highest day"),
        rows,
        numeric=(False, True, True, True, True),
        title="Quantities (use days with a quantity)",
        widths=(4, 4, 5, 5, 5),
    )


def calendar_blocks(report: SummaryReport) -> list[Block]:
    """The calendar, its legend, and the TLFB figures and quantities beneath it."""
    legend = (
        "USED marks a use day, with the quantities and amounts given; M marks a meeting; "
        "the number in brackets is the day's average mood (1-10); 'no data' marks a day "
        "with nothing logged, left out of percent days abstinent. Days before tracking "
        "began are shaded and not counted."
    )
    if not report.trackers:
        return [Paragraph("No tracker existed in this period.")]
    quantities = quantity_table(report)
    return [
        Calendar(report.calendar, several_trackers=len(report.trackers) > 1),
        Paragraph(legend, muted=True),
        tlfb_table(report),
        *([quantities] if quantities else []),
    ]
