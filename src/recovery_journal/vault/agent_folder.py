"""Where unlock agents listen: a private folder, checked before any socket is touched.

Apart from agent_socket.py so that every locked log can ask "is any agent running?"
with nothing but `os`: the socket, hashing and JSON machinery load only when one is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from recovery_journal.errors import AgentUnavailable

AGENT_DIR_ENV = "RECOVERY_JOURNAL_AGENT_DIR"


def agent_dir(*, create: bool) -> Path | None:
    """The private folder holding agent sockets; None if it does not exist and `create` is False.

    Raises AgentUnavailable when the folder cannot be made or is not private to us.
    """
    override = os.environ.get(AGENT_DIR_ENV)
    if override:
        folder = Path(os.path.abspath(override))
    else:
        runtime = _runtime_dir()
        if runtime is not None:
            folder = runtime / "recovery-journal"
        else:
            import tempfile  # only here: it probes the disk on first use

            folder = Path(tempfile.gettempdir()) / f"recovery-journal-{os.geteuid()}"
    if create:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError as error:
            raise AgentUnavailable(
                f"Cannot create the agent folder {folder}: {error.strerror}."
            ) from None
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if create:
            raise AgentUnavailable(f"The agent folder {folder} vanished as it was made.") from None
        return None
    except OSError as error:
        raise AgentUnavailable(
            f"Cannot check the agent folder {folder}: {error.strerror}."
        ) from None
    problem = _unsafe(info)
    if problem:
        raise AgentUnavailable(
            f"The agent folder {folder} {problem}, so the journal is not kept unlocked. "
            "Remove it (or fix it) and unlock again."
        )
    return folder


def _unsafe(info: os.stat_result) -> str | None:
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link"
    if not stat.S_ISDIR(info.st_mode):
        return "is not a folder"
    if info.st_uid != os.geteuid():
        return "belongs to another user"
    if info.st_mode & 0o077:
        return f"can be entered by other users (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def _runtime_dir() -> Path | None:
    """$XDG_RUNTIME_DIR when it is an absolute path to a private folder of ours."""
    value = os.environ.get("XDG_RUNTIME_DIR", "")
    if not os.path.isabs(value):
        return None
    try:
        info = os.stat(value)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        return None
    return Path(value)


def may_hold_a_key() -> bool:
    """False when no agent socket exists at all: the cheap answer on every locked log.

    True means only "look closer" (agent.fetch_key decides); it never raises.
    """
    try:
        folder = agent_dir(create=False)
        return folder is not None and any(name.endswith(".sock") for name in os.listdir(folder))
    except (OSError, AgentUnavailable):
        return False
