"""The unlock agent, as real processes: serving, refusing, expiring, locking, dying.

Every agent here is a real background process started by start_agent, with its
socket folder under tmp_path (RECOVERY_JOURNAL_AGENT_DIR). Waiting is bounded
polling, never a wall-clock assertion.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from recovery_journal.errors import AgentUnavailable, InvalidInput
from recovery_journal.vault import agent_socket
from recovery_journal.vault.agent import agent_status, fetch_key, lock, start_agent
from recovery_journal.vault.agent_folder import AGENT_DIR_ENV, agent_dir
from recovery_journal.vault.agent_socket import socket_path
from recovery_journal.vault.keys import DataKey

pytestmark = pytest.mark.skipif(
    agent_socket.unsupported_reason() is not None, reason="no unlock agent on this system"
)
LINUX = sys.platform.startswith("linux")
ON_LINUX_ONLY = pytest.mark.skipif(not LINUX, reason="reads /proc")


def running(pid: int) -> bool:
    """Whether `pid` is alive; a zombie (our PID 1 may not reap) counts as gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return "\nState:\tZ" not in status and "\nState:\tX" not in status


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class Agents:
    """Starts agents for a test, and makes sure none outlives it."""

    def __init__(self) -> None:
        self.pids: list[int] = []

    def start(
        self,
        key: DataKey | None = None,
        duration: timedelta = timedelta(minutes=5),
        lifetime: timedelta = timedelta(hours=12),
    ) -> tuple[DataKey, int]:
        key = key or DataKey.new()
        pid = start_agent(key, duration=duration, lifetime=lifetime)
        self.pids.append(pid)
        return key, pid

    def stop_all(self) -> None:
        for pid in self.pids:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The agent folder for this test (short: socket paths are limited to about 100 bytes)."""
    path = tmp_path / "a"
    monkeypatch.setenv(AGENT_DIR_ENV, str(path))
    return path


@pytest.fixture
def agents(folder: Path) -> Iterator[Agents]:
    started = Agents()
    yield started
    started.stop_all()


def same_key(got: DataKey | None, key: DataKey) -> bool:
    return (
        got is not None
        and got.journal_id == key.journal_id
        and got.dek_id == key.dek_id
        and got.dek.reveal() == key.dek.reveal()
    )


def path_of(key: DataKey) -> str:
    folder = agent_dir(create=False)
    assert folder is not None
    return socket_path(folder, key.journal_id)


def ask(path: str, payload: bytes, *, timeout: float = 5.0) -> dict[str, Any] | None:
    """Send raw bytes to an agent socket; its answer, or None if it hung up without one."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(path)
        # The agent may answer and hang up before reading all we send: Linux then
        # reports a reset after the answer, which still arrives first.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(payload)
        received = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                received += chunk
    if not received:
        return None
    (size,) = struct.unpack(">I", received[:4])
    assert len(received) == 4 + size
    answer: dict[str, Any] = json.loads(received[4:])
    return answer


def frame(message: object) -> bytes:
    body = json.dumps(message).encode()
    return struct.pack(">I", len(body)) + body


# -- serving --------------------------------------------------------------------------------


def test_the_key_is_served_to_consecutive_clients(agents: Agents) -> None:
    key, pid = agents.start()
    assert running(pid)
    for _ in range(5):
        assert same_key(fetch_key(key.journal_id), key)


def test_another_journal_id_gets_nothing(agents: Agents) -> None:
    key, _ = agents.start()
    assert fetch_key(os.urandom(16)) is None
    # Even at this agent's own socket, it answers only for its own journal.
    other = {"v": 1, "op": "get", "journal": os.urandom(16).hex()}
    assert ask(path_of(key), frame(other)) == {"v": 1, "ok": False, "error": "other-journal"}
    assert same_key(fetch_key(key.journal_id), key)


