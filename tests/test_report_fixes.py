"""Report fixes: the PDF calendar names the substance, headings keep their first block on
the page, long text never stops a PDF, and control and bidi characters never reach a
reader (terminal, CSV, Markdown, HTML, PDF). Invented data."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import PASSPHRASE, Cli
from recovery_journal.domain.entries import Craving, Mood, Note, Use
from recovery_journal.domain.trackers import Tracker
from recovery_journal.reports import pdf
from recovery_journal.reports.document import Chart, Document, Paragraph, Section, Table
from recovery_journal.vault import crypto, keyslots
from recovery_journal.vault.journal import TRACKERS_ONLY, Journal
from test_export_reports import NEEDS_PDFTOPPM, journal_bytes, pdf_text, poppler

__all__ = ["journal_bytes"]  # the hand-made journal of test_export_reports

LONDON = ZoneInfo("Europe/London")
ESCAPE = "\x1b[2J\x1b]0;pwned\x07"
RLO = "\u202e"
LONG_NOTE = ("I keep going over the night of the party. " * 1200)[:50_000]
LONG_COPING = "slow breathing, counting to ten, then a walk round the block " * 7


@pytest.fixture
def rj(cli: Cli, journal_bytes: bytes) -> Cli:
    cli.journal.parent.mkdir(mode=0o700)
    cli.journal.write_bytes(journal_bytes)
    cli.journal.chmod(0o600)
    return cli


@pytest.fixture
def tricky(cli: Cli, tmp_path: Path) -> Cli:
    """A journal whose tracker name and texts carry terminal escapes and a bidi override,
    with a 50,000-character note and a 400-character coping text."""
    path = cli.journal
    path.parent.mkdir(mode=0o700)
    at = datetime(2026, 2, 10, 21, tzinfo=LONDON)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(keyslots.TEST_KDF_ENV, "fast")
        name = f"alc{ESCAPE}ohol{RLO}"
        tracker = Tracker(id="", name=name, clean_date=date(2026, 2, 1))
        with Journal.create(path, crypto.Secret.from_passphrase(PASSPHRASE), tracker) as journal:
            tid = journal.contents(TRACKERS_ONLY).trackers[0].id
            journal.add_many(
                [
                    Use(id="", at=at, amount=f"3 {ESCAPE}pints{RLO}", tracker=tid, quantity=3),
                    Mood(id="", at=at, score=4, feelings=(f"sad{RLO}",), note=f"x{ESCAPE}y"),
                    Note(id="", at=at, text=LONG_NOTE),
                    Craving(id="", at=at, intensity=7, coping=LONG_COPING, outcome="resisted"),
                ]
            )
    return cli


PERIOD = ("--since", "2026-02-02", "--until", "2026-02-15")


def clean(text: str) -> None:
    assert "\x1b" not in text
    assert "\x07" not in text
    assert RLO not in text


def test_no_export_passes_control_or_bidi_characters(tricky: Cli) -> None:
    tlfb = tricky.ok("export", "tlfb", *PERIOD)
    clean(tlfb.stdout)
    clean(tlfb.stderr)
    assert "\\x1b" in tlfb.stderr  # on the terminal: shown, not obeyed
    assert "2026-02-10,alc[2J]0;pwnedohol,1,3,,3 [2J]0;pwnedpints" in tlfb.stdout
    for fmt in ("md", "html"):
        clean(tricky.ok("export", "summary", *PERIOD, "--format", fmt, "--include-notes").stdout)
    card = tricky.ok("export", "diary-card", "--week", "2026-02-10")
    clean(card.stdout)
    clean(tricky.ok("export", "diary-card", "--week", "2026-02-10", "--format", "html").stdout)


@NEEDS_PDFTOPPM
def test_long_text_is_cut_with_a_marker_and_never_stops_a_pdf(tricky: Cli, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    tricky.ok("export", "summary", *PERIOD, "--include-notes", "-o", str(target), "--yes")
    text = " ".join(pdf_text(target).split())
    assert "I keep going over the night of the party." in text
    assert "more characters; the Markdown and HTML versions have it all]" in text
    clean(text)
    card = tmp_path / "card.pdf"
    tricky.ok("export", "diary-card", "--week", "2026-02-10", "-o", str(card), "--yes")
    assert "Pages:           1\n" in poppler("pdfinfo", str(card))
    assert "slow breathing" in pdf_text(card)
    # The Markdown keeps the whole note.
    markdown = tricky.ok("export", "summary", *PERIOD, "--include-notes").stdout
    assert LONG_NOTE.strip()[-40:].replace(".", "") in markdown.replace(".", "")


@NEEDS_PDFTOPPM
def test_the_pdf_calendar_names_the_substance_with_several_trackers(
    rj: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "calendar.pdf"
    rj.ok("export", "summary", *PERIOD, "--sections", "calendar", "-o", str(target), "--yes")
    text = pdf_text(target)
    assert "USED alcohol" in text
    assert "USED nicotine" in text
    assert "no data" in text


def page_texts(path: Path) -> list[str]:
    pages = int(poppler("pdfinfo", str(path)).split("Pages:")[1].split()[0])
    return [
        poppler("pdftotext", "-f", str(n), "-l", str(n), str(path), "-")
        for n in range(1, pages + 1)
    ]


@NEEDS_PDFTOPPM
@pytest.mark.parametrize("filler", range(20, 46, 2))
def test_a_heading_never_stands_alone_at_a_page_foot(tmp_path: Path, filler: int) -> None:
    from recovery_journal.analytics.periods import periods
    from recovery_journal.analytics.trends import period_stats

    stats = period_stats([], periods("day", date(2026, 2, 2), date(2026, 2, 8)))
    labels = [str(n) for n in range(len(stats))]
    lines = "\n".join(f"Filler line {n}." for n in range(filler))
    document = Document(
        title="Heading test",
        header=["A document whose sections start lower and lower down the first page."],
        sections=[
            Section("one", "First section", [Paragraph(lines)]),
            Section("two", "Second section", [Chart("mood", "Mood chart title", stats, labels)]),
            Section("three", "Third section", [Table(("Left", "Right"), [("a", "b")] * 3)]),
        ],
        footer="Footer",
    )
    target = tmp_path / "headings.pdf"
    target.write_bytes(pdf.render(document))
    for page in page_texts(target):
        if "Second section" in page:
            assert "Mood chart title" in page
        if "Third section" in page:
            assert "Left" in page
