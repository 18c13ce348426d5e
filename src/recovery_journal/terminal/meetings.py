"""Rich lines for meetings: the meetings challenge and weeks with a meeting (`rj streak`,
the home screen). Never prints by itself."""

from __future__ import annotations

from rich.text import Text

from recovery_journal.analytics.meetings import ChallengeProgress, MeetingWeeks
from recovery_journal.domain.words import plural


def challenge_line(progress: ChallengeProgress) -> Text:
    """'90 in 90: day 12 · 10 meetings, 80 to go' (or how it ended)."""
    goal = progress.goal
    line = Text(f"{goal} in {goal}", style="bold")
    meetings = plural(progress.meetings, "meeting")
    if progress.running:
        line.append(f"  day {progress.day} of {goal} · {meetings}")
        if progress.reached:
            line.append(" · you reached it!", style="bold magenta")
        else:
            line.append(f", {progress.to_go} to go")
    elif progress.challenge.ended is not None:
        line.append(f"  stopped on day {progress.day} with {meetings}")
    else:
        line.append(f"  finished {progress.last_day} with {meetings}")
        if progress.reached:
            line.append(" · you did it!", style="bold magenta")
    return line


def meeting_weeks_line(weeks: MeetingWeeks) -> Text | None:
    """'Meeting weeks  5 in a row · 2 meetings this week'; None with no meetings lately."""
    if not weeks.weeks and not weeks.this_week:
        return None
    line = Text("Meeting weeks", style="bold")
    line.append(f"  {weeks.weeks} in a row · {plural(weeks.this_week, 'meeting')} this week")
    return line
