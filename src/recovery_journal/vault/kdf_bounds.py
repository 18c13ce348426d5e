"""The bounds of the passphrase KDF's settings, apart from crypto.py so that help text
(`rj passwd --help`) can show them without loading the cryptography library."""

# Caps checked before running a KDF read from a file, so a tampered journal
# cannot make unlocking allocate without limit (age's "max work factor").
MAX_ARGON_MEMORY_KIB = 1024 * 1024
MAX_ARGON_ITERATIONS = 10
MAX_LANES = 16
MAX_SCRYPT_LOG2_N = 20
MAX_SCRYPT_R = 32
# Floor for a passphrase slot written outside the test switch (RFC 9106's second
# recommendation); the caps above bound what `passwd --kdf-*` accepts as well.
MIN_ARGON_MEMORY_MIB = 64
MIN_ARGON_ITERATIONS = 3
MAX_ARGON_MEMORY_MIB = MAX_ARGON_MEMORY_KIB // 1024
