"""The therapist summary laid out as a Document: one function per section. Pure."""

from __future__ import annotations

from collections.abc import Callable

from recovery_journal.analytics.mood import DEFINITION as MOOD_DEFINITION
from recovery_journal.analytics.patterns import TIMES_OF_DAY
from recovery_journal.analytics.summary import SummaryReport, long_date
from recovery_journal.analytics.summary_options import SECTION_TITLES
from recovery_journal.analytics.trends import PeriodStats
from recovery_journal.domain.entries import ENTRY_TYPES, HALT_WORDS, Craving
from recovery_journal.domain.words import plural
from recovery_journal.reports.document import (
    NONE,
    Block,
    Chart,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
    day_month,
    number,
    percent,
    period_label,
    short_day,
)
from recovery_journal.reports.summary_connection import connection_blocks
from recovery_journal.reports.summary_recovery import pacs_blocks, reflections_blocks
from recovery_journal.reports.summary_tiles import highlights
from recovery_journal.reports.summary_tlfb import calendar_blocks

NO_ENTRIES = "No entries were logged in this period."
USE_BANDS = "Shaded: a day (or week) with a use."


def summary_document(report: SummaryReport) -> Document:
    """Every chosen section, in report order."""
    builders: dict[str, Callable[[SummaryReport], list[Block]]] = {
        "overview": _overview,
        "calendar": calendar_blocks,
        "mood": _mood,
        "cravings": lambda report: _cravings(report) + pacs_blocks(report),
        "triggers": _triggers,
        "coping": _coping,
        "meetings": _meetings,
        "connection": connection_blocks,
        "gratitude": _gratitude,
        "notes": _notes,
        "reflections": reflections_blocks,
    }
    sections = [
        Section(name, SECTION_TITLES[name], builders[name](report)) for name in report.sections
    ]
    period = f"{long_date(report.since)} to {long_date(report.until)}"
    return Document(
        title="Recovery summary",
        header=report.header_lines(),
        sections=sections,
        footer=f"Recovery summary, {period}. Confidential.",
    )


def _label(report: SummaryReport, stats: PeriodStats, by: str) -> str:
    return period_label(stats, by, report.since, report.until)


def _chart_labels(report: SummaryReport) -> list[str]:
    return [day_month(max(s.period.start, report.since)) for s in report.chart]


def _overview(report: SummaryReport) -> list[Block]:
    counts = [ENTRY_TYPES[kind].counted(count) for kind, count in report.counts.items() if count]
    blocks: list[Block] = [highlights(report)]
    blocks.append(
        Facts(
            [
                ("Entries", f"{report.total} on {report.days_logged} of {report.days} days"),
                ("Logged", ", ".join(counts) or "nothing"),
            ]
        )
    )
    rows = [
        (
            t.name,
            long_date(t.clean_date),
            plural(t.current_days, "day"),
            plural(t.longest_days, "day"),
            t.last_milestone or NONE,
            f"{t.next_milestone} ({long_date(t.next_milestone_day)})",
        )
        for t in report.trackers
    ]
    blocks.append(
        Table(
            ("Tracker", "Tracking since", "Current streak", "Longest", "Milestone", "Next"),
            rows,
            title=f"Streaks as of {long_date(report.until)}",
            widths=(3, 3, 3, 2, 2, 4),
        )
    )
    if not report.total:
        blocks.append(Paragraph(NO_ENTRIES))
    return blocks


