"""Characters that must never reach a reader as typed, whatever the output."""

from __future__ import annotations

# Bidirectional embeddings, overrides and isolates (plus LRM/RLM): they reorder
# the text around them, so a note could make a screen or a report say
# something else than what is stored.
BIDI_CONTROLS = frozenset(
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)
)
