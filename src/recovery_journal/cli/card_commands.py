"""`rj export card`: one phone screen for a sponsor or accountability partner.

Counts only by default (streaks, meetings, connections, service, check-ins); `--sections`
adds mood, cravings or the BARC-10. A file goes through the one consent-and-write flow
(`sharing.py`): preview, confirm, 0600, and a record in the share log. Shown at a terminal
it is only looked at, not shared, so it is not recorded; piped, it is.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from recovery_journal.cli.context import now, open_journal
from recovery_journal.cli.sharing import (
    check_target,
    choose_format,
    confirm_share,
    remember,
    write_private,
)
from recovery_journal.errors import DamagedEntries

commands = typer.Typer()

CARD_FORMATS = ("txt", "md", "html")
CARD_DAYS = 30


@commands.command("card")
def export_card(
    recipient: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Who it is for, e.g. 'Sam' (kept in export history)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Write to FILE.html, .md or .txt (0600)."
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", metavar="FORMAT", help="txt, md or html (default: from -o)."),
    ] = None,
    sections: Annotated[
        str | None,
        typer.Option(metavar="LIST", help="Add sections (comma-separated): mood, cravings, barc."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="Write without asking (after showing what is shared)."),
    ] = False,
) -> None:
    """A one-screen card for your sponsor or accountability partner: streaks, meetings this
    week and month, reaching out, service and check-ins, as counts. Nothing else unless
    --sections adds it."""
    from datetime import timedelta

    from recovery_journal.analytics.card import build_card, parse_extra_sections
    from recovery_journal.cli.local_time import local_zone
    from recovery_journal.domain.dates import read_from
    from recovery_journal.reports.card import card_sections, render_card
    from recovery_journal.vault.journal import EntryScope

    extra = parse_extra_sections(sections)
    kind = choose_format(fmt, output, CARD_FORMATS, "txt")
    check_target(output, force=force, assume_yes=yes)
    today = now().date()
    first = today - timedelta(days=CARD_DAYS + 31)  # this month and the last 30 days
    scope = EntryScope(
        since=read_from(first, local_zone()),
        also_kinds=frozenset({"use", "craving", "challenge", "barc"}),
    )
    with open_journal() as journal:
        contents = journal.contents(scope)
        card = build_card(
            contents.entries, contents.trackers, today=today, zone=local_zone(), extra=extra
        )
        content = render_card(card, kind, recipient)
        if output is None:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            if sys.stdout.isatty():
                return  # looked at here, not shared
        else:
            preview = [
                f"{name}: " + ", ".join(f"{label} {value}" for label, value in rows)
                for name, rows in card_sections(card)
            ]
            left = {"mood": "moods", "cravings": "cravings", "barc": "BARC-10"}
            kept_out = ["names of people", "notes and descriptions"]
            kept_out += [words for name, words in left.items() if name not in extra]
            preview.append(f"left out: {', '.join(kept_out)}")
            confirm_share(output, preview, recipient=recipient, assume_yes=yes)
            write_private(output, content, force=force)
        remember(
            journal,
            kind="card",
            fmt=kind,
            output=output,
            since=today - timedelta(days=CARD_DAYS - 1),
            until=today,
            sections=extra,
            recipient=recipient,
        )
    if contents.damaged:
        raise DamagedEntries(contents.damaged)
