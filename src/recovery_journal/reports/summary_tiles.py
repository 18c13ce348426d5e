"""The summary's headline tiles: "how has it been since last time", each figure beside the
previous period of the same length. Pure.

Use days come first. A share of cravings resisted is never a tile: it counts only cravings
whose outcome was given, and beside use days it would read as the month's result; it is in
the cravings section with its denominator.
"""

from __future__ import annotations

from recovery_journal.analytics.summary import SummaryReport, long_date
from recovery_journal.analytics.summary_compare import PeriodFigures, TrackerUse
from recovery_journal.domain.words import plural
from recovery_journal.reports.document import Highlights, number


def _was(value: float | None, previous: float | None, digits: int = 0, unit: str = "") -> str:
    if previous is None:
        return "none before" if value is not None else ""
    return f"was {number(previous, digits)}{unit}"


def _abstinent(use: TrackerUse) -> float | None:
    if not use.days_with_data:
        return None
    return 100 * (use.days_with_data - use.use_days) / use.days_with_data


def _nothing_logged(figures: PeriodFigures) -> bool:
    return (
        all(use.days_with_data == 0 for use in figures.uses)
        and figures.cravings == 0
        and figures.mood_average is None
        and figures.meetings == 0
        and figures.connections == 0
    )


def highlights(report: SummaryReport) -> Highlights:
    """Use days and days abstinent per tracker, streaks, cravings, mood, meetings and
    connections (where recorded), with how each compares with the period before."""
    items: list[tuple[str, str]] = []
    changes: list[str] = []
    comparison = report.comparison
    before = None if comparison is None else comparison.previous
    compared = before is not None and not _nothing_logged(before)
    previous_uses = {} if before is None else {use.tracker: use for use in before.uses}
    several = len(report.trackers) > 1

    def tile(value: str, label: str, change: str = "") -> None:
        items.append((value, label))
        changes.append(change if compared else "")

    for tracker in report.trackers:
        suffix = f" ({tracker.name})" if several else ""
        period = tracker.period
        old = previous_uses.get(tracker.name)
        if old is None or not old.tracked_days:
            was = "not tracked before"
        elif not old.days_with_data:
            was = "no data before"
        else:
            was = f"was {old.use_days}"
        tile(
            str(period.use_days), ("use day" if period.use_days == 1 else "use days") + suffix, was
        )
        if period.percent_abstinent is not None:
            abstinent = number(period.percent_abstinent, 0) + "%"
            data = f"of {plural(period.days_with_data, 'day')} with data"
            before_share = None if old is None else _abstinent(old)
            tile(
                abstinent,
                f"days abstinent{suffix}, {data}",
                "" if before_share is None else f"was {number(before_share, 0)}%",
            )
        tile(plural(tracker.current_days, "day"), f"current streak{suffix}")
    now = None if comparison is None else comparison.current
    if now is not None:
        tile(
            str(now.cravings),
            "craving" if now.cravings == 1 else "cravings",
            f"was {before.cravings}" if before else "",
        )
        if now.craving_intensity is not None:
            tile(
                number(now.craving_intensity),
                "average craving intensity (0-10)",
                _was(
                    now.craving_intensity, None if before is None else before.craving_intensity, 1
                ),
            )
        if now.mood_average is not None:
            tile(
                number(now.mood_average),
                "average mood (1-10)",
                _was(now.mood_average, None if before is None else before.mood_average, 1),
            )
        tile(
            str(now.meetings),
            "meeting" if now.meetings == 1 else "meetings",
            f"was {before.meetings}" if before else "",
        )
        if now.connections or (before and before.connections):
            tile(
                str(now.connections),
                "connection" if now.connections == 1 else "connections",
                f"was {before.connections}" if before else "",
            )
    caption = ""
    if before is not None:
        span = f"{long_date(before.since)} to {long_date(before.until)}"
        caption = (
            f"'Was' is the previous {plural(before.days, 'day')} ({span})."
            if compared
            else f"Nothing was logged in the previous {plural(before.days, 'day')} ({span}) "
            "to compare with."
        )
    return Highlights(items, changes, caption)
