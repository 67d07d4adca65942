"""现金流量表 (direct method) on a real SQLite file and a real PostgreSQL database: each income and
payment lands on the form's line, what moves no cash (a pledge, a gift in kind, a donated
service) is left out, a reversal takes back its line, and in every period the net increase in
cash equals closing less opening cash on the balance sheet."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.domain.periods import parse_period
from ledger.reports.statements import statements
from ledger.services import accruals, income, ledger_ops, registry
from ledger.services.accruals import Accrual
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.ledger.services.test_journal import donate, spend


def flows(book: BookHandle, period: str) -> dict[str, Decimal | None]:
    with reading(book.location, book.code) as r:
        return {
            row["code"]: row["total"] for row in statements(r, parse_period(period)) if row["statement"] == "cashflow"
        }


@pytest.fixture
def lived(book: BookHandle) -> BookHandle:
    """A year with every kind of money in and out, and some that moves no cash."""
    registry.add_party(book.uow, "tina", code="mca", name="民政局", kind="government")
    donate(book, "10000.00", date="2025-01-05")
    donate(book, "300.00", date="2025-01-06")
    ledger_ops.reverse(book.uow, "tina", entry=2, reason="退回", date="2025-01-07")
    for kind, amount in (("government_grant", "5000.00"), ("service_income", "700.00"), ("investment_income", "40.00")):
        income.receive(book.uow, "tina", kind=kind, payer="mca", amount=amount, fund="community", date="2025-02-01")
    spend(book, "1200.00", date="2025-03-01")
    spend(book, "300.00", date="2025-03-02", account="5201")
    pledge = Accrual("pledge", "gas", "2000.00", "community", date="2025-04-01")
    accruals.accrue(book.uow, "tina", pledge)  # no cash yet
    accruals.settle(book.uow, "tina", Accrual("pledge", "gas", "1500.00", "community", date="2025-06-01"))
    accruals.accrue(book.uow, "tina", Accrual("prepayment", "swc", "600.00", "community", date="2025-07-01"))
    used = Accrual("prepayment", "swc", "600.00", "community", "5101.04", "community_service", "2025-08-01")
    accruals.settle(book.uow, "tina", used)  # an expense, but no cash: that left on 07-01
    gift = {"fair_value": "900.00", "basis": "市场价", "fund": "community", "asset": "1501", "date": "2025-09-01"}
    income.gift_in_kind(book.uow, "tina", donor="gas", **gift)
    return book


def test_each_line_takes_its_money_and_what_moves_no_cash_is_left_out(lived: BookHandle) -> None:
    year = flows(lived, "2025")
    assert year["donations_received"] == Decimal("11500.00")  # 10,000 + 300 - 300 reversed + 1,500 of the pledge
    assert year["government_grants_received"] == Decimal("5000.00")
    assert year["services_received"] == Decimal("700.00")
    assert year["investment_income_received"] == Decimal("40.00")  # investing, not operating
    assert year["goods_services_paid"] == Decimal("2100.00")  # 1,200 + 300 + the 600 prepaid
    assert year["assets_bought"] == Decimal("0.00")  # the gift in kind cost no cash
    assert year["operating_in"] == Decimal("17200.00")
    assert year["operating_out"] == Decimal("2100.00")
    assert year["operating_net"] == Decimal("15100.00")
    assert year["investing_net"] == Decimal("40.00")
    assert year["net_increase"] == Decimal("15140.00")


@pytest.mark.parametrize("period", ["2025", "2025Q1", "2025Q3", "2025-01", "2025-06", "2025-09", "2026"])
def test_the_net_increase_is_closing_less_opening_cash_in_every_period(lived: BookHandle, period: str) -> None:
    got = flows(lived, period)
    assert got["net_increase"] == (got["cash_closing"] or 0) - (got["cash_opening"] or 0)
    nets = sum((got[f"{s}_net"] or 0 for s in ("operating", "investing", "financing")), Decimal("0.00"))
    assert nets == got["net_increase"]


def test_the_opening_cash_of_a_period_is_the_closing_cash_of_the_one_before(lived: BookHandle) -> None:
    assert flows(lived, "2025Q3")["cash_opening"] == flows(lived, "2025Q2")["cash_closing"] == Decimal("15740.00")
