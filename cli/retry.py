"""When to run a command again: a transaction the database refused to serialise (PostgreSQL
40001 or 40P01, or SQLite still locked after its busy timeout) rolled back whole and wrote
nothing, so running the same command again is safe, up to :data:`MAX_ATTEMPTS` times."""

from __future__ import annotations

import random
import time

#: How many times a command runs when the database reports a serialisation conflict.
MAX_ATTEMPTS = 5
RETRY_STATES = frozenset({"40001", "40P01"})
#: The SQLSTATE of a privilege the database refused (roles in the database).
REFUSED = "42501"


def sqlstate(exc: BaseException) -> str | None:
    """The database's SQLSTATE of a driver error, if it has one."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None)


def retryable(exc: BaseException) -> bool:
    """A conflict that rolled the whole transaction back: running the command again is safe."""
    orig = getattr(exc, "orig", None)
    return orig is not None and (sqlstate(exc) in RETRY_STATES or "database is locked" in str(orig))


def pause(attempt: int) -> None:
    """A short random wait before attempt ``attempt + 1``, longer each time."""
    time.sleep(random.uniform(0.02, 0.1) * attempt)
