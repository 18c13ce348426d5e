"""The unlock agent's loop: the key, the listening socket, the requests and the expiry.

Runs inside the agent process (agent_process.py starts it). One selector loop
serves every client, so a client that connects and says nothing holds up no one:
it is hung up on after CLIENT_SECONDS. Only peers of the agent's own uid are
answered (agent_socket.peer_uid); the key goes only to a "get" for its journal id.

The key stays in one bytearray for the agent's whole life. The answer to "get" is
built in a buffer of its final size, zeroed once sent, so no immutable copy of the
key is left behind; on exit the key itself is zeroed (best effort: this is Python).
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import selectors
import socket
import sys
import time
from dataclasses import dataclass
from typing import Any

from recovery_journal.vault.agent_socket import (
    HEADER,
    MAX_MESSAGE,
    OPS,
    VERSION,
    MessageReader,
    ProtocolError,
    encode,
    peer_uid,
)

MAX_LIFETIME_SECONDS = 12 * 3600
CLIENT_SECONDS = 2.0  # a client must send its request within this, or is dropped
MAX_CLIENTS = 32
_WAKE_SECONDS = 5.0  # how often the agent checks that its socket is still its own
_HEX = b"0123456789abcdef"


@dataclass
class _Client:
    sock: socket.socket
    reader: MessageReader
    deadline: float


def _clock() -> float:
    """A clock that keeps counting while the computer sleeps, where there is one.

    time.monotonic() stops during suspend (Linux, macOS), so a 15-minute unlock
    would survive a night with the lid closed; CLOCK_BOOTTIME (Linux) and macOS's
    CLOCK_MONOTONIC do count it. The wall clock is checked as well (see _Timer).
    """
    clock_id = getattr(time, "CLOCK_BOOTTIME", None)
    if clock_id is None and sys.platform == "darwin":
        clock_id = time.CLOCK_MONOTONIC
    return time.monotonic() if clock_id is None else time.clock_gettime(clock_id)


class _Timer:
    """Time since a mark: the longer of what two clocks say, so the key is only forgotten early."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._start = (_clock(), time.time())

    def elapsed(self) -> float:
        return max(_clock() - self._start[0], time.time() - self._start[1], 0.0)


