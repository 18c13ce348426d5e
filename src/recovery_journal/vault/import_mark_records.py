"""Import marks in an unlocked journal: sealed records, written with the entry they mark.

A mixin of `Journal` (as `SupportRecords` is). A mark is stored, or updated, in the same
transaction as the edit or delete of the entry it is about, so the two never disagree
(domain/import_marks.py says what a mark is and why).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from recovery_journal.vault import crypto
from recovery_journal.vault.storage import JournalFile

if TYPE_CHECKING:
    import sqlite3

    from recovery_journal.domain.import_marks import ImportMark

MARK_RECORD = "import-mark"


class ImportMarkRecords:
    """`_put_mark`: store a new mark, or replace one already stored under its id."""

    store: JournalFile
    _cipher: crypto.RecordCipher

    def _sealer(self, kind: str, body: dict[str, Any]) -> Callable[[int], bytes]:
        raise NotImplementedError  # Journal's

    def _reseal(self, conn: sqlite3.Connection, kind: str, record: Any) -> bool:
        raise NotImplementedError  # Journal's

    def _put_mark(self, conn: sqlite3.Connection, mark: ImportMark) -> None:
        if mark.id and self._reseal(conn, MARK_RECORD, mark):
            return
        body = mark.to_json()
        del body["id"]
        self.store.add_record(conn, self._sealer(MARK_RECORD, body))  # new, or gone meanwhile
