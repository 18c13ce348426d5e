"""Exporters: journal data in, document content (str or bytes) out. They never write files.

The CLI (`cli/report_commands.py`) chooses what to share, asks for confirmation and
writes the file. PDF support (fpdf2) is imported only by `exporters.pdf`, which the CLI
imports only when a PDF is asked for, so every other command starts fast.
"""
