"""Imports every command module so their commands register on the app."""

from recovery_journal.cli import (
    browse_commands,
    journal_commands,
    log_commands,
    tracker_commands,
)

__all__ = ["browse_commands", "journal_commands", "log_commands", "tracker_commands"]
