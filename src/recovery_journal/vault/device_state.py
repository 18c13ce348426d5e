"""What this device remembers about journals, in the user's state folder (not the journal's).

platformdirs' user state folder ($XDG_STATE_HOME or ~/.local/state/recovery-journal on
Linux) holds small JSON files keyed by journal id, 0600 in a 0700 folder, each replaced
atomically: `inbox-pins.json` (pins.py) and `write-counters.json`, the highest write
counter this device has seen in each journal's manifest (manifest.py), per journal id
and file: `{"<journal id hex>": {"<absolute path>": 41}}`. Both live outside
the journal's folder, so whoever can change the journal file (a synced or shared folder)
cannot change what the device remembers about it. Neither holds a secret.

Reading is forgiving: a missing, unreadable or damaged file counts as empty. That only
ever makes a check weaker (a pin trusted on first sight again, a rollback not noticed),
never raises a false alarm.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from recovery_journal.vault.files import create_private, fsync
from recovery_journal.vault.paths import APP_NAME

COUNTER_FILE = "write-counters.json"
_MAX_FILE = 1024 * 1024


def state_path(name: str) -> Path:
    import platformdirs  # only needed when the state is read or written

    return platformdirs.user_state_path(APP_NAME, appauthor=False) / name


def read_json(name: str) -> dict[str, Any]:
    """The object stored in state file `name`; {} when it is missing, unreadable or damaged."""
    try:
        with state_path(name).open("rb") as file:
            data = json.loads(file.read(_MAX_FILE + 1)[:_MAX_FILE])
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(name: str, data: dict[str, Any], *, sync: bool = True) -> None:
    """Replace state file `name` with `data`, atomically (0600 in a 0700 folder).

    Best effort: a state file that cannot be written (read-only home) only weakens
    the check it serves. `sync=False` skips the fsyncs, for a value that is rewritten
    often and whose loss in a power cut only makes it older (never wrong).
    """
    path = state_path(name)
    staged = path.with_name(f".{name}.{os.urandom(6).hex()}.tmp")
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        try:
            create_private(staged)
            with staged.open("w", encoding="utf-8") as file:
                json.dump(data, file, sort_keys=True, indent=1)
                file.flush()
                if sync:
                    os.fsync(file.fileno())
            os.replace(staged, path)
            if sync:
                fsync(path.parent)
        finally:
            staged.unlink(missing_ok=True)


def _place(path: Path) -> str:
    return str(path.expanduser().resolve())


def remembered_counter(journal_id: bytes, path: Path) -> int | None:
    """The highest write counter this device has seen for the journal at `path`, if any.

    Kept per journal id and per file: a rollback happens in place, while an older copy
    kept elsewhere (a backup opened with --journal) is older on purpose.
    """
    places = read_json(COUNTER_FILE).get(journal_id.hex())
    value = places.get(_place(path)) if isinstance(places, dict) else None
    return value if type(value) is int and value >= 0 else None


def remember_counter(journal_id: bytes, path: Path, counter: int, *, exactly: bool = False) -> None:
    """Remember `counter` for the journal at `path`: the higher of it and what is
    remembered, or `exactly` it (a deliberate restore of an older copy)."""
    counters = read_json(COUNTER_FILE)
    places = counters.get(journal_id.hex())
    places = places if isinstance(places, dict) else {}
    known = places.get(_place(path))
    if type(known) is int and (known == counter or (known > counter and not exactly)):
        return
    places[_place(path)] = counter
    counters[journal_id.hex()] = places
    write_json(COUNTER_FILE, counters, sync=False)
