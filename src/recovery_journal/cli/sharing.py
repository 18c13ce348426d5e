"""Sharing a report: show what will be shared, confirm, write it 0600, and remember it.

Exported files are not encrypted: `private_files` creates them with O_EXCL at mode 0600
(never through a symlink, never over an existing file unless --force), and the person is
told so on stderr.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from recovery_journal.cli import private_files, prompts
from recovery_journal.cli.context import err_console, now
from recovery_journal.errors import InvalidInput

if TYPE_CHECKING:
    from recovery_journal.vault.journal import Journal

SUFFIX_FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".csv": "csv",
    ".txt": "txt",
}
NOT_ENCRYPTED = (
    "This file is NOT encrypted: anyone who can open it can read it. "
    "Share it privately and delete it when you no longer need it."
)


def _plain(text: str) -> str:
    from recovery_journal.terminal.text import escape_controls

    return escape_controls(text, keep_newlines=False)


def choose_format(
    given: str | None, output: Path | None, allowed: Sequence[str], default: str
) -> str:
    """--format if given, else the output file's suffix, else `default`."""
    if given is not None:
        fmt = given.strip().lower()
        if fmt not in allowed:
            raise InvalidInput(f"--format must be one of {', '.join(allowed)}, not {given!r}.")
        return fmt
    if output is None:
        return default
    fmt = SUFFIX_FORMATS.get(output.suffix.lower(), "")
    if fmt not in allowed:
        raise InvalidInput(
            f"Cannot tell the format from {output.name!r}; add --format ({', '.join(allowed)})."
        )
    return fmt


def check_target(
    output: Path | None, *, force: bool, assume_yes: bool, folder: bool = False
) -> None:
    """Fail before unlocking: a file in the way without --force, or no way to confirm."""
    if output is None:
        return
    private_files.check_target(output, force=force, folder=folder)
    if not assume_yes and not prompts.interactive():
        raise InvalidInput(
            "Nothing was written: run this in a terminal to confirm what will be shared, "
            "or add --yes."
        )


def confirm_share(
    output: Path, lines: Sequence[str], *, recipient: str | None, assume_yes: bool
) -> None:
    """Show (on stderr) what the file will contain and ask before writing it."""
    err_console.print(f"About to write {_plain(str(output))}:", markup=False, soft_wrap=True)
    for line in lines:
        err_console.print(f"  - {_plain(line)}", markup=False, soft_wrap=True)
    if recipient:
        err_console.print(f"  For: {_plain(recipient)}", markup=False, soft_wrap=True)
    err_console.print("  The file will NOT be encrypted.", markup=False, soft_wrap=True)
    if not prompts.confirm("Write this file?", assume_yes=assume_yes):
        raise typer.Abort


def write_private(path: Path, content: bytes | dict[str, bytes], *, force: bool) -> None:
    """Create `path` at mode 0600 (with `force`, atomically replace it) and say it is plain.

    A dict of named contents becomes a folder (0700) of such files.
    """
    if isinstance(content, dict):
        private_files.write_folder(path, content, force=force)
    else:
        private_files.write_file(path, content, force=force)
    err_console.print(f"Wrote {_plain(str(path))}. {NOT_ENCRYPTED}", markup=False, soft_wrap=True)


def remember(
    journal: Journal,
    *,
    kind: str,
    fmt: str,
    output: Path | None,
    since: date,
    until: date,
    sections: Sequence[str] = (),
    include_notes: bool = False,
    recipient: str | None = None,
    notes_shared: Sequence[str] = (),
) -> None:
    """Record the export (encrypted) in the journal, for `export history`."""
    from recovery_journal.domain.export_records import ExportRecord

    journal.add_export(
        ExportRecord(
            id="",
            at=now(),
            kind=kind,
            format=fmt,
            file=None if output is None else str(output.absolute()),
            since=since,
            until=until,
            sections=tuple(sections),
            include_notes=include_notes,
            recipient=recipient,
            notes_shared=tuple(notes_shared),
        )
    )