class Agent:
    """The key, the listening socket and the expiry rules of one running agent."""

    def __init__(
        self,
        journal_id: bytes,
        dek_id: bytes,
        dek: bytearray,
        *,
        idle: float,
        lifetime: float,
        listener: socket.socket,
        path: str,
    ) -> None:
        self.journal_id, self.dek_id, self._dek = journal_id, dek_id, dek
        self.idle = min(idle, MAX_LIFETIME_SECONDS)
        self.lifetime = min(lifetime, MAX_LIFETIME_SECONDS)
        self._listener, self._path = listener, path
        info = os.stat(path)
        self._identity = (info.st_dev, info.st_ino)
        self._since_start, self._since_use = _Timer(), _Timer()
        self._clients: dict[int, _Client] = {}
        self._selector = selectors.DefaultSelector()

    def seconds_left(self) -> float:
        return max(
            0.0,
            min(self.idle - self._since_use.elapsed(), self.lifetime - self._since_start.elapsed()),
        )

    def serve(self) -> None:
        """Answer requests until the key expires, is locked, or the socket is taken away."""
        self._listener.setblocking(False)
        self._selector.register(self._listener, selectors.EVENT_READ)
        while self.seconds_left() > 0 and self._socket_is_ours():
            now = _clock()
            for fd, client in list(self._clients.items()):
                if now >= client.deadline:
                    self._drop(fd)
            wait = min(
                [self.seconds_left(), _WAKE_SECONDS]
                + [client.deadline - now for client in self._clients.values()]
            )
            for key, _ in self._selector.select(max(wait, 0.0)):
                if key.fileobj is self._listener:
                    self._accept()
                elif key.fd in self._clients and self._read(key.fd):
                    return

    def _socket_is_ours(self) -> bool:
        try:
            info = os.stat(self._path)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) == self._identity

    def _accept(self) -> None:
        for _ in range(MAX_CLIENTS):
            try:
                sock, _ = self._listener.accept()
            except OSError:  # BlockingIOError: no one else is waiting
                return
            sock.setblocking(False)
            if peer_uid(sock) != os.geteuid():
                # Another user (or one we cannot identify): say no and hang up.
                self._answer(sock, {"ok": False, "error": "refused"})
                continue
            if len(self._clients) >= MAX_CLIENTS:
                sock.close()
                continue
            self._clients[sock.fileno()] = _Client(
                sock, MessageReader(MAX_MESSAGE), _clock() + CLIENT_SECONDS
            )
            self._selector.register(sock, selectors.EVENT_READ)

    def _forget(self, fd: int) -> socket.socket:
        client = self._clients.pop(fd)
        self._selector.unregister(client.sock)
        return client.sock

    def _drop(self, fd: int) -> None:
        self._forget(fd).close()

    def _read(self, fd: int) -> bool:
        """Read from one client; True when the agent must stop (it was locked)."""
        client = self._clients[fd]
        try:
            data = client.sock.recv(MAX_MESSAGE + HEADER.size)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            data = b""
        if not data:
            self._drop(fd)
            return False
        try:
            request = client.reader.feed(data)
        except ProtocolError as error:
            self._answer(self._forget(fd), {"ok": False, "error": str(error)})
            return False
        if request is None:
            return False
        return self._handle(self._forget(fd), request)

    def _handle(self, sock: socket.socket, request: dict[str, Any]) -> bool:
        """Answer one request; True when the agent must stop."""
        if self.seconds_left() <= 0:
            sock.close()  # expired between two checks: as if it were gone already
            return False
        problem = self._problem(request)
        if problem:
            self._answer(sock, {"ok": False, "error": problem})
            return False
        op = request["op"]
        if op == "lock":
            self.shut_down()
            self._answer(sock, {"ok": True, "pid": os.getpid(), "seconds_left": 0})
            return True
        if op == "get":
            self._since_use.reset()
            frame = self._key_frame()
            try:
                self._send(sock, frame)
            finally:
                zero(frame)
            return False
        self._answer(sock, self._fields())
        return False

    def _problem(self, request: dict[str, Any]) -> str | None:
        if request.get("v") != VERSION:
            return "version"
        journal = request.get("journal")
        if request.get("op") not in OPS or not isinstance(journal, str) or len(journal) > 256:
            return "bad-request"
        try:
            journal_id = bytes.fromhex(journal)
        except ValueError:
            return "bad-request"
        if not hmac.compare_digest(journal_id, self.journal_id):
            return "other-journal"
        return None

    def _fields(self) -> dict[str, Any]:
        return {
            "v": VERSION,
            "ok": True,
            "pid": os.getpid(),
            "seconds_left": round(self.seconds_left(), 3),
        }

    def _key_frame(self) -> bytearray:
        """The answer to "get", built in one buffer of its final size.

        The key's hex digits are written into it one by one, so no immutable copy
        of the key (one that could not be zeroed) is ever made in this process.
        """
        fields = self._fields() | {"dek_id": self.dek_id.hex()}
        head = json.dumps(fields, separators=(",", ":"))[:-1].encode() + b',"dek":"'
        tail = b'"}'
        size = len(head) + 2 * len(self._dek) + len(tail)
        frame = bytearray(HEADER.size + size)
        HEADER.pack_into(frame, 0, size)
        position = HEADER.size + len(head)
        frame[HEADER.size : position] = head
        for byte in self._dek:
            frame[position] = _HEX[byte >> 4]
            frame[position + 1] = _HEX[byte & 15]
            position += 2
        frame[position:] = tail
        return frame

    def _answer(self, sock: socket.socket, message: dict[str, Any]) -> None:
        self._send(sock, encode({"v": VERSION} | message))

    @staticmethod
    def _send(sock: socket.socket, frame: bytes | bytearray) -> None:
        # Answers are far smaller than a socket buffer: a client that does not read
        # cannot make this block for more than the short timeout.
        try:
            sock.settimeout(0.5)
            sock.sendall(frame)
        except OSError:
            pass
        finally:
            sock.close()

    def shut_down(self) -> None:
        """Stop listening, remove the socket if it is still ours, and zero the key."""
        if self._socket_is_ours():
            with contextlib.suppress(OSError):
                os.unlink(self._path)
        with contextlib.suppress(OSError, ValueError, KeyError):
            self._selector.unregister(self._listener)
        self._listener.close()
        for fd in list(self._clients):
            self._drop(fd)
        zero(self._dek)


def zero(buffer: bytearray) -> None:
    buffer[:] = bytes(len(buffer))
