"""Urge surfing at the terminal: a calm Rich live display that counts down and paces the
breath (in for 4 seconds, out for 6), on stderr. Ctrl-C ends it early.

Urge surfing (Marlatt's term, used in mindfulness-based relapse prevention) means noticing an
urge rise, peak and fall like a wave, without acting on it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

BREATHE_IN, BREATHE_OUT = 4.0, 6.0
TICK = 0.25
BAR = 24
WORDS = (
    "An urge is like a wave: it rises, peaks and falls. You can ride it without acting on it.",
    "Notice where you feel it: chest, stomach, hands, mouth. Just notice; no need to fix it.",
    "Urges pass, even strong ones, usually sooner than it feels.",
    "Breathe with the bar. Each breath out is a little more room.",
    "You have got through urges before. This one passes too.",
)
WORDS_EVERY = 45.0


@dataclass(frozen=True)
class Surfed:
    seconds: float
    ended_early: bool

    @property
    def minutes(self) -> int:
        """Whole minutes, to the nearest (half a minute or less is 0)."""
        return round(self.seconds / 60)


def _clock(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def frame(elapsed: float, total: float) -> Panel:
    """What the display shows `elapsed` seconds into a `total`-second ride."""
    phase = elapsed % (BREATHE_IN + BREATHE_OUT)
    if phase < BREATHE_IN:
        cue, filled = "Breathe in ", phase / BREATHE_IN
    else:
        cue, filled = "Breathe out", 1 - (phase - BREATHE_IN) / BREATHE_OUT
    width = round(filled * BAR)
    breath = Text(f"{cue}  ", style="bold")
    breath.append("━" * width, style="cyan").append("╌" * (BAR - width), style="dim")
    words = WORDS[int(elapsed // WORDS_EVERY) % len(WORDS)]
    return Panel(
        Group(breath, Text(""), Text(words), Text("Ctrl-C stops early.", style="dim")),
        title=f"Riding the urge · {_clock(total - elapsed)} left",
        title_align="left",
        border_style="cyan",
        expand=False,
        width=70,
    )


def surf(console: Console, seconds: float) -> Surfed:
    """Show the display for `seconds` (Ctrl-C ends it early); how long it ran."""
    from rich.live import Live

    start = time.monotonic()
    elapsed = 0.0
    # Refreshed from this loop, never from a thread: a Ctrl-C at any moment (even while
    # the display starts) leaves nothing drawing over the questions that follow.
    live = Live(frame(0.0, seconds), console=console, auto_refresh=False)
    try:
        live.start(refresh=True)
        while elapsed < seconds:
            time.sleep(min(TICK, seconds - elapsed))
            elapsed = min(time.monotonic() - start, seconds)
            live.update(frame(elapsed, seconds), refresh=True)
    except KeyboardInterrupt:
        return Surfed(time.monotonic() - start, ended_early=True)
    finally:
        live.stop()
    return Surfed(elapsed, ended_early=False)


def ask_scale(question: str, low: int = 0, high: int = 10) -> int:
    """A whole number from `low` to `high`, asked on the terminal until one is typed."""
    import sys

    from recovery_journal.cli import prompts

    while True:
        typed = prompts.ask(f"{question} ({low}-{high}): ").strip()
        if typed.isdigit() and typed.isascii() and low <= int(typed) <= high:
            return int(typed)
        sys.stderr.write(f"Please type a whole number from {low} to {high}.\n")


def ask_outcome() -> str:
    """'resisted' (Enter) or 'used'."""
    import sys

    from recovery_journal.cli import prompts

    while True:
        typed = prompts.ask("What happened: resisted or used? [resisted]: ").strip().lower()
        if typed in ("", "r", "resisted"):
            return "resisted"
        if typed in ("u", "used"):
            return "used"
        sys.stderr.write("Please type resisted or used.\n")
