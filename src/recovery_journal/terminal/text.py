"""Rich renderables for entries. Never prints by itself.

Text a person typed goes through `literal()`: markup such as `[bold]` or `[/]`
is shown as typed, and control characters (terminal escape codes, bidi
overrides) are made visible instead of reaching the terminal.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from rich.text import Text

from recovery_journal.domain.characters import BIDI_CONTROLS


def escape_controls(text: str, *, keep_newlines: bool = True) -> str:
    """Control characters shown as escapes (\\x1b), never sent to the terminal."""
    out = []
    for ch in text:
        if (ch == "\n" and keep_newlines) or ch == "\t":
            out.append(ch)
        elif ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def literal(text: str | None, style: str = "") -> Text:
    """User text as a Rich Text: no markup parsing, no control characters."""
    return Text(escape_controls(text or ""), style=style)


def one_line(text: str | None, width: int = 48) -> str:
    flat = " ".join(escape_controls(text or "", keep_newlines=False).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def to_json_text(data: Any) -> str:
    """JSON for scripts and terminals alike: json escapes C0 controls; C1 and bidi
    controls, which it leaves raw, are escaped here too."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(
        f"\\u{ord(ch):04x}" if ch in BIDI_CONTROLS or 0x7F <= ord(ch) <= 0x9F else ch for ch in text
    )
