"""What a thief with the files learns: nothing a person wrote.

Entries holding 20 invented, distinctive words are logged through the CLI; then
the raw bytes of the database and its side files (copied right after the
writes, and again at rest) are searched for each word as UTF-8, UTF-16-LE and
base64. Also: no passphrase anywhere, no temporary files, a schema with
nothing but opaque rows, and blob lengths that do not follow note lengths.
"""

from __future__ import annotations

import base64
import contextlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from conftest import PASSPHRASE, Cli, Result, journal_files

# Invented words only: long enough (>= 12 bytes) that random ciphertext cannot match them.
WORDS = [
    "zephyrantholux",  # 0 tracker name at init
    "quibbleworthfen",  # 1 mood feeling
    "marzipanthrobble",  # 2 mood note
    "glimmerstaveoak",  # 3 mood tag
    "fizzlewickberry",  # 4 craving substance
    "thornapplejostle",  # 5 craving trigger
    "brambleclockwise",  # 6 craving coping
    "velvetquandary",  # 7 craving note
    "wobblesnickerty",  # 8 trigger description, piped
    "plinkertonmoss",  # 9 trigger note
    "crumblefeatherly",  # 10 meeting fellowship
    "lanternwhistlecove",  # 11 meeting name
    "sprocketmarigold",  # 12 gratitude item
    "hollyhockzither",  # 13 gratitude item, piped
    "quagmirebluster",  # 14 use substance
    "teacupvortexing",  # 15 use amount
    "driftwoodcanticle",  # 16 note text, piped
    "moonpebbleharrow",  # 17 note tag
    "pumpernickelsage",  # 18 written by edit
    "snorkelbrigadier",  # 19 in an entry that is then deleted
]
META_KEYS = {
    *("format", "schema", "journal_id", "dek_id", "keyslot:passphrase"),
    *("inbox_public", "inbox_key"),  # the inbox's public key, and its private half sealed
    "manifest",  # sealed: which records and meta rows exist, and the write counter
}


def base64_forms(data: bytes) -> list[bytes]:
    """The base64 text of `data` at each of the three alignments it can start on."""
    forms = []
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + data)
        start = 4 if shift else 0  # skip the group mixing in the padding bytes
        forms.append(encoded[start:-4])  # and the last group, which depends on what follows
    return forms


def needles(word: str) -> list[bytes]:
    utf8 = word.encode()
    return [utf8, word.encode("utf-16-le"), *base64_forms(utf8)]


def hits(files: dict[str, bytes], words: Iterable[str]) -> list[tuple[str, str]]:
    return [
        (word, name)
        for word in words
        for name, data in files.items()
        for needle in needles(word)
        if needle in data
    ]


