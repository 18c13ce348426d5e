"""`python -m recovery_journal`."""

from recovery_journal.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
