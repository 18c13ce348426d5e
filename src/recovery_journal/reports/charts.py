"""Mood and craving charts as small hand-written SVG documents. Pure.

The same SVG is inlined in the HTML report and drawn as vector graphics in the PDF (fpdf2
renders SVG), so both look alike and neither needs a plotting library. Charts hold only
numbers and dates, never text a person typed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from recovery_journal.analytics.trends import PeriodStats

WIDTH, HEIGHT = 720, 210
LEFT, RIGHT, TOP, BOTTOM = 34, 34, 14, 28
MOOD_COLOUR = "#1d4ed8"
CRAVING_COLOUR = "#f5c26b"
INTENSITY_COLOUR = "#b91c1c"
USE_BAND = "#fde2e2"
GRID = "#e5e7eb"
AXIS_TEXT = "#4b5563"
MAX_LABELS = 8
QUOTE = {'"': "&quot;"}


def _x(index: int, count: int) -> float:
    step = (WIDTH - LEFT - RIGHT) / max(count, 1)
    return LEFT + step * (index + 0.5)


def _y(value: float, low: float, high: float) -> float:
    span = (high - low) or 1
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - low) / span)


def _text(
    x: float, y: float, text: str, font: str, *, anchor: str = "middle", size: int = 11
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{escape(font, QUOTE)}" font-size="{size}" '
        f'fill="{AXIS_TEXT}" text-anchor="{anchor}">{escape(text)}</text>'
    )


def _open(title: str, describe: bool) -> list[str]:
    """The svg element; `describe` adds a <title> for screen readers (fpdf2 ignores it)."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title, QUOTE)}">',
        *([f"<title>{escape(title)}</title>"] if describe else []),
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]


def _label_every(count: int) -> int:
    return max(1, math.ceil(count / MAX_LABELS))


def _x_labels(labels: Sequence[str], font: str) -> list[str]:
    every = _label_every(len(labels))
    out = []
    for index, label in enumerate(labels):
        if index % every == 0:
            out.append(_text(_x(index, len(labels)), HEIGHT - 9, label, font))
    return out


def _use_bands(stats: Sequence[PeriodStats]) -> list[str]:
    """A pale band behind each bin with a use day, so charts show use in context."""
    width = (WIDTH - LEFT - RIGHT) / max(len(stats), 1)
    return [
        f'<rect x="{_x(i, len(stats)) - width / 2:.1f}" y="{TOP}" width="{width:.1f}" '
        f'height="{HEIGHT - TOP - BOTTOM}" fill="{USE_BAND}"/>'
        for i, s in enumerate(stats)
        if s.use_days
    ]


def _grid(ticks: Sequence[float], low: float, high: float, font: str, *, side: str) -> list[str]:
    out = []
    for tick in ticks:
        y = _y(tick, low, high)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        x, anchor = (LEFT - 6, "end") if side == "left" else (WIDTH - RIGHT + 6, "start")
        out.append(_text(x, y + 4, f"{tick:g}", font, anchor=anchor))
    return out


def _segments(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive points; a gap (no data) breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _line(points: Sequence[tuple[float, float] | None], colour: str, dots: bool) -> list[str]:
    out = []
    for run in _segments(points):
        if len(run) > 1:
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
            )
        if dots or len(run) == 1:
            out.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in run)
    return out


def _axis() -> str:
    y = HEIGHT - BOTTOM
    return f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#9ca3af"/>'


def mood_chart(
    stats: Sequence[PeriodStats],
    labels: Sequence[str],
    *,
    font: str,
    title: str,
    describe: bool = True,
) -> str:
    """Average mood (1-10) per bin as a line with dots; gaps where none was logged."""
    out = _open(title, describe)
    out += _use_bands(stats)
    out += _grid((2, 4, 6, 8, 10), 1, 10, font, side="left")
    points = [
        None if s.mood_avg is None else (_x(i, len(stats)), _y(s.mood_avg, 1, 10))
        for i, s in enumerate(stats)
    ]
    out.append(_axis())
    out += _line(points, MOOD_COLOUR, dots=len(stats) <= 45)
    out += _x_labels(labels, font)
    out.append("</svg>")
    return "\n".join(out)


def nice_top(value: int) -> tuple[int, int]:
    """A round axis maximum at or above `value`, and the tick step (at most 5 ticks)."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= step * 5:
            return max(step, math.ceil(value / step) * step), step
    step = 10 ** len(str(value))
    return step, step // 5


def craving_chart(
    stats: Sequence[PeriodStats],
    labels: Sequence[str],
    *,
    font: str,
    title: str,
    describe: bool = True,
) -> str:
    """Cravings per bin as bars (left axis) and their average intensity as a line (0-10)."""
    top, step = nice_top(max((s.cravings for s in stats), default=0) or 1)
    out = _open(title, describe)
    out += _use_bands(stats)
    out += _grid(range(step, top + 1, step), 0, top, font, side="left")
    for tick in (0, 5, 10):
        out.append(_text(WIDTH - RIGHT + 6, _y(tick, 0, 10) + 4, str(tick), font, anchor="start"))
    width = (WIDTH - LEFT - RIGHT) / max(len(stats), 1) * 0.7
    for i, s in enumerate(stats):
        if s.cravings:
            y = _y(s.cravings, 0, top)
            out.append(
                f'<rect x="{_x(i, len(stats)) - width / 2:.1f}" y="{y:.1f}" width="{width:.1f}" '
                f'height="{HEIGHT - BOTTOM - y:.1f}" fill="{CRAVING_COLOUR}"/>'
            )
    points = [
        None
        if s.craving_avg_intensity is None
        else (_x(i, len(stats)), _y(s.craving_avg_intensity, 0, 10))
        for i, s in enumerate(stats)
    ]
    out.append(_axis())
    out += _line(points, INTENSITY_COLOUR, dots=True)
    out += _x_labels(labels, font)
    out.append("</svg>")
    return "\n".join(out)
