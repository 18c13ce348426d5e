"""The inbox public keys this device has seen, per journal: trust on first sight, kept.

A small JSON file in the user's state folder (platformdirs; $XDG_STATE_HOME or
~/.local/state/recovery-journal on Linux), outside the journal's folder so that
whoever can change the journal file (a synced or shared folder) cannot change the
pins too: `{"<journal id hex>": "<inbox public key hex>", ...}`, 0600 in a 0700
folder, replaced atomically. It holds no secret. A pin is written the first time
the device logs while locked and after every unlock that verified the key, so a
key swapped in the file is refused before anything is sealed to it.
"""

from __future__ import annotations

from pathlib import Path

from recovery_journal.vault.device_state import read_json, state_path, write_json

PIN_FILE = "inbox-pins.json"


def pin_path() -> Path:
    return state_path(PIN_FILE)


def _read() -> dict[str, str]:
    """The pins; an unreadable or damaged file counts as none (pins come back at unlock)."""
    data = read_json(PIN_FILE)
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def pinned(journal_id: bytes) -> bytes | None:
    """The inbox public key pinned for this journal on this device, if any."""
    value = _read().get(journal_id.hex())
    if value is None:
        return None
    try:
        return bytes.fromhex(value)
    except ValueError:
        return None


def pin(journal_id: bytes, public: bytes) -> None:
    """Pin `public` for this journal (a no-op if it is already pinned).

    Best effort: a pin that cannot be written (read-only home) only means the
    next locked log trusts the key on first sight again.
    """
    pins = _read()
    if pins.get(journal_id.hex()) == public.hex():
        return
    pins[journal_id.hex()] = public.hex()
    write_json(PIN_FILE, pins)
