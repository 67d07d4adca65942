"""The statements' comparative columns on a real SQLite file and a real PostgreSQL database: the
balance sheet's 年初数 and the activities' 本年累计数, and a year earlier when asked; and the
identity that ties them: net assets at the period's end less those at the year's start is the
year's change in net assets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.domain.periods import parse_period
from ledger.reports.statements import statements
from ledger.services import income, ledger_ops, registry
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.ledger.services.test_journal import donate, spend


def lines(book: BookHandle, period: str, prior: bool = False) -> dict[tuple[str, str], dict]:
    with reading(book.location, book.code) as r:
        return {(row["statement"], row["code"]): row for row in statements(r, parse_period(period), prior)}


@pytest.fixture
def two_years(book: BookHandle) -> BookHandle:
    registry.add_party(book.uow, "tina", code="mca", name="民政局", kind="government")
    donate(book, "1000.00", date="2024-06-01")
    donate(book, "300.00", date="2024-08-01")
    income.receive(
        book.uow, "tina", kind="service_income", payer="mca", amount="50.00", fund="community", date="2025-02-01"
    )
    donate(book, "500.00", date="2025-02-10")
    donate(book, "200.00", date="2025-08-10")
    spend(book, "100.00", date="2025-09-01")
    for month in ("2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02"):
        ledger_ops.close_period(book.uow, "tina", month=month)  # closing entries change no figure
    return book


def test_the_balance_sheet_shows_the_start_of_the_year_and_a_year_earlier(two_years: BookHandle) -> None:
    q3 = lines(two_years, "2025Q3", prior=True)
    cash = q3[("position", "1002")]
    assert (cash["total"], cash["opening"], cash["prior"]) == (
        Decimal("1950.00"),  # at 2025-09-30
        Decimal("1300.00"),  # at 2024-12-31
        Decimal("1300.00"),  # at 2024-09-30
    )


def test_the_activities_show_the_year_to_date_and_the_same_period_a_year_earlier(two_years: BookHandle) -> None:
    q3 = lines(two_years, "2025Q3", prior=True)
    gifts = q3[("activities", "4101.02")]
    assert (gifts["total"], gifts["year_to_date"], gifts["prior"]) == (
        Decimal("200.00"),
        Decimal("700.00"),
        Decimal("300.00"),  # 2024Q3
    )
    service = q3[("activities", "4301")]  # a line of February only: shown, at zero this quarter
    assert (service["total"], service["year_to_date"], service["prior"]) == (0, Decimal("50.00"), 0)


def test_without_prior_the_column_is_empty(two_years: BookHandle) -> None:
    assert lines(two_years, "2025Q3")[("position", "1002")]["prior"] is None


@pytest.mark.parametrize("period", ["2025", "2025Q1", "2025Q3", "2025-08", "2025-12"])
def test_net_assets_move_by_the_years_change_in_net_assets(two_years: BookHandle, period: str) -> None:
    got = lines(two_years, period)
    net, change = got[("position", "net_assets")], got[("activities", "change")]
    assert net["total"] - net["opening"] == change["year_to_date"]
