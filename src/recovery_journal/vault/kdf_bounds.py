"""The bounds of the passphrase KDF's settings, apart from keyslots.py so that help text
(`rj passwd --help`) can show them without loading the cryptography library."""

# Caps checked before running a KDF read from a file, so a tampered journal
# cannot make unlocking allocate or compute without limit (age's "max work factor"):
# memory, and total cost (memory x passes) at most 10x the default's.
MAX_ARGON_MEMORY_KIB = 1024 * 1024
MAX_ARGON_ITERATIONS = 10
MAX_LANES = 16
DEFAULT_ARGON_COST = 128 * 1024 * 3  # KiB x passes: 128 MiB, t=3
MAX_ARGON_COST = 10 * DEFAULT_ARGON_COST  # 3,840 MiB x passes
# scrypt only where Argon2id is unavailable (where it is, nothing costlier than rj's
# own fallback, N=2^17, r=8, p=1, which a journal made on such a system has):
# memory 128*r*N at most 1 GiB, p at most 4, 128*r*N*p at most 10x the fallback's.
MAX_SCRYPT_LOG2_N = 20
MAX_SCRYPT_R = 32
MAX_SCRYPT_LANES = 4
MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024  # bytes
FALLBACK_SCRYPT_COST = 128 * 8 * 2**17  # bytes x lanes: N=2^17, r=8, p=1 (128 MiB)
MAX_SCRYPT_COST = 10 * FALLBACK_SCRYPT_COST
# Floor for a passphrase slot written outside the test switch (RFC 9106's second
# recommendation); the caps above bound what `passwd --kdf-*` accepts as well.
MIN_ARGON_MEMORY_MIB = 64
MIN_ARGON_ITERATIONS = 3
MAX_ARGON_MEMORY_MIB = MAX_ARGON_MEMORY_KIB // 1024
