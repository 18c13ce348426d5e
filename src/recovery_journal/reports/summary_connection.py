"""The summary's "Connection" section: meetings by type, reaching out by role, service, the
longest stretch without reaching out or a meeting, and BARC-10 with its published cut-off
said neutrally. Pure."""

from __future__ import annotations

from recovery_journal.analytics.summary import SummaryReport
from recovery_journal.analytics.summary_connection import ConnectionSummary
from recovery_journal.domain.barc import CITATION, CUT_OFF_WORDS
from recovery_journal.domain.community import BARC_MAX, MEETING_TYPES
from recovery_journal.domain.words import plural
from recovery_journal.reports.document import Block, Facts, Paragraph, Table, day_month

NOTHING = "No meetings, connections, service or BARC-10 scores were logged in this period."


def _facts(summary: ConnectionSummary, days: int) -> Facts:
    meetings = str(summary.meetings)
    if summary.home_group:
        meetings += f" ({summary.home_group} at the home group)"
    reaching_out = f"{summary.connections} on {plural(summary.connection_days, 'day')}"
    if summary.helped:
        reaching_out += f"; {summary.helped} said to have helped"
    service = str(summary.service)
    if summary.service_minutes:
        service += f" ({summary.service_minutes} minutes)"
    if summary.longest_without and summary.longest_without_from is not None:
        longest = (
            f"{plural(summary.longest_without, 'day')} of {days}, "
            f"from {day_month(summary.longest_without_from)}"
        )
    else:
        longest = "none: every day had one"
    return Facts(
        [
            ("Meetings", meetings),
            ("Reaching out (calls, texts, visits)", reaching_out),
            ("Service", service),
            ("Longest stretch without reaching out or a meeting", longest),
        ]
    )


def _counts(title: str, header: str, counts: dict[str, int]) -> Table:
    return Table(
        (header, "Count"),
        [(name, str(count)) for name, count in counts.items()],
        numeric=(False, True),
        title=title,
        widths=(4, 1),
    )


def connection_blocks(report: SummaryReport) -> list[Block]:
    summary = report.connection
    if summary is None or summary.is_empty:
        return [Paragraph(NOTHING)]
    blocks: list[Block] = [_facts(summary, report.days)]
    if summary.meeting_types:
        types = {f"{code} ({MEETING_TYPES[code]})": n for code, n in summary.meeting_types.items()}
        if summary.untyped_meetings:
            types["no type given"] = summary.untyped_meetings
        blocks.append(_counts("Meetings by type", "Type", types))
    if summary.by_role:
        blocks.append(_counts("Reaching out, by role", "Role", summary.by_role))
    if summary.service_by_kind:
        blocks.append(_counts("Service, by kind", "Kind", summary.service_by_kind))
    if summary.barc:
        blocks.append(
            Table(
                ("Day", f"BARC-10 total (10-{BARC_MAX})"),
                [(day_month(day), str(total)) for day, total in summary.barc],
                numeric=(False, True),
                title="Recovery capital (BARC-10)",
                widths=(3, 2),
            )
        )
        blocks.append(Paragraph(f"{CUT_OFF_WORDS} {CITATION}", muted=True))
    return blocks
