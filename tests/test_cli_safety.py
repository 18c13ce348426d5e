"""Safety features end to end: backup, restore, recovery key, KDF cost, key rotation,
clear failures (foreign, newer, read-only, missing, full disk) and schema migrations."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from conftest import (
    PASSPHRASE,
    Cli,
    KdfRuns,
    Result,
    before_the_manifest,
    finish,
    flip_byte,
    journal_files,
    record_ids,
    spawn,
)
from recovery_journal.domain.entries import Note
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import MigrationFailed, NotAJournal, StorageError
from recovery_journal.vault import backup as backups
from recovery_journal.vault import crypto, migrations
from recovery_journal.vault.journal import Journal
from recovery_journal.vault.recovery_key import RecoveryKey

NEW_PASSPHRASE = "a different staple for the horse"
KEY_PATTERN = re.compile(r"\b(?:[0-9A-Z]{4}-){6}[0-9A-Z]{4}\b")


# -- helpers ------------------------------------------------------------------------------


def error_line(result: Result) -> str:
    """The single `Error: ...` line a failing command must print on stderr."""
    lines = [line for line in result.stderr.splitlines() if not line.startswith(("Warning", " "))]
    assert result.exit_code == 1, result
    assert len(lines) == 1, result
    assert lines[0].startswith("Error: "), result
    assert "Traceback" not in result.output
    return lines[0]


def fingerprint(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in journal_files(path)}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def meta(path: Path) -> dict[str, bytes]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {k: bytes(v) for k, v in db.execute("SELECT k, v FROM meta")}


def blobs(path: Path) -> dict[int, bytes]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return dict(db.execute("SELECT id, blob FROM records"))


def integrity(path: Path) -> str:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def texts(cli: Cli, *args: str, passphrase: str = PASSPHRASE) -> list[str]:
    listing = cli.ok(*args, "list", "--json", "--limit", "0", passphrase=passphrase)
    return sorted(entry.get("text", entry["kind"]) for entry in json.loads(listing.stdout))


def recovery_key_in(result: Result) -> str:
    (key,) = KEY_PATTERN.findall(result.stdout)
    return str(key)


def with_recovery_key(cli: Cli, key: str, *args: str, new: str = NEW_PASSPHRASE) -> Result:
    env = {"RECOVERY_JOURNAL_RECOVERY_KEY": key, "RECOVERY_JOURNAL_NEW_PASSPHRASE": new}
    return cli("passwd", "--recovery-key", *args, passphrase=None, env=env)


def slot(path: Path, name: str = "passphrase") -> dict[str, object]:
    return dict(json.loads(meta(path)[f"keyslot:{name}"]))


def edit_slot(path: Path, name: str, **changes: object) -> None:
    changed = {**slot(path, name), **changes}
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "UPDATE meta SET v = ? WHERE k = ?", (json.dumps(changed).encode(), f"keyslot:{name}")
        )


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only, for root too (`chattr +i`); undone afterwards."""
    if os.geteuid() != 0:
        old = mode(path)
        path.chmod(0o500 if path.is_dir() else 0o400)
        try:
            yield
        finally:
            path.chmod(old)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", path], check=False).returncode:
        pytest.skip("running as root, and files cannot be made immutable here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", path], check=True)


