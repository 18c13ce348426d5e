"""Where the journal lives: --journal, then $RECOVERY_JOURNAL_PATH, then the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

PATH_ENV = "RECOVERY_JOURNAL_PATH"
APP_NAME = "recovery-journal"
FILE_NAME = "journal.db"


def default_journal_path() -> Path:
    import platformdirs  # only needed when no path was given

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / FILE_NAME


def journal_path(option: str | None) -> Path:
    chosen = option or os.environ.get(PATH_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return default_journal_path()
