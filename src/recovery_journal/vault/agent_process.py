"""The unlock agent process: one journal's data key, in memory, for the user's own commands.

Started only by `agent.start_agent`, as `python -m recovery_journal.vault.agent_process`
with an empty argv and a scrubbed environment. What happens, in order:

1. It forks at once and the first process exits, so the agent is nobody's child
   and `start_agent` reaps the short-lived one (ssh-agent and gpg-agent do the same).
2. It turns core dumps off (RLIMIT_CORE 0) and, on Linux, makes itself non-dumpable
   (prctl PR_SET_DUMPABLE 0): then other processes of the same user cannot read its
   memory through /proc/PID/mem or ptrace, and /proc/PID/environ becomes root's.
3. It reads the handover from its stdin pipe: one framed JSON header (journal id,
   data key id, key length, idle seconds, lifetime seconds, socket path), then the
   raw key bytes, read straight into a bytearray that is zeroed on exit.
4. It binds a temporary socket in the private folder and renames it over the
   journal's socket path (replacing a stale one atomically), writes "ready <pid>"
   on stdout, and points stdin, stdout and stderr at /dev/null.
5. It serves requests through agent_server.Agent: processes of its own uid only,
   one selector loop, each connection dropped after CLIENT_SECONDS.

It exits, wiping the key and removing its socket, after `idle` seconds without a
key request, `lifetime` seconds after it started (12 h at most), on "lock", on
SIGTERM, SIGINT or SIGHUP, or when its socket file is removed or replaced. It
prints nothing and logs nothing, ever. Standard library only: it starts in tens
of milliseconds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from types import FrameType
from typing import Any

from recovery_journal.vault.agent_server import MAX_CLIENTS, MAX_LIFETIME_SECONDS, Agent, zero
from recovery_journal.vault.agent_socket import HEADER, MAX_MESSAGE, ProtocolError, decode


class _Stop(Exception):
    """Raised from a signal handler to leave the loop and wipe."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _harden() -> None:
    """No core dumps, and (Linux) not dumpable or traceable by other same-user processes."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, OSError, ValueError):
        pass
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            pr_set_dumpable = 4
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_dumpable, 0, 0, 0, 0)
        except (ImportError, OSError, AttributeError):
            pass


def _read_exactly(fd: int, buffer: bytearray) -> None:
    view = memoryview(buffer)
    filled = 0
    while filled < len(buffer):
        count = os.readv(fd, [view[filled:]])
        if count == 0:
            raise EOFError
        filled += count


def _read_handover(fd: int) -> tuple[dict[str, Any], bytearray]:
    """The settings header and the key, from the pipe start_agent writes to."""
    size = bytearray(HEADER.size)
    _read_exactly(fd, size)
    (length,) = HEADER.unpack(size)
    if length > MAX_MESSAGE:
        raise ProtocolError("too-large")
    body = bytearray(length)
    _read_exactly(fd, body)
    settings = decode(bytes(body))
    key_length = settings["dek_length"]
    if not isinstance(key_length, int) or not 16 <= key_length <= 64:
        raise ProtocolError("bad-request")
    dek = bytearray(key_length)
    try:
        _read_exactly(fd, dek)
    except BaseException:
        zero(dek)
        raise
    return settings, dek


def _listen(path: str) -> socket.socket:
    """A listening socket at `path`, put in place by an atomic rename over any stale one."""
    temporary = os.path.join(os.path.dirname(path), f".{os.getpid()}.tmp.sock")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(temporary)
        os.chmod(temporary, 0o600)
        listener.listen(MAX_CLIENTS)
        os.rename(temporary, path)
    except OSError:
        listener.close()
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return listener


def _start() -> Agent:
    settings, dek = _read_handover(0)
    try:
        journal_id = bytes.fromhex(settings["journal"])
        dek_id = bytes.fromhex(settings["dek_id"])
        idle, lifetime = float(settings["idle"]), float(settings["lifetime"])
        path = settings["socket"]
        if not (0 < idle <= MAX_LIFETIME_SECONDS and 0 < lifetime <= MAX_LIFETIME_SECONDS):
            raise ProtocolError("bad-request")
        if not isinstance(path, str) or not os.path.isabs(path):
            raise ProtocolError("bad-request")
        listener = _listen(path)
        try:
            return Agent(
                journal_id, dek_id, dek, idle=idle, lifetime=lifetime, listener=listener, path=path
            )
        except BaseException:
            listener.close()
            raise
    except BaseException:
        zero(dek)
        raise


def _detach_streams() -> None:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if null > 2:
        os.close(null)


def main() -> None:
    """The agent's whole life; it ends the process and never returns or raises."""
    if os.fork() != 0:
        os._exit(0)
    os.umask(0o077)
    os.chdir("/")
    _harden()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _stop)
    agent: Agent | None = None
    status = 1
    try:
        agent = _start()
        os.write(1, f"ready {os.getpid()}\n".encode())
        _detach_streams()
        agent.serve()
        status = 0
    except _Stop:
        status = 0
    except BaseException:  # no traceback may reach any stream
        if agent is None:
            with contextlib.suppress(OSError):
                os.write(1, b"error\n")
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        if agent is not None:
            with contextlib.suppress(BaseException):
                agent.shut_down()
    os._exit(status)


if __name__ == "__main__":
    main()
