"""The `rj` program: run the command line, then end the process at once.

When a command returns, its work is done: records committed and fsync'd, files closed
by their `with` blocks, a started agent already on its own. What Python would do next
is free module after module, which costs more than many commands' own work (about
14 ms after `rj --version`, 30 ms once SQLite and the cryptography library are loaded).
So the program flushes what it printed and leaves with `os._exit`, as a process killed
after its last write would: nothing registered with atexit is left for it to run.
`main()` stays an ordinary function for code (and tests) that call it in process.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

from recovery_journal.cli.app import main


def run() -> NoReturn:
    """Console entry point (`rj`, `recovery-journal`, `python -m recovery_journal`)."""
    open_closed_standard_streams()
    end_now(main())


def open_closed_standard_streams() -> None:
    """Open a closed stdin, stdout or stderr (`rj >&-`, as some schedulers and hooks start
    programs) on /dev/null. Python leaves sys.stdout None then, which no printing
    survives, and a file opened later would take the closed descriptor's number."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
            stream = open(fd, mode, encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115 (the process's own, for its whole life)
            setattr(sys, name, stream)


def end_now(code: int) -> NoReturn:
    """Flush stdout and stderr, then exit with `code` without tearing the interpreter down."""
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe (`rj list | head`) or stream: nothing more can be said there.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
