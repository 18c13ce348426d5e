"""Logging while locked: entries sealed to the journal's inbox key, joined at the next unlock.

Every journal has an inbox key pair (X25519, after age's recipients): the public key
in meta `inbox_public`, readable without the data key; the private half in meta
`inbox_key`, sealed with the data key; each entry logged while locked in a meta row
`inbox:<its row id in hex>`, sealed to the public key (formats: inbox_crypto.py).
The sealed payload `{"v":1,"logged":<ns>,"entry":{...}}` is padded like a record,
so the file tells a thief only how many entries wait.

Each unlock opens the sealed private half and checks it against `inbox_public`, and
pins the verified public key on this device (pins.py); `seal_locked` refuses a journal
whose public key differs from its pin. Rotating the data key makes a new key pair and
reseals the waiting entries to it, so an old data key never opens later entries.
Anyone with write access to the file can plant inbox entries (they are listed when
they join) but cannot read any.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from recovery_journal.domain import ids
from recovery_journal.domain.entry_base import Entry
from recovery_journal.errors import (
    EntryNotFound,
    InboxKeyTampered,
    InvalidInput,
    NoInbox,
    NotAJournal,
    StorageError,
)
from recovery_journal.vault import crypto, pins
from recovery_journal.vault.inbox_crypto import (
    PRIVATE_META,
    PUBLIC_META,
    ROW_PREFIX,
    VERSION,
    InboxKey,
    new_key_meta,
    parse_row_name,
    row_name,
    seal_entry,
    usable_public_key,
)
from recovery_journal.vault.storage import JournalFile

if TYPE_CHECKING:
    import sqlite3

    from recovery_journal.domain.trackers import Tracker
    from recovery_journal.vault.keys import DataKey

# What opening an untrusted waiting row may raise: such a row is unreadable, never a crash.
_UNREADABLE = (
    crypto.DecryptionFailed,
    InvalidInput,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    RecursionError,
)
_NO_INBOX = (
    "This journal has no inbox yet: unlock it once (any command) and logging while "
    "locked works from then on."
)
_PIN_MISMATCH = (
    "This journal's inbox key is not the one this device saw before, so nothing was "
    "saved: someone may have changed it outside rj. Unlock the journal once (any "
    "command) to check it; if it opens cleanly, logging while locked works again."
)
_BAD_KEY = (
    "This journal's inbox key is damaged, so nothing was saved: someone may have changed "
    "it outside rj. Unlock the journal once (any command) to check it."
)


class JoinedInbox(NamedTuple):
    """What `Journal.join_inbox` did: the entries joined, and the rows it could not read.
    (A NamedTuple: every unlock builds one, and a dataclass costs start-up 0.4 ms.)"""

    entries: tuple[Entry, ...] = ()
    """Joined as ordinary records, with their permanent ids, in the order they were logged."""
    unreadable: int = 0
    """Waiting rows that failed to open or validate: left in place, never joined."""


# -- locked: no key at all ---------------------------------------------------------


def seal_locked(path: Path, entry: Entry) -> str:
    """Store `entry` (its id is ignored) in the journal's inbox without any key; its public id.

    Fast: no passphrase, no KDF. Raises NoInbox for a journal that has no inbox key
    yet (unlock it once), and InboxKeyTampered when the inbox key differs from the
    one pinned on this device; nothing is written then.
    """
    body = entry.to_json()
    del body["id"]
    envelope = {"v": VERSION, "logged": time.time_ns(), "entry": body}
    payload = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
    with JournalFile.open(path) as store:
        journal_id, public = store.meta("journal_id"), store.meta(PUBLIC_META)
        if not journal_id:
            raise NotAJournal(f"{path} is missing its key data; restore it from a backup.")
        if public is None:
            raise NoInbox(_NO_INBOX)
        pinned = pins.pinned(journal_id)
        if pinned is not None and pinned != public:
            raise InboxKeyTampered(_PIN_MISMATCH)
        if not usable_public_key(public):
            raise InboxKeyTampered(_BAD_KEY)
        store.expect(PUBLIC_META, public)  # changed meanwhile: nothing is written
        with store.transaction() as conn:
            row_id = crypto.random_row_id()
            while store.record(row_id) is not None or store.meta(row_name(row_id)) is not None:
                row_id = crypto.random_row_id()
            sealed = seal_entry(public, journal_id, row_id, payload)
            store.put_meta(conn, {row_name(row_id): sealed})
    if pinned is None:
        pins.pin(journal_id, public)  # first sight on this device
    return ids.encode(row_id)


def waiting_count(path: Path) -> int:
    """How many entries logged while locked wait to be joined (read without the key)."""
    with JournalFile.open(path) as store:
        return len(store.meta_rows(ROW_PREFIX))


# -- unlocked: checking the key pair, joining ----------------------------------------


def _verified(public: bytes | None, sealed: bytes | None, key: DataKey) -> InboxKey:
    """The inbox key, if its sealed private half opens and matches `inbox_public`."""
    if public is None or sealed is None:
        raise InboxKeyTampered
    try:
        inbox, sealed_public = InboxKey.open(sealed, key)
    except (crypto.DecryptionFailed, ValueError):
        raise InboxKeyTampered from None
    if not inbox.public == sealed_public == public:
        raise InboxKeyTampered
    return inbox


def unlock_inbox(
    store: JournalFile, key: DataKey, *, repair: bool = False
) -> tuple[InboxKey | None, bool]:
    """Check the inbox key of a just-unlocked journal; add one to an older journal.

    Raises InboxKeyTampered when the sealed private half does not match
    `inbox_public`; with `repair` it is reset instead (the second value is then
    True). Pins the verified public key on this device. The key is None for an
    in-memory copy (a backup being read) or a read-only file without one yet.
    """
    public, sealed = store.meta(PUBLIC_META), store.meta(PRIVATE_META)
    repaired = False
    if public is None and sealed is None:
        if store.in_memory:
            return None, False
        try:
            inbox = _add_key_pair(store, key)
        except StorageError:
            return None, False  # e.g. read-only: the next unlock adds it
    else:
        try:
            inbox = _verified(public, sealed, key)
        except InboxKeyTampered:
            if not repair:
                raise
            inbox, repaired = _reset(store, key), True
    if not store.in_memory:
        pins.pin(key.journal_id, inbox.public)
    return inbox, repaired


def _add_key_pair(store: JournalFile, key: DataKey) -> InboxKey:
    with store.transaction() as conn:
        # Again under the write lock: another process may have just added one.
        public, sealed = store.meta(PUBLIC_META), store.meta(PRIVATE_META)
        if public is not None or sealed is not None:
            return _verified(public, sealed, key)
        inbox = InboxKey.generate()
        store.put_meta(conn, new_key_meta(key, inbox))
    return inbox


def _reset(store: JournalFile, key: DataKey) -> InboxKey:
    """Trust the sealed private half if it opens (only the public key was swapped), else
    make a new pair; entries sealed to any other key then stay unreadable."""
    with store.transaction() as conn:
        sealed = store.meta(PRIVATE_META)
        try:
            inbox, sealed_public = InboxKey.open(sealed or b"", key)
            if inbox.public != sealed_public:
                raise crypto.DecryptionFailed
        except (crypto.DecryptionFailed, ValueError):
            inbox = InboxKey.generate()
        store.put_meta(conn, new_key_meta(key, inbox))
    return inbox


def rekey(
    store: JournalFile, conn: sqlite3.Connection, old: InboxKey | None, new_key: DataKey
) -> InboxKey:
    """Inside a key rotation's transaction: a new key pair sealed with `new_key`, and every
    waiting entry resealed to it (a row the old key cannot open is left as it was)."""
    inbox = InboxKey.generate()
    resealed = new_key_meta(new_key, inbox)
    for name, blob in store.meta_rows(ROW_PREFIX):
        try:
            row_id = parse_row_name(name)
            if old is None:
                raise crypto.DecryptionFailed
            payload = old.open_entry(new_key.journal_id, row_id, blob)
        except (crypto.DecryptionFailed, ValueError):
            continue
        resealed[name] = seal_entry(inbox.public, new_key.journal_id, row_id, payload)
    store.put_meta(conn, resealed)
    return inbox


def _open_row(inbox: InboxKey, journal_id: bytes, name: str, blob: bytes) -> tuple[int, Entry]:
    """When a waiting entry was logged, and the entry, validated as untrusted input."""
    row_id = parse_row_name(name)
    data: Any = json.loads(inbox.open_entry(journal_id, row_id, blob).decode())
    if not isinstance(data, dict) or set(data) != {"v", "logged", "entry"}:
        raise ValueError("not an inbox entry")
    logged, body = data["logged"], data["entry"]
    if data["v"] != VERSION or type(logged) is not int or not isinstance(body, dict):
        raise ValueError("not an inbox entry")
    from recovery_journal.domain.entries import entry_from_json  # only when entries wait

    return logged, entry_from_json({**body, "id": ids.encode(row_id)})


def _attributed(entry: Entry, trackers: list[Tracker]) -> Entry:
    """A use (or a craving acted on) counted against the tracker chosen with --tracker, else
    the one its substance names (with no substance, the only one); else against none:
    never another tracker's (cli/context.py join_waiting names these)."""
    from recovery_journal.domain.trackers import (  # joining only: a locked log never needs them
        chosen_tracker,
        counted_against,
        tracker_for_substance,
    )

    if not entry.counts_against_a_tracker():
        return entry
    recorded = getattr(entry, "tracker", None)
    try:
        tracker = (
            tracker_for_substance(getattr(entry, "substance", None), trackers)
            if recorded is None
            else chosen_tracker(recorded, trackers)
        )
    except EntryNotFound:  # --tracker named a tracker renamed or removed meanwhile
        tracker = None
    return counted_against(entry, tracker)


