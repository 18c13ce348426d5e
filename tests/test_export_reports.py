"""`export summary`, `export tlfb` and `export diary-card` on a hand-made journal. Invented data.

The journal is built once with the library (two weeks of February 2026, Europe/London,
which is on UTC then) and copied for each test; every figure asserted below can be worked
out by hand from `ENTRIES`. The real CLI runs in this process; a PDF to a pipe and what
the commands import are checked with real processes.

Trackers: alcohol (clean since 1 Jan 2026), nicotine (clean since 5 Feb 2026).
Period used by most tests: Mon 2 Feb to Sun 15 Feb 2026 (14 days).

- alcohol: uses on 15 Jan (before the period) and 6 Feb (a "4 pints" use and a craving
  acted on). In the period: 14 days; days with data are those with an entry that is not
  nicotine's use: 2, 3, 4, 6, 7, 8, 9, 10 and 11 Feb (9), so 5, 12, 13, 14 and 15 Feb have
  no data (5); 1 use day, 8 abstinent of 9 (89%), longest run without a use 7-15 Feb
  (9 days). Streak at the end of 15 Feb: 9 days (since 7 Feb); longest 21 (16 Jan - 6 Feb).
- nicotine: one use on 12 Feb, whose amount is a spreadsheet formula. 11 tracked days
  (5-15 Feb); data on 7-12 Feb (6: the 6th holds only alcohol's use and craving), none
  on 5, 6, 13, 14, 15 (5); 1 use day, 5 abstinent of 6 (83%), longest run 5-11 Feb (7).
- moods 4, 6, 8, 5, 7 on 4 days (daily means 4, 7, 5, 7: average 5.75, shown 5.8; range
  4 to 8); 4 cravings (intensities 8, 6, 9, 3; average 6.5): 2 resisted, 1 acted on, and
  the one of 10 Feb has no outcome given, so 2 of 3 (67%); HALT tired 2, lonely 1, angry 1,
  hungry 0.
- The 14 days before (19 Jan - 1 Feb): a mood of 1 and a craving of 2, no use (alcohol:
  2 days with data, 100% abstinent; nicotine not tracked yet), no meeting.
- 3 meetings (AA twice, one of them 60 minutes; NA once online, 90 minutes).
- Free text that must stay out without --include-notes carries a CANARY marker.
"""

from __future__ import annotations

import html.parser
import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import PASSPHRASE, Cli, Result
from recovery_journal.analytics.summary_options import SECTIONS, parse_sections
from recovery_journal.analytics.tlfb import longest_run
from recovery_journal.domain.entries import (
    Craving,
    Entry,
    Gratitude,
    Meeting,
    Mood,
    Note,
    Trigger,
    Use,
)
from recovery_journal.domain.spreadsheet import neutralise
from recovery_journal.domain.trackers import Tracker
from recovery_journal.reports import charts, markdown
from recovery_journal.reports.document import NONE, Document, Paragraph, Section, Table
from recovery_journal.vault import crypto, keyslots
from recovery_journal.vault.journal import TRACKERS_ONLY, Journal

LONDON = ZoneInfo("Europe/London")
PERIOD = ("--since", "2026-02-02", "--until", "2026-02-15")
FORMULA = "=cmd|' /C calc'!A0"
CANARIES = {
    "mood note": "CANARY-MOOD-NOTE",
    "meeting name": "CANARY-MEETING-NAME",
    "gratitude item": "CANARY-GRATITUDE-ITEM",
    "trigger description": "CANARY-TRIGGER-DESC",
    "note entry": "CANARY-NOTE-TEXT",
}
OUTSIDE = "CANARY-OUTSIDE-PERIOD"
SCRIPT = "<script>alert(1)</script>"
NEEDS_PDFTOPPM = pytest.mark.skipif(
    shutil.which("pdftoppm") is None and not os.environ.get("RJ_REQUIRE_PDFTOPPM"),
    reason="pdftoppm (poppler-utils) is not installed; .ci/run installs it",
)


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=LONDON)


