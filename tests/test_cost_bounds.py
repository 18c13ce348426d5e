"""Every cost an attacker can set is bounded (issue "Integrity you can prove").

KDF settings read from a file are capped by memory and by total cost before any key
derivation runs (counted with `kdf_runs`, never timed); scrypt costlier than rj's own
fallback is refused where Argon2id exists. A file handed to `restore` or
`backup --verify` is refused on its size alone when it is sparse or absurd, and is read
in place, never copied whole into memory. `restore` swaps the journal under its write
lock: a writer running through 20 restores loses no entry it was told was saved.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSPHRASE, Cli, KdfRuns, Result
from recovery_journal.domain.entries import Note
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import InvalidInput, NotAJournal
from recovery_journal.vault import backup as backups
from recovery_journal.vault import crypto, files, keyslots
from recovery_journal.vault.journal import Journal
from recovery_journal.vault.keyslots import KdfParams
from recovery_journal.vault.storage import JournalFile

SECRET = crypto.Secret.from_passphrase(PASSPHRASE)
GIB = 1024**3


def error(result: Result) -> str:
    assert result.exit_code == 1, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result
    assert lines[0].startswith("Error: "), result
    return lines[0]


# -- KDF caps: by memory and by total cost, before any work ---------------------------------

ARGON = {"alg": "argon2id", "m_kib": 131072, "t": 3, "p": 4}
SCRYPT = {"alg": "scrypt", "log2_n": 17, "r": 8, "p": 1}


@pytest.mark.parametrize(
    ("data", "accepted"),
    [
        pytest.param({**ARGON, "m_kib": 1024 * 1024}, True, id="argon 1 GiB x 3"),
        pytest.param({**ARGON, "m_kib": 1024 * 1024, "t": 4}, False, id="argon 1 GiB x 4"),
        pytest.param({**ARGON, "m_kib": 1024 * 1024, "t": 10}, False, id="argon 1 GiB x 10"),
        pytest.param({**ARGON, "m_kib": 512 * 1024, "t": 8}, False, id="argon 512 MiB x 8"),
        pytest.param({**ARGON, "m_kib": 384 * 1024, "t": 10}, True, id="argon 384 MiB x 10"),
        pytest.param(SCRYPT, True, id="scrypt fallback"),
        pytest.param({**SCRYPT, "log2_n": 20, "r": 8}, False, id="scrypt 1 GiB"),
        pytest.param({**SCRYPT, "log2_n": 20, "r": 32}, False, id="scrypt 4 GiB (old caps)"),
        pytest.param({**SCRYPT, "p": 5}, False, id="scrypt p 5"),
    ],
)
def test_kdf_settings_from_a_file_are_capped_before_any_derivation(
    data: dict[str, Any], accepted: bool, kdf_runs: KdfRuns, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyslots, "argon2id_available", lambda: True)
    if accepted:
        assert KdfParams.from_json(data).to_json() == data
    else:
        with pytest.raises(ValueError, match=r"bounds|fallback"):
            KdfParams.from_json(data)
    assert kdf_runs == []


def test_costlier_scrypt_is_accepted_only_where_argon2id_is_unavailable(
    kdf_runs: KdfRuns, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    one_gib = {**SCRYPT, "log2_n": 20}  # 128 * 8 * 2^20 bytes = 1 GiB, p = 1
    monkeypatch.setattr(keyslots, "argon2id_available", lambda: True)
    with pytest.raises(ValueError, match="fallback"):
        KdfParams.from_json(one_gib)
    monkeypatch.setattr(keyslots, "argon2id_available", lambda: False)
    assert KdfParams.from_json(one_gib).cost == GIB
    with pytest.raises(ValueError, match="bounds"):
        KdfParams.from_json({**one_gib, "p": 2})  # 2 GiB x lanes: over 10x the fallback
    with pytest.raises(ValueError, match="bounds"):
        KdfParams.from_json({**one_gib, "r": 16})  # 2 GiB of memory
    assert kdf_runs == []
    figures("cost bounds: KDF caps", refused_before_any_kdf=4, kdf_runs=len(kdf_runs))


def test_a_tampered_slot_at_the_old_caps_is_refused_with_no_kdf_run(
    fresh: Cli, kdf_runs: KdfRuns, figures: Callable[..., None]
) -> None:
    """The settings the issue measured (Argon2id 1 GiB x 10: 49 s; scrypt 4 GiB: 270 s)."""
    cli = fresh
    for kdf in (
        {"alg": "argon2id", "m_kib": 1024 * 1024, "t": 10, "p": 4},
        {"alg": "scrypt", "log2_n": 20, "r": 32, "p": 1},
    ):
        with contextlib.closing(sqlite3.connect(cli.journal)) as db, db:
            slot = json.loads(
                db.execute("SELECT v FROM meta WHERE k = 'keyslot:passphrase'").fetchone()[0]
            )
            slot["kdf"] = kdf
            db.execute(
                "UPDATE meta SET v = ? WHERE k = 'keyslot:passphrase'", (json.dumps(slot).encode(),)
            )
        assert "impossible settings" in error(cli("list"))
    assert kdf_runs == []
    figures("cost bounds: slot at the old caps", refused=2, kdf_runs=0)


def test_passwd_refuses_a_cost_it_could_not_open_again(fresh: Cli, kdf_runs: KdfRuns) -> None:
    line = error(fresh("passwd", "--kdf-memory", "1024", "--kdf-time", "4"))
    assert "over the cap of 3840 MiB x passes" in line
    assert kdf_runs == []
    with pytest.raises(InvalidInput, match="over the cap"):
        keyslots.passphrase_kdf(512, 8)


# -- malformed keyslot fields: "the key data is damaged", never exit 70 ----------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"nonce": "00"}, id="nonce 1 byte"),
        pytest.param({"nonce": ""}, id="nonce empty"),
        pytest.param({"nonce": "00" * 200}, id="nonce 200 bytes"),
        pytest.param({"salt": ""}, id="salt empty"),
        pytest.param({"salt": "00" * 4}, id="salt 4 bytes"),
        pytest.param({"wrapped": "00" * 8}, id="wrapped 8 bytes"),
        pytest.param({"salt": 5}, id="salt a number"),
    ],
)
def test_a_malformed_keyslot_nonce_or_salt_is_damaged_key_data(
    change: dict[str, object], fresh: Cli, kdf_runs: KdfRuns
) -> None:
    with contextlib.closing(sqlite3.connect(fresh.journal)) as db, db:
        slot = json.loads(
            db.execute("SELECT v FROM meta WHERE k = 'keyslot:passphrase'").fetchone()[0]
        )
        slot.update(change)
        db.execute(
            "UPDATE meta SET v = ? WHERE k = 'keyslot:passphrase'", (json.dumps(slot).encode(),)
        )
    line = error(fresh("list"))
    assert "key data" in line
    assert "damaged" in line
    assert kdf_runs == []


# -- files handed to restore and backup --verify --------------------------------------------


def test_a_sparse_file_of_3_gib_is_refused_before_it_is_read(
    fresh: Cli, tmp_path: Path, figures: Callable[..., None]
) -> None:
    sparse = tmp_path / "sparse.db"
    with sparse.open("wb") as file:
        file.write(b"SQLite format 3\0" + bytes(16 * 1024 - 16))
        file.truncate(3 * GIB)
    info = sparse.stat()
    assert info.st_blocks * 512 < 1024 * 1024  # holes: the file takes almost no space
    for command in (("backup", "--verify", str(sparse)), ("restore", "--yes", str(sparse))):
        line = error(fresh.as_process()(*command))
        assert "is a sparse file" in line
    rss = _peak_rss_mib(fresh, "backup", "--verify", str(sparse))
    assert sorted(p.name for p in fresh.journal.parent.iterdir()) == ["journal.db"]
    figures(
        "cost bounds: 3 GiB sparse file",
        apparent_gib=3,
        allocated_kib=info.st_blocks // 2,
        refused=2,
        peak_rss_mib=rss,
    )


def test_a_file_far_larger_than_the_journal_is_refused(
    fresh: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.db"
    big.write_bytes(os.urandom(2 * 1024 * 1024))  # real data, not sparse
    monkeypatch.setattr(files, "LARGEST_PLAUSIBLE", 1024 * 1024)
    with pytest.raises(NotAJournal, match="far larger than your journal"):
        backups.check_plausible(big, fresh.journal)
    backups.check_plausible(fresh.journal, fresh.journal)  # a journal's own size is fine


def _peak_rss_mib(cli: Cli, *args: str) -> float:
    """The peak resident memory of `rj ARGS` run as a real process, in MiB."""
    env = {**cli.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE}
    proc = subprocess.Popen(
        [sys.executable, "-m", "recovery_journal", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return round(usage.ru_maxrss * scale / 1024 / 1024, 1)


def test_backup_verify_reads_the_file_in_place_not_whole_into_memory(
    fresh: Cli, tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli = fresh
    cli.log("note", "in the backup")
    small, padded = tmp_path / "small.db", tmp_path / "padded.db"
    cli.ok("backup", str(small))
    cli.ok("backup", str(padded))
    with contextlib.closing(sqlite3.connect(padded)) as db:  # 96 MiB of free pages
        with db:
            db.execute("CREATE TABLE pad (x BLOB)")
            db.execute("INSERT INTO pad VALUES (zeroblob(96 * 1024 * 1024))")
        with db:
            db.execute("DROP TABLE pad")
    assert padded.stat().st_size > 96 * 1024 * 1024
    assert "Backup OK" in cli.ok("backup", "--verify", str(padded)).stdout
    base = _peak_rss_mib(cli, "backup", "--verify", str(small))
    grown = _peak_rss_mib(cli, "backup", "--verify", str(padded))
    assert grown - base < 24, (base, grown)  # the old in-memory copy: +96 MiB
    figures("cost bounds: backup --verify of a 96 MiB file", rss_mib=grown, small_rss_mib=base)


# -- restore under a concurrent writer --------------------------------------------------------

WRITER = r"""
import os, sys
from datetime import datetime, timezone
from pathlib import Path
from recovery_journal.domain.entries import Note
from recovery_journal.errors import JournalError
from recovery_journal.vault import crypto
from recovery_journal.vault.journal import Journal

