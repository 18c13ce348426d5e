"""The Typer app, its global options, and the one place errors become exit codes."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from recovery_journal import __version__
from recovery_journal.cli import prompts
from recovery_journal.domain.dates import now_local
from recovery_journal.errors import JournalError
from recovery_journal.terminal.text import escape_controls
from recovery_journal.vault.journal import Journal
from recovery_journal.vault.paths import journal_path

app = typer.Typer(
    name="rj",
    help="Recovery Journal: an encrypted, private journal for your recovery.",
    no_args_is_help=True,
    add_completion=False,
    # Locals can hold the passphrase or key: never print them. Our own handler
    # in main() prints one line instead of any traceback.
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)
DEBUG_ENV = "RECOVERY_JOURNAL_DEBUG"


class _Options:
    journal: str | None = None


OPTIONS = _Options()


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"recovery-journal {__version__}")
        raise typer.Exit


@app.callback()
def root(
    journal: Annotated[
        str | None,
        typer.Option(
            "--journal",
            metavar="PATH",
            help="Journal file (default: $RECOVERY_JOURNAL_PATH, else your user data folder).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Recovery Journal: an encrypted, private journal for your recovery."""
    OPTIONS.journal = journal


def current_path() -> Path:
    return journal_path(OPTIONS.journal)


def now() -> datetime:
    return now_local()


@contextlib.contextmanager
def open_journal() -> Iterator[Journal]:
    """Unlock the journal (asking for the passphrase only once the file checks out)."""
    journal = Journal.unlock(current_path(), prompts.read_passphrase)
    try:
        yield journal
    finally:
        journal.close()


def say(message: str) -> None:
    """A status line built from our own words (markup allowed, no user text)."""
    console.print(message, soft_wrap=True)


def warn(message: str) -> None:
    err_console.print(
        f"[yellow]Warning:[/yellow] {escape_controls(message, keep_newlines=False)}",
        markup=True,
        highlight=False,
    )


def _error_line(message: str) -> None:
    sys.stderr.write(f"Error: {escape_controls(message, keep_newlines=False)}\n")
    sys.stderr.flush()


def _harden_process() -> None:
    os.umask(0o077)
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        # A core dump would hold the unlocked key in plaintext.
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point: run the app, turning every failure into one line."""
    _harden_process()
    from recovery_journal.cli.commands import register_all

    register_all()
    command = typer.main.get_command(app)
    prog = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "rj"
    prog = "rj" if prog in ("__main__.py", "-c", "") else prog
    try:
        result = command.main(
            args=list(argv) if argv is not None else None, prog_name=prog, standalone_mode=False
        )
    except JournalError as exc:
        _error_line(str(exc))
        return exc.exit_code
    except typer.Abort:
        _error_line("Cancelled; nothing was changed.")
        return 1
    except KeyboardInterrupt:
        _error_line("Cancelled; nothing was changed.")
        return 130
    except Exception as exc:
        # Usage errors (unknown option, bad value) carry their own message and
        # exit code; duck-typed because Typer may bundle its own Click.
        exit_code = getattr(exc, "exit_code", None)
        if hasattr(exc, "format_message") and isinstance(exit_code, int):
            hint = ""
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                hint = f" (see '{ctx.command_path} --help')"
            _error_line(f"{exc.format_message()}{hint}")
            return exit_code
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        _error_line(
            f"Unexpected problem ({type(exc).__name__}); nothing further was changed. "
            f"Please report it; set {DEBUG_ENV}=1 to see details."
        )
        return 70
    return result if isinstance(result, int) else 0
