"""The tamper-evident hash chain: each entry's hash covers its canonical content and the
previous entry's hash, so changing any entry breaks every hash after it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical(content: dict[str, Any]) -> bytes:
    """The one serialisation hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical content."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(content)).hexdigest()


def request_digest(request: dict[str, Any]) -> str:
    """Digest of a command's content, to tell a repeat from a conflicting reuse of a key."""
    return hashlib.sha256(canonical(request)).hexdigest()