path, stop = Path(sys.argv[1]), Path(sys.argv[2])
secret = crypto.Secret.from_passphrase(sys.argv[3])
at = datetime(2026, 3, 1, tzinfo=timezone.utc)
held = None
n = 0
while not stop.exists():
    n += 1
    text = f"acked {n}"
    try:
        if n % 3 == 0:  # a journal kept open across restores, like a long command
            if held is None:
                held = Journal.unlock(path, secret)
            held.add(Note(id="", at=at, text=text))
        else:
            with Journal.unlock(path, secret) as journal:
                journal.add(Note(id="", at=at, text=text))
    except JournalError as exc:
        print("refused", type(exc).__name__, flush=True)
        if held is not None:
            held.close()
            held = None
        continue
    print("ack", text, flush=True)
"""


def _texts(journal: Journal) -> set[str]:
    return {getattr(entry, "text", "") for entry in journal.contents().entries}


@pytest.mark.slow
def test_restore_under_a_concurrent_writer_loses_no_acknowledged_entry(
    tmp_path: Path, figures: Callable[..., None]
) -> None:
    path = tmp_path / "data" / "journal.db"
    tracker = Tracker(id="", name="sobriety", clean_date=date(2026, 1, 1))
    at = datetime(2026, 2, 1, tzinfo=timezone.utc)
    backups_made = []
    with Journal.create(path, SECRET, tracker) as journal:
        for n in range(3):
            journal.add(Note(id="", at=at, text=f"backup {n}"))
            backups_made.append(tmp_path / f"backup-{n}.db")
            backups.backup(journal, backups_made[-1], SECRET, force=False)
    script, stop = tmp_path / "writer.py", tmp_path / "stop"
    script.write_text(WRITER)
    writer = subprocess.Popen(
        [sys.executable, str(script), str(path), str(stop), PASSPHRASE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    restores = 0
    started = time.monotonic()
    try:
        time.sleep(0.3)
        for n in range(24):
            plan = backups.restore(backups_made[n % 3], path, SECRET, lambda plan: True)
            assert plan is not None
            restores += 1
            time.sleep(0.02 * (n % 4))
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    acked = {line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("ack ")}
    refused = sum(line.startswith("refused") for line in out.splitlines())
    present: set[str] = set()
    with Journal.unlock_store(JournalFile.open(path), SECRET, check_device=False) as journal:
        present |= _texts(journal)
    kept = backups.kept_copies(path)
    for copy in (path for path in kept if path.suffix == ".bak"):  # not a damaged one's -wal
        with backups.open_backup(copy, SECRET) as journal:
            present |= _texts(journal)
    lost = acked - present
    figures(
        "restore under a concurrent writer",
        restores=restores,
        acknowledged=len(acked),
        refused_writes=refused,
        kept_copies=len(kept),
        lost=len(lost),
        seconds=round(time.monotonic() - started, 1),
    )
    assert restores >= 20
    assert len(acked) >= 20
    assert not lost, sorted(lost)[:5]
    backups.remove_kept(kept)
    assert backups.kept_copies(path) == []


# -- the copies restore keeps ------------------------------------------------------------------


def test_restore_says_where_its_copy_is_and_backup_prune_removes_them(
    fresh: Cli, tmp_path: Path, figures: Callable[..., None]
) -> None:
    cli = fresh
    cli.log("note", "one")
    backup = tmp_path / "backup.db"
    cli.ok("backup", str(backup))
    said = [cli.ok("restore", "--yes", str(backup)).stdout for _ in range(2)]
    kept = backups.kept_copies(cli.journal)
    assert len(kept) == 2
    for path in kept:
        assert any(f"Your previous journal is kept at {path}." in out for out in said)
    assert all("rj backup --prune" in out for out in said)
    assert "--yes" in error(cli("backup", "--prune"))
    assert backups.kept_copies(cli.journal) == kept  # nothing removed without a yes
    pruned = cli.ok("backup", "--prune", "--yes").stdout
    assert all(str(path) in pruned for path in kept)
    assert "Removed 2 kept copies." in pruned
    assert sorted(p.name for p in cli.journal.parent.iterdir()) == ["journal.db"]
    assert "nothing was removed" in cli.ok("backup", "--prune").stdout
    assert "Give the FILE" in error(cli("backup"))
    figures("restore copies: pruned", kept=2, removed=2)
