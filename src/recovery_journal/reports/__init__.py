"""Reports: documents built from the analytics models, rendered to Markdown, HTML and PDF.

Document blocks (`document.py`), their layouts (summary, diary card), charts and the
three renderers. Each returns text or bytes; the CLI decides where they go. fpdf2 is
imported only by `reports.pdf`. It may import `analytics`, `domain` and `errors`,
never the vault.
"""
