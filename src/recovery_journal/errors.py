"""Problems a person can fix, each with a message ready to print.

The CLI turns every `JournalError` into one line on stderr and exit code 1;
anything else reaching the top is a bug.
"""

from __future__ import annotations


class JournalError(Exception):
    """A problem the user can fix; the message says what and how."""

    exit_code = 1


class Cancelled(JournalError):
    """The person stopped at a question: Ctrl-C (exit 130, as shells expect) or Ctrl-D."""

    def __init__(self, *, interrupted: bool) -> None:
        super().__init__("Cancelled; nothing was saved.")
        self.exit_code = 130 if interrupted else 1


class InvalidInput(JournalError):
    """A value the person typed is out of range or malformed."""


class DateError(InvalidInput):
    """A WHEN that cannot be understood, or that lies too far in the future."""


class JournalMissing(JournalError):
    """No journal file where one was expected."""


class JournalExists(JournalError):
    """`init` would overwrite an existing journal, or a backup an existing file."""

    @classmethod
    def journal_at(cls, path: object) -> JournalExists:
        return cls(f"A journal already exists at {path}; it was left untouched.")

    @classmethod
    def file_at(cls, path: object) -> JournalExists:
        return cls(already_exists(path))


def already_exists(path: object) -> str:
    """The one wording for a file in the way of a new one (backups, exports)."""
    return f"{path} already exists; choose another name or add --force to replace it."


class NotAJournal(JournalError):
    """The file is not a Recovery Journal, or is too damaged to open."""


class UnsupportedVersion(JournalError):
    """The journal was written by a newer version of this tool."""


class WrongPassphrase(JournalError):
    """The passphrase does not unlock this journal."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "Wrong passphrase: the journal could not be unlocked. "
            "Nothing was changed; try again."
        )


class WrongRecoveryKey(JournalError):
    """A well-formed recovery key that does not unlock this journal."""

    def __init__(self) -> None:
        super().__init__(
            "Wrong recovery key: it is well-formed but does not unlock this journal "
            "(it may belong to another journal, or have been replaced). Nothing was changed."
        )


class RecoveryKeyTypo(InvalidInput):
    """A recovery key whose check characters or length show a typing mistake."""


class NoRecoveryKey(JournalError):
    """The journal has no recovery key."""


class PassphraseUnavailable(JournalError):
    """No terminal to ask on and no passphrase in the environment."""


class EntryNotFound(JournalError):
    """No entry matches the id or prefix given."""


class AmbiguousId(JournalError):
    """More than one entry starts with the prefix given."""


class DamagedEntries(JournalError):
    """One or more stored records failed authentication."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        shown = ", ".join(ids[:10]) + (" ..." if len(ids) > 10 else "")
        super().__init__(
            f"{len(ids)} damaged or tampered record(s) could not be decrypted: {shown}. "
            "Run `rj verify` for details; restore them from a backup if you have one."
        )


class ChangedOutsideRj(JournalError):
    """The journal's records or meta rows differ from its sealed manifest (rj verify names them)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:4]) + (
            f"; and {len(problems) - 4} more" if len(problems) > 4 else ""
        )
        stop = "" if shown.endswith(("?", ".")) else "."
        super().__init__(
            f"The journal was changed outside rj: {shown}{stop} Nothing is shown from it. Run "
            "`rj verify` for details; restore a backup with `rj restore`, or keep the journal "
            "as it is now with `rj verify --accept-changes`."
        )


class StorageError(JournalError):
    """SQLite or the file system refused (disk full, read-only, locked)."""


class MigrationFailed(StorageError):
    """Upgrading the file to the current schema failed; the file was left as it was."""


class DamagedFile(JournalError):
    """SQLite's own check of the file failed: pages are damaged, rows may be missing."""

    def __init__(self, path: object, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"The journal file {path} is damaged ({problems[0]}); entries may be missing, so "
            "nothing is shown from it. Run `rj verify` to see what is readable, and restore "
            "a backup with `rj restore`."
        )


class AgentUnavailable(JournalError):
    """The unlock agent cannot run here: unsupported system, or an unsafe agent folder."""


class NoInbox(JournalError):
    """Logging while locked needs an inbox key, which the journal gets at its next unlock."""


class InboxKeyTampered(JournalError):
    """The journal's inbox key was changed outside rj (its public half no longer matches)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "Someone changed this journal's inbox key outside rj: entries logged while "
            "locked since then may have been readable by them. Restore a backup with "
            "`rj restore`, or run `rj verify` to check the journal."
        )