def _mood(report: SummaryReport) -> list[Block]:
    if not report.counts["mood"]:
        return [Paragraph("No moods were logged in this period.")]
    total = report.counts["mood"]
    by_meeting = report.mood_by_meeting
    facts = [
        (
            "Average",
            f"{number(report.mood_average)} over {plural(report.mood_days, 'day')} "
            f"({plural(total, 'entry', 'entries')})",
        ),
        ("Range", f"{report.mood_low} to {report.mood_high}"),
    ]
    if by_meeting.meeting_days and by_meeting.other_days:
        facts.append(
            (
                "Meeting days",
                f"{number(by_meeting.meeting_days_avg)} on "
                f"{plural(by_meeting.meeting_days, 'day')} with a meeting, "
                f"{number(by_meeting.other_days_avg)} on "
                f"{plural(by_meeting.other_days, 'other day')}",
            )
        )
    if report.feelings:
        facts.append(("Feelings named", ", ".join(f"{w} ({n})" for w, n in report.feelings)))
    rows = [
        (
            _label(report, s, report.by),
            number(s.mood_avg),
            NONE if s.mood_min is None else str(s.mood_min),
            NONE if s.mood_max is None else str(s.mood_max),
            str(s.moods),
        )
        for s in report.table
    ]
    title = f"Average mood by {report.chart_by} (1-10)"
    return [
        Chart("mood", title, report.chart, _chart_labels(report), USE_BANDS),
        Facts(facts),
        Paragraph(MOOD_DEFINITION, muted=True),
        Table(
            (report.by.capitalize(), "Average", "Lowest", "Highest", "Entries"),
            rows,
            numeric=(False, True, True, True, True),
        ),
    ]


def _cravings(report: SummaryReport) -> list[Block]:
    if not report.cravings:
        return [Paragraph("No cravings were logged in this period.")]
    stats = report.table
    intensity = report.craving_intensity
    times = report.craving_times
    facts = [
        ("Cravings", f"{report.cravings}, average intensity {number(intensity)} of 10"),
        ("Resisted", _resisted(report)),
        (
            "Time of day",
            ", ".join(f"{bucket} {times[bucket]}" for bucket in TIMES_OF_DAY)
            + " (night 0-6h, morning 6-12h, afternoon 12-18h, evening 18-24h)",
        ),
    ]
    rows = [
        (
            _label(report, s, report.by),
            str(s.cravings),
            number(s.craving_avg_intensity),
            percent(s.resisted_share),
            str(s.use_days),
        )
        for s in stats
    ]
    title = f"Cravings by {report.chart_by} (bars) and their average intensity (line, 0-10)"
    return [
        Chart("cravings", title, report.chart, _chart_labels(report), USE_BANDS),
        Facts(facts),
        Table(
            (report.by.capitalize(), "Cravings", "Avg intensity", "Resisted", "Use days"),
            rows,
            numeric=(False, True, True, True, True),
        ),
    ]


def _resisted(report: SummaryReport) -> str:
    """Resisted of the cravings whose outcome was given, never of all of them."""
    given, resisted = report.cravings_with_outcome, report.cravings_resisted
    unknown = report.cravings - given
    if not given:
        return f"no outcome was given for the {Craving.counted(report.cravings)}"
    text = f"{resisted} of {plural(given, 'craving')} with an outcome given "
    text += f"({percent(resisted / given)}); acted on {given - resisted}"
    return text + (f"; {unknown} without an outcome" if unknown else "")


def _triggers(report: SummaryReport) -> list[Block]:
    blocks: list[Block] = []
    if report.triggers:
        rows = [
            (t.name, str(t.count), number(t.avg_intensity), percent(t.resisted_share))
            for t in report.triggers
        ]
        blocks.append(
            Table(
                ("Trigger", "Times", "Avg intensity", "Cravings resisted"),
                rows,
                numeric=(False, True, True, True),
                title="Most frequent triggers",
                widths=(5, 2, 2, 3),
            )
        )
    else:
        blocks.append(Paragraph("No triggers were named in this period."))
    cravings = report.cravings
    halt = [
        (word.capitalize(), str(report.halt[word]), percent(report.halt[word] / cravings))
        for word in HALT_WORDS
        if cravings
    ]
    if halt:
        blocks.append(
            Table(
                ("HALT", "Cravings", "Share"),
                halt,
                numeric=(False, True, True),
                title="HALT: hungry, angry, lonely, tired",
            )
        )
    entries = report.counts["trigger"]
    if entries and not report.include_notes:
        by_category = ", ".join(f"{name} {n}" for name, n in report.trigger_categories.items())
        blocks.append(
            Paragraph(
                f"{plural(entries, 'trigger entry', 'trigger entries')} by category: "
                f"{by_category}. Their descriptions were left out."
            )
        )
    return blocks