def join(store: JournalFile, key: DataKey, inbox: InboxKey) -> JoinedInbox:
    """Move every waiting entry into the records, in one transaction (see Journal.join_inbox)."""
    if not store.meta_rows(ROW_PREFIX):
        return JoinedInbox()
    # Here, not at the top: logging while locked never needs to read records.
    from recovery_journal.vault.contents import TRACKERS_ONLY, decode_records, encode_record

    inbox.private_key()  # a mismatched key pair is a loud error, not rows "unreadable"
    cipher = key.cipher()
    waiting: list[tuple[int, int, str, Entry]] = []
    unreadable = 0
    joined: list[Entry] = []
    with store.transaction() as conn:
        for name, blob in store.meta_rows(ROW_PREFIX):  # again, under the write lock
            try:
                logged, entry = _open_row(inbox, key.journal_id, name, blob)
            except _UNREADABLE:
                unreadable += 1
                continue
            waiting.append((logged, ids.decode(entry.id), name, entry))
        if not waiting:
            return JoinedInbox((), unreadable)
        trackers = decode_records(store.records_in(conn), cipher, TRACKERS_ONLY).trackers
        for _, row_id, name, entry in sorted(waiting, key=lambda item: item[:2]):
            attributed = _attributed(entry, trackers)
            body = attributed.to_json()
            del body["id"]
            payload = encode_record("entry", body)
            taken = store.record(row_id)
            if taken is None:
                store.insert_records(conn, [(row_id, cipher.seal(row_id, payload))])
                joined.append(attributed)
            elif not _holds(cipher, row_id, taken, payload):  # a 1 in 2^63 collision
                new_id = store.add_record(conn, _sealer(cipher, payload))
                joined.append(attributed.with_changes(id=ids.encode(new_id)))
            # else: the very same entry was joined before (a row put back from a copy)
            store.delete_meta(conn, name)
    store.checkpoint()  # the joined rows' ciphertext leaves the WAL
    return JoinedInbox(tuple(joined), unreadable)


def _sealer(cipher: crypto.RecordCipher, payload: bytes) -> Callable[[int], bytes]:
    return lambda row_id: cipher.seal(row_id, payload)


def _holds(cipher: crypto.RecordCipher, row_id: int, blob: bytes, payload: bytes) -> bool:
    try:
        return cipher.open(row_id, blob) == payload
    except crypto.DecryptionFailed:
        return False


def discard_unreadable(store: JournalFile, key: DataKey, inbox: InboxKey | None) -> int:
    """Delete the waiting rows that cannot be opened or validated; how many there were."""
    removed = 0
    with store.transaction() as conn:
        for name, blob in store.meta_rows(ROW_PREFIX):
            try:
                if inbox is None:
                    raise crypto.DecryptionFailed
                _open_row(inbox, key.journal_id, name, blob)
            except _UNREADABLE:
                store.delete_meta(conn, name)
                removed += 1
    if removed:
        store.checkpoint()
    return removed
