"""A row's digest is the same whichever backend holds it: the values come as each driver reads
them (SQLite: times as text, booleans as 0/1; PostgreSQL: aware datetimes in the session's zone,
booleans), and the digest covers them in one form (docs/HASHING.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import SQLModel

from ledger.storage.seals import row_digest

CST = dt.timezone(dt.timedelta(hours=8))
AT = "2026-03-04 05:06:07.000000"


def _digest(name: str, value: object) -> str:
    """The digest of a row of table ``name`` whose times (users) or flags (funds) are ``value``."""
    table = SQLModel.metadata.tables[name]
    kind = "DATETIME" if name == "users" else "BOOLEAN"
    row = tuple(value if str(c.type) == kind else 7 if c.name == "id" else None for c in table.columns)
    return row_digest(table, row)


def test_a_time_read_on_sqlite_and_on_postgresql_has_one_digest() -> None:
    assert _digest("users", AT) == _digest("users", dt.datetime(2026, 3, 4, 13, 6, 7, tzinfo=CST))
    assert _digest("users", AT) == _digest("users", dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC))


def test_a_flag_read_on_sqlite_and_on_postgresql_has_one_digest() -> None:
    assert _digest("funds", 1) == _digest("funds", True)
    assert _digest("funds", 0) == _digest("funds", False)


@pytest.mark.parametrize(
    "at",
    [
        "2026-03-04 05:06:07.000001",  # a microsecond later
        "2026-03-04 13:06:07.000000",  # the wall clock in Beijing taken for UTC
        dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=CST),  # the same figures, eight hours earlier
    ],
)
def test_any_other_time_changes_the_digest(at: object) -> None:
    assert _digest("users", at) != _digest("users", AT)


def test_a_turned_flag_changes_the_digest() -> None:
    assert _digest("funds", 0) != _digest("funds", 1)
