"""The Typer app: its global options, every command registered explicitly, and the one
place where failures become a single line and an exit code.

`from recovery_journal.cli import app` is the whole application, so
`typer.testing.CliRunner().invoke(app, ["mood", "5"])` runs exactly what `rj mood 5` runs.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from recovery_journal import __version__
from recovery_journal.cli import (
    browse_commands,
    card_commands,
    checkin_commands,
    community_commands,
    data_commands,
    export_commands,
    home_commands,
    import_commands,
    journal_commands,
    log_commands,
    progress_commands,
    remind_commands,
    report_commands,
    safety_commands,
    settings_commands,
    sqlite_commands,
    support_commands,
    tracker_commands,
    unlock_commands,
    urge_commands,
)
from recovery_journal.cli.context import OPTIONS
from recovery_journal.cli.whole_numbers import read_whole_numbers
from recovery_journal.errors import Cancelled, JournalError

DEBUG_ENV = "RECOVERY_JOURNAL_DEBUG"
CANCELLED = "Cancelled; nothing was changed."
# 28 letters and digits, in groups of four or not: what a recovery key typed looks like.
_RECOVERY_KEY_LIKE = re.compile(r"(?i)(?<![0-9a-z])(?:[0-9a-z]{4}[- ]?){6}[0-9a-z]{4}(?![0-9a-z])")


def _hide_secrets(message: str) -> str:
    """A usage error quotes what was typed: never a recovery key typed as an argument."""
    hidden = _RECOVERY_KEY_LIKE.sub("<hidden>", message)
    if hidden != message:
        hidden += (
            " (a recovery key is asked for, or read from $RECOVERY_JOURNAL_RECOVERY_KEY;"
            " never typed as an argument)"
        )
    return hidden


def _error_line(message: str) -> None:
    from recovery_journal.terminal.text import escape_controls

    sys.stderr.write(f"Error: {escape_controls(message, keep_newlines=False)}\n")
    sys.stderr.flush()


def run_reporting_errors(run: Callable[[], Any]) -> int:
    """Run the command line; every failure becomes one line on stderr and an exit code."""
    try:
        result = run()
    except JournalError as exc:
        _error_line(str(exc))
        return exc.exit_code
    except typer.Abort:
        _error_line(CANCELLED)
        return 1
    except KeyboardInterrupt:  # Ctrl-C outside a command (while parsing)
        _error_line(str(Cancelled(interrupted=True)))
        return 130
    except Exception as exc:
        # Usage errors (unknown option, bad value) carry their own message and
        # exit code; duck-typed because Typer bundles its own Click.
        exit_code = getattr(exc, "exit_code", None)
        if hasattr(exc, "format_message") and isinstance(exit_code, int):
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            message = _hide_secrets(exc.format_message()).rstrip(".")
            _error_line(f"{message}{hint}{'' if message.endswith('?') else '.'}")
            return exit_code
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        what = type(exc).__name__
        if isinstance(exc, OSError) and exc.strerror:  # a full disk behind the output, say
            what = f"{what}: {exc.strerror}"
        _error_line(
            f"Unexpected problem ({what}); nothing further was changed. "
            f"Please report it; set {DEBUG_ENV}=1 to see details."
        )
        return 70
    return result if isinstance(result, int) else 0


class JournalGroup(TyperGroup):
    """The root command: Click's own error printing replaced by ours, in every runner, and
    whole numbers read our way in every command below it."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        read_whole_numbers(self)  # Typer builds the commands below first, then the root

    def invoke(self, ctx: Any) -> Any:
        # Typer turns Ctrl-C into a silent exit 130 and Ctrl-D into "Aborted!": say it kindly.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Cancelled(interrupted=True) from None
        except EOFError:
            raise Cancelled(interrupted=False) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        def run() -> Any:
            return super(JournalGroup, self).main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )

        code = run_reporting_errors(run)
        if standalone_mode:
            sys.exit(code)
        return code


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"recovery-journal {__version__}")
        raise typer.Exit


def root(
    ctx: typer.Context,
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
    if ctx.invoked_subcommand is None:
        home_commands.show_home()


def build_app() -> typer.Typer:
    """Every command, in the order `--help` lists them."""
    app = typer.Typer(
        name="rj",
        cls=JournalGroup,
        help="Recovery Journal: an encrypted, private journal for your recovery.",
        invoke_without_command=True,  # `rj` alone shows the home screen
        add_completion=True,  # rj --install-completion / --show-completion
        context_settings={"help_option_names": ["-h", "--help"]},  # inherited by every command
        # Locals can hold the passphrase or key: never print them. JournalGroup
        # prints one line instead of any traceback.
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
    )
    app.callback()(root)
    app.add_typer(checkin_commands.commands)  # first in the Log panel: the daily review
    app.add_typer(log_commands.commands)
    app.add_typer(community_commands.meeting_app, name="meeting", rich_help_panel="Log")
    app.add_typer(community_commands.commands)  # connect, service, barc
    app.add_typer(urge_commands.commands)
    app.add_typer(browse_commands.commands)
    app.add_typer(progress_commands.commands)
    app.add_typer(tracker_commands.tracker_app, name="tracker", rich_help_panel="Progress")
    app.add_typer(support_commands.why_app, name="why", rich_help_panel="Support")
    app.add_typer(support_commands.people_app, name="people", rich_help_panel="Support")
    app.add_typer(remind_commands.commands)
    app.add_typer(settings_commands.commands)
    app.add_typer(safety_commands.commands)
    app.add_typer(
        safety_commands.recovery_app, name="recovery-key", rich_help_panel=safety_commands.PANEL
    )
    app.add_typer(journal_commands.commands)
    app.add_typer(unlock_commands.commands)
    export_app = typer.Typer(
        help="Share with a therapist, counsellor or sponsor, and see what you have shared.",
        no_args_is_help=True,
    )
    export_app.add_typer(export_commands.commands)
    export_app.add_typer(report_commands.commands)
    export_app.add_typer(data_commands.export_commands)
    export_app.add_typer(sqlite_commands.commands)
    export_app.add_typer(card_commands.commands)
    app.add_typer(export_app, name="export", rich_help_panel="Share")
    app.add_typer(data_commands.import_app, name="import", rich_help_panel="Share")
    data_commands.import_app.add_typer(import_commands.commands)  # import daylio, jrnl
    return app


app = build_app()


def _harden_process() -> None:
    os.umask(0o077)
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        # A core dump would hold the unlocked key in plaintext.
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _readable_output() -> None:
    """Text the terminal's encoding cannot show (an emoji on an ASCII-only terminal) is
    written as an escape (\\U0001f642) instead of ending the command with an error."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point: harden the process, then run the app."""
    _harden_process()
    _readable_output()
    prog = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "rj"
    prog = "rj" if prog in ("__main__.py", "-c", "") else prog
    command = typer.main.get_command(app)
    result = command.main(
        args=list(argv) if argv is not None else None, prog_name=prog, standalone_mode=False
    )
    return result if isinstance(result, int) else 0
