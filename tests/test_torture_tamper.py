"""Tamper torture (SECURITY.md C1-C5): every changed byte is caught and said clearly.

One byte is flipped in each kind of stored value (an entry's ciphertext, a
tracker record, the wrapped key, the KDF parameters, the salt, the journal and
data-key ids, the format and schema values), blobs are swapped and copied,
objects are added to the schema; then the real CLI must fail with a non-zero
exit, exactly one `Error:` line, no traceback, and the file must be left
byte-for-byte as it was. Where only one record is damaged, every other entry
is still listed. Then 100 seeded random raw corruptions of the file (a page
overwritten with noise, zeros or another page, a truncation, a zeroed header, a
flipped bit) each give a clean one-line error or the exact original answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSPHRASE, Cli, KdfRuns, Result, clean_env, flip_byte, journal_files
from recovery_journal.domain import ids
from recovery_journal.domain.entries import Mood, Note
from recovery_journal.domain.trackers import Tracker
from recovery_journal.errors import JournalError, NotAJournal
from recovery_journal.vault import crypto
from recovery_journal.vault.journal import Journal
from test_torture_input import run_main

pytestmark = pytest.mark.slow  # the torture tests: `-m 'not slow'` skips them

SLOT = "keyslot:passphrase"
ENTRIES = 12
SEED = 20260603
RANDOM_CORRUPTIONS = 100


@dataclass(frozen=True)
class Template:
    db: bytes
    entries: list[int]  # row ids of the entries, in insertion order
    trackers: list[int]  # row ids of the two trackers
    listed: list[dict[str, Any]]  # `list --json --limit 0` of the intact journal


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """A journal made by `init`, with a second tracker and a dozen entries, some long."""
    root = tmp_path_factory.mktemp("tamper")
    cli = Cli(root / "data" / "journal.db", clean_env(root))
    cli.init("--clean-date", "2026-01-01")
    at = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    secret = crypto.Secret.from_passphrase(PASSPHRASE)
    with Journal.unlock(cli.journal, secret) as journal:
        (first,) = journal.store.record_ids()
        second = journal.add_tracker(Tracker(id="", name="nicotine", clean_date=date(2026, 2, 1)))
        saved = [
            journal.add(
                Note(id="", at=at, text=f"tamper note {n} " + "z" * (n * 700))
                if n % 2
                else Mood(id="", at=at, score=1 + n % 10, note=f"mood {n}")
            )
            for n in range(ENTRIES)
        ]
    listed = json.loads(cli.ok("list", "--json", "--limit", "0").stdout)
    assert len(listed) == ENTRIES
    assert journal_files(cli.journal) == [cli.journal]
    entries = [ids.decode(entry.id) for entry in saved]
    return Template(cli.journal.read_bytes(), entries, [first, ids.decode(second.id)], listed)


@pytest.fixture
def copy(fresh: Cli, template: Template) -> Cli:
    """A CLI whose journal is a copy of the template."""
    fresh.journal.write_bytes(template.db)
    return fresh


def fingerprint(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in journal_files(path)}


def sql(path: Path, *statements: str, params: tuple[Any, ...] = ()) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        for statement in statements:
            db.execute(statement, params if "?" in statement else ())


def get_meta(path: Path, key: str) -> bytes:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return bytes(db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()[0])


def set_meta(path: Path, key: str, value: bytes) -> None:
    sql(path, "UPDATE meta SET v = ? WHERE k = ?", params=(value, key))


def flip_meta(path: Path, key: str, offset: int = 0, mask: int = 0x01) -> None:
    value = bytearray(get_meta(path, key))
    value[offset] ^= mask
    set_meta(path, key, bytes(value))


def edit_slot(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    slot = json.loads(get_meta(path, SLOT))
    change(slot)
    set_meta(path, SLOT, json.dumps(slot).encode())


def flip_field(slot: dict[str, Any], name: str, index: int = 3) -> None:
    """Flip one bit of a hex field of the keyslot."""
    raw = bytearray.fromhex(slot[name])
    raw[index] ^= 0x01
    slot[name] = raw.hex()


def one_error_line(result: Result) -> str:
    """The run failed with exactly one `Error:` line and no traceback; returns it."""
    assert result.exit_code not in (0, 70), result  # 70: an unexpected exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result
    assert lines[0].startswith("Error: "), result
    assert "Traceback" not in result.output
    return lines[0]


def refused(cli: Cli, *args: str) -> str:
    """Run a read-only command on a tampered journal: one clear line, nothing written."""
    before = fingerprint(cli.journal)
    line = one_error_line(cli(*args))
    assert fingerprint(cli.journal) == before
    return line


# -- one stored value at a time ---------------------------------------------------------


def test_a_flipped_byte_in_one_entry_names_that_entry_and_hides_no_other(
    copy: Cli, template: Template, figures: Callable[..., None]
) -> None:
    cli = copy
    victim = template.entries[3]
    flip_byte(cli.journal, victim, offset=40)
    line = refused(cli, "verify")
    assert ids.encode(victim) in line
    assert "1 damaged" in line

    result = cli("list", "--json", "--limit", "0")
    assert one_error_line(result)
    shown = json.loads(result.stdout)
    victim_id = ids.encode(victim)
    assert [e for e in template.listed if e["id"] != victim_id] == shown
    figures("tamper: one entry flipped", readable=len(shown), total=ENTRIES, flagged=1)


def test_a_byte_flipped_at_a_raw_file_offset_is_caught_like_one_flipped_by_sql(
    copy: Cli, template: Template
) -> None:
    cli = copy
    victim = template.entries[5]  # a long note: its ciphertext is easy to find in the file
    with contextlib.closing(sqlite3.connect(cli.journal)) as db:
        blob = bytes(db.execute("SELECT blob FROM records WHERE id = ?", (victim,)).fetchone()[0])
    data = bytearray(cli.journal.read_bytes())
    offset = data.index(blob[100:164]) + 10
    data[offset] ^= 0x80
    cli.journal.write_bytes(bytes(data))
    assert ids.encode(victim) in refused(cli, "verify")
    shown = json.loads(cli("list", "--json", "--limit", "0").stdout)
    assert len(shown) == ENTRIES - 1


def test_a_flipped_tracker_record_is_named_and_entries_stay_readable(
    copy: Cli, template: Template
) -> None:
    cli = copy
    victim = template.trackers[1]
    flip_byte(cli.journal, victim)
    assert ids.encode(victim) in refused(cli, "verify")
    result = cli("list", "--json", "--limit", "0")
    assert ids.encode(victim) in one_error_line(result)
    assert json.loads(result.stdout) == template.listed


def test_swapped_blobs_are_both_flagged_and_a_copied_blob_is_flagged(
    copy: Cli, template: Template, figures: Callable[..., None]
) -> None:
    cli = copy
    a, b, c = template.entries[0], template.entries[2], template.entries[4]
    with contextlib.closing(sqlite3.connect(cli.journal)) as db, db:
        blob_a, blob_b, blob_c = (
            db.execute("SELECT blob FROM records WHERE id = ?", (row,)).fetchone()[0]
            for row in (a, b, c)
        )
        db.execute("UPDATE records SET blob = ? WHERE id = ?", (blob_b, a))
        db.execute("UPDATE records SET blob = ? WHERE id = ?", (blob_a, b))
        copied = (c + 12345) % 2**63
        db.execute("INSERT INTO records (id, blob) VALUES (?, ?)", (copied, blob_c))
    line = refused(cli, "verify")
    flagged = {word.strip(",.") for word in line.split() if len(word.strip(",.")) == ids.ID_CHARS}
    assert flagged == {ids.encode(a), ids.encode(b), ids.encode(copied)}
    assert "3 damaged" in line
    shown = json.loads(cli("list", "--json", "--limit", "0").stdout)
    assert ids.encode(c) in {entry["id"] for entry in shown}  # the original is fine
    assert len(shown) == ENTRIES - 2
    figures("tamper: swap two blobs + copy one", flagged=len(flagged), readable=len(shown))


# Keyslot and meta tampering: each must stop unlocking with one clear line.
META_CASES: dict[str, Callable[[Path], None]] = {
    "wrapped key flipped": lambda p: edit_slot(p, lambda s: flip_field(s, "wrapped")),
    "wrapped key truncated": lambda p: edit_slot(p, lambda s: s.update(wrapped=s["wrapped"][:-2])),
    "keyslot nonce flipped": lambda p: edit_slot(p, lambda s: flip_field(s, "nonce")),
    "salt flipped": lambda p: edit_slot(p, lambda s: flip_field(s, "salt")),
    "salt not hex": lambda p: edit_slot(p, lambda s: s.update(salt="zz" + s["salt"][2:])),
    "kdf memory lowered": lambda p: edit_slot(p, lambda s: s["kdf"].update(m_kib=8)),
    "kdf memory raised": lambda p: edit_slot(p, lambda s: s["kdf"].update(m_kib=2048)),
    "kdf iterations raised": lambda p: edit_slot(p, lambda s: s["kdf"].update(t=2)),
    "kdf memory 2**40": lambda p: edit_slot(p, lambda s: s["kdf"].update(m_kib=2**40)),
    "kdf iterations 2**31": lambda p: edit_slot(p, lambda s: s["kdf"].update(t=2**31)),
    "kdf lanes 0": lambda p: edit_slot(p, lambda s: s["kdf"].update(p=0)),
    "kdf lanes 2**20": lambda p: edit_slot(p, lambda s: s["kdf"].update(p=2**20)),
    "kdf memory as text": lambda p: edit_slot(p, lambda s: s["kdf"].update(m_kib="1024")),
    "kdf memory negative": lambda p: edit_slot(p, lambda s: s["kdf"].update(m_kib=-1)),
    "kdf alg scrypt": lambda p: edit_slot(p, lambda s: s["kdf"].update(alg="scrypt")),
    "kdf alg unknown": lambda p: edit_slot(p, lambda s: s["kdf"].update(alg="rot13")),
    "kdf scrypt N 2**60": lambda p: edit_slot(
        p, lambda s: s.update(kdf={"alg": "scrypt", "log2_n": 60, "r": 8, "p": 1})
    ),
    "kdf missing": lambda p: edit_slot(p, lambda s: s.pop("kdf")),
    "keyslot not json": lambda p: flip_meta(p, SLOT, 0),
    "keyslot deleted": lambda p: sql(p, "DELETE FROM meta WHERE k = ?", params=(SLOT,)),
    "journal_id flipped": lambda p: flip_meta(p, "journal_id", 5),
    "journal_id shortened": lambda p: set_meta(p, "journal_id", get_meta(p, "journal_id")[:8]),
    "dek_id flipped": lambda p: flip_meta(p, "dek_id", 9),
    "format flipped": lambda p: flip_meta(p, "format", 0),
    "format deleted": lambda p: sql(p, "DELETE FROM meta WHERE k = 'format'"),
    "schema newer": lambda p: set_meta(p, "schema", b"3"),
    "schema flipped to text": lambda p: flip_meta(p, "schema", 0, mask=0x40),
    "schema huge": lambda p: set_meta(p, "schema", b"9" * 400),
    "schema 5000 digits": lambda p: set_meta(p, "schema", b"9" * 5000),
    "schema deleted": lambda p: sql(p, "DELETE FROM meta WHERE k = 'schema'"),
    "extra table": lambda p: sql(p, "CREATE TABLE plaintext (note TEXT)"),
    "extra view": lambda p: sql(p, "CREATE VIEW everything AS SELECT * FROM records"),
    "extra index": lambda p: sql(p, "CREATE INDEX by_blob ON records (blob)"),
    "extra trigger": lambda p: sql(
        p, "CREATE TRIGGER wipe AFTER INSERT ON records BEGIN DELETE FROM records; END"
    ),
    "extra column": lambda p: sql(p, "ALTER TABLE records ADD COLUMN leak TEXT"),
    "records table dropped": lambda p: sql(p, "DROP TABLE records"),
}
EXPECTED = {  # a fragment of the one error line, by what was tampered with
    "extra": "unexpected schema",
    "records table dropped": "not a recovery journal",
    "format": "not a recovery journal",
    "schema newer": "newer",
    "schema huge": "no readable schema version",  # 400 digits is no real version
    "schema": "schema",
    "keyslot deleted": "missing its key data",
}


def expected_fragment(case: str) -> str | None:
    for prefix, fragment in EXPECTED.items():
        if case.startswith(prefix):
            return fragment
    return None


def refused_in_process(path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """Like `refused`, with the CLI run in this process (the same main(), much faster)."""
    before = fingerprint(path)
    code, _, err = run_main(list(args), monkeypatch, RECOVERY_JOURNAL_PASSPHRASE=PASSPHRASE)
    check_clean(code, err, " ".join(args))
    assert fingerprint(path) == before
    return err.strip()


BUGS: dict[str, str] = {}  # case -> reason, for a known bug marked as a strict xfail


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=BUGS[case]))
        if case in BUGS
        else case
        for case in META_CASES
    ],
)
def test_tampered_key_data_or_schema_never_unlocks_and_says_so_in_one_line(
    case: str, copy: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = copy
    META_CASES[case](cli.journal)
    line = refused_in_process(cli.journal, monkeypatch, "list")
    fragment = expected_fragment(case)
    if fragment:
        assert fragment in line.lower(), line
    # The library refuses too, with a JournalError (never a crash, never an unlocked journal).
    with pytest.raises(JournalError):
        Journal.unlock(cli.journal, crypto.Secret.from_passphrase(PASSPHRASE)).close()


REAL_CLI_CASES = ["wrapped key flipped", "salt flipped", "journal_id flipped", "extra trigger"]


@pytest.mark.parametrize("case", REAL_CLI_CASES)
def test_tampered_key_data_through_the_real_cli(case: str, copy: Cli) -> None:
    """A few of the cases above through the whole CLI, with a reading and a writing
    command: what a person actually sees."""
    META_CASES[case](copy.journal)
    for command in ("verify", "mood"):  # a reading and a writing command
        line = refused(copy, command, *(["5"] if command == "mood" else []))
        assert (expected_fragment(case) or "wrong passphrase") in line.lower()


def test_an_absurd_kdf_memory_is_refused_without_running_the_kdf(
    copy: Cli, kdf_runs: KdfRuns, figures: Callable[..., None]
) -> None:
    cli = copy
    edit_slot(cli.journal, lambda s: s["kdf"].update(m_kib=2**40))
    started = time.perf_counter()
    with pytest.raises(NotAJournal, match="impossible settings"):
        Journal.unlock(cli.journal, crypto.Secret.from_passphrase(PASSPHRASE))
    refused_in = time.perf_counter() - started  # reported, not asserted
    assert kdf_runs == []  # refused before any key derivation, so nothing was allocated

    assert "impossible settings" in refused(cli, "verify")
    assert kdf_runs == []
    figures(
        "tamper: kdf m_kib=2**40",
        refused_in_ms=round(refused_in * 1000, 2),
        kdf_runs=len(kdf_runs),
    )


def test_schema_zero_is_an_older_version_and_opens_or_is_refused_cleanly(copy: Cli) -> None:
    """ "2" with its second bit flipped reads "0": an older schema, not a newer one."""
    cli = copy
    flip_meta(cli.journal, "schema", 0, mask=0x02)
    assert get_meta(cli.journal, "schema") == b"0"
    result = cli("list", "--json", "--limit", "0")
    if result.exit_code == 0:
        assert len(json.loads(result.stdout)) == ENTRIES
    else:
        one_error_line(result)


# -- random raw corruption ---------------------------------------------------------------

PAGE = 4096


def corrupt(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    pages = len(data) // PAGE
    page = rng.randrange(pages)
    where = slice(page * PAGE, (page + 1) * PAGE)
    out = bytearray(data)
    kind = rng.choice(["noise page", "zeroed page", "copied page", "truncated", "header", "bit"])
    if kind == "noise page":
        out[where] = rng.randbytes(PAGE)
    elif kind == "zeroed page":
        out[where] = bytes(PAGE)
    elif kind == "copied page":  # a misdirected write: another page's bytes land here
        source = rng.choice([p for p in range(pages) if p != page])
        out[where] = data[source * PAGE : (source + 1) * PAGE]
    elif kind == "truncated":
        del out[rng.randrange(len(out)) :]
    elif kind == "header":
        out[:100] = bytes(100)
    else:
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return kind, bytes(out)


def run_on(
    path: Path, data: bytes, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    for side in journal_files(path):
        side.unlink()
    path.write_bytes(data)
    return run_main(args, monkeypatch, RECOVERY_JOURNAL_PASSPHRASE=PASSPHRASE)


def check_clean(code: int, err: str, what: str) -> None:
    assert code not in (0, 70), what
    assert err.count("\n") == 1, (what, err)
    assert err.startswith("Error: "), (what, err)
    assert "Traceback" not in err


def test_random_corruptions_of_the_file_are_caught_by_verify(
    fresh: Cli, template: Template, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    path = fresh.journal
    rng = random.Random(SEED)
    errors = correct = 0
    kinds: dict[str, int] = {}
    for n in range(RANDOM_CORRUPTIONS):
        kind, data = corrupt(template.db, rng)
        kinds[kind] = kinds.get(kind, 0) + 1
        what = f"corruption {n}: {kind}"
        code, out, err = run_on(path, data, ["verify"], monkeypatch)
        if code == 0:
            # Only a change SQLite never reads (free space, unused bytes) may pass.
            assert f"{ENTRIES + 2} records decrypted" in out, what
            assert err == "", what
            correct += 1
        else:
            check_clean(code, err, what)
            errors += 1
    figures(
        "tamper: random raw corruptions, `verify`",
        runs=RANDOM_CORRUPTIONS,
        clean_errors=errors,
        correct_results=correct,
        tracebacks=0,
        silently_wrong=0,
        kinds=" ".join(f"{k.replace(' ', '_')}:{v}" for k, v in sorted(kinds.items())),
    )


def test_random_corruptions_give_list_a_clean_error_or_report_what_it_showed(
    fresh: Cli, template: Template, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    """`list` runs SQLite's quick check before answering: a damaged file gives a clean
    error, never a list quietly missing entries, and never a crash."""
    path = fresh.journal
    rng = random.Random(SEED)
    wrong = errors = 0
    for n in range(RANDOM_CORRUPTIONS):
        kind, data = corrupt(template.db, rng)
        code, out, err = run_on(path, data, ["list", "--json", "--limit", "0"], monkeypatch)
        if code == 0:
            wrong += json.loads(out) != template.listed
        else:
            check_clean(code, err, f"corruption {n}: {kind}")
            errors += 1
    figures(
        "tamper: random raw corruptions, `list`",
        runs=RANDOM_CORRUPTIONS,
        clean_errors=errors,
        tracebacks=0,
        silently_wrong=wrong,
    )
    assert wrong == 0, f"{wrong} of {RANDOM_CORRUPTIONS} corruptions gave a wrong list, exit 0"


def entry_pages(path: Path, template: Template) -> list[int]:
    """The file's pages that hold the start of at least one entry's ciphertext."""
    path.write_bytes(template.db)
    with contextlib.closing(sqlite3.connect(path)) as db:
        blobs = [
            bytes(db.execute("SELECT blob FROM records WHERE id = ?", (row,)).fetchone()[0])
            for row in template.entries
        ]
    return sorted({template.db.index(blob[:48]) // PAGE for blob in blobs})


def test_a_misdirected_page_write_never_gives_a_silently_wrong_list(
    fresh: Cli, template: Template, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = entry_pages(fresh.journal, template)
    assert len(pages) >= 2
    source, target = pages[0], pages[-1]
    data = bytearray(template.db)
    data[target * PAGE : (target + 1) * PAGE] = template.db[source * PAGE : (source + 1) * PAGE]
    code, _, err = run_on(fresh.journal, bytes(data), ["verify"], monkeypatch)
    check_clean(code, err, "verify")  # verify does catch it
    code, out, err = run_on(
        fresh.journal, bytes(data), ["list", "--json", "--limit", "0"], monkeypatch
    )
    if code == 0:
        assert json.loads(out) == template.listed, "a wrong list, and exit 0"
    check_clean(code, err, "list")