def entries(alcohol: str, nicotine: str) -> list[Entry]:
    """The hand-made journal; `alcohol` and `nicotine` are the trackers' ids."""
    return [
        # Before the period: they shape streaks, never the report's text.
        Use(id="", at=at("2026-01-15", 21), substance="alcohol", amount="2 pints", tracker=alcohol),
        Mood(id="", at=at("2026-01-20"), score=1, note=OUTSIDE),
        Craving(id="", at=at("2026-01-25"), intensity=2, halt=("hungry",)),
        # The period
        Mood(id="", at=at("2026-02-02"), score=4, note=CANARIES["mood note"]),
        Craving(
            id="",
            at=at("2026-02-02", 20),
            intensity=8,
            triggers=("payday",),
            halt=("tired", "lonely"),
            coping="called my sponsor",
            outcome="resisted",
        ),
        Mood(id="", at=at("2026-02-03", 9), score=6),
        Mood(id="", at=at("2026-02-03", 18), score=8),
        Meeting(
            id="",
            at=at("2026-02-03", 19),
            fellowship="AA",
            name=CANARIES["meeting name"],
            online=False,
            minutes=60,
        ),
        Gratitude(id="", at=at("2026-02-03", 22), items=(CANARIES["gratitude item"], "sunshine")),
        Craving(
            id="",
            at=at("2026-02-04", 9),
            intensity=6,
            triggers=("payday", "argument"),
            halt=("angry",),
            coping="<i>run</i> & breathe",
            outcome="resisted",
        ),
        Craving(
            id="",
            at=at("2026-02-06", 21),
            intensity=9,
            substance="alcohol",
            halt=("tired",),
            coping="went for a run",
            outcome="used",
            tracker=alcohol,
        ),
        Use(id="", at=at("2026-02-06", 22), substance="alcohol", amount="4 pints", tracker=alcohol),
        Meeting(id="", at=at("2026-02-07", 11), fellowship="NA", online=True, minutes=90),
        Trigger(
            id="",
            at=at("2026-02-08"),
            description=CANARIES["trigger description"],
            category="people",
            intensity=5,
        ),
        Mood(id="", at=at("2026-02-09"), score=5),
        Note(id="", at=at("2026-02-09", 21), text=f"{CANARIES['note entry']} {SCRIPT} | pipe"),
        Mood(id="", at=at("2026-02-10", 8), score=7),
        Craving(id="", at=at("2026-02-10", 14), intensity=3, coping="called my sponsor"),
        Meeting(id="", at=at("2026-02-10", 19), fellowship="AA"),
        Gratitude(id="", at=at("2026-02-11", 22), items=("sunshine",)),
        Use(id="", at=at("2026-02-12", 8), substance="nicotine", amount=FORMULA, tracker=nicotine),
    ]


@pytest.fixture(scope="module")
def journal_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("reports") / "journal.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(keyslots.TEST_KDF_ENV, "fast")
        alcohol = Tracker(id="", name="alcohol", clean_date=date(2026, 1, 1))
        with Journal.create(path, crypto.Secret.from_passphrase(PASSPHRASE), alcohol) as journal:
            first = journal.contents(TRACKERS_ONLY).trackers[0]
            second = journal.add_tracker(
                Tracker(id="", name="nicotine", clean_date=date(2026, 2, 5))
            )
            journal.add_many(entries(first.id, second.id))
    return path.read_bytes()


@pytest.fixture
def rj(cli: Cli, journal_bytes: bytes) -> Cli:
    """The CLI on a copy of the hand-made journal."""
    cli.journal.parent.mkdir(mode=0o700)
    cli.journal.write_bytes(journal_bytes)
    cli.journal.chmod(0o600)
    return cli


def summary(cli: Cli, *args: str) -> str:
    return cli.ok("export", "summary", *PERIOD, *args).stdout


def history(cli: Cli) -> list[dict[str, object]]:
    records: list[dict[str, object]] = json.loads(cli.ok("export", "history", "--json").stdout)
    return records


