"""A host charity's statements on a real SQLite file and a real PostgreSQL database: two books
(two special funds) of one host; every consolidated figure is the sum of the books' figures,
and the spending ratios are computed on the host's sums (each fund alone under the ¥200,000
exemption, the host over it)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.domain.periods import parse_period
from ledger.errors import NotFound, PermissionDenied
from ledger.reports.host import SUMMED, host_statements
from ledger.reports.statements import statements
from ledger.services import setup
from ledger.storage.reader import reading
from tests.conftest import BookHandle, new_book
from tests.ledger.services.test_journal import donate, spend
from workflows.services.audit import verify


def host_of(book: BookHandle) -> str:
    """The host's code: one per test (the PostgreSQL test database holds other tests' books)."""
    return f"host-{book.code}"


@pytest.fixture
def host(book: BookHandle) -> tuple[BookHandle, BookHandle]:
    other = new_book(book.store, prefix="h")
    for handle, gift, management in ((book, "2000000.00", "150000.00"), (other, "1000000.00", "100000.00")):
        donate(handle, gift, date="2024-03-01")
        spend(handle, "500000.00", date="2025-03-01")
        spend(handle, management, date="2025-03-02", account="5201")
        setup.join_host(handle.uow, "admin", host=host_of(book))
    return book, other


def rows_of(book: BookHandle, period: str, host: str | None = None) -> dict[tuple[str, str], dict]:
    with reading(book.location, book.code) as r:
        got = (
            host_statements(r, host, parse_period(period), True) if host else statements(r, parse_period(period), True)
        )
    return {(row["statement"], row["code"]): row for row in got}


@pytest.mark.parametrize("period", ["2025", "2025Q1", "2024-03"])
def test_every_consolidated_figure_is_the_sum_of_the_books(host: tuple[BookHandle, BookHandle], period: str) -> None:
    one, two = (rows_of(b, period) for b in host)
    both = rows_of(host[0], period, host=host_of(host[0]))
    lines = (set(one) | set(two)) - {k for k in both if k[0] == "ratios"}
    assert {k for k in both if k[0] != "ratios"} == lines
    for key in lines:
        for figure in SUMMED:
            parts = [r[key][figure] for r in (one, two) if key in r and r[key][figure] is not None]
            assert both[key][figure] == (sum(parts, Decimal("0.00")) if parts else None), (key, figure)


def test_the_ratios_are_the_hosts_not_the_sum_of_the_funds(host: tuple[BookHandle, BookHandle]) -> None:
    for book in host:  # each fund alone: management costs under ¥200,000
        assert rows_of(book, "2025")[("ratios", "management_ratio")]["status"] == "exempt"
    ratio = rows_of(host[0], "2025", host=host_of(host[0]))[("ratios", "management_ratio")]
    assert (ratio["total"], ratio["status"]) == (Decimal("20.00"), "not_met")  # 250,000 of 1,250,000
    charitable = rows_of(host[0], "2025", host=host_of(host[0]))[("ratios", "charitable_ratio")]
    assert charitable["total"] == Decimal("33.33")  # 1,000,000 of 3,000,000 received in 2024


def test_joining_a_host_is_for_admins_and_sealed(host: tuple[BookHandle, BookHandle]) -> None:
    book = host[0]
    with pytest.raises(PermissionDenied):
        setup.join_host(book.uow, "tina", host="elsewhere")
    setup.join_host(book.uow, "admin", host="another")  # a book moves to another host
    assert verify(book.store, book.code).problems == ()
    with pytest.raises(NotFound):
        rows_of(book, "2025", host="nobody")
    assert set(rows_of(book, "2025", host=host_of(book))) == set(rows_of(host[1], "2025"))  # one book left
