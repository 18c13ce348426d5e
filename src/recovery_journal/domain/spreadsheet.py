"""Cells a spreadsheet would run as formulas (CSV injection), made plain text."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
