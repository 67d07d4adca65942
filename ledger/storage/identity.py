"""The operating-system account this process runs as, read here only: a cfund user bound to that
account is proven by the system's own login (see :mod:`ledger.services.auth`)."""

from __future__ import annotations

import functools
import getpass
import os


@functools.cache
def os_account() -> str:
    """The name of the account running cfund (its effective user on POSIX; read once)."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):  # Windows, or a uid with no name
        return getpass.getuser()