def _coping(report: SummaryReport) -> list[Block]:
    if not report.coping:
        return [Paragraph("No coping strategies were recorded with cravings in this period.")]
    rows = [
        (c.strategy, str(c.times), f"{c.resisted} of {c.given}", percent(c.resisted_share))
        for c in report.coping
    ]
    return [
        Paragraph("What helped: strategies used during cravings, best share resisted first."),
        Table(
            ("Strategy", "Times used", "Resisted (of outcomes given)", "Share resisted"),
            rows,
            numeric=(False, True, True, True),
            widths=(6, 2, 2, 2),
        ),
    ]


def _meetings(report: SummaryReport) -> list[Block]:
    if not report.meetings:
        return [Paragraph("No meetings were logged in this period.")]
    minutes = sum(f.minutes for f in report.fellowships)
    blocks: list[Block] = [
        Facts(
            [
                (
                    "Meetings",
                    f"{len(report.meetings)} on "
                    f"{plural(len({m.at.date() for m in report.meetings}), 'day')}"
                    + (f", {minutes} minutes in all" if minutes else ""),
                )
            ]
        ),
        Table(
            ("Fellowship", "Meetings", "Online", "Minutes"),
            [
                (f.name, str(f.count), str(f.online), str(f.minutes) if f.minutes else NONE)
                for f in report.fellowships
            ],
            numeric=(False, True, True, True),
            title="By fellowship",
        ),
    ]
    headers: tuple[str, ...] = ("Date", "Fellowship", "Format", "Minutes")
    if report.include_notes:
        headers += ("Name",)
    rows = []
    for m in report.meetings:
        where = {True: "online", False: "in person", None: NONE}[m.online]
        row: tuple[str, ...] = (short_day(m.at.date()), m.fellowship or NONE, where)
        row += (NONE if m.minutes is None else str(m.minutes),)
        rows.append(row + ((m.name or NONE,) if report.include_notes else ()))
    numeric = (False, False, False, True, False)[: len(headers)]
    widths = (3, 3, 2, 2, 5) if report.include_notes else (3, 4, 3, 2)
    blocks.append(Table(headers, rows, numeric=numeric, title="Meetings attended", widths=widths))
    return blocks


def _gratitude(report: SummaryReport) -> list[Block]:
    entries = report.counts["gratitude"]
    if not entries:
        return [Paragraph("No gratitude entries in this period.")]
    blocks: list[Block] = [
        Facts(
            [
                (
                    "Gratitude",
                    f"{plural(entries, 'entry', 'entries')} with "
                    f"{plural(report.gratitude_items, 'item')} on "
                    f"{plural(report.gratitude_days, 'day')} of {report.days}",
                )
            ]
        )
    ]
    if report.include_notes:
        blocks.append(
            Table(
                ("Most often grateful for", "Times"),
                [(item, str(n)) for item, n in report.gratitude_top],
                numeric=(False, True),
                widths=(6, 1),
            )
        )
    else:
        blocks.append(Paragraph("The items themselves were left out.", muted=True))
    return blocks


def _notes(report: SummaryReport) -> list[Block]:
    left_out = Paragraph(f"{plural(report.notes_left_out, 'note')} left out.", muted=True)
    if not report.include_notes and not report.notes:
        return [left_out]
    if not report.notes:
        return [Paragraph("No notes in this period.")]
    rows = [(f"{short_day(n.at.date())} {n.at:%H:%M}", n.kind, n.text) for n in report.notes]
    blocks: list[Block] = []
    if not report.include_notes:
        chosen = plural(report.notes_chosen, "note")
        blocks.append(Paragraph(f"{chosen} chosen by the person to share; the others are not."))
    blocks.append(Table(("When", "With", "Note"), rows, widths=(3, 2, 10)))
    return blocks + ([left_out] if report.notes_left_out else [])