def test_several_journals_have_several_agents(agents: Agents) -> None:
    first, first_pid = agents.start()
    second, second_pid = agents.start()
    assert first_pid != second_pid
    assert same_key(fetch_key(first.journal_id), first)
    assert same_key(fetch_key(second.journal_id), second)
    assert lock(first.journal_id)
    assert fetch_key(first.journal_id) is None
    assert same_key(fetch_key(second.journal_id), second)


def test_the_socket_is_named_after_a_hash_of_the_journal_id(agents: Agents, folder: Path) -> None:
    key, _ = agents.start()
    (name,) = os.listdir(folder)
    assert name.endswith(".sock")
    assert key.journal_id.hex() not in name
    assert Path(path_of(key)) == folder / name
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / name).stat().st_mode & 0o777 == 0o600


def test_status_tells_the_time_left_and_nothing_of_the_key(agents: Agents) -> None:
    key, pid = agents.start(duration=timedelta(minutes=10))
    left = agent_status(key.journal_id)
    assert left is not None
    assert timedelta(minutes=9) < left <= timedelta(minutes=10)
    answer = ask(path_of(key), frame({"v": 1, "op": "status", "journal": key.journal_id.hex()}))
    assert answer is not None
    assert set(answer) == {"v", "ok", "pid", "seconds_left"}
    assert answer["pid"] == pid
    assert agent_status(os.urandom(16)) is None


def test_starting_again_replaces_the_agent_of_that_journal(agents: Agents) -> None:
    old, old_pid = agents.start()
    new = DataKey(old.journal_id, os.urandom(16), DataKey.new().dek)
    _, new_pid = agents.start(new)
    assert wait_until(lambda: not running(old_pid))
    assert running(new_pid)
    assert same_key(fetch_key(old.journal_id), new)


# -- expiry ---------------------------------------------------------------------------------


def test_the_key_is_forgotten_after_the_idle_time(agents: Agents) -> None:
    key, pid = agents.start(duration=timedelta(seconds=1))
    path = path_of(key)
    assert wait_until(lambda: not running(pid))
    assert fetch_key(key.journal_id) is None
    assert agent_status(key.journal_id) is None
    assert not os.path.exists(path)


def test_a_key_request_restarts_the_idle_time_and_status_does_not(agents: Agents) -> None:
    key, _ = agents.start(duration=timedelta(seconds=30))
    time.sleep(0.5)
    before = agent_status(key.journal_id)
    assert same_key(fetch_key(key.journal_id), key)
    after = agent_status(key.journal_id)
    again = agent_status(key.journal_id)
    assert before is not None
    assert after is not None
    assert again is not None
    assert before < after
    assert again <= after


def test_the_key_is_forgotten_at_the_end_of_its_lifetime_even_while_used(
    agents: Agents,
) -> None:
    # Asking every 50 ms keeps restarting the 30 s idle time: only the lifetime can end it.
    key, pid = agents.start(duration=timedelta(seconds=30), lifetime=timedelta(seconds=1))
    assert wait_until(lambda: fetch_key(key.journal_id) is None)
    assert wait_until(lambda: not running(pid))


@pytest.mark.parametrize("duration", [timedelta(0), timedelta(seconds=-1), timedelta(hours=13)])
def test_unlock_durations_are_bounded_to_twelve_hours(folder: Path, duration: timedelta) -> None:
    with pytest.raises(InvalidInput, match="at most 12h"):
        start_agent(DataKey.new(), duration=duration)
    with pytest.raises(InvalidInput, match="at most 12h"):
        start_agent(DataKey.new(), duration=timedelta(minutes=1), lifetime=duration)
    assert not folder.exists()  # refused before anything was started


# -- lock, signals, kill -9 -----------------------------------------------------------------


def test_lock_wipes_the_key_and_the_agent_exits_with_its_socket(agents: Agents) -> None:
    key, pid = agents.start()
    path = path_of(key)
    assert lock(key.journal_id)
    assert not os.path.exists(path)  # gone before lock() returns
    assert wait_until(lambda: not running(pid))
    assert fetch_key(key.journal_id) is None
    assert agent_status(key.journal_id) is None
    assert not lock(key.journal_id)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_termination_signal_wipes_and_exits(agents: Agents, signum: int) -> None:
    key, pid = agents.start()
    path = path_of(key)
    os.kill(pid, signum)
    assert wait_until(lambda: not running(pid))
    assert not os.path.exists(path)
    assert fetch_key(key.journal_id) is None


