"""Keep a journal unlocked for a while: the client side of the unlock agent.

Like ssh-agent, gpg-agent and rbw-agent: `rj unlock` hands the journal's data key
to a small background process (agent_process.py), and later commands ask it for
the key instead of running the passphrase KDF and prompting again. One agent per
journal, found by a socket named after a hash of the journal id, in a folder only
the user can enter (see agent_socket.py). It answers processes of the same user
only, and forgets the key after `duration` without a key request, and 12 hours
after unlocking in any case.

API, for the CLI (these functions are cheap to import: standard library only until
a key is actually built or an agent started):

start_agent(key: DataKey, *, duration=15m, lifetime=12h) -> int
    Start an agent holding `key` (replacing any agent of the same journal) and
    return its pid once it listens, so the next command finds it. `duration` is the
    idle time after which the key is forgotten (every successful fetch_key restarts
    it); `lifetime` the hard limit from now. Both must lie in (0, 12h]: InvalidInput
    otherwise (parse what people type with domain.durations.parse_duration, which
    also applies the 1-minute minimum). Raises AgentUnavailable with a message ready
    to print when the system is not supported (Windows), the agent folder is unsafe
    (a symlink, another user's, or group/other-accessible) or the agent fails to start.
fetch_key(journal_id: bytes) -> DataKey | None
    The journal's data key from its agent, or None: no agent, expired, refused,
    unsafe folder, unsupported system. Never raises for any of these.
agent_status(journal_id: bytes) -> timedelta | None
    How long until the agent forgets the key if nothing asks for it; None when no
    agent holds this journal. Asking does not extend the time.
lock(journal_id: bytes) -> bool
    Make the journal's agent zero its key, remove its socket and exit; True if an
    agent was running. Returns once the key is wiped and the socket removed.

What the CLI must do with it:
- Read the journal id from the file without the key (JournalFile.meta("journal_id")),
  call fetch_key, and use the key only if its dek_id equals the file's "dek_id"
  (Journal(store, key) checks this). On a mismatch call lock() and ask for the
  passphrase: the journal was re-keyed or restored since it was unlocked.
- Call lock() after passwd, rotate-keys and restore, and for `rj lock`.
- The key is not proven by the agent itself: another user cannot reach the socket
  (folder permissions, then the peer's uid is checked on both sides), but the CLI
  should fail closed (clear error, nothing written) if a fetched key does not
  decrypt the journal's records.
- Never pass the key anywhere but to start_agent: it travels over a pipe, never
  through argv or the environment.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from recovery_journal.domain.durations import DEFAULT_UNLOCK, MAX_UNLOCK, format_duration
from recovery_journal.errors import AgentUnavailable, InvalidInput
from recovery_journal.vault.agent_folder import agent_dir
from recovery_journal.vault.agent_socket import (
    MAX_MESSAGE,
    VERSION,
    MessageReader,
    ProtocolError,
    connect,
    encode,
    peer_uid,
    socket_path,
    unsupported_reason,
)

if TYPE_CHECKING:
    from recovery_journal.vault.keys import DataKey

CLIENT_TIMEOUT = 2.0  # seconds to connect, ask and hear the answer
START_TIMEOUT = 10.0  # seconds for a new agent to say it is listening
AGENT_MODULE = "recovery_journal.vault.agent_process"
# Only what Python itself needs to find the package; nothing else reaches the agent
# (in particular no RECOVERY_JOURNAL_PASSPHRASE).
_PASSED_ENV = ("PYTHONPATH", "PYTHONHOME")


def fetch_key(journal_id: bytes) -> DataKey | None:
    """The journal's data key from its agent; None if there is no agent or it will not say."""
    answer = _request(journal_id, "get")
    if answer is None:
        return None
    try:
        dek_id = bytes.fromhex(answer["dek_id"])
        dek = bytes.fromhex(answer["dek"])
    except (KeyError, TypeError, ValueError):
        return None
    if not dek_id or not 16 <= len(dek) <= 64:
        return None
    from recovery_journal.vault.crypto import Secret
    from recovery_journal.vault.keys import DataKey

    return DataKey(journal_id, dek_id, Secret(dek))