def one_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result
    assert lines[0].startswith("Error: "), result
    for fragment in fragments:
        assert fragment in lines[0], result


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool (pdftoppm, pdftotext, pdfinfo); its stdout."""
    found = shutil.which(tool)
    assert found is not None, f"{tool} is not installed (Debian: poppler-utils)"
    return subprocess.run([found, *args], capture_output=True, text=True, check=True).stdout


def pdf_text(path: Path) -> str:
    return poppler("pdftotext", "-layout", str(path), "-")


def dashes(text: str) -> str:
    """The reports show a missing value as an en dash; tests spell it '-'."""
    return text.replace(NONE, "-")


# -- summary: figures and privacy ------------------------------------------------------------


def test_summary_markdown_has_the_hand_worked_figures(rj: Cli) -> None:
    text = summary(rj)
    lines = text.splitlines()
    assert lines[0] == "# Recovery summary"
    assert lines[2] == "> Period: 2 February 2026 to 15 February 2026 (14 days)."
    assert "> Left out by choice: notes (including notes on entries); gratitude items;" in text
    assert (
        "**1** use day (alcohol) (was 0) · **89%** days abstinent (alcohol), of 9 days with "
        "data (was 100%) · **9 days** current streak (alcohol) · **1** use day (nicotine) "
        "(not tracked before) · **83%** days abstinent (nicotine), of 6 days with data · "
        "**3 days** current streak (nicotine) · **4** cravings (was 1) · **6.5** average "
        "craving intensity (0-10) (was 2.0) · **5.8** average mood (1-10) (was 1.0) · "
        "**3** meetings (was 0)"
    ) in text
    assert "_'Was' is the previous 14 days (19 January 2026 to 1 February 2026)._" in text
    assert "resisted" not in text.split("## Calendar")[0]  # never a headline
    assert "| alcohol | 1 January 2026 | 9 days | 21 days |" in text
    assert "| alcohol | 14 | 9 (5 without) | 1 | 8 | 89% | 9 days |" in text
    assert "| nicotine | 11 | 6 (5 without) | 1 | 5 | 83% | 7 days |" in text
    assert "- **Average:** 5.8 over 4 days (5 entries)" in text
    assert "- **Range:** 4 to 8" in text
    assert "- **Cravings:** 4, average intensity 6.5 of 10" in text
    assert (
        "- **Resisted:** 2 of 3 cravings with an outcome given (67%); acted on 1; "
        "1 without an outcome"
    ) in text
    assert "| payday | 2 | 7.0 | 100% |" in text
    assert "| Tired | 2 | 50% |" in text
    assert "| Hungry | 0 | 0% |" in text  # the January craving is outside the period
    assert "| called my sponsor | 2 | 1 of 1 | 100% |" in text  # of the 1 with an outcome
    assert "| went for a run | 1 | 0 of 1 | 0% |" in text
    assert "| AA | 2 | 0 | 60 |" in text
    assert "| NA | 1 | 1 | 90 |" in text
    assert "- **Gratitude:** 2 entries with 3 items on 2 days of 14" in text
    assert "1 trigger entry by category: people 1. Their descriptions were left out." in text
    assert "_2 notes left out._" in text


def test_calendar_marks_use_days_amounts_and_meetings(rj: Cli) -> None:
    text = summary(rj, "--sections", "calendar")
    assert (
        "| 2 Feb | 2 Feb (4) | 3 M (7) | 4 | 5 _no data_ | 6 **USED** alcohol: 4 pints | 7 M | 8 |"
        in text
    )
    # The formula and its pipe are escaped: they cannot break the table.
    assert "12 **USED** nicotine: =cmd\\|' /C calc'\\!A0 |" in text


def test_free_text_is_left_out_without_include_notes(rj: Cli) -> None:
    for fmt in ("md", "html"):
        text = summary(rj, "--format", fmt)
        for what, canary in CANARIES.items():
            assert canary not in text, what
        assert OUTSIDE not in text


def test_include_notes_adds_free_text_of_the_period_only(rj: Cli) -> None:
    text = summary(rj, "--include-notes")
    for what, canary in CANARIES.items():
        assert canary in text, what
    assert OUTSIDE not in text
    assert "> Nothing was left out: this report includes the person's own notes." in text
    assert "\\<script\\>alert(1)\\</script\\> \\| pipe" in text  # escaped in a table cell


def test_period_filter(rj: Cli) -> None:
    result = rj.ok("export", "summary", "--since", "2026-02-09", "--until", "2026-02-15")
    text = result.stdout
    assert "> Period: 9 February 2026 to 15 February 2026 (7 days)." in text
    assert "- **Resisted:** no outcome was given for the 1 craving" in text
    assert "- **Average:** 6.0 over 2 days (2 entries)" in text
    with_notes = summary(rj, "--include-notes", "--since", "2026-02-09")
    assert CANARIES["note entry"] in with_notes
    assert CANARIES["mood note"] not in with_notes  # 2 February


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_alone(rj: Cli, section: str) -> None:
    from recovery_journal.analytics.summary_options import SECTION_TITLES

    text = summary(rj, "--sections", section)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {SECTION_TITLES[section]}"]
    others = ", ".join(name for name in SECTIONS if name != section)
    assert "Left out by choice: notes (including notes on entries); gratitude items; " in text
    assert f"the sections {others}." in text


def test_sections_are_listed_in_report_order_and_unknown_ones_refused(rj: Cli) -> None:
    assert parse_sections("Mood, overview") == ("overview", "mood")
    assert parse_sections(None) == SECTIONS
    one_error(
        rj("export", "summary", "--sections", "mood,feelings"),
        "Unknown section(s): feelings.",
        "Valid sections: " + ", ".join(SECTIONS),
    )
    from recovery_journal.cli.report_commands import SECTIONS_HELP

    assert all(name in SECTIONS_HELP for name in SECTIONS)


def test_empty_period_gives_a_valid_report(rj: Cli) -> None:
    text = rj.ok("export", "summary", "--since", "2025-06-01", "--until", "2025-06-14").stdout
    assert "No entries were logged in this period." in text
    assert "No moods were logged in this period." in text
    # Tracking began after the period: the tracker did not exist then and is not shown.
    assert "alcohol" not in text
    assert "No tracker existed in this period." in text


# -- HTML -----------------------------------------------------------------------------------


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.section_ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        self.links += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "action")]
        if tag == "section":
            self.section_ids.append(values.get("id") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_structured_and_escaped(rj: Cli) -> None:
    raw = summary(rj, "--format", "html", "--include-notes")
    page = _Page()
    page.feed(raw)
    assert raw.startswith("<!DOCTYPE html>")
    assert page.section_ids == list(SECTIONS)
    assert page.tags.count("svg") == 2  # mood and cravings charts, inline
    assert "script" not in page.tags
    assert page.links == []  # nothing to fetch: no src, href or action at all
    assert "http://" not in raw.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in raw
    assert "default-src 'none'" in raw
    assert '<meta name="viewport"' in raw
    assert "@media print" in raw
    assert SCRIPT not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | pipe" in raw
    assert "&lt;i&gt;run&lt;/i&gt; &amp; breathe" in raw
    text = "".join(page.text)
    assert f"{CANARIES['note entry']} {SCRIPT} | pipe" in text


# -- files: confirmation, permissions, overwrite, history --------------------------------------


def test_file_needs_confirmation_without_a_terminal(rj: Cli, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    one_error(rj("export", "summary", "-o", str(target)), "add --yes")
    assert not target.exists()
    assert history(rj) == []


def test_file_is_0600_says_not_encrypted_and_is_not_overwritten(rj: Cli, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    result = rj.ok("export", "summary", *PERIOD, "-o", str(target), "--yes")
    assert result.stdout == ""
    assert "About to write" in result.stderr
    assert "  - notes: left out" in result.stderr
    assert "  - mood: 5 mood entries" in result.stderr
    assert "NOT encrypted" in result.stderr
    assert (target.stat().st_mode & 0o777) == 0o600
    first = target.read_text()
    assert first.startswith("# Recovery summary")

    one_error(rj("export", "summary", "-o", str(target), "--yes"), "already exists", "--force")
    assert target.read_text() == first

    rj.ok("export", "summary", *PERIOD, "--sections", "mood", "-o", str(target), "--yes", "--force")
    assert "## Overview" not in target.read_text()
    assert (target.stat().st_mode & 0o777) == 0o600


def test_every_export_is_recorded(rj: Cli, tmp_path: Path) -> None:
    summary(rj)
    rj.ok(
        "export",
        "summary",
        *PERIOD,
        "--include-notes",
        "--sections",
        "mood,notes",
        "--recipient",
        "Dr. Lee",
        "-o",
        str(tmp_path / "for-dr-lee.html"),
        "--yes",
    )
    rj.ok("export", "tlfb", *PERIOD, "-o", str(tmp_path / "tlfb.csv"), "--yes")
    rj.ok("export", "diary-card", "--week", "2026-02-11", "--format", "md")
    rj.ok("export", "diary-card", "--week", "2026-02-11")  # looking, not sharing: not recorded
    # Several exports in one second: history's order among them is not defined.
    records = {(r["kind"], r["format"]): r for r in history(rj)}
    assert sorted(records) == [
        ("diary-card", "md"),
        ("summary", "html"),
        ("summary", "md"),
        ("tlfb", "csv"),
    ]
    card, tlfb = records["diary-card", "md"], records["tlfb", "csv"]
    shared, stdout = records["summary", "html"], records["summary", "md"]
    assert shared["recipient"] == "Dr. Lee"
    assert shared["include_notes"] is True
    assert shared["sections"] == ["mood", "notes"]
    assert shared["file"] == str(tmp_path / "for-dr-lee.html")
    assert (shared["since"], shared["until"]) == ("2026-02-02", "2026-02-15")
    assert stdout["file"] is None
    assert stdout["sections"] == list(SECTIONS)
    assert stdout["include_notes"] is False
    assert tlfb["file"] == str(tmp_path / "tlfb.csv")
    assert (card["since"], card["until"]) == ("2026-02-09", "2026-02-15")


# -- PDF ------------------------------------------------------------------------------------


def _pgm_dark_share(data: bytes) -> float:
    """Share of pixels darker than near-white in a binary PGM (P5) image."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, maxval (comments are not used by poppler)
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P5"
    width, height, maxval = (int(value) for value in fields[1:])
    pixels = data[position + 1 : position + 1 + width * height]
    assert len(pixels) == width * height
    return sum(1 for value in pixels if value < maxval * 0.9) / (width * height)


