"""The therapist summary's "Connection" section: meetings by type, reaching out by role,
service, the longest stretch without reaching out or a meeting, and BARC-10 with its
cut-off said neutrally; labels only, never a name."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from conftest import Cli
from recovery_journal.analytics.summary import build_summary
from recovery_journal.analytics.summary_connection import connection_summary
from recovery_journal.analytics.summary_options import SECTIONS
from recovery_journal.domain.community import Barc, Connection, Service
from recovery_journal.domain.entries import Entry, Meeting
from recovery_journal.reports import markdown
from recovery_journal.reports.document import Facts, Paragraph, Table
from recovery_journal.reports.summary_document import summary_document

UTC = timezone.utc


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


ENTRIES: list[Entry] = [
    Meeting(id="", at=at(2), name="Tuesday Lanterns", types=("SP", "D"), home=True),
    Meeting(id="", at=at(4), types=("D",)),
    Meeting(id="", at=at(9)),
    Connection(id="", at=at(2, 9), person="Sam", role="sponsor", how="call", helped=True),
    Connection(id="", at=at(3), person="Jordan", role="friend"),
    Connection(id="", at=at(3, 20), person="Sam", role="sponsor", helped=True),
    Connection(id="", at=at(10), person="Maya"),
    Service(id="", at=at(5), description="made the tea", category="meeting-service", minutes=30),
    Service(id="", at=at(12), category="volunteering", minutes=90),
    Barc(id="", at=at(1), items=(4,) * 10),  # 40
    Barc(id="", at=at(14), items=(5,) * 10),  # 50
]
SINCE, UNTIL = date(2026, 3, 1), date(2026, 3, 14)


def test_the_connection_figures_match_a_count_by_hand() -> None:
    summary = connection_summary(ENTRIES, SINCE, UNTIL)
    assert (summary.meetings, summary.home_group, summary.untyped_meetings) == (3, 1, 1)
    assert summary.meeting_types == {"D": 2, "SP": 1}
    assert (summary.connections, summary.connection_days, summary.helped) == (4, 3, 2)
    assert summary.by_role == {"sponsor": 2, "friend": 1, "not said": 1}
    assert (summary.service, summary.service_minutes) == (2, 120)
    assert summary.service_by_kind == {"meeting-service": 1, "volunteering": 1}
    # Reached out or met on 2, 3, 4, 9 and 10 March: 5 to 8 and 11 to 14 March are 4 days
    # each; the first is named.
    assert (summary.longest_without, summary.longest_without_from) == (4, date(2026, 3, 5))
    assert summary.barc == [(date(2026, 3, 1), 40), (date(2026, 3, 14), 50)]


def report(include_notes: bool = False) -> str:
    built = build_summary(
        ENTRIES,
        [],
        since=SINCE,
        until=UNTIL,
        sections=("connection",),
        include_notes=include_notes,
        generated=at(15),
        zone=UTC,
    )
    return markdown.render(summary_document(built))


def test_the_section_lays_out_facts_tables_and_barc() -> None:
    built = build_summary(
        ENTRIES, [], since=SINCE, until=UNTIL, sections=SECTIONS, generated=at(15), zone=UTC
    )
    section = next(s for s in summary_document(built).sections if s.name == "connection")
    assert section.title == "Connection"
    facts = dict(next(b for b in section.blocks if isinstance(b, Facts)).items)
    assert facts == {
        "Meetings": "3 (1 at the home group)",
        "Reaching out (calls, texts, visits)": "4 on 3 days; 2 said to have helped",
        "Service": "2 (120 minutes)",
        "Longest stretch without reaching out or a meeting": "4 days of 14, from 5 Mar",
    }
    tables = {b.title: list(b.rows) for b in section.blocks if isinstance(b, Table)}
    assert tables["Meetings by type"] == [
        ("D (discussion)", "2"),
        ("SP (speaker)", "1"),
        ("no type given", "1"),
    ]
    assert tables["Reaching out, by role"] == [("sponsor", "2"), ("friend", "1"), ("not said", "1")]
    assert tables["Service, by kind"] == [("meeting-service", "1"), ("volunteering", "1")]
    assert tables["Recovery capital (BARC-10)"] == [("1 Mar", "40"), ("14 Mar", "50")]
    words = " ".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    assert "people scoring 47 or more were more likely to have been in sustained remission" in words
    assert "not a pass mark" in words
    assert "Vilsaint, C. L., Kelly, J. F." in words
    assert "connection" in SECTIONS  # in every summary unless other sections are chosen


def test_no_name_or_description_even_with_notes() -> None:
    for shown in (report(), report(include_notes=True)):
        assert "## Connection" in shown
        for private in ("Sam", "Jordan", "Maya", "made the tea", "Tuesday Lanterns"):
            assert private not in shown, private


def test_a_quiet_period_says_so() -> None:
    built = build_summary(
        [], [], since=SINCE, until=UNTIL, sections=("connection",), generated=at(15), zone=UTC
    )
    section = summary_document(built).sections[0]
    assert [b.text for b in section.blocks if isinstance(b, Paragraph)] == [
        "No meetings, connections, service or BARC-10 scores were logged in this period."
    ]


def test_export_summary_has_the_section_and_previews_it(fresh: Cli, tmp_path: Path) -> None:
    fresh.ok("meeting", "--type", "SP", "--home", "--at", "2026-03-02 19:00")
    fresh.ok("connect", "Sam", "--role", "sponsor", "--how", "call", "--at", "2026-03-03 10:00")
    fresh.ok("service", "made the tea", "--at", "2026-03-04 10:00")
    fresh.ok("barc", *("5",) * 10, "--at", "2026-03-05 10:00")
    target = tmp_path / "summary.md"
    period = ("--since", "2026-03-01", "--until", "2026-03-14")
    written = fresh.ok("export", "summary", *period, "-o", str(target), "--yes")
    assert (
        "connection: 1 meeting by type, 1 connection by role, 1 service entry, "
        "1 BARC-10 score (no names)"
    ) in written.stderr
    text = target.read_text()
    assert "## Connection" in text
    assert "| SP (speaker) | 1 |" in text
    assert "| sponsor | 1 |" in text
    assert "| 5 Mar | 50 |" in text
    assert "Sam" not in text
    assert "made the tea" not in text
    chosen = fresh.ok("export", "summary", *period, "--sections", "mood").stdout
    assert "## Connection" not in chosen
    assert "the sections " in chosen
    assert "connection" in chosen.split("the sections ")[1].split("\n")[0]
