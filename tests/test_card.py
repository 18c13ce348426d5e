"""`rj export card`: the one-screen card for a sponsor or accountability partner. Its figures
(worked out by hand), nothing private by default, the consent flow (0600, share log), and a
layout that fits a 400-pixel phone screen (headless Chromium when it is installed, and a
test of the CSS itself everywhere)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, datetime, timezone
from html import escape
from pathlib import Path

import pytest

from conftest import Cli
from recovery_journal.analytics.card import build_card, parse_extra_sections
from recovery_journal.domain.community import Connection, Service
from recovery_journal.domain.entries import Entry, Meeting, Mood, Note
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import InvalidInput
from recovery_journal.reports.card import STYLE, card_html, card_sections

UTC = timezone.utc
WEDNESDAY = date(2026, 3, 18)  # week from Monday 16 March
VIEWPORT = 400


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


ENTRIES: list[Entry] = [
    Meeting(id="", at=at(3, 16)),
    Meeting(id="", at=at(3, 17), types=("SP",)),
    Meeting(id="", at=at(3, 2)),  # this month, not this week
    Meeting(id="", at=at(2, 27)),  # last month
    Connection(id="", at=at(3, 16, 9), person="Sam", role="sponsor", how="call"),
    Connection(id="", at=at(3, 16, 20), person="Jo"),
    Connection(id="", at=at(3, 17), person="Maya"),
    Connection(id="", at=at(3, 5), person="Sam"),
    Service(id="", at=at(3, 17), description="made the tea", minutes=30),
    Service(id="", at=at(3, 1), category="volunteering", minutes=60),
    Mood(id="", at=at(3, 18), score=6),
    Note(id="", at=at(3, 10), text="A private note"),
]
TRACKER = Tracker(id="t1", name="alcohol", clean_date=date(2026, 2, 16))


def test_the_cards_figures_match_a_count_by_hand() -> None:
    card = build_card(ENTRIES, [TRACKER], today=WEDNESDAY, zone=UTC)
    assert (card.meetings_week, card.meetings_month, card.meeting_weeks.weeks) == (2, 3, 1)
    assert (card.connections_week, card.connection_days_week, card.connections_month) == (3, 2, 4)
    assert (card.service_week, card.service_month, card.service_minutes_month) == (1, 2, 90)
    # Days with an entry: 16, 17, 18 March in the last 7; also 1, 2, 5 and 10 in the last 30
    # (27 February is 20 days back: in the 30 too).
    assert card.checkins == {7: 3, 30: 8}
    assert [(s.name, s.days, s.used_today) for s in card.streaks] == [("alcohol", 30, False)]
    sections = dict(card_sections(card))
    assert sections["Streaks"] == [("alcohol", "30 days")]
    assert sections["Reaching out"] == [("This week", "3 (on 2 days)"), ("This month", "4")]
    assert sections["Service"] == [("This week", "1"), ("This month", "2 (90 min)")]
    assert sections["Check-ins"] == [("Last 7 days", "3 of 7"), ("Last 30 days", "8 of 30")]
    assert list(sections) == ["Streaks", "Meetings", "Reaching out", "Service", "Check-ins"]


def test_extra_sections_come_only_when_named() -> None:
    card = build_card(ENTRIES, [TRACKER], today=WEDNESDAY, zone=UTC, extra=("mood", "barc"))
    sections = dict(card_sections(card))
    assert sections["Mood"] == [("This week", "6.0 of 10")]
    assert sections["Recovery capital (BARC-10)"] == [("Last score", "not taken yet")]
    assert "Cravings" not in sections
    assert parse_extra_sections("barc, Mood") == ("mood", "barc")
    assert parse_extra_sections("streaks") == ()  # always there anyway
    with pytest.raises(InvalidInput, match="--sections can add mood, cravings, barc"):
        parse_extra_sections("notes")


# -- rj export card ------------------------------------------------------------------------

PRIVATE = ("Sam", "Maya", "made the tea", "Tuesday Lanterns", "a secret", "payday", "9/10")


def log_a_week(cli: Cli) -> None:
    cli.ok("people", "add", "Sam", "--role", "sponsor", "--phone", "07700 900123")
    cli.ok("meeting", "--name", "Tuesday Lanterns", "--type", "SP", "--note", "a secret")
    cli.ok("connect", "Sam", "--how", "call", "--note", "a secret about Maya")
    cli.ok("service", "made the tea", "--minutes", "30")
    cli.ok("mood", "9", "--note", "a secret")
    cli.ok("craving", "3", "--trigger", "payday", "--outcome", "resisted")
    cli.ok("meeting", "--at", "40 days ago")  # before this month and the last 30 days


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_the_card_holds_counts_and_nothing_private_by_default(fresh: Cli, fmt: str) -> None:
    log_a_week(fresh)
    shown = fresh.ok("export", "card", "--format", fmt).stdout
    for private in PRIVATE:
        assert private not in shown, private
    text = " ".join(re.sub(r"<[^>]+>|\*\*", " ", shown).split())
    assert re.search(r"sobriety:? \d+ days", text)
    assert re.search(r"This week:? 1 .*This month:? 1 ", text)  # meetings (40 days ago: neither)
    assert re.search(r"This week:? 1 \(on 1 day\)", text)  # reaching out
    assert re.search(r"Last 7 days:? 1 of 7 .*Last 30 days:? 1 of 30", text)
    assert "Mood" not in text
    assert "Cravings" not in text


def test_sections_add_mood_and_cravings(fresh: Cli) -> None:
    log_a_week(fresh)
    shown = fresh.ok("export", "card", "--sections", "mood,cravings").stdout
    assert "MOOD\n  This week: 9.0 of 10" in shown
    assert "CRAVINGS\n  This week: 1, 100% resisted" in shown
    bad = fresh("export", "card", "--sections", "notes")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: Unknown card section(s): notes.")


def test_a_card_file_is_0600_confirmed_and_in_the_share_log(fresh: Cli, tmp_path: Path) -> None:
    log_a_week(fresh)
    target = tmp_path / "card.html"
    refused = fresh("export", "card", "-o", str(target))  # no terminal to confirm at
    assert refused.exit_code == 1
    assert "run this in a terminal to confirm" in refused.stderr
    assert not target.exists()
    written = fresh.ok("export", "card", "-o", str(target), "--recipient", "Sam", "--yes")
    assert (target.stat().st_mode & 0o777) == 0o600
    assert "About to write" in written.stderr
    assert "left out: names of people, notes and descriptions, moods, cravings" in written.stderr
    assert "NOT encrypted" in written.stderr
    html = target.read_text()
    assert "Recovery card" in html
    assert "for Sam" in html  # the recipient the person named, and no other name
    history = json.loads(fresh.ok("export", "history", "--json").stdout)
    record = history[0]
    assert (record["kind"], record["format"], record["recipient"]) == ("card", "html", "Sam")
    assert record["file"] == str(target)
    again = fresh("export", "card", "-o", str(target), "--yes")
    assert again.exit_code == 1  # never over an existing file without --force


def test_a_txt_file_takes_its_format_from_the_name(fresh: Cli, tmp_path: Path) -> None:
    target = tmp_path / "card.txt"
    fresh.ok("export", "card", "-o", str(target), "--yes")
    assert target.read_text().startswith("Recovery card\n")
    bad = fresh("export", "card", "-o", str(tmp_path / "card.pdf"), "--yes")
    assert bad.exit_code == 1
    assert "Cannot tell the format from 'card.pdf'; add --format (txt, md, html)." in bad.stderr


# -- fits a phone -------------------------------------------------------------------------------

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_LENGTH = re.compile(r"(-?\d*\.?\d+)(px|rem|em|vw|%)")


def declarations(css: str) -> list[tuple[str, str, str]]:
    """(selector, property, value) for every declaration."""
    found = []
    for selector, body in _RULE.findall(css):
        for declaration in body.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                found.append((selector.strip(), name.strip(), value.strip()))
    return found


def px(value: str) -> float:
    total = 0.0
    for number, unit in _LENGTH.findall(value):
        total += float(number) * {"px": 1, "rem": 16, "em": 16, "vw": VIEWPORT / 100, "%": 0}[unit]
    return total


def test_the_card_css_has_nothing_wider_than_a_400_pixel_screen() -> None:
    rules = declarations(STYLE)
    assert ("*", "box-sizing", "border-box") in rules  # padding is inside every width
    for selector, name, value in rules:
        if name in ("width", "min-width", "flex-basis"):
            # Only fluid widths: a share of the parent, or none at all.
            assert re.fullmatch(r"(100%|auto|0)", value), (selector, name, value)
        if name == "grid-template-columns":
            assert "minmax(0, 1fr)" in value
            assert not re.search(r"\d+(px|rem|em)", value), (selector, value)
        assert not (name == "white-space" and value in ("nowrap", "pre")), selector
    # The words in each cell may break anywhere rather than push the row wider.
    assert ("dt, dd", "overflow-wrap", "anywhere") in rules
    # Horizontal space the boxes take around the text, from the page edge in: body padding,
    # then a section's border and padding. What is left holds the two columns.
    body = px({n: v for s, n, v in rules if s == "body"}["padding"]) * 2
    section = {n: v for s, n, v in rules if s == "section"}
    section_space = 2 * (1 + px(section["padding"].split()[1]))
    assert VIEWPORT - body - section_space >= 300


def test_the_card_html_says_it_is_for_a_phone() -> None:
    html = card_html(build_card(ENTRIES, [TRACKER], today=WEDNESDAY, zone=UTC), "Sam")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<script" not in html
    assert "default-src 'none'" in html


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "headless_shell"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(_chromium() is None, reason="headless Chromium is not installed")
def test_the_card_fits_400_pixels_in_a_real_browser(tmp_path: Path) -> None:
    """Headless Chromium keeps windows at least 500 pixels wide, so the card is shown in a
    400-pixel frame (its own viewport), measured, and the whole page photographed."""
    chromium = _chromium()
    assert chromium is not None
    long_name = Tracker(id="t2", name="x" * 60, clean_date=date(2026, 1, 1))  # one long word
    card = build_card(ENTRIES, [TRACKER, long_name], today=WEDNESDAY, zone=UTC)
    page = card_html(card, "Sam")
    probe = (
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe id="card" style="width:{VIEWPORT}px;height:900px;border:0" '
        f'srcdoc="{escape(page, quote=True)}"></iframe>'
        '<script>window.onload = () => { const d = document.getElementById("card")'
        ".contentDocument.documentElement; document.body.dataset.width = "
        'd.scrollWidth + "/" + d.clientWidth; };</script></body></html>'
    )
    (tmp_path / "probe.html").write_text(probe)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=500,1000"]
    flags.append("--virtual-time-budget=3000")  # let the frame load and the script run
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", (tmp_path / "probe.html").as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    measured = re.search(r'data-width="(\d+)/(\d+)"', dom)
    assert measured is not None, dom
    scroll_width, client_width = map(int, measured.groups())
    assert client_width <= VIEWPORT
    assert scroll_width <= client_width  # nothing sticks out sideways
    shot = tmp_path / "card.png"
    subprocess.run(
        [chromium, *flags, f"--screenshot={shot}", (tmp_path / "probe.html").as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
