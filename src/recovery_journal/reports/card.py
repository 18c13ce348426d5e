"""The accountability card as one phone screen: plain text, Markdown or HTML. Pure.

Every format says the same lines (`card_sections`). The HTML is self-contained (inline
CSS, no scripts, a Content-Security-Policy that fetches nothing) and fluid: nothing in it
has a fixed width, so it fits a 400-pixel phone screen without sideways scrolling; the
tests parse its CSS to keep it that way. Every piece of text is escaped.
"""

from __future__ import annotations

import unicodedata
from html import escape

from recovery_journal.analytics.card import Card
from recovery_journal.domain.characters import BIDI_CONTROLS
from recovery_journal.domain.community import BARC_MAX
from recovery_journal.domain.words import plural
from recovery_journal.reports.document import short_day
from recovery_journal.reports.markdown import inline

Section = tuple[str, list[tuple[str, str]]]
"""A title and its (label, value) rows."""
CSP = "default-src 'none'; style-src 'unsafe-inline'"
STYLE = """
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; padding: 12px; color: #111827; background: #fff;
  font: 16px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }
main { width: 100%; max-width: 28rem; margin: 0 auto; }
h1 { font-size: 1.3rem; margin: 0; }
p { margin: .2rem 0 .8rem; color: #4b5563; font-size: .9rem; }
section { border: 1px solid #e5e7eb; border-radius: 10px; padding: 8px 12px; margin: 0 0 10px; }
h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: #1d4ed8;
  margin: 0 0 4px; }
dl { margin: 0; display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 2px 12px; }
dt, dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
dd { font-weight: 600; text-align: right; }
footer { font-size: .75rem; color: #6b7280; }
"""


def _streak(card: Card) -> list[tuple[str, str]]:
    rows = []
    for streak in card.streaks:
        if streak.used_today:
            rows.append((streak.name, "used today; next streak from tomorrow"))
        else:
            rows.append((streak.name, plural(streak.days, "day")))
    return rows or [("Trackers", "none yet")]


def card_sections(card: Card) -> list[Section]:
    """What the card says, section by section, the same in every format."""
    meetings = [
        ("This week", str(card.meetings_week)),
        ("This month", str(card.meetings_month)),
        ("Weeks in a row with one", str(card.meeting_weeks.weeks)),
    ]
    if card.challenge is not None:
        goal = card.challenge.goal
        meetings.append(
            (
                f"{goal} in {goal}",
                f"day {card.challenge.day} of {goal}, {plural(card.challenge.meetings, 'meeting')}",
            )
        )
    service_month = str(card.service_month)
    if card.service_minutes_month:
        service_month += f" ({card.service_minutes_month} min)"
    sections: list[Section] = [
        ("Streaks", _streak(card)),
        ("Meetings", meetings),
        (
            "Reaching out",
            [
                (
                    "This week",
                    f"{card.connections_week} (on {plural(card.connection_days_week, 'day')})",
                ),
                ("This month", str(card.connections_month)),
            ],
        ),
        ("Service", [("This week", str(card.service_week)), ("This month", service_month)]),
        (
            "Check-ins",
            [(f"Last {days} days", f"{count} of {days}") for days, count in card.checkins.items()],
        ),
    ]
    if "mood" in card.extra:
        average = "none logged" if card.mood_week is None else f"{card.mood_week:.1f} of 10"
        sections.append(("Mood", [("This week", average)]))
    if "cravings" in card.extra:
        resisted = "" if card.resisted_week is None else f", {card.resisted_week:.0%} resisted"
        sections.append(("Cravings", [("This week", f"{card.cravings_week}{resisted}")]))
    if "barc" in card.extra:
        last = (
            "not taken yet"
            if card.barc_total is None or card.barc_day is None
            else f"{card.barc_total} of {BARC_MAX} ({short_day(card.barc_day)})"
        )
        sections.append(("Recovery capital (BARC-10)", [("Last score", last)]))
    return sections


def _heading(card: Card, recipient: str | None) -> tuple[str, str]:
    as_of = f"As of {short_day(card.today)} {card.today.year}; weeks start on Monday"
    return "Recovery card", as_of + (f" · for {recipient}" if recipient else "")


FOOTER = "Counts from a personal recovery journal; no notes or names."


def card_text(card: Card, recipient: str | None = None) -> str:
    title, subtitle = _heading(card, recipient)
    lines = [title, _plain(subtitle), ""]
    for name, rows in card_sections(card):
        lines.append(name.upper())
        lines += [f"  {_plain(label)}: {_plain(value)}" for label, value in rows]
        lines.append("")
    lines.append(FOOTER)
    return "\n".join(lines) + "\n"


def _plain(text: str) -> str:
    """One line without control characters (names are the person's own text)."""
    kept = (" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return " ".join("".join(ch for ch in kept if ch not in BIDI_CONTROLS).split())


def card_markdown(card: Card, recipient: str | None = None) -> str:
    title, subtitle = _heading(card, recipient)
    lines = [f"# {title}", "", inline(subtitle), ""]
    for name, rows in card_sections(card):
        lines += [f"## {inline(name)}", ""]
        lines += [f"- {inline(label)}: **{inline(value)}**" for label, value in rows]
        lines.append("")
    lines.append(f"_{inline(FOOTER)}_")
    return "\n".join(lines) + "\n"


def card_html(card: Card, recipient: str | None = None) -> str:
    title, subtitle = _heading(card, recipient)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style></head>",
        f"<body><main><h1>{escape(title)}</h1><p>{escape(subtitle)}</p>",
    ]
    for name, rows in card_sections(card):
        cells = "".join(
            f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in rows
        )
        parts.append(f"<section><h2>{escape(name)}</h2><dl>{cells}</dl></section>")
    parts.append(f"<footer>{escape(FOOTER)}</footer></main></body></html>")
    return "\n".join(parts) + "\n"


def render_card(card: Card, fmt: str, recipient: str | None = None) -> bytes:
    """The card in `fmt` (txt, md or html)."""
    render = {"txt": card_text, "md": card_markdown, "html": card_html}[fmt]
    return render(card, recipient).encode()