def test_a_killed_agent_is_no_agent_and_a_new_one_can_start(agents: Agents) -> None:
    key, pid = agents.start()
    path = path_of(key)
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: not running(pid))
    assert os.path.exists(path)  # the stale socket is left behind...
    assert fetch_key(key.journal_id) is None  # ...and means "no agent"
    assert agent_status(key.journal_id) is None
    assert not lock(key.journal_id)
    _, new_pid = agents.start(key)
    assert running(new_pid)
    assert same_key(fetch_key(key.journal_id), key)


@pytest.mark.slow
def test_an_agent_whose_socket_is_removed_exits(agents: Agents) -> None:
    key, pid = agents.start()
    os.unlink(path_of(key))
    assert wait_until(lambda: not running(pid), timeout=20)


# -- who may ask ----------------------------------------------------------------------------

RAW_CLIENT = """
import json, socket, struct, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.settimeout(10)
try:
    sock.connect(sys.argv[1])
except OSError as error:
    print(json.dumps({"connect": error.errno}))
    raise SystemExit
body = json.dumps({"v": 1, "op": "get", "journal": sys.argv[2]}).encode()
received = b""
try:
    sock.sendall(struct.pack(">I", len(body)) + body)
except (BrokenPipeError, ConnectionResetError):
    pass
try:
    while chunk := sock.recv(65536):
        received += chunk
except ConnectionResetError:
    pass  # the agent hung up without reading the request; its answer came first
print(json.dumps({"answer": received[4:].decode()}))
"""


def test_another_user_is_refused_by_peer_uid(
    agents: Agents, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run a client as another user")
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user 'nobody'")
    as_nobody = [
        "setpriv",
        f"--reuid={nobody.pw_uid}",
        f"--regid={nobody.pw_gid}",
        "--clear-groups",
        sys.executable,
    ]
    if subprocess.run([*as_nobody, "-c", "pass"], check=False, timeout=30).returncode != 0:
        pytest.skip("this Python cannot run as 'nobody'")
    # pytest's own folders are root's alone; this one is opened up for this test only.
    shared = Path(tempfile.mkdtemp(prefix="rj-", dir="/tmp"))
    try:
        monkeypatch.setenv(AGENT_DIR_ENV, str(shared))
        key, _ = agents.start()
        path = path_of(key)
        shared.chmod(0o711)
        os.chmod(path, 0o666)  # noqa: S103 (so that the agent itself must refuse)
        result = subprocess.run(
            [*as_nobody, "-c", RAW_CLIENT, path, key.journal_id.hex()],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        assert result.returncode == 0, result.stderr
        seen = json.loads(result.stdout)
        assert "answer" in seen, seen  # it did reach the socket
        assert json.loads(seen["answer"]) == {"v": 1, "ok": False, "error": "refused"}
        assert key.dek.reveal().hex() not in result.stdout
        shared.chmod(0o700)
        assert same_key(fetch_key(key.journal_id), key)  # still serves its own user
    finally:
        agents.stop_all()
        shutil.rmtree(shared, ignore_errors=True)


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("open", "can be entered by other users (mode 755)"),
        ("symlink", "is a symbolic link"),
        ("file", "is not a folder"),
        ("owner", "belongs to another user"),
    ],
)
def test_an_unsafe_agent_folder_is_refused(folder: Path, problem: str, message: str) -> None:
    if problem == "open":
        folder.mkdir(mode=0o755)
        folder.chmod(0o755)
    elif problem == "symlink":
        real = folder.parent / "real"
        real.mkdir(mode=0o700)
        folder.symlink_to(real)
    elif problem == "file":
        folder.write_bytes(b"")
    else:
        if os.geteuid() != 0:
            pytest.skip("needs root to give the folder away")
        folder.mkdir(mode=0o700)
        os.chown(folder, pwd.getpwnam("nobody").pw_uid, -1)
    key = DataKey.new()
    with pytest.raises(AgentUnavailable, match="is not kept unlocked") as caught:
        start_agent(key, duration=timedelta(minutes=1))
    assert message in str(caught.value)
    assert str(folder) in str(caught.value)
    assert fetch_key(key.journal_id) is None
    assert agent_status(key.journal_id) is None
    assert not lock(key.journal_id)


