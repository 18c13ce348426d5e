"""The summary's blocks for the help-at-hard-moments data: PACS totals by week (with the
cravings) and the opt-in `reflections` section. Pure."""

from __future__ import annotations

from recovery_journal.analytics.summary import SummaryReport
from recovery_journal.domain.pacs import HIGH_TOTAL
from recovery_journal.reports.document import NONE, Block, Paragraph, Table, day_month, short_day

PACS_SOURCE = (
    "Penn Alcohol Craving Scale (Flannery, Volpicelli and Pettinati, 1999): five questions "
    "about the past week, 0-6 each, total 0-30; a week shows its last score."
)


def pacs_blocks(report: SummaryReport) -> list[Block]:
    """The weekly PACS totals, if any were taken in the period."""
    if not report.pacs:
        return []
    rows = [
        (
            f"{day_month(max(w.week.start, report.since))} {NONE} "
            f"{day_month(min(w.week.end, report.until))}",
            str(w.total),
            str(w.scores),
            f"{HIGH_TOTAL} or more" if w.high else "",
        )
        for w in report.pacs
    ]
    return [
        Table(
            ("Week", "PACS total (0-30)", "Times taken", ""),
            rows,
            numeric=(False, True, True, False),
            title="Craving over the week (PACS)",
            widths=(4, 3, 2, 3),
        ),
        Paragraph(PACS_SOURCE, muted=True),
    ]


def reflections_blocks(report: SummaryReport) -> list[Block]:
    """Each reflection in the person's words: the use's day, then A, B, C and what next."""
    if not report.reflections:
        return [Paragraph("No reflections on uses in this period.")]
    rows = [
        (
            short_day(r.at.date()),
            NONE if r.use_day is None else short_day(r.use_day),
            r.activating or NONE,
            r.beliefs or NONE,
            r.consequences or NONE,
            r.different or NONE,
        )
        for r in report.reflections
    ]
    return [
        Paragraph(
            "The person's own reflections on uses, in SMART Recovery's ABC shape: the "
            "activating event, their beliefs, the consequences, and what could be different."
        ),
        Table(
            ("Written", "Use on", "Activating event", "Beliefs", "Consequences", "Different"),
            rows,
            widths=(2, 2, 4, 4, 4, 4),
        ),
    ]