def agent_status(journal_id: bytes) -> timedelta | None:
    """Time until the journal's agent forgets the key if unused; None if none holds it."""
    answer = _request(journal_id, "status")
    seconds = None if answer is None else answer.get("seconds_left")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        return None
    return timedelta(seconds=seconds)


def lock(journal_id: bytes) -> bool:
    """Make the journal's agent wipe its key and exit; True if there was one."""
    return _request(journal_id, "lock") is not None


def start_agent(
    key: DataKey, *, duration: timedelta = DEFAULT_UNLOCK, lifetime: timedelta = MAX_UNLOCK
) -> int:
    """Start an agent holding `key` (replacing any of its journal); its pid, once it listens."""
    reason = unsupported_reason()
    if reason is not None:
        raise AgentUnavailable(reason)
    for value in (duration, lifetime):
        if not timedelta(0) < value <= MAX_UNLOCK:
            raise InvalidInput(
                f"A journal stays unlocked for at most {format_duration(MAX_UNLOCK)}; "
                f"{format_duration(value)} is not possible."
            )
    folder = agent_dir(create=True)
    assert folder is not None  # noqa: S101 (agent_dir(create=True) returns a folder or raises)
    path = socket_path(folder, key.journal_id)
    lock(key.journal_id)  # an agent still holding an older key of this journal goes first
    dek = key.dek.reveal()
    header = encode(
        {
            "v": VERSION,
            "journal": key.journal_id.hex(),
            "dek_id": key.dek_id.hex(),
            "dek_length": len(dek),
            "idle": duration.total_seconds(),
            "lifetime": lifetime.total_seconds(),
            "socket": path,
        }
    )
    handover = bytearray(header)
    handover += dek
    try:
        line = _spawn(handover)
    finally:
        handover[:] = bytes(len(handover))
    word, _, pid = line.partition(" ")
    if word != "ready" or not pid.isdigit():
        raise AgentUnavailable(
            "The unlock agent did not start, so the journal was not kept unlocked."
        )
    return int(pid)


def _spawn(handover: bytearray) -> str:
    """Run the agent, give it the handover through its stdin pipe, return its first line."""
    import subprocess

    env = {name: os.environ[name] for name in _PASSED_ENV if name in os.environ}
    env["PYTHONSAFEPATH"] = "1"  # never import from the current folder
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", AGENT_MODULE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd="/",
            env=env,
            start_new_session=True,
            bufsize=0,
        )
    except OSError as error:
        raise AgentUnavailable(f"Cannot start the unlock agent: {error.strerror}.") from None
    assert process.stdin is not None  # noqa: S101 (both are pipes)
    assert process.stdout is not None  # noqa: S101
    try:
        try:
            _write_all(process.stdin.fileno(), handover)
        except OSError:
            return ""
        finally:
            process.stdin.close()
        return _read_line(process.stdout.fileno(), START_TIMEOUT)
    finally:
        process.stdout.close()
        try:
            # The process started forks the agent and exits at once; the agent is not our child.
            process.wait(timeout=START_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _write_all(fd: int, data: bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_line(fd: int, timeout: float) -> str:
    import selectors
    import time

    deadline = time.monotonic() + timeout
    received = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while b"\n" not in received and len(received) < 200:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                break
            chunk = os.read(fd, 200)
            if not chunk:
                break
            received += chunk
    return received.partition(b"\n")[0].decode("ascii", "replace")


def _request(journal_id: bytes, op: str) -> dict[str, Any] | None:
    """One request to the journal's agent; its answer if it said ok, else None."""
    if unsupported_reason() is not None:
        return None
    try:
        folder = agent_dir(create=False)
        if folder is None:
            return None
        path = socket_path(folder, journal_id)
        sock = connect(path, CLIENT_TIMEOUT)
        try:
            if peer_uid(sock) != os.geteuid():
                return None  # not our agent: never take a key from, or give a request to, it
            sock.sendall(encode({"v": VERSION, "op": op, "journal": journal_id.hex()}))
            reader = MessageReader(MAX_MESSAGE)
            answer = None
            while answer is None:
                data = sock.recv(MAX_MESSAGE)
                if not data:
                    return None
                answer = reader.feed(data)
        finally:
            sock.close()
    except (AgentUnavailable, OSError, ProtocolError):
        return None
    if answer.get("v") != VERSION or answer.get("ok") is not True:
        return None
    return answer
