"""The vault: the encrypted journal file and everything that touches it.

Crypto, keys and keyslots, the recovery key, storage (the only SQL on the journal's
tables), migrations, the decrypted contents, journal files, backup and restore.
It may import `domain` and `errors`; it never imports analytics, reports,
interchange, terminal or cli.
"""
