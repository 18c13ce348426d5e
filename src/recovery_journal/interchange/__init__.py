"""Interchange: our data out and back in (JSON, CSV; later other apps' exports).

Exporters turn entries into text or bytes; importers check a whole file and return
validated domain objects, so a bad file is refused whole. Never touches the vault:
the CLI stores what an importer returns. It may import `domain` and `errors`.
"""
