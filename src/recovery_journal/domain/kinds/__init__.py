"""One module per entry kind, so a command loads only the kinds it uses (`rj mood` builds
one dataclass, not fourteen). `kind_names.entry_type` finds a kind's class by name;
`entries.py` gathers them all. The community kinds live in `community.py`. Pure."""