def run_with_file_size_limit(cli: Cli, limit: int, *args: str) -> Result:
    """Run the CLI as if the disk filled up: no file may grow past `limit` bytes."""

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(
        [sys.executable, "-m", "recovery_journal", *args],
        env={**cli.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        start_new_session=True,
        preexec_fn=limit_file_size,  # the child sets its own limit; no threads run here
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


# -- backup ------------------------------------------------------------------------------


def test_backup_is_a_private_encrypted_copy_checked_with_the_passphrase(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    cli.log("note", "zanzibarquokka private words")
    target = tmp_path / "usb" / "journal-backup.db"
    target.parent.mkdir()

    result = cli.ok("backup", str(target))
    assert f"Backed up 2 records to {target}" in result.stdout
    assert "opens with your current passphrase" in result.stdout
    assert mode(target) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temp, no -wal
    assert target.read_bytes()[18:20] == b"\x01\x01"  # rollback mode: one self-contained file
    assert b"zanzibarquokka" not in target.read_bytes()
    assert integrity(target) == "ok"

    checked = cli.ok("backup", "--verify", str(target))
    assert "Backup OK: 2 records decrypted and authenticated." in checked.stdout
    assert re.search(r"note\s+1", checked.stdout)
    wrong = error_line(cli("backup", "--verify", str(target), passphrase="not it at all"))
    assert "Wrong passphrase for the backup" in wrong

    before = target.read_bytes()
    assert "--force" in error_line(cli("backup", str(target)))
    assert target.read_bytes() == before
    cli.log("note", "second")
    assert "3 records" in cli.ok("backup", "--force", str(target)).stdout
    assert texts(cli, "--journal", str(target)) == ["second", "zanzibarquokka private words"]


def test_backup_refuses_bad_targets_before_asking_anything(fresh: Cli, tmp_path: Path) -> None:
    cli = fresh
    cases = {
        str(cli.journal): "is the journal itself",
        str(tmp_path / "missing" / "b.db"): "does not exist",
        str(tmp_path): "is a folder",
    }
    for target, message in cases.items():
        assert message in error_line(cli("backup", target, passphrase=None))
    assert "No backup" in error_line(cli("backup", "--verify", str(tmp_path / "none.db")))


WRITER = """
import os, sys, time
from datetime import datetime, timezone
from pathlib import Path
from recovery_journal.vault.crypto import Secret
from recovery_journal.vault.journal import Journal
from recovery_journal.domain.entries import Note
secret = Secret.from_passphrase(os.environ.pop("RECOVERY_JOURNAL_PASSPHRASE"))
journal = Journal.unlock(Path(sys.argv[1]), secret)
deadline = time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < deadline:
    journal.add(Note(id="", at=datetime.now(timezone.utc), text=f"entry {n}"))
    n += 1
    print(n, flush=True)
"""


def test_backup_while_another_process_writes_is_consistent_and_opens(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(cli.journal), "2"],
        env={**cli.env, "RECOVERY_JOURNAL_PASSPHRASE": PASSPHRASE},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    writer.stdout.readline()  # the writer is under way
    counts = []
    for number in range(2):
        target = tmp_path / f"during-{number}.db"
        result = cli.ok("backup", str(target))
        counts.append(int(re.findall(r"Backed up (\d+) records", result.stdout)[0]))
        assert integrity(target) == "ok"
        assert mode(target) == 0o600
    acked = int(writer.communicate(timeout=30)[0].split()[-1])
    assert writer.returncode == 0
    assert counts == sorted(counts)
    assert counts[0] > 1  # the writer had written before the first backup
    assert counts[-1] <= acked + 1  # + the tracker
    report = cli.ok("backup", "--verify", str(tmp_path / "during-1.db")).stdout
    assert f"Backup OK: {counts[-1]} records" in report
    assert cli.ok("verify").exit_code == 0


def test_a_failing_write_leaves_no_backup_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = crypto.Secret.from_passphrase(PASSPHRASE)
    tracker = Tracker(id="", name="sobriety", clean_date=date(2026, 1, 1))
    journal = Journal.create(tmp_path / "journal.db", secret, tracker)

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)  # the os module backup.py renames with
    with journal, pytest.raises(StorageError, match=r"^Not saved: the disk is full"):
        backups.backup(journal, tmp_path / "b.db", secret, force=False)
    # "state": this device's state folder ($XDG_STATE_HOME), set by conftest.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db", "state"]


# -- restore -----------------------------------------------------------------------------


def test_restore_keeps_the_journal_as_bak_and_the_backup_keeps_its_passphrase(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    cli.log("note", "before the backup")
    backup = tmp_path / "backup.db"
    cli.ok("backup", str(backup))
    cli.log("note", "after the backup")
    cli.ok("passwd", env={"RECOVERY_JOURNAL_NEW_PASSPHRASE": NEW_PASSPHRASE})
    before = fingerprint(cli.journal)

    assert "--yes" in error_line(cli("restore", str(backup)))  # no terminal to confirm on
    wrong = error_line(cli("restore", "--yes", str(backup), passphrase=NEW_PASSPHRASE))
    assert "Wrong passphrase for the backup" in wrong
    assert "No backup" in error_line(cli("restore", "--yes", str(tmp_path / "nope.db")))
    assert fingerprint(cli.journal) == before
    assert sorted(p.name for p in cli.journal.parent.iterdir()) == ["journal.db"]

    result = cli.ok("restore", "--yes", str(backup))
    (kept,) = cli.journal.parent.glob("journal.db.*.bak")
    assert re.fullmatch(r"journal\.db\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.bak", kept.name)
    assert f"Restored 2 records from {backup}" in result.stdout
    assert str(kept) in result.stdout
    assert mode(kept) == mode(cli.journal) == 0o600
    assert sorted(p.name for p in cli.journal.parent.iterdir()) == ["journal.db", kept.name]
    assert texts(cli) == ["before the backup"]
    old = texts(cli, "--journal", str(kept), passphrase=NEW_PASSPHRASE)
    assert old == ["after the backup", "before the backup"]

    # On a new computer: no journal (nor folder) yet.
    elsewhere = tmp_path / "new-laptop" / "journal.db"
    fresh_result = cli.ok("--journal", str(elsewhere), "restore", "--yes", str(backup))
    assert "kept" not in fresh_result.stdout
    assert mode(elsewhere.parent) == 0o700
    assert mode(elsewhere) == 0o600


def test_restore_leaves_no_stale_wal_of_the_old_journal_to_replay(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    backup = tmp_path / "backup.db"
    cli.ok("backup", str(backup))
    # A crash's state: an entry committed to the -wal but not yet folded into the file.
    holder = sqlite3.connect(cli.journal)
    holder.execute("SELECT count(*) FROM records").fetchone()  # keeps the WAL from being folded
    cli.log("note", "only in the wal")
    crashed = {p.name: p.read_bytes() for p in journal_files(cli.journal)}
    holder.close()
    for name, data in crashed.items():
        (cli.journal.parent / name).write_bytes(data)
    assert (cli.journal.parent / "journal.db-wal").stat().st_size > 0

    cli.ok("restore", "--yes", str(backup))
    assert journal_files(cli.journal) == [cli.journal]
    assert texts(cli) == []
    (kept,) = cli.journal.parent.glob("*.bak")
    assert texts(cli, "--journal", str(kept)) == ["only in the wal"]


def test_a_damaged_foreign_or_newer_backup_is_refused_and_the_journal_kept(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    cli.log("note", "keep me")
    damaged, newer, foreign = tmp_path / "damaged.db", tmp_path / "newer.db", tmp_path / "x.db"
    cli.ok("backup", str(damaged))
    shutil.copy(damaged, newer)
    flip_byte(damaged, max(record_ids(damaged)))
    with contextlib.closing(sqlite3.connect(newer)) as db, db:
        db.execute("UPDATE meta SET v = '99' WHERE k = 'schema'")
    foreign.write_text("a shopping list, not a journal\n")
    before = fingerprint(cli.journal)

    assert "damaged" in error_line(cli("restore", "--yes", str(damaged)))
    assert "damaged" in error_line(cli("backup", "--verify", str(damaged)))
    assert "newer Recovery Journal" in error_line(cli("restore", "--yes", str(newer)))
    assert "not a Recovery Journal" in error_line(cli("restore", "--yes", str(foreign)))
    assert "not a Recovery Journal" in error_line(cli("backup", "--verify", str(foreign)))
    assert fingerprint(cli.journal) == before
    assert sorted(p.name for p in cli.journal.parent.iterdir()) == ["journal.db"]


# -- recovery key --------------------------------------------------------------------------


def test_init_recovery_key_flags_and_passwd_with_the_key(cli: Cli) -> None:
    made = cli.init("--recovery-key")
    key = recovery_key_in(made)
    assert "shown only this once" in made.stdout
    assert set(meta(cli.journal)) >= {"keyslot:passphrase", "keyslot:recovery"}
    assert slot(cli.journal, "recovery")["kdf"] == {"alg": "hkdf-sha256"}
    assert key.encode() not in cli.journal.read_bytes()
    cli.log("note", "written before forgetting")
    before = fingerprint(cli.journal)

    typo = key[:-1] + ("0" if key[-1] != "0" else "1")
    assert "typo" in error_line(with_recovery_key(cli, typo))
    stranger = RecoveryKey.generate().formatted()
    assert "Wrong recovery key" in error_line(with_recovery_key(cli, stranger))
    assert fingerprint(cli.journal) == before

    changed = with_recovery_key(cli, key.lower().replace("-", " "))
    assert changed.exit_code == 0, changed
    assert key not in changed.output
    assert "Wrong passphrase" in error_line(cli("list"))
    assert texts(cli, passphrase=NEW_PASSPHRASE) == ["written before forgetting"]

    # It still works, even with the passphrase slot damaged, and repairs that slot.
    with contextlib.closing(sqlite3.connect(cli.journal)) as db, db:
        db.execute("UPDATE meta SET v = x'7b' WHERE k = 'keyslot:passphrase'")
    assert "damaged" in error_line(cli("list", passphrase=NEW_PASSPHRASE))
    assert with_recovery_key(cli, key, new=PASSPHRASE).exit_code == 0
    assert cli.ok("verify").exit_code == 0


def test_without_a_terminal_or_a_flag_init_makes_no_recovery_key_and_says_so(
    cli: Cli, tmp_path: Path
) -> None:
    for flags in ((), ("--no-recovery-key",)):
        path = tmp_path / f"j{len(flags)}" / "journal.db"
        result = cli.ok("--journal", str(path), "init", *flags)
        lines = [line for line in result.stdout.splitlines() if "recovery key" in line]
        assert lines == [
            "No recovery key was made: a lost passphrase means lost entries (add one any time "
            "with `rj recovery-key new`)."
        ]
        assert not KEY_PATTERN.search(result.stdout)
        assert "keyslot:recovery" not in meta(path)
    line = error_line(cli("--journal", str(path), "passwd", "--recovery-key"))
    assert "has no recovery key" in line


def test_recovery_key_new_replace_and_remove(fresh: Cli) -> None:
    cli = fresh
    first = recovery_key_in(cli.ok("recovery-key", "new"))
    assert "--yes" in error_line(cli("recovery-key", "new"))  # replacing needs a confirmation
    second = recovery_key_in(cli.ok("recovery-key", "new", "--yes"))
    assert first != second
    assert "Wrong recovery key" in error_line(with_recovery_key(cli, first))
    assert with_recovery_key(cli, second, new=PASSPHRASE).exit_code == 0
    assert "Removed" in cli.ok("recovery-key", "remove", "--yes").stdout
    assert "has no recovery key" in error_line(with_recovery_key(cli, second))
    assert "keyslot:recovery" not in meta(cli.journal)


def test_at_a_terminal_init_offers_a_recovery_key_and_passwd_asks_for_it_hidden(
    cli: Cli,
) -> None:
    child = spawn(cli, "init")
    for prompt in ("Choose a passphrase: ", "Repeat for confirmation: "):
        child.expect(prompt)
        child.sendline(PASSPHRASE)
    child.expect(r"Make a recovery key\? .*\[Y/n\]: ")
    child.sendline("")
    rest, status = finish(child)
    assert status == 0, rest
    (key,) = KEY_PATTERN.findall(rest)

    child = spawn(cli, "passwd", "--recovery-key")
    child.expect("Recovery key: ")
    child.sendline(key)
    for prompt in ("New passphrase: ", "Repeat for confirmation: "):
        child.expect(prompt)
        child.sendline(NEW_PASSPHRASE)
    rest, status = finish(child)
    assert status == 0, rest
    assert key not in rest  # typed without echo
    assert NEW_PASSPHRASE not in rest
    assert cli.ok("verify", passphrase=NEW_PASSPHRASE).exit_code == 0


def test_at_a_terminal_init_can_decline_the_recovery_key(cli: Cli) -> None:
    child = spawn(cli, "init")
    for prompt in ("Choose a passphrase: ", "Repeat for confirmation: "):
        child.expect(prompt)
        child.sendline(PASSPHRASE)
    child.expect(r"\[Y/n\]: ")
    child.sendline("n")
    rest, status = finish(child)
    assert status == 0, rest
    assert "No recovery key was made" in rest
    assert "keyslot:recovery" not in meta(cli.journal)


def test_at_a_terminal_restore_asks_before_replacing_and_no_changes_nothing(
    fresh: Cli, tmp_path: Path
) -> None:
    cli = fresh
    backup = tmp_path / "backup.db"
    cli.ok("backup", str(backup))
    cli.log("note", "newer than the backup")
    before = fingerprint(cli.journal)
    child = spawn(cli, "restore", str(backup))
    child.expect("Passphrase of the backup: ")
    child.sendline(PASSPHRASE)
    child.expect(r"Replace the journal at .* with the 1 records in .*\? .*\[y/N\]: ")
    child.sendline("n")
    rest, status = finish(child)
    assert status == 0, rest
    assert "Nothing was changed." in rest
    assert fingerprint(cli.journal) == before
    assert sorted(p.name for p in cli.journal.parent.iterdir()) == ["journal.db"]


# -- KDF cost ------------------------------------------------------------------------------


def test_passwd_records_a_raised_kdf_cost_and_plain_passwd_keeps_it(fresh: Cli) -> None:
    cli = fresh
    env = {"RECOVERY_JOURNAL_NEW_PASSPHRASE": NEW_PASSPHRASE}
    result = cli.ok("passwd", "--kdf-memory", "3", "--kdf-time", "2", env=env)
    assert "Argon2id 3 MiB, 2 passes" in result.stdout
    assert slot(cli.journal)["kdf"] == {"alg": "argon2id", "m_kib": 3072, "t": 2, "p": 1}
    cli.ok("passwd", passphrase=NEW_PASSPHRASE, env={"RECOVERY_JOURNAL_NEW_PASSPHRASE": PASSPHRASE})
    assert slot(cli.journal)["kdf"] == {"alg": "argon2id", "m_kib": 3072, "t": 2, "p": 1}

    production = {"RECOVERY_JOURNAL_TEST_KDF": "", **env}
    cli.ok("passwd", "--kdf-memory", "64", "--kdf-time", "3", env=production)
    assert slot(cli.journal)["kdf"] == {"alg": "argon2id", "m_kib": 65536, "t": 3, "p": 4}
    assert cli.ok("verify", passphrase=NEW_PASSPHRASE).exit_code == 0


@pytest.mark.parametrize(
    ("args", "production", "message"),
    [
        (("--kdf-memory", "32"), True, "--kdf-memory must be between 64 and 1024 MiB"),
        (("--kdf-time", "2"), True, "--kdf-time must be between 3 and 10"),
        (("--kdf-memory", "1025"), False, "--kdf-memory must be between 1 and 1024 MiB"),
        (("--kdf-time", "11"), False, "--kdf-time must be between 1 and 10"),
    ],
)
def test_kdf_costs_below_the_floor_or_above_the_caps_are_refused_before_any_prompt(
    fresh: Cli, args: tuple[str, ...], production: bool, message: str
) -> None:
    before = fingerprint(fresh.journal)
    env = {"RECOVERY_JOURNAL_TEST_KDF": ""} if production else {}
    assert message in error_line(fresh("passwd", *args, passphrase=None, env=env))
    assert fingerprint(fresh.journal) == before


def test_a_tampered_keyslot_is_refused_without_running_its_kdf(
    fresh: Cli, kdf_runs: KdfRuns
) -> None:
    cli = fresh
    cli.ok("list")
    assert kdf_runs  # the count sees an ordinary unlock's derivation
    kdf_runs.clear()
    kdf = dict(slot(cli.journal)["kdf"])  # type: ignore[call-overload]
    edit_slot(cli.journal, "passphrase", kdf={**kdf, "m_kib": 2**40})
    assert "impossible settings" in error_line(cli("list"))
    assert kdf_runs == []
    # The fast recovery-key KDF cannot stand in for the passphrase's.
    edit_slot(cli.journal, "passphrase", kdf={"alg": "hkdf-sha256"})
    assert "impossible settings" in error_line(cli("list"))


# -- rotate-keys -----------------------------------------------------------------------------


def test_rotate_keys_reencrypts_everything_and_replaces_the_recovery_key(cli: Cli) -> None:
    old_key = recovery_key_in(cli.init("--recovery-key"))
    cli.log("note", "one")
    before_blobs, before_meta = blobs(cli.journal), meta(cli.journal)

    result = cli.ok("rotate-keys")
    assert "Re-encrypted 2 records" in result.stdout
    assert "old recovery key no longer works" in result.stdout
    new_key = recovery_key_in(result)
    after_blobs, after_meta = blobs(cli.journal), meta(cli.journal)
    assert after_blobs.keys() == before_blobs.keys()
    assert all(after_blobs[i] != before_blobs[i] for i in before_blobs)
    for changed in ("dek_id", "keyslot:passphrase", "keyslot:recovery"):
        assert after_meta[changed] != before_meta[changed], changed
    assert after_meta["journal_id"] == before_meta["journal_id"]
    assert journal_files(cli.journal) == [cli.journal]  # WAL folded in and removed

    assert texts(cli) == ["one"]
    assert "Wrong recovery key" in error_line(with_recovery_key(cli, old_key))
    assert with_recovery_key(cli, new_key).exit_code == 0
    assert cli.ok("verify", passphrase=NEW_PASSPHRASE).exit_code == 0


def test_rotate_keys_refuses_while_a_record_is_damaged_and_changes_nothing(fresh: Cli) -> None:
    cli = fresh
    cli.log("note", "fine")
    flip_byte(cli.journal, max(record_ids(cli.journal)))
    before = fingerprint(cli.journal)
    assert "damaged" in error_line(cli("rotate-keys"))
    assert fingerprint(cli.journal) == before


def test_rotate_keys_on_10000_entries(cli: Cli, journal_path: Path) -> None:
    secret = crypto.Secret.from_passphrase(PASSPHRASE)
    tracker = Tracker(id="", name="sobriety", clean_date=date(2026, 1, 1))
    at = datetime(2026, 3, 1, tzinfo=timezone.utc)
    with Journal.create(journal_path, secret, tracker) as journal:
        journal.add_many(Note(id="", at=at, text=f"entry {n}") for n in range(10_000))
    before = blobs(journal_path)
    result = cli.ok("rotate-keys")
    assert "Re-encrypted 10001 records" in result.stdout
    after = blobs(journal_path)
    assert len(after) == 10_001
    assert not any(after[i] == before[i] for i in before)


# -- failures: foreign, newer, read-only, missing folder, full disk ---------------------------


def test_a_foreign_or_newer_file_at_the_journal_path_is_refused(fresh: Cli) -> None:
    cli = fresh
    with contextlib.closing(sqlite3.connect(cli.journal)) as db, db:
        db.execute("UPDATE meta SET v = '7' WHERE k = 'schema'")
    assert "newer Recovery Journal (schema 7)" in error_line(cli("list"))
    assert "newer" in error_line(cli("backup", str(cli.journal.parent / "b.db")))
    cli.journal.write_text("not ours\n")
    for args in (("list",), ("rotate-keys",), ("recovery-key", "new")):
        assert "not a Recovery Journal" in error_line(cli(*args))
    assert "already exists" in error_line(cli("init"))
    assert cli.journal.read_text() == "not ours\n"


def test_a_read_only_journal_file_can_be_read_but_not_written(fresh: Cli) -> None:
    cli = fresh
    cli.log("note", "readable")
    with read_only(cli.journal):
        assert "read-only" in error_line(cli("note", "refused"))
        assert texts(cli) == ["readable"]
    assert texts(cli) == ["readable"]


def test_a_read_only_folder_is_a_clear_error(fresh: Cli, tmp_path: Path) -> None:
    cli = fresh
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with read_only(cli.journal.parent), read_only(shelf):
        assert "read-only" in error_line(cli("note", "refused"))
        assert "read-only" in error_line(cli("backup", str(shelf / "b.db")))
    assert list(shelf.iterdir()) == []


def test_a_missing_folder_given_with_journal_is_named(cli: Cli, tmp_path: Path) -> None:
    nowhere = tmp_path / "no" / "such" / "journal.db"
    for args in (("list",), ("backup", str(tmp_path / "b.db")), ("rotate-keys",)):
        line = error_line(cli("--journal", str(nowhere), *args))
        assert f"the folder {nowhere.parent} does not exist" in line
    assert not nowhere.parent.exists()


def test_a_full_disk_says_not_saved_and_loses_nothing(fresh: Cli, tmp_path: Path) -> None:
    cli = fresh
    cli.log("note", "already safe")
    before = texts(cli)
    result = run_with_file_size_limit(cli, 4096, "note", "x" * 20_000)
    assert error_line(result).startswith("Error: Not saved: the disk is full")
    backup = tmp_path / "b.db"
    result = run_with_file_size_limit(cli, 4096, "backup", str(backup))
    assert error_line(result).startswith("Error: Not saved")
    assert not backup.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["data", "home", "state", "tmp"])
    assert texts(cli) == before
    assert cli.ok("verify").exit_code == 0


# -- schema migrations ----------------------------------------------------------------------


@pytest.fixture
def old_journal(tmp_path: Path) -> Path:
    """A schema-1 journal (from before the manifest) holding one note, closed."""
    path = tmp_path / "journal.db"
    tracker = Tracker(id="", name="sobriety", clean_date=date(2026, 1, 1))
    secret = crypto.Secret.from_passphrase(PASSPHRASE)
    with Journal.create(path, secret, tracker) as journal:
        journal.add(Note(id="", at=datetime(2026, 3, 1, tzinfo=timezone.utc), text="kept"))
    before_the_manifest(path, tmp_path / "state")
    return path


def unlock(path: Path) -> Journal:
    return Journal.unlock(path, crypto.Secret.from_passphrase(PASSPHRASE))


def test_a_migration_runs_once_keeping_a_private_copy_until_it_commits(
    old_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = old_journal.with_name("journal.db.pre-migration-v1.bak")
    seen: list[tuple[int, str]] = []

    def add_a_marker(conn: sqlite3.Connection) -> None:
        seen.append((mode(copy), integrity(copy)))
        conn.execute("INSERT INTO meta (k, v) VALUES ('marker', x'01')")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_a_marker])
    with unlock(old_journal) as journal:
        # The manifest sealed after the steps covers what they wrote: the journal reads.
        assert [entry.text for entry in journal.contents().entries] == ["kept"]  # type: ignore[attr-defined]
    assert seen == [(0o600, "ok")]
    assert meta(old_journal)["schema"] == b"3"
    assert "manifest" in meta(old_journal)
    assert meta(old_journal)["marker"] == b"\x01"
    assert not copy.exists()
    unlock(old_journal).close()
    assert len(seen) == 1  # recorded: not run again


def test_a_failing_migration_leaves_the_file_exactly_as_it_was(
    old_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def first(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM records")

    def second(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO meta (k, v) VALUES ('half', x'00')")
        raise RuntimeError("bug in a migration")

    def adds_a_trigger(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TRIGGER t AFTER INSERT ON records BEGIN SELECT 1; END")

    before = fingerprint(old_journal)
    for steps, reason in (([first, second], "second: RuntimeError"), ([adds_a_trigger], "schema")):
        monkeypatch.setattr(migrations, "MIGRATIONS", steps)
        with pytest.raises(MigrationFailed, match=reason) as failure:
            unlock(old_journal)
        assert "left as it was; a copy is kept at" in str(failure.value)
        assert fingerprint(old_journal) == before
    kept = old_journal.with_name("journal.db.pre-migration-v1.bak")
    assert mode(kept) == 0o600
    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.authenticated_manifest])
    with unlock(old_journal) as journal:
        assert len(journal.contents().entries) == 1


def test_a_backup_of_an_older_schema_is_checked_in_memory_and_left_untouched(
    old_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", [lambda conn: None])
    before = fingerprint(old_journal)
    report = backups.verify_backup(old_journal, crypto.Secret.from_passphrase(PASSPHRASE))
    assert report.ok
    assert fingerprint(old_journal) == before
    assert sorted(p.name for p in old_journal.parent.iterdir()) == ["journal.db", "state"]


def test_a_tampered_old_file_is_refused_before_any_migration(
    old_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with contextlib.closing(sqlite3.connect(old_journal)) as db, db:
        db.execute("CREATE VIEW v AS SELECT 1")
    monkeypatch.setattr(migrations, "MIGRATIONS", [lambda conn: None])
    with pytest.raises(NotAJournal, match="unexpected schema"):
        unlock(old_journal)
    assert not old_journal.with_name("journal.db.pre-migration-v1.bak").exists()


def test_a_failing_migration_is_one_line_from_the_cli(
    fresh: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, lambda conn: 1 / 0])
    line = error_line(fresh("list"))
    assert "Could not upgrade" in line
    assert "ZeroDivisionError" in line
    assert "left as it was" in line
