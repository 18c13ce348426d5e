"""Command-line interface: parse arguments, call the domain, render."""

from recovery_journal.cli.app import app, main

__all__ = ["app", "main"]
