"""Leak torture (SECURITY.md A1, A7, B1-B3): a whole session leaves no plaintext behind.

Every command that exists runs once or more through the real CLI, with 50
invented words spread over every text field. After each command, and again at
rest, the raw bytes of every file in the journal's folder (and of the backup
folder) are searched for each word as UTF-8, UTF-16-LE and base64 (the
needles of test_leaks.py); so are the temporary folder and HOME at the end.
Exports are plaintext by design: they go to a folder of their own that is not
searched. The passphrases must never appear in any output, nor in a traceback
forced with RECOVERY_JOURNAL_DEBUG=1, nor in the argv of a CLI waiting at a
passphrase prompt.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest

from conftest import PASSPHRASE, Cli, Result
from recovery_journal.domain import ids
from recovery_journal.vault import crypto
from recovery_journal.vault.crypto import Secret
from recovery_journal.vault.journal import Journal
from test_leaks import hits, needles
from test_torture_input import run_main

pytestmark = pytest.mark.slow  # the torture tests: `-m 'not slow'` skips them

NEW_PASSPHRASE = "purple elephant dancing quietly"


def invented_words(count: int, seed: int = 50) -> list[str]:
    """`count` distinct made-up words of 14 letters: too long to match ciphertext by chance."""
    rng = random.Random(seed)
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(7))
        if word not in words:
            words.append(word)
    return words


WORDS = invented_words(50)


HOLDER = """\
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("SELECT count(*) FROM records").fetchall()  # finished: no read left open
print("holding", flush=True)
sys.stdin.read()
db.close()
"""


def folder_bytes(*folders: Path) -> dict[str, bytes]:
    found = {}
    for folder in folders:
        if folder.exists():
            for path in folder.rglob("*"):
                if path.is_file():
                    found[str(path)] = path.read_bytes()
    return found


def new_shared_memory(since: float) -> dict[str, bytes]:
    """Files in /dev/shm changed since `since` that this user can read (small ones)."""
    found = {}
    for path in Path("/dev/shm").glob("*"):
        with contextlib.suppress(OSError):
            info = path.stat()
            if path.is_file() and info.st_mtime >= since and info.st_size < 2**25:
                found[str(path)] = path.read_bytes()
    return found


class Session:
    """Runs commands, then searches the journal's folder after each one.

    While `hold()` keeps an idle reader open, a command's exit does not fold the
    write-ahead log back into the database, so the search also sees what the
    -wal held between commands (only the command's own checkpoints clear it).
    """

    def __init__(self, cli: Cli, scanned: list[Path]) -> None:
        self.cli = cli
        self.scanned = scanned
        self.passphrase = PASSPHRASE
        self.results: list[Result] = []
        self.hits: set[tuple[str, str]] = set()
        self.stale: list[tuple[str, str]] = []
        self.bytes_scanned = 0
        self.scans = 0
        self.commands: list[str] = []
        self.holder: subprocess.Popen[bytes] | None = None
        self.largest_wal = 0

    def hold(self) -> None:
        # In a process of its own: reading the -shm from this process would close a
        # file descriptor on it, and POSIX drops every lock a process holds on a file
        # when any descriptor of it closes; the CLI would then fold and delete the WAL.
        self.holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(self.cli.journal)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.holder.stdout is not None
        assert self.holder.stdout.readline() == b"holding\n"

    def release(self) -> None:
        if self.holder is not None:
            self.holder.communicate(timeout=30)
            assert self.holder.returncode == 0
            self.holder = None

    def stop(self) -> None:
        """After a failure: no holder process is left behind."""
        if self.holder is not None:
            self.holder.kill()
            self.holder.communicate(timeout=30)

    def blobs(self) -> dict[int, bytes]:
        with contextlib.closing(sqlite3.connect(self.cli.journal)) as db:
            return {row: bytes(blob) for row, blob in db.execute("SELECT id, blob FROM records")}

    def meta(self, key: str) -> bytes:
        with contextlib.closing(sqlite3.connect(self.cli.journal)) as db:
            return bytes(db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()[0])

    def gone(self, after: str, old: list[bytes]) -> None:
        """What a command replaced or deleted must be wiped, not merely unlinked (A2)."""
        for name, data in folder_bytes(*self.scanned).items():
            self.stale += [(after, name) for needle in old if needle in data]

    def scan(self) -> None:
        files = folder_bytes(*self.scanned)
        wal = f"{self.cli.journal}-wal"
        self.largest_wal = max(self.largest_wal, len(files.get(wal, b"")))
        self.bytes_scanned += sum(len(data) for data in files.values())
        self.scans += 1
        self.hits |= set(hits(files, WORDS))

    def run(self, *args: str, stdin: str | None = None, **env: str) -> Result:
        result = self.cli(
            *args, stdin=stdin, env={"RECOVERY_JOURNAL_PASSPHRASE": self.passphrase, **env}
        )
        assert result.exit_code == 0, (args, result)
        self.results.append(result)
        self.commands.append(" ".join(a for a in args[:2] if not a.startswith("-")))
        self.scan()
        return result

    def log(self, *args: str, stdin: str | None = None) -> str:
        words = self.run(*args, stdin=stdin).stdout.split()
        assert words[0] == "Saved", words
        return words[-1]


def available(cli: Cli, *command: str) -> set[str]:
    """The command names `rj [command] --help` lists."""
    text = cli.ok(*command, "--help", passphrase=None).stdout
    return set(re.findall(r"^│ ([a-z][a-z-]+) ", text, flags=re.MULTILINE))


def share(s: Session, out: Path, can_import: bool) -> None:
    """Every export there is: plaintext by design, written only where the person asks."""
    w = WORDS
    exporting = available(s.cli, "export")
    if "summary" in exporting:
        s.run(
            "export", "summary", "--since", "2026-01-01", "--include-notes",
            "--recipient", w[44], "-o", f"{out}.md", "--yes",
        )  # fmt: skip
    if "tlfb" in exporting:
        s.run("export", "tlfb", "--since", "2026-01-01", "-o", f"{out}.csv", "--yes")
    if "diary-card" in exporting:
        s.run("export", "diary-card", "--week", "2026-03-01", "-o", f"{out}-card.md", "--yes")
    if "history" in exporting:
        s.run("export", "history")
        s.run("export", "history", "--json")
    if "data" in exporting:
        s.run("export", "data", "-o", f"{out}.json", "--yes")
        if can_import:
            s.run("import", "json", f"{out}.json", "--dry-run")
            s.run("import", "json", f"{out}.json")


def keep_safe(s: Session, commands: set[str], backups: Path) -> list[str]:
    """Recovery key, key rotation, backup and restore; returns the recovery keys shown."""
    shown_keys: list[str] = []
    if "recovery-key" in commands:
        shown = s.run("recovery-key", "new", "--yes").stdout
        shown_keys += re.findall(r"^\s{4}(\S.*\S)\s*$", shown, flags=re.MULTILINE)
    if "rotate-keys" in commands:
        old = [blob[:32] for blob in s.blobs().values()]
        shown = s.run("rotate-keys").stdout
        shown_keys += re.findall(r"^\s{4}(\S.*\S)\s*$", shown, flags=re.MULTILINE)
        s.gone("rotate-keys", old)
    s.release()  # restore replaces the file: let go of it first
    if "backup" in commands:
        copy = str(backups / "journal-backup.db")
        s.run("backup", copy)
        s.run("backup", "--verify", copy)
        s.log("note", f"written after the backup {WORDS[46]}")
        if "restore" in commands:
            s.run("restore", copy, "--yes")
    s.hold()
    return shown_keys


@pytest.fixture
def session(process_cli: Cli, tmp_path: Path) -> Iterator[Session]:
    """Real processes: the temporary folder is chosen from $TMPDIR once per process."""
    cli = process_cli
    (tmp_path / "backups").mkdir()
    s = Session(cli, [cli.journal.parent, tmp_path / "backups"])
    yield s
    s.stop()


def test_a_full_session_of_every_command_leaves_no_plaintext_on_disk(
    session: Session, tmp_path: Path, figures: Callable[..., None]
) -> None:
    w, s, cli = WORDS, session, session.cli
    backups, exports = tmp_path / "backups", tmp_path / "exports"
    exports.mkdir()
    commands = available(cli)
    started = time.time()

    s.run("init", "--tracker", w[0], "--clean-date", "2026-01-01")
    s.hold()
    s.run("tracker", "add", w[1], "--clean-date", "2026-02-01", "--cost-per-day", "9.50")
    s.run("tracker", "edit", w[1], "--name", w[2], "--currency", "EUR")
    s.run("tracker", "add", w[3], "--clean-date", "2026-02-02")
    s.run("tracker", "remove", w[3], "--yes")
    s.run("tracker", "list")

    at = ("--at", "2026-03-01 09:00")
    mood = s.log("mood", "4", "--feeling", w[4], "--feeling", w[5], "--note", w[6], "--tag", w[7])
    craving = s.log(
        "craving", "7", "--substance", w[8], "--trigger", w[9], "--halt", "lonely",
        "--coping", w[10], "--note", w[11], "--tag", w[12], *at,
    )  # fmt: skip
    s.log("craving", "9", "--substance", w[0], "--outcome", "used", "--note", w[13], *at)
    trigger = s.log(
        "trigger", "--category", "places", "--intensity", "5", "--note", w[15], "--tag", w[16],
        stdin=f"passing the {w[14]}\n",
    )  # fmt: skip
    meeting = s.log(
        "meeting", "--fellowship", w[17], "--name", w[18], "--online", "--minutes", "45",
        "--note", w[19], "--tag", w[20], *at,
    )  # fmt: skip
    gratitude = s.log("gratitude", w[21], w[22], "--note", w[23])
    s.log("gratitude", stdin=f"{w[24]}\n{w[25]}\n")
    use = s.log("use", "--substance", w[0], "--amount", w[26], "--note", w[27], "--tag", w[28])
    note = s.log("note", f"dear diary, {w[29]}", "--note", w[30], "--tag", w[31])
    s.log("note", stdin=f"piped {w[32]}\nsecond line\n")
    doomed = s.log("note", f"soon deleted {w[33]}")

    s.run("list")
    s.run("list", "--search", w[29], "--json")
    s.run("list", "--kind", "craving", "--tag", w[12])
    s.run("show", mood)
    s.run("show", craving, "--json")
    s.run("edit", mood, "--note", w[34], "--feeling", w[35], "--tag", w[36])
    s.run("edit", craving, "--coping", w[37], "--trigger", w[38])
    s.run("edit", trigger, "--description", w[39])
    s.run("edit", meeting, "--name", w[40])
    s.run("edit", gratitude, "--item", w[41])
    s.run("edit", use, "--amount", w[42])
    s.run("edit", note, "--text", w[43])
    doomed_row = ids.decode(json.loads(s.run("show", doomed, "--json").stdout)["id"])
    old_blob = s.blobs()[doomed_row][:32]
    s.run("delete", doomed, "--yes")
    s.gone("delete", [old_blob])
    s.run("streak")
    s.run("streak", w[2], "--history")
    s.run("streak", "--json")
    s.run("trends", "--since", "2026-01-01")
    s.run("trends", "--by", "day", "--json")
    s.run("verify")

    if "export" in commands:
        share(s, exports / "out", "import" in commands)

    old_wrapped = json.loads(s.meta("keyslot:passphrase"))["wrapped"].encode()
    s.run("passwd", RECOVERY_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE)
    s.gone("passwd", [old_wrapped])
    s.passphrase = NEW_PASSPHRASE
    s.log("note", f"after the new passphrase {w[45]}")

    recovery_keys = keep_safe(s, commands, backups)
    s.log("mood", "8", "--note", f"last words {w[47]}", "--tag", w[48])
    s.run("list", "--search", w[49])  # a word only ever typed as a search
    s.release()
    s.run("verify")

    # At rest, and outside the journal: temporary folder, HOME, and new files in /dev/shm.
    at_rest = folder_bytes(cli.journal.parent, backups)
    outside = folder_bytes(tmp_path / "tmp", tmp_path / "home") | new_shared_memory(started)
    s.bytes_scanned += sum(len(data) for data in outside.values())
    assert s.largest_wal > 16 * 1024  # the write-ahead log was searched, not just the file
    assert sorted(s.hits) == []
    assert s.stale == []  # old ciphertext and old wrapped keys were wiped
    assert hits(at_rest, WORDS) == []
    assert hits(outside, WORDS) == []
    assert list((tmp_path / "tmp").iterdir()) == []
    secrets = [PASSPHRASE, NEW_PASSPHRASE, *recovery_keys]
    assert hits(at_rest | outside, secrets) == []
    for result in s.results:
        assert PASSPHRASE not in result.output
        assert NEW_PASSPHRASE not in result.output

    # The search itself works: the exports hold the words in the clear.
    exported = folder_bytes(exports)
    if exported:
        assert {word for word, _ in hits(exported, WORDS[:44])}
    figures(
        "leaks (full session)",
        commands=len(s.results),
        distinct_commands=len(set(s.commands)),
        words=len(WORDS),
        scans=s.scans,
        bytes_scanned=s.bytes_scanned,
        files_at_rest=len(at_rest),
        largest_wal_bytes=s.largest_wal,
        hits=len(s.hits),
        stale_ciphertext_or_key_hits=len(s.stale),
        passphrase_hits=0,
        recovery_keys_checked=len(recovery_keys),
    )


# -- the passphrase in tracebacks, argv and the environment ------------------------------------

FAILING = """\
from recovery_journal.vault import keyslots
real_open = keyslots.open_keyslot

def open_then_fail(slot, passphrase, *rest):
    key = real_open(slot, passphrase, *rest)
    # A bug whose message drags the secrets along: only their redacted reprs may show.
    raise RuntimeError(f"injected fault after unlocking with {passphrase!r}: {key!r} {slot!r}")

keyslots.open_keyslot = open_then_fail
from recovery_journal.cli import main
raise SystemExit(main())
"""


def secret_forms(secret: bytes) -> list[bytes]:
    return [
        secret,
        secret.hex().encode(),
        base64.b64encode(secret),
        repr(secret).encode(),
        secret.decode("latin-1").encode("utf-16-le"),
    ]


@pytest.mark.parametrize(
    ("flags", "extra_env"),
    [
        ([], {}),
        (["-X", "dev"], {}),
        ([], {"TYPER_STANDARD_TRACEBACK": "1", "_TYPER_STANDARD_TRACEBACK": "1"}),
        ([], {"TERM": "xterm-256color", "FORCE_COLOR": "1"}),
    ],
    ids=["plain", "python -X dev", "typer standard traceback", "color terminal"],
)
def test_a_forced_traceback_never_shows_the_passphrase_or_the_key(
    fresh: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    flags: list[str],
    extra_env: dict[str, str],
) -> None:
    cli = fresh
    keys: list[bytes] = []

    class KeptCipher(crypto.RecordCipher):
        def __init__(self, dek: Secret, *args: Any) -> None:
            keys.append(dek.reveal())
            super().__init__(dek, *args)

    with monkeypatch.context() as patched:
        patched.setattr(crypto, "RecordCipher", KeptCipher)
        Journal.unlock(cli.journal, Secret.from_passphrase(PASSPHRASE)).close()
    (data_key,) = set(keys)  # the data key, to look for in the output
    script = tmp_path / "failing.py"
    script.write_text(FAILING)
    env = {
        **cli.env,
        **extra_env,
        "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE,
        "RECOVERY_JOURNAL_DEBUG": "1",
    }
    proc = subprocess.run(
        [sys.executable, *flags, str(script), "list"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    output = proc.stdout + proc.stderr
    for form in [*secret_forms(PASSPHRASE.encode()), *secret_forms(data_key)]:
        assert form not in output
    assert proc.returncode != 0
    assert b"Traceback" in proc.stderr  # the traceback was really forced
    assert b"injected fault after unlocking with Secret(<redacted>)" in proc.stderr


def test_the_passphrase_is_never_in_argv_and_is_removed_from_the_environment(
    fresh: Cli, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    cli = fresh
    note = cli.log("note", "something to delete")
    env = {k: v for k, v in cli.env.items() if not k.startswith("RECOVERY_JOURNAL_PASSPHRASE")}

    # 1. Waiting at the hidden passphrase prompt: argv holds no secret.
    child = pexpect.spawn(
        sys.executable, ["-m", "recovery_journal", "list"], env=env, timeout=30, encoding="utf-8"
    )
    try:
        child.expect("Passphrase: ")
        cmdline = Path(f"/proc/{child.pid}/cmdline").read_bytes()
        child.sendline(PASSPHRASE)
        child.expect(pexpect.EOF)
        shown = child.before or ""
    finally:
        child.close(force=True)
    assert PASSPHRASE.encode() not in cmdline
    assert b"recovery_journal\x00list" in cmdline
    assert PASSPHRASE not in shown  # the prompt hid what was typed
    assert child.exitstatus == 0

    # 2. Given in the environment: the process drops it from os.environ once read (no child
    # inherits it), but Linux's /proc/PID/environ shows the environment the process started
    # with, which still holds it: documented, not failed (only the same user or root can read it).
    child = pexpect.spawn(
        sys.executable,
        ["-m", "recovery_journal", "delete", note],
        env={**env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE},
        timeout=30,
        encoding="utf-8",
    )
    try:
        child.expect(r"\[y/N\]")  # unlocked, now asking
        environ = Path(f"/proc/{child.pid}/environ").read_bytes()
        cmdline = Path(f"/proc/{child.pid}/cmdline").read_bytes()
        child.sendline("n")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert PASSPHRASE.encode() not in cmdline
    initial_environ_shows_it = PASSPHRASE.encode() in environ

    # In this process: after main() the variable is gone from os.environ.
    code, _, err = run_main(["list"], monkeypatch, RECOVERY_JOURNAL_PASSPHRASE=PASSPHRASE)
    assert code == 0, err
    assert "RECOVERY_JOURNAL_PASSPHRASE" not in os.environ

    figures(
        "leaks (argv and environment)",
        passphrase_in_argv=0,
        removed_from_os_environ=True,
        initial_proc_environ_still_shows_it=initial_environ_shows_it,
    )


def test_the_needles_find_every_word_in_every_encoding() -> None:
    """Guards the session test: each word is found plain, as UTF-16 and as base64."""
    for word in WORDS:
        for shift in range(3):
            blob = b"x" * shift + word.encode() + b"yz"
            files = {
                "plain": b"--" + blob,
                "utf16": blob.decode().encode("utf-16-le"),
                "b64": base64.b64encode(blob),
            }
            assert {name for _, name in hits(files, [word])} == set(files), word
    assert all(len(needle) >= 12 for word in WORDS for needle in needles(word))
