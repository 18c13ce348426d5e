"""Characters that must never reach a reader as typed, whatever the output."""

from __future__ import annotations

# Bidirectional embeddings, overrides and isolates (plus LRM/RLM): they reorder
# the text around them, so a note could make a screen or a report say
# something else than what is stored.
BIDI_CONTROLS = frozenset(
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)
)


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` without control characters (C0, DEL, C1: a terminal escape, say) and without
    bidi controls: what every export writes. A tab or, unless kept, a newline becomes a
    space."""
    import unicodedata

    out = []
    for ch in text:
        if ch in BIDI_CONTROLS:
            continue
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch in "\t\r\n":
            out.append(" ")
        elif unicodedata.category(ch) != "Cc":
            out.append(ch)
    return "".join(out)