def test_no_agent_on_a_system_without_unix_sockets(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr("recovery_journal.vault.agent_socket.sockets.AF_UNIX")
    key = DataKey.new()
    with pytest.raises(AgentUnavailable, match="not supported on this system yet"):
        start_agent(key, duration=timedelta(minutes=1))
    assert fetch_key(key.journal_id) is None
    assert agent_status(key.journal_id) is None
    assert not lock(key.journal_id)


def test_a_socket_path_too_long_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / ("x" * 100)
    monkeypatch.setenv(AGENT_DIR_ENV, str(deep))
    with pytest.raises(AgentUnavailable, match="too long for a Unix socket"):
        start_agent(DataKey.new(), duration=timedelta(minutes=1))
    assert fetch_key(DataKey.new().journal_id) is None


def test_the_runtime_dir_is_used_when_it_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert agent_dir(create=False) is None  # clients never create it
    assert agent_dir(create=True) == runtime / "recovery-journal"
    assert (runtime / "recovery-journal").stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("runtime_mode", [None, 0o755])
def test_without_a_private_runtime_dir_the_temp_folder_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runtime_mode: int | None
) -> None:
    if runtime_mode is None:
        monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    else:
        runtime = tmp_path / "run"
        runtime.mkdir()
        runtime.chmod(runtime_mode)
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    expected = tmp_path / f"recovery-journal-{os.geteuid()}"
    assert agent_dir(create=True) == expected
    assert expected.stat().st_mode & 0o777 == 0o700


# -- nothing leaks ----------------------------------------------------------------------------


def needles(secret: bytes) -> list[bytes]:
    return [
        secret,
        secret.hex().encode(),
        secret.hex().upper().encode(),
        base64.b64encode(secret),
        base64.urlsafe_b64encode(secret),
        base64.b64encode(secret).rstrip(b"="),
    ]


