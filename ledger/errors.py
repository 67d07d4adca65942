"""The one exception tree of cfund.

Each error carries a message key (looked up in :mod:`ledger.messages` for zh-CN and en) and the
structured fields that fill it. The CLI turns them into one translated line and an exit code.
"""

from __future__ import annotations


class CfundError(Exception):
    """Root of every expected cfund error."""

    exit_code = 1

    def __init__(self, key: str, /, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields

    def __str__(self) -> str:
        return f"{self.key} {self.fields}" if self.fields else self.key


class InputError(CfundError):
    """Bad input or usage: nothing was written (exit 2)."""

    exit_code = 2


class NotFound(InputError):
    """A named account, fund, party, user, entry or book does not exist."""


class LedgerError(InputError):
    """An entry would break a journal invariant (balance, fund, period, purpose)."""


class Conflict(InputError):
    """The same idempotency key was used for different content, or a one-time action repeated."""


class PermissionDenied(CfundError):
    """The acting user's role does not allow this action (exit 4)."""

    exit_code = 4


class CheckFailed(CfundError):
    """An audit or integrity check found a break (exit 3)."""

    exit_code = 3


class StorageError(CfundError):
    """The database could not be opened or is not a cfund database (exit 1)."""


class SystemProblem(CfundError):
    """This machine lacks something the command needs (a font, a tool); nothing was written (exit 1)."""
