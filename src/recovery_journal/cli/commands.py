"""Registers every command on the app, in the order `--help` lists them."""

from __future__ import annotations

import importlib

COMMAND_MODULES = (
    "log_commands",
    "browse_commands",
    "progress_commands",
    "tracker_commands",
    "export_commands",
    "report_commands",
    "data_commands",
    "safety_commands",
    "journal_commands",
)


def register_all() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"recovery_journal.cli.{name}")
