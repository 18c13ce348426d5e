"""A Document as one self-contained HTML file. Pure.

Inline CSS and inline SVG charts only: no scripts, fonts, images or links to fetch, and a
Content-Security-Policy that forbids fetching anything should a viewer try. Readable on a
phone (fluid layout, tables scroll sideways) and prints cleanly (@media print). Every piece
of text is HTML-escaped.
"""

from __future__ import annotations

from html import escape as html_escape

from recovery_journal.analytics.tlfb import CalendarDay
from recovery_journal.domain.characters import printable
from recovery_journal.domain.words import WEEKDAYS_SHORT
from recovery_journal.reports.charts import craving_chart, mood_chart
from recovery_journal.reports.document import (
    Block,
    Calendar,
    Chart,
    Document,
    Facts,
    Highlights,
    Paragraph,
    Table,
    calendar_label,
)

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { --ink: #111827; --muted: #4b5563; --line: #e5e7eb; --accent: #1d4ed8;
  --use: #fde2e2; --use-ink: #991b1b; --meet: #047857; --shade: #f3f4f6; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.45 FONT; }
main { max-width: 52rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--accent); }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.notice { background: #eff6ff; border-left: 4px solid var(--accent); padding: .6rem .9rem;
  border-radius: 4px; }
.notice p { margin: .15rem 0; }
.muted { color: var(--muted); font-size: .9rem; }
.tiles { display: flex; flex-wrap: wrap; gap: .6rem; margin: .5rem 0 1rem; }
.tile { flex: 1 1 8.5rem; border: 1px solid var(--line); border-radius: 6px;
  padding: .5rem .7rem; }
.tile strong { display: block; font-size: 1.5rem; color: var(--accent); }
.tile span { color: var(--muted); font-size: .85rem; }
.tile em { display: block; font-style: normal; color: var(--ink); font-size: .8rem;
  margin-top: .2rem; }
dl.facts { display: grid; grid-template-columns: fit-content(40%) minmax(0, 1fr); gap: .2rem 1rem;
  margin: .5rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: .92rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; overflow-wrap: break-word; hyphens: manual; }
