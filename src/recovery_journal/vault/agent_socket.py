"""The unlock agent's socket: where it lives, who may talk to it, and the messages on it.

Shared by the agent process (agent_process.py) and its clients (agent.py). Standard
library only (and our errors), because the agent and every command import it.

Folder, first that applies:
  $RECOVERY_JOURNAL_AGENT_DIR                  (tests and unusual setups)
  $XDG_RUNTIME_DIR/recovery-journal            when the runtime dir is ours and private
  <tempfile.gettempdir()>/recovery-journal-<uid>
It must be a real directory (not a symlink), owned by us, with no group or other
permission bits; anything else is refused, never repaired: in a shared /tmp another
user may have made it first.

Socket: <folder>/<24 hex digits of SHA-256("rj-agent/v1|" + journal id)>.sock, one per
journal. Short enough for macOS's 104-byte limit under its long per-user $TMPDIR.

Messages (version 1): a 4-byte big-endian length, then that many bytes (at most
MAX_MESSAGE) of a UTF-8 JSON object. One request and one answer per connection.
  request  {"v": 1, "op": "get" | "status" | "lock", "journal": "<journal id, hex>"}
  answer   {"v": 1, "ok": true, "pid": 123, "seconds_left": 899.5}
           and, for "get", "dek_id" and "dek" in hex
  refusal  {"v": 1, "ok": false, "error": "refused" | "other-journal" | "bad-request"
                                          | "too-large" | "version"}
"""

from __future__ import annotations

import json
import os
import struct
import sys
from pathlib import Path
from typing import Any

from recovery_journal.errors import AgentUnavailable
from recovery_journal.vault.agent_folder import AGENT_DIR_ENV

try:  # the C module that socket.py wraps: the wrapper builds enums that would cost every
    # command asking the agent for its key about 1.5 ms, and clients need none of them.
    import _socket as sockets
except ImportError:  # pragma: no cover (an interpreter without it)
    import socket as sockets  # type: ignore[no-redef]

VERSION = 1
MAX_MESSAGE = 4096
HEADER = struct.Struct(">I")
OPS = ("get", "status", "lock")
# sun_path is 108 bytes on Linux and 104 on macOS and the BSDs, with a NUL at the end.
_MAX_PATH = 107 if sys.platform.startswith("linux") else 103


class ProtocolError(ValueError):
    """A message that is malformed, or longer than MAX_MESSAGE."""


def unsupported_reason() -> str | None:
    """Why the agent cannot run on this system, or None when it can."""
    if os.name != "posix" or not hasattr(sockets, "AF_UNIX"):
        return (
            "The unlock agent is not supported on this system yet (it needs Unix sockets); "
            "each command asks for the passphrase instead."
        )
    if not _peer_check_available():
        return (
            "The unlock agent is not supported on this system yet: it cannot check which "
            "user connects to it. Each command asks for the passphrase instead."
        )
    return None


def _peer_check_available() -> bool:
    return sys.platform.startswith(("linux", "freebsd")) or sys.platform == "darwin"


def socket_path(folder: Path, journal_id: bytes) -> str:
    """The socket of the agent for `journal_id` inside `folder`."""
    from recovery_journal.vault.crypto import sha256

    digest = sha256(b"rj-agent/v1|" + journal_id).hex()[:24]
    path = os.path.join(folder, f"{digest}.sock")
    if len(os.fsencode(path)) > _MAX_PATH:
        raise AgentUnavailable(
            f"The agent folder path {folder} is too long for a Unix socket; "
            f"set {AGENT_DIR_ENV} to a shorter private folder."
        )
    return path


def peer_uid(sock: sockets.socket) -> int | None:
    """The effective uid of the process at the other end of `sock`; None if it cannot be told."""
    try:
        if sys.platform.startswith("linux"):
            # struct ucred { pid_t pid; uid_t uid; gid_t gid; }
            raw = sock.getsockopt(sockets.SOL_SOCKET, sockets.SO_PEERCRED, struct.calcsize("iII"))
            return int(struct.unpack("iII", raw)[1])
        if sys.platform == "darwin" or sys.platform.startswith("freebsd"):
            # getpeereid(): LOCAL_PEERCRED at level SOL_LOCAL (0) fills
            # struct xucred { u_int cr_version; uid_t cr_uid; ... }, version 0.
            option = getattr(sockets, "LOCAL_PEERCRED", 1)
            raw = sock.getsockopt(0, option, 128)
            version, uid = struct.unpack_from("=II", raw)
            return int(uid) if version == 0 else None
    except (OSError, struct.error):
        return None
    return None


def connect(path: str, timeout: float) -> sockets.socket:
    """A stream connected to the socket at `path` (OSError if nothing listens there)."""
    sock = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(path)
    except BaseException:
        sock.close()
        raise
    return sock


def encode(message: dict[str, Any]) -> bytes:
    """One framed message: length, then compact JSON."""
    body = json.dumps(message, separators=(",", ":")).encode()
    if len(body) > MAX_MESSAGE:
        raise ProtocolError("message too large")
    return HEADER.pack(len(body)) + body


class MessageReader:
    """Collects the bytes of one framed message as they arrive, refusing oversized ones early."""

    def __init__(self, limit: int = MAX_MESSAGE) -> None:
        self._buffer = bytearray()
        self._limit = limit

    def feed(self, data: bytes) -> dict[str, Any] | None:
        """The message once complete, else None; ProtocolError if it is too long or malformed."""
        self._buffer += data
        if len(self._buffer) < HEADER.size:
            return None
        (size,) = HEADER.unpack_from(self._buffer)
        if size > self._limit:
            raise ProtocolError("too-large")
        if len(self._buffer) < HEADER.size + size:
            return None
        if len(self._buffer) > HEADER.size + size:
            raise ProtocolError("bad-request")  # one message per connection
        return decode(bytes(self._buffer[HEADER.size :]))


def decode(body: bytes) -> dict[str, Any]:
    """A message body as a JSON object."""
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ProtocolError("bad-request") from None
    if not isinstance(message, dict):
        raise ProtocolError("bad-request")
    return message
