"""The one exception tree of cfund.

Each error carries a message key (looked up in :mod:`cli.text.messages` for zh-CN and en) and the
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


class RowProblem:
    """One problem in one cell of an input file: the row as a spreadsheet numbers it (the header
    is row 1), the column, and a message key with its fields."""

    __slots__ = ("column", "fields", "key", "names", "row")

    def __init__(self, row: int, column: str, key: str, /, **fields: object) -> None:
        self.row, self.column, self.key, self.fields = row, column, key, fields
        self.names: tuple[str, str] | None = None  # the column's zh and en headers, once known

    def __repr__(self) -> str:
        return f"RowProblem({self.row}, {self.column!r}, {self.key!r}, {self.fields})"


class InputProblems(InputError):
    """Every problem of an input file at once; nothing was written (exit 2)."""

    def __init__(self, problems: list[RowProblem], /, key: str = "import_invalid", **fields: object) -> None:
        super().__init__(key, count=len(problems), **fields)
        self.problems = problems