def test_no_key_material_in_the_folder_argv_or_environment(
    agents: Agents, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECOVERY_JOURNAL_PASSPHRASE", "canary-passphrase-5e1f0c")
    key, pid = agents.start()
    assert same_key(fetch_key(key.journal_id), key)
    secrets = [*needles(key.dek.reveal()), b"canary-passphrase-5e1f0c"]
    for path in folder.rglob("*"):
        assert path.is_socket(), path  # sockets only: no key file, no pid file, no log
    for path in folder.rglob("*"):
        if path.is_file():
            assert not any(secret in path.read_bytes() for secret in secrets)
    if LINUX:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        assert cmdline.split(b"\0")[1:3] == [b"-m", b"recovery_journal.vault.agent_process"]
        assert not any(secret in cmdline for secret in secrets)
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except PermissionError:
            environ = b""  # not dumpable: not even readable by us, better still
        assert not any(secret in environ for secret in secrets)
        assert b"RECOVERY_JOURNAL" not in environ


def test_nothing_is_printed_when_the_handover_is_bad() -> None:
    for handover in (b"", b"\x00\x00\x00\x05hello", b"\xff\xff\xff\xff", frame({"v": 1})):
        result = subprocess.run(
            [sys.executable, "-m", "recovery_journal.vault.agent_process"],
            input=handover,
            capture_output=True,
            check=False,
            timeout=30,
        )
        assert result.stdout == b"error\n"
        assert result.stderr == b""


PROBE = """
import sys
try:
    open(f"/proc/{sys.argv[1]}/mem", "rb").close()
except OSError:
    print("refused")
else:
    print("readable")
"""

HELPER = """
from datetime import timedelta
from recovery_journal.vault.agent import start_agent
from recovery_journal.vault.keys import DataKey
print(start_agent(DataKey.new(), duration=timedelta(seconds=30)))
"""


@ON_LINUX_ONLY
def test_the_agent_is_not_dumpable_and_makes_no_core_dumps(agents: Agents) -> None:
    # Root may read any process's memory, so as root everything runs without capabilities:
    # then only the agent's prctl(PR_SET_DUMPABLE, 0) stands between a peer and its memory.
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("needs setpriv to drop root's capabilities")
        prefix = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]
    helper = subprocess.run(
        [*prefix, sys.executable, "-c", HELPER],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    pid = int(helper.stdout)
    agents.pids.append(pid)
    limits = Path(f"/proc/{pid}/limits").read_text()
    core = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
    assert core.split()[4:6] == ["0", "0"]
    with subprocess.Popen(
        [*prefix, sys.executable, "-c", "import time; time.sleep(60)"]
    ) as control:
        try:

            def probe(target: int) -> str:
                return subprocess.run(
                    [*prefix, sys.executable, "-c", PROBE, str(target)],
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=30,
                ).stdout.strip()

            if probe(control.pid) != "readable":
                pytest.skip(
                    "ptrace is restricted here (Yama?): dumpable processes are unreadable too"
                )
            assert probe(pid) == "refused"
        finally:
            control.kill()


def test_the_agent_and_its_client_import_no_heavy_modules() -> None:
    check = (
        "import sys, importlib; importlib.import_module(sys.argv[1]); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'typer', 'rich', 'click', 'cryptography', 'sqlite3', 'subprocess'}))"
    )
    for module, allowed in (
        ("recovery_journal.vault.agent_process", "[]"),
        ("recovery_journal.vault.agent", "[]"),
    ):
        result = subprocess.run(
            [sys.executable, "-c", check, module],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        assert result.stdout.strip() == allowed, module


# -- the protocol -----------------------------------------------------------------------------


def test_a_silent_client_does_not_block_others(agents: Agents) -> None:
    key, _ = agents.start()
    path = path_of(key)
    silent = []
    for payload in (b"", b"\x00\x00", b"\x00\x00\x00\x40{"):  # nothing, half a header, half a body
        for _ in range(3):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(path)
            sock.sendall(payload)
            silent.append(sock)
    try:
        # A server handling one connection at a time would sit out 9 timeouts here.
        for _ in range(3):
            assert same_key(fetch_key(key.journal_id), key)
        for sock in silent:  # and the silent ones are hung up on, without an answer
            sock.settimeout(15)
            assert sock.recv(100) == b""
    finally:
        for sock in silent:
            sock.close()


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (struct.pack(">I", 1 << 20) + b"x" * 8192, "too-large"),
        (struct.pack(">I", 4097), "too-large"),
        (frame({"v": 1, "op": "get", "journal": "ab" * 2100}), "too-large"),
        (struct.pack(">I", 5) + b"hello", "bad-request"),
        (frame([1, 2, 3]), "bad-request"),
        (struct.pack(">I", 4000) + b"[" * 4000, "bad-request"),
        (frame({"v": 2, "op": "get", "journal": "00"}), "version"),
        (frame({"v": 1, "op": "dump", "journal": "00"}), "bad-request"),
        (frame({"v": 1, "op": "get", "journal": "not hex"}), "bad-request"),
        (frame({"v": 1, "op": "get"}), "bad-request"),
        (frame({"v": 1, "op": "get", "journal": "00"}) + b"more", "bad-request"),
    ],
)
def test_oversized_or_malformed_requests_are_refused(
    agents: Agents, payload: bytes, error: str
) -> None:
    key, _ = agents.start()
    assert ask(path_of(key), payload) == {"v": 1, "ok": False, "error": error}
    assert same_key(fetch_key(key.journal_id), key)  # and it carries on
