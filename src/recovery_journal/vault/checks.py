"""Checking an unlocked journal: `verify`, and the manifest check every read makes.

A mixin of `Journal` (as `KeyManagement` is). Reading the whole journal takes one
snapshot of every record and meta row; the records are decrypted (each is
authenticated) and the snapshot compared with the sealed manifest (integrity.py), so
a record deleted, put back from an old copy or rolled back is never a quiet answer.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from recovery_journal.domain.kind_names import KIND_NAMES
from recovery_journal.errors import ChangedOutsideRj
from recovery_journal.vault import crypto
from recovery_journal.vault.contents import TRACKERS_ONLY, decode_records
from recovery_journal.vault.integrity import Integrity
from recovery_journal.vault.keys import DataKey
from recovery_journal.vault.storage import JournalFile

if TYPE_CHECKING:
    from recovery_journal.vault.verify_report import VerifyReport


class Checks:
    """`verify`, `accept_changes` and `_check` (used by every read of the whole journal)."""

    store: JournalFile
    _cipher: crypto.RecordCipher
    _integrity: Integrity
    _key: DataKey

    def _check(
        self,
        records: list[tuple[int, bytes]],
        meta: list[tuple[str, bytes]],
        damaged: list[str] | None = None,
    ) -> None:
        """Refuse (ChangedOutsideRj) if the records or meta rows differ from the manifest."""
        changes = self._integrity.differences(records, meta, damaged or ())
        if changes and damaged is None:  # records that fail to decrypt are said as damaged
            damaged = decode_records(records, self._cipher, TRACKERS_ONLY).damaged
            changes = self._integrity.differences(records, meta, damaged)
        if changes:
            raise ChangedOutsideRj(changes)

    def verify(self) -> VerifyReport:
        """SQLite's full check, every record decrypted, and the file against its manifest."""
        from recovery_journal.vault.verify_report import VerifyReport  # `verify` alone

        problems = self.store.integrity_problems()
        records, meta = self.store.snapshot()
        contents = decode_records(records, self._cipher)
        changes = self._integrity.differences(records, meta, contents.damaged)
        found = Counter(entry.kind for entry in contents.entries)
        counts = {kind: found[kind] for kind in KIND_NAMES}
        counts["tracker"] = len(contents.trackers)
        counts["export"] = len(contents.exports)
        counts["person"] = len(contents.people)
        counts["reason"] = len(contents.reasons)
        before = self._integrity.before_manifest
        return VerifyReport(counts, sorted(contents.damaged), problems, changes, before)

    def checks_out(self) -> bool:
        """Whether the file matches its manifest now (every record hashed: O(n))."""
        try:
            self._check(*self.store.snapshot())
        except ChangedOutsideRj:
            return False
        return True

    @property
    def write_counter(self) -> tuple[bytes, int]:
        """The journal's id and the highest write counter seen in its manifest."""
        return self._key.journal_id, self._integrity.counter

    def accept_changes(self) -> None:
        """Seal the manifest of the journal as it is now (`rj verify --accept-changes`)."""
        self._integrity.accept()