def read_all(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def record_ids(db: sqlite3.Connection) -> set[int]:
    return {row[0] for row in db.execute("SELECT id FROM records")}


def test_twenty_private_words_never_reach_the_disk_in_any_encoding(
    process_cli: Cli, tmp_path: Path
) -> None:
    # Real processes: SQLite and Python pick their temporary folder from $TMPDIR once per
    # process, and the CLI's connection must be its own, not one beside the test's reader.
    cli, w = process_cli, WORDS
    results: list[Result] = [cli.init("--tracker", w[0])]

    def run(*args: str, stdin: str | None = None) -> str:
        result = cli.ok(*args, stdin=stdin)
        results.append(result)
        return result.stdout.split()[-1]

    # Held open, this idle reader stops the CLI from folding the write-ahead
    # log back into the database on exit, so what each write put in the -wal
    # is still there to be read.
    with contextlib.closing(sqlite3.connect(cli.journal)) as holder:
        before = record_ids(holder)
        doomed = run("note", f"soon gone {w[19]}")
        (doomed_row,) = record_ids(holder) - before
        (old_blob,) = holder.execute(
            "SELECT blob FROM records WHERE id = ?", (doomed_row,)
        ).fetchone()
        run("delete", doomed, "--yes")

        mood = run("mood", "4", "--feeling", w[1], "--note", f"{w[2]} today", "--tag", w[3])
        # An edit, like a delete, folds the log in (what it replaced must leave no copy):
        # early, so the writes after it are still in the log when it is read.
        run("edit", mood, "--note", w[18])
        run(
            "craving",
            "7",
            "--substance",
            w[4],
            "--trigger",
            w[5],
            "--halt",
            "lonely",
            "--coping",
            w[6],
            "--note",
            w[7],
        )
        run("trigger", "--category", "places", "--note", w[9], stdin=f"passing {w[8]}\n")
        run("meeting", "--fellowship", w[10], "--name", w[11], "--online", "--minutes", "45")
        run("gratitude", w[12])
        run("gratitude", stdin=f"{w[13]}\nsomething else\n")
        run("use", "--substance", w[14], "--amount", w[15], "--no-tracker")
        run("note", "--tag", w[17], stdin=f"dear diary, {w[16]}\n")
        run("list", "--search", w[16])
        run("verify")

        right_after = {p.name: p.read_bytes() for p in journal_files(cli.journal)}
    at_rest = read_all(cli.journal.parent)

    wal = right_after.get(f"{cli.journal.name}-wal", b"")
    assert len(wal) > 4096, "the writes should still be in the write-ahead log"
    assert f"{cli.journal.name}-shm" in right_after
    assert set(at_rest) == {cli.journal.name}  # at rest: the database alone

    for files in (right_after, at_rest):
        assert hits(files, WORDS) == []
        assert hits(files, [PASSPHRASE]) == []
        # The deleted entry's ciphertext was wiped, not just unlinked.
        assert not [name for name, data in files.items() if old_blob[:32] in data]

    # Nothing was written anywhere else: no temporary files, nothing in $HOME, and in the
    # state folder only the pin of the journal's inbox public key (see vault/pins.py) and
    # the highest write counter seen (vault/device_state.py): no secret, no word.
    assert list((tmp_path / "tmp").iterdir()) == []
    assert list((tmp_path / "home").iterdir()) == []
    state = tmp_path / "state"
    written = sorted(str(p.relative_to(state)) for p in state.rglob("*") if p.is_file())
    assert written == ["recovery-journal/inbox-pins.json", "recovery-journal/write-counters.json"]
    pins = {name: (state / name).read_bytes() for name in written}
    assert hits(pins, [*WORDS, PASSPHRASE]) == []
    for result in results:
        assert PASSPHRASE not in result.output


def test_the_search_would_find_a_word_stored_in_the_clear() -> None:
    """Guards the test above: its needles do match plain, UTF-16 and base64 text."""
    word = WORDS[7]
    files = {
        "plain": b"xx" + word.encode() + b"yy",
        "utf16": b"\0" + word.encode("utf-16-le"),
        **{f"b64-{n}": base64.b64encode(b"p" * n + word.encode() + b"tail") for n in range(3)},
        "clean": b"nothing to see",
    }
    assert sorted(name for _, name in hits(files, [word])) == [
        "b64-0",
        "b64-1",
        "b64-2",
        "plain",
        "utf16",
    ]


def test_the_file_holds_only_two_tables_of_opaque_rows(initialized: Cli) -> None:
    cli = initialized
    cli.log("note", "one entry")
    with contextlib.closing(sqlite3.connect(cli.journal)) as db:
        schema = sorted(db.execute("SELECT type, name, tbl_name FROM sqlite_schema"))
        assert schema == [
            ("index", "sqlite_autoindex_meta_1", "meta"),
            ("table", "meta", "meta"),
            ("table", "records", "records"),
        ]
        assert [row[1] for row in db.execute("PRAGMA table_info(meta)")] == ["k", "v"]
        assert [row[1] for row in db.execute("PRAGMA table_info(records)")] == ["id", "blob"]
        assert {row[0] for row in db.execute("SELECT k FROM meta")} == META_KEYS
        types = set(db.execute("SELECT typeof(id), typeof(blob) FROM records"))
        assert types == {("integer", "blob")}
        assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 2  # tracker + note


def test_blob_lengths_do_not_follow_note_lengths(initialized: Cli) -> None:
    cli = initialized
    with contextlib.closing(sqlite3.connect(cli.journal)) as db:
        known = record_ids(db)
    for length in (0, 1, 20, 75, 120, 150):
        note = ("--note", "n" * length) if length else ()
        cli.log("note", "x", *note, "--at", "2026-02-01 10:00")
    cli.log("note", "x", "--note", "n" * 600, "--at", "2026-02-01 10:00")
    with contextlib.closing(sqlite3.connect(cli.journal)) as db:
        lengths = {
            row_id: length
            for row_id, length in db.execute("SELECT id, length(blob) FROM records")
            if row_id not in known
        }
    assert len(lengths) == 7
    longest = max(lengths.values())
    short_ones = sorted(lengths.values())[:-1]
    # One byte of version, a 12-byte nonce and a 16-byte tag around 256-byte buckets.
    assert set(short_ones) == {29 + 256}
    assert longest > 29 + 256
    assert (longest - 29) % 256 == 0
