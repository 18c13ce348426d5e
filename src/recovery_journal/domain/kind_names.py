"""The names of the entry kinds, in their order, without building the kinds themselves.

For help text that must load fast (`rj list --help`). `domain/entries.py` refuses to
import if its kinds ever differ from these names, so the two cannot drift apart.
"""

KIND_NAMES = (
    "mood",
    "craving",
    "trigger",
    "meeting",
    "gratitude",
    "use",
    "sober",
    "note",
    "pacs",
    "reflection",
    "connection",
    "service",
    "barc",
    "challenge",
)
