"""People, reasons and settings in an unlocked journal: records like trackers, one sealed
row each.

A mixin of `Journal` (as `KeyManagement` is), so the CLI keeps one door into the journal.
Every write goes through `JournalFile`'s record methods, in one transaction each, as
entries and trackers do; what is deleted or replaced leaves no copy (JournalFile.wipe_removed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from recovery_journal.domain import ids
from recovery_journal.errors import EntryNotFound
from recovery_journal.vault import crypto
from recovery_journal.vault.storage import JournalFile

if TYPE_CHECKING:
    import sqlite3

    from recovery_journal.domain.settings import Settings
    from recovery_journal.domain.support import Person, Reason


class SupportRecords:
    """`add_person`, `replace_person`, `remove_person`, `add_reason`, `remove_reason`."""

    store: JournalFile
    _cipher: crypto.RecordCipher

    def _sealer(self, kind: str, body: dict[str, Any]) -> Callable[[int], bytes]:
        raise NotImplementedError  # Journal's

    def _reseal(self, conn: sqlite3.Connection, kind: str, record: Any) -> bool:
        raise NotImplementedError  # Journal's

    def _add(self, kind: str, record: Person | Reason | Settings) -> str:
        body = record.to_json()
        del body["id"]
        with self.store.transaction() as conn:
            row_id = self.store.add_record(conn, self._sealer(kind, body))
        return ids.encode(row_id)

    def _remove(self, record_id: str) -> None:
        with self.store.transaction() as conn:
            self.store.delete_record(conn, ids.decode(record_id))

    def add_person(self, person: Person) -> Person:
        """Store someone in the support network; returns them with their record id."""
        return person.with_changes(id=self._add("person", person))

    def replace_person(self, person: Person) -> None:
        with self.store.transaction() as conn:
            if not self._reseal(conn, "person", person):
                raise EntryNotFound(f"{person.name} was removed in another window meanwhile.")

    def remove_person(self, person: Person) -> None:
        self._remove(person.id)

    def add_reason(self, reason: Reason) -> Reason:
        """Store one of the person's reasons for recovery."""
        from recovery_journal.domain.support import Reason

        return Reason(id=self._add("reason", reason), text=reason.text, added=reason.added)

    def remove_reason(self, reason: Reason) -> None:
        self._remove(reason.id)

    def save_settings(self, settings: Settings) -> Settings:
        """Store the settings (replacing those stored under their id); returns them with it."""
        if not settings.id:
            return settings.with_changes(id=self._add("settings", settings))
        with self.store.transaction() as conn:
            if not self._reseal(conn, "settings", settings):
                raise EntryNotFound("The settings were removed in another window meanwhile.")
        return settings
