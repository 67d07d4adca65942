"""Credentials, as stored and checked: a password kept only as its scrypt digest (memory-hard,
from the standard library: 16 MiB and about 50 ms a try), a session token kept only as its
SHA-256. Nothing here can turn a stored value back into the secret."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

#: scrypt's cost: N (CPU and memory), r (block size), p (parallelism); 128 * N * r bytes of memory.
_N, _R, _P = 2**14, 8, 1
_SCHEME = "scrypt"
#: The shortest password accepted.
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$digest``, with a new random salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"{_SCHEME}${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


@functools.lru_cache(maxsize=64)
def password_matches(stored: str, password: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (remembered for the process:
    a batch of steps checks its user once, not once a step)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != _SCHEME:
            return False
        found = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


def new_token() -> str:
    """A session token: 256 random bits."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()