@NEEDS_PDFTOPPM
def test_pdf_first_page_renders_with_content(rj: Cli, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    rj.ok("export", "summary", *PERIOD, "-o", str(target), "--yes")
    assert target.read_bytes().startswith(b"%PDF-")
    assert (target.stat().st_mode & 0o777) == 0o600
    poppler("pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", str(target), str(tmp_path / "p"))
    (page,) = tmp_path.glob("p*.pgm")
    share = _pgm_dark_share(page.read_bytes())
    assert 0.02 < share < 0.6, share  # text, tiles and the calendar grid; not blank, not black
    text = pdf_text(target)
    assert "Recovery summary" in text
    assert "Page 1 of" in text
    assert "Left out by choice" in text
    for canary in (*CANARIES.values(), OUTSIDE):
        assert canary not in text


@NEEDS_PDFTOPPM
def test_pdf_with_notes_on_letter_paper(rj: Cli, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    rj.ok(
        "export",
        "summary",
        *PERIOD,
        "--include-notes",
        "--paper",
        "letter",
        "-o",
        str(target),
        "--yes",
    )
    info = poppler("pdfinfo", str(target))
    assert "612 x 792 pts (letter)" in info
    text = pdf_text(target)
    for canary in CANARIES.values():
        assert canary in text


def test_pdf_without_system_fonts_replaces_what_helvetica_cannot_show() -> None:
    from recovery_journal.reports import pdf

    document = Document(
        title="Recovery summary",
        header=["Period: test \u2013 with an en dash."],
        sections=[
            Section("notes", "Notes", [Paragraph("Zoë ✓ 日本"), Table(("A", "B"), [("1", "→")])])
        ],
        footer="Footer",
    )
    content = pdf.render(document, fonts=None)
    assert content.startswith(b"%PDF-")


def test_pdf_to_a_pipe_is_allowed(rj: Cli) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "recovery_journal", "export", "summary", *PERIOD, "--format", "pdf"],
        env={**rj.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"%PDF-")


# -- TLFB -----------------------------------------------------------------------------------


def test_tlfb_csv_rows_and_figures(rj: Cli, tmp_path: Path) -> None:
    target = tmp_path / "tlfb.csv"
    result = rj.ok("export", "tlfb", *PERIOD, "-o", str(target), "--yes")
    lines = target.read_text().splitlines()
    assert lines[0] == "date,tracker,used,quantity,unit,amount"
    assert len(lines) == 1 + 14 + 11  # alcohol every day, nicotine from its clean date
    assert lines[1:4] == [
        "2026-02-02,alcohol,0,,,",
        "2026-02-03,alcohol,0,,,",
        "2026-02-04,alcohol,0,,,",
    ]
    assert "2026-02-05,alcohol,,,," in lines  # nothing logged: no data
    assert "2026-02-06,alcohol,1,,,4 pints" in lines
    assert "2026-02-05,nicotine,,,," in lines
    assert "2026-02-06,nicotine,,,," in lines  # alcohol's use says nothing about nicotine
    assert "2026-02-12,nicotine,1,,,'=cmd|' /C calc'!A0" in lines
    assert "2026-02-12,alcohol,,,," in lines
    assert (target.stat().st_mode & 0o777) == 0o600
    figures = " ".join(result.stderr.split())
    assert "alcohol 14 9 1 88.9% 9 days" in figures
    assert "nicotine 11 6 1 83.3% 7 days" in figures
    assert "alcohol: 9 days with data, 5 without" in result.stderr


def test_tlfb_to_stdout_for_one_tracker(rj: Cli) -> None:
    result = rj.ok("export", "tlfb", *PERIOD, "--tracker", "Nicotine")
    rows = result.stdout.splitlines()
    assert rows[0] == "date,tracker,used,quantity,unit,amount"
    assert {row.split(",")[1] for row in rows[1:]} == {"nicotine"}
    assert len(rows) == 12
    one_error(rj("export", "tlfb", "--tracker", "cannabis"), "No tracker named 'cannabis'")


def test_csv_cells_that_start_a_formula_are_neutralised() -> None:
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("4 pints") == "4 pints"
    assert longest_run([True, True, False, True, True, True, False]) == 3
    assert longest_run([]) == 0


# -- diary card -----------------------------------------------------------------------------


def test_diary_card_markdown_figures(rj: Cli) -> None:
    text = dashes(rj.ok("export", "diary-card", "--week", "2026-02-11", "--format", "md").stdout)
    assert "|  | Mon 9 | Tue 10 | Wed 11 | Thu 12 | Fri 13 | Sat 14 | Sun 15 | Week |" in text
    # Urge 0-5 from the highest craving (3 of 10 -> 2); no craving logged is no data, not 0.
    assert (
        "| Urge to use (0-5) | no data | 2 | no data | no data | no data | no data | no data "
        "| highest 2 |"
    ) in text
    # "no" only on a day with data; the 12th holds only nicotine's use: no data for alcohol.
    assert (
        "| Used | alcohol: no; nicotine: no | alcohol: no; nicotine: no | alcohol: no; "
        "nicotine: no | alcohol: no data; nicotine: =cmd\\|' /C calc'\\!A0 | alcohol: no "
        "data; nicotine: no data | alcohol: no data; nicotine: no data | alcohol: no data; "
        "nicotine: no data | 1 use day, 3 without data |"
    ) in text
    assert "| Cravings | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |" in text
    assert "| Mood (1-10) | 5 | 7 | - | - | - | - | - | avg 6.0 |" in text
    assert "| Emotions | - | - | - | - | - | - | - | - |" in text
    assert "| Skills and coping | - | called my sponsor | - | - | - | - | - | 1 strategy |" in text
    assert "| Meetings | 0 | 1 (AA) | 0 | 0 | 0 | 0 | 0 | 1 |" in text
    assert "| Connections | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in text
    for canary in CANARIES.values():
        assert canary not in text


def test_diary_card_in_the_terminal(rj: Cli) -> None:
    text = rj.ok("export", "diary-card", "--week", "2026-02-04").stdout
    assert "Diary card: week of Mon 02 Feb 2026" in text
    assert "hungry" not in text
    assert "lonely, tired" in text
    assert "alcohol: 4" in text  # "alcohol: 4 pints", wrapped or not


@NEEDS_PDFTOPPM
def test_diary_card_pdf_is_one_landscape_page(rj: Cli, tmp_path: Path) -> None:
    target = tmp_path / "card.pdf"
    rj.ok("export", "diary-card", "--week", "2026-02-04", "-o", str(target), "--yes")
    info = poppler("pdfinfo", str(target))
    assert "Pages:           1\n" in info
    assert "841.89 x 595.28 pts (A4)" in info  # landscape: wider than high
    assert "went for" in pdf_text(target)  # "went for a run", maybe wrapped


def test_diary_card_term_cannot_be_written(rj: Cli, tmp_path: Path) -> None:
    one_error(
        rj("export", "diary-card", "--format", "term", "-o", str(tmp_path / "c.md")),
        "--format term",
    )


# -- start-up cost and pure helpers ----------------------------------------------------------


def test_help_and_markdown_exports_never_import_the_pdf_library(rj: Cli) -> None:
    heavy = ("fpdf", "PIL", "fontTools")

    def imported(*args: str) -> str:
        env = {**rj.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE}
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "recovery_journal", *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return "\n".join(line for line in proc.stderr.splitlines() if "import time" in line)

    for args in (("--help",), ("export", "summary", *PERIOD), ("export", "tlfb", *PERIOD)):
        modules = imported(*args)
        for name in heavy:
            assert f" {name}" not in modules, (args, name)
    help_modules = imported("--help")
    assert "recovery_journal.reports" not in help_modules


def test_markdown_cells_escape_markup_pipes_and_newlines() -> None:
    assert markdown.inline("a|b\nc\r\nd") == "a\\|b / c / d"
    assert markdown.inline("[link](x) *em* <b> &amp; `code`") == (
        "\\[link\\](x) \\*em\\* \\<b\\> \\&amp; \\`code\\`"
    )
    assert markdown.inline("\x1b[2Jbell\x07") == "\\[2Jbell"


def test_charts_are_well_formed_svg_even_without_data() -> None:
    import xml.etree.ElementTree as ET

    from recovery_journal.analytics.periods import periods
    from recovery_journal.analytics.trends import period_stats

    stats = period_stats([], periods("day", date(2026, 2, 2), date(2026, 2, 8)))
    labels = [str(i) for i in range(len(stats))]
    for draw in (charts.mood_chart, charts.craving_chart):
        root = ET.fromstring(draw(stats, labels, font="sans-serif", title="t"))  # noqa: S314
        assert root.tag.endswith("svg")
    assert charts.nice_top(7) == (8, 2)
    assert charts.nice_top(0) == (1, 1)


# -- limits and damage ----------------------------------------------------------------------


def test_period_limits(rj: Cli) -> None:
    one_error(
        rj("export", "summary", "--since", "2025-01-01", "--until", "2026-02-15"),
        "at most 366 days",
    )
    one_error(
        rj("export", "summary", "--since", "2026-02-16", "--until", "2026-02-15"), "swap them"
    )


def test_a_damaged_record_is_reported_after_the_report(rj: Cli) -> None:
    from conftest import flip_byte, record_ids

    flip_byte(rj.journal, min(record_ids(rj.journal)))
    result = rj("export", "summary", *PERIOD)
    assert result.exit_code == 1, result
    assert result.stdout.startswith("# Recovery summary")
    assert "damaged or tampered record" in result.stderr


@NEEDS_PDFTOPPM
def test_a_busy_diary_card_still_fits_one_page(tmp_path: Path) -> None:
    from recovery_journal.analytics.diary_card import DayUse, DiaryCard, DiaryDay
    from recovery_journal.reports import pdf
    from recovery_journal.reports.diary_card import diary_document

    # Six strategies, one of them 400 characters long (it once made the PDF crash).
    strategies = (
        *(f"a rather long coping strategy number {n}" for n in range(5)),
        "breathing " * 40,
    )
    days = [
        DiaryDay(
            day=date(2026, 2, 9 + offset),
            future=False,
            mood=5.5,
            cravings=9,
            highest_craving=10,
            uses=(
                DayUse("alcohol", True, "4 pints; 2 glasses of wine"),
                DayUse("nicotine", True, "10 cigarettes"),
            ),
            halt=("hungry", "angry", "lonely", "tired"),
            meetings=("AA", "NA", "SMART Recovery"),
            coping=strategies,
            feelings=("anxious", "hopeful", "tired", "lonely"),
            connections=("sponsor", "friend", "family"),
        )
        for offset in range(7)
    ]
    card = DiaryCard(date(2026, 2, 9), days, several_trackers=True)
    target = tmp_path / "card.pdf"
    target.write_bytes(
        pdf.render(diary_document(card, generated=at("2026-02-16"), recipient="Dr. Lee"))
    )
    assert "Pages:           1\n" in poppler("pdfinfo", str(target))


def test_one_mood_average_in_trends_summary_and_card(rj: Cli) -> None:
    # Week of 2 Feb: 4 on Monday, 6 and 8 on Tuesday. The mean of daily means, 5.5, is the
    # one definition (the mean of entries would say 6.0); all three reports agree.
    trends = json.loads(
        rj.ok("trends", "--since", "2026-02-02", "--until", "2026-02-08", "--json").stdout
    )
    assert trends["periods"][0]["mood_avg"] == 5.5
    text = dashes(summary(rj, "--sections", "mood"))
    assert "| 2 Feb - 8 Feb | 5.5 | 4 | 8 | 3 |" in text
    card = rj.ok("export", "diary-card", "--week", "2026-02-04", "--format", "md").stdout
    assert "| Mood (1-10) | 4 | 7 | - | - | - | - | - | avg 5.5 |" in dashes(card)
    assert "Mood averages are the mean of daily means" in card
