"""`rj export data` and `rj import json`: every entry, out and back in."""