th { background: #f9fafb; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: .5rem 0 1rem; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .85rem; }
table.calendar { table-layout: fixed; min-width: 34rem; }
table.calendar td { height: 3.6rem; font-size: .8rem; border: 1px solid var(--line); }
table.calendar th { text-align: center; }
table.calendar td.out { background: #fff; }
table.calendar td.untracked { background: var(--shade); color: #9ca3af; }
table.calendar td.used { background: var(--use); }
table.calendar td.nodata { color: var(--muted); font-style: italic; }
.wd { display: none; font-weight: 600; margin-right: .35rem; }
.day { font-weight: 600; }
.used-mark { color: var(--use-ink); font-weight: 700; display: block; }
.meet { color: var(--meet); font-weight: 700; }
.mood { color: var(--muted); float: right; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 600px) {
  body { font-size: 15px; }
  main { padding: .8rem; }
  /* The calendar stacks its days on a phone: a week per block, a day per line, so every
     use day is on screen without scrolling sideways. */
  table.calendar { min-width: 0; table-layout: auto; }
  table.calendar thead, table.calendar td.out { display: none; }
  table.calendar, table.calendar tbody, table.calendar tr, table.calendar td {
    display: block; width: auto; }
  table.calendar tr { border-top: 2px solid var(--accent); margin-bottom: .5rem; }
  table.calendar td { height: auto; border: 0; border-bottom: 1px solid var(--line); }
  table.calendar .used-mark { display: inline; margin-right: .3rem; }
  .wd { display: inline; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  table, figure, .tiles, dl { break-inside: avoid; }
  h3 { break-after: avoid; }
  thead { display: table-header-group; }
  .scroll { overflow: visible; }
}
""".replace("FONT", FONT)


def escape(text: str) -> str:
    """HTML-escaped, with control and bidi characters removed: a note cannot reorder the
    page or carry a terminal escape to whoever views the source."""
    return html_escape(printable(text, keep_newlines=True))


def render(document: Document) -> str:
    """The whole document as one HTML page."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{escape(document.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<header><h1>{escape(document.title)}</h1>",
        '<div class="notice">',
        *(f"<p>{escape(line)}</p>" for line in document.header),
        "</div></header>",
    ]
    for section in document.sections:
        out.append(f'<section id="{escape(section.name)}">')
        out.append(f"<h2>{escape(section.title)}</h2>")
        for block in section.blocks:
            out.append(_block(block))
        out.append("</section>")
    out += [f"<footer>{escape(document.footer)}</footer>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _block(block: Block) -> str:
    if isinstance(block, Highlights):
        tiles = "".join(
            f'<div class="tile"><strong>{escape(value)}</strong><span>{escape(label)}</span>'
            + (f"<em>{escape(block.change(i))}</em>" if block.change(i) else "")
            + "</div>"
            for i, (value, label) in enumerate(block.items)
        )
        caption = f'<p class="muted">{escape(block.caption)}</p>' if block.caption else ""
        return f'<div class="tiles">{tiles}</div>{caption}'
    if isinstance(block, Facts):
        rows = "".join(
            f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in block.items
        )
        return f'<dl class="facts">{rows}</dl>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Paragraph):
        css = ' class="muted"' if block.muted else ""
        return f"<p{css}>{escape(block.text)}</p>"
    if isinstance(block, Chart):
        return _chart(block)
    return _calendar(block)


def _table(table: Table) -> str:
    numeric = table.numeric or (False,) * len(table.headers)
    css = [' class="num"' if right else "" for right in numeric]
    head = "".join(f"<th{c}>{escape(h)}</th>" for c, h in zip(css, table.headers, strict=True))
    body = "".join(
        "<tr>"
        + "".join(f"<td{c}>{escape(v)}</td>" for c, v in zip(css, row, strict=True))
        + "</tr>"
        for row in table.rows
    )
    title = f"<h3>{escape(table.title)}</h3>" if table.title else ""
    table_html = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'{title}<div class="scroll">{table_html}</div>'


def _chart(chart: Chart) -> str:
    draw = mood_chart if chart.kind == "mood" else craving_chart
    svg = draw(chart.stats, chart.labels, font="system-ui, sans-serif", title=chart.title)
    caption = escape(chart.title + (". " + chart.caption if chart.caption else ""))
    return f"<figure>{svg}<figcaption>{caption}</figcaption></figure>"


def _cell(day: CalendarDay, several: bool, first: bool) -> str:
    if not day.in_period:
        return '<td class="out"></td>'
    weekday = f'<span class="wd">{WEEKDAYS_SHORT[day.day.weekday()]}</span>'
    label = weekday + f'<span class="day">{calendar_label(day.day, first)}</span>'
    mood = "" if day.mood is None else f'<span class="mood">({day.mood:.0f})</span>'
    if not day.tracked:
        return f'<td class="untracked">{label}{mood}</td>'
    if day.no_data:
        return f'<td class="nodata">{label} no data</td>'
    parts = [label, mood]
    if day.meetings:
        parts.append(' <span class="meet">' + ("M" * min(day.meetings, 3)) + "</span>")
    for tracker, amount in day.uses:
        what = f"{tracker}: {amount}" if several and amount else (tracker if several else amount)
        parts.append(f'<span class="used-mark">USED</span>{escape(what)}')
    css = ' class="used"' if day.uses else ""
    return f"<td{css}>{''.join(parts)}</td>"


def _calendar(calendar: Calendar) -> str:
    head = "".join(f"<th>{day}</th>" for day in WEEKDAYS_SHORT)
    rows = []
    days = calendar.days
    first = next((day.day for day in days if day.in_period), None)
    for start in range(0, len(days), 7):
        week = days[start : start + 7]
        cells = "".join(_cell(d, calendar.several_trackers, d.day == first) for d in week)
        rows.append(f"<tr>{cells}</tr>")
    body = "".join(rows)
    return (
        '<div class="scroll"><table class="calendar">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
