"""Terminal: Rich renderables (tables, panels) for what the commands show.

They return things to print and never print by themselves. User text goes through
`terminal.text.literal`, so markup and control characters are shown, never obeyed.
It may import `analytics`, `reports`, `domain` and `errors`, never the vault.
"""
