"""`python -m recovery_journal`."""

from recovery_journal.cli import run

if __name__ == "__main__":
    run()
