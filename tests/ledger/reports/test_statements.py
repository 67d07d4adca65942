"""Statements: 资产负债表 balances, 业务活动表 splits income by restriction and releases what
restricted funds spent, and the figures tie to each other and to the fund balances."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.domain.periods import parse_period
from ledger.reports.statements import statements
from ledger.services import ledger_ops
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.helpers.books import load_doc, write_book
from tests.ledger.services.test_journal import donate, spend


def lines(book: BookHandle, period: str) -> dict[tuple[str, str], dict]:
    with reading(book.location, book.code) as r:
        return {(row["statement"], row["code"]): row for row in statements(r, parse_period(period))}


@load_doc
def test_statements_of_a_small_year(book: BookHandle) -> None:
    """
    2025-02-01 donate gas 1000.00 community
    2025-03-01 donate gas 500.00 disaster
    2025-04    feedback canteen 1000.00                                ; 70% into the feedback fund
    2025-05-01 expense community 5101.04 200.00 community_service swc
    2025-06-01 expense disaster 5101.03 100.00 disaster_relief swc
    """
    s = lines(book, "2025")
    assert s[("activities", "income")]["unrestricted"] == Decimal("1000.00")
    assert s[("activities", "income")]["restricted"] == Decimal("1200.00")  # disaster 500 + feedback 700
    assert s[("activities", "expense")]["total"] == Decimal("300.00")
    assert (s[("activities", "release")]["unrestricted"], s[("activities", "release")]["restricted"]) == (
        Decimal("100.00"),
        Decimal("-100.00"),
    )
    change = s[("activities", "change")]
    assert (change["unrestricted"], change["restricted"]) == (Decimal("800.00"), Decimal("1100.00"))
    net = s[("position", "net_assets")]
    assert s[("position", "assets")]["total"] - s[("position", "liabilities")]["total"] == net["total"]
    assert (net["unrestricted"], net["restricted"]) == (Decimal("800.00"), Decimal("1100.00"))
    assert s[("funds", "disaster")]["total"] == Decimal("400.00")


@load_doc
def test_a_quarter_counts_only_its_own_activity_but_the_position_is_cumulative(book: BookHandle) -> None:
    """
    2025-02-01 donate gas 1000.00 community
    2025-08-01 donate gas 300.00 community
    """
    q3 = lines(book, "2025Q3")
    assert q3[("activities", "income")]["total"] == Decimal("300.00")
    assert q3[("position", "net_assets")]["total"] == Decimal("1300.00")
    assert lines(book, "2025-01")[("position", "net_assets")]["total"] == 0


@load_doc
def test_a_reversal_nets_out_of_the_period(book: BookHandle) -> None:
    """
    2025-02-01 donate gas 1000.00 community
    2025-02-02 reverse 1 wrong donor
    """
    s = lines(book, "2025")
    assert s[("activities", "income")]["total"] == 0 and s[("position", "net_assets")]["total"] == 0


def test_closing_a_month_moves_income_and_expenses_into_net_assets(book: BookHandle) -> None:
    from ledger.reports import lists as queries
    from workflows.services.audit import verify

    donate(book, "1000.00", date="2025-02-01")
    donate(book, "500.00", fund="disaster", date="2025-02-03")
    spend(book, "200.00", date="2025-02-05")
    spend(book, "100.00", fund="disaster", account="5101.03", purpose="disaster_relief", date="2025-02-06")
    before = lines(book, "2025-02")
    closed = ledger_ops.close_period(book.uow, "tina", month="2025-02")
    assert closed.entry == 5
    with reading(book.location, book.code) as r:
        balances = {row["account"]: row["debit"] - row["credit"] for row in queries.trial_balance(r)}
    assert not any(code.startswith(("4", "5")) for code in balances)  # income and expenses are closed
    assert balances["3101"] == Decimal("-800.00")  # 1000 - 200, plus 100 released, less 100 spent
    assert balances["3102.02"] == Decimal("-400.00")  # disaster: 500 received, 100 released
    assert lines(book, "2025-02") == before  # the statements of the month do not change
    assert verify(book.store, book.code).problems == ()


def test_ratios_are_for_a_calendar_year_against_the_year_before(book: BookHandle) -> None:
    from ledger.reports.ratios import previous

    donate(book, "1000.00", date="2024-06-01")
    spend(book, "600.00", date="2025-03-01")
    assert previous(parse_period("2025")).start.isoformat() == "2024-01-01"
    ratio = lines(book, "2025")[("ratios", "charitable_ratio")]
    assert (ratio["total"], ratio["met"], ratio["status"]) == (Decimal("60.00"), False, "not_met")
    assert not [key for key in lines(book, "2025Q1") if key[0] == "ratios"]  # the rule judges a year
    assert not [key for key in lines(book, "2025-03") if key[0] == "ratios"]


def test_a_fund_with_small_management_costs_is_exempt_from_the_management_limit(book: BookHandle) -> None:
    donate(book, "1000.00", date="2024-06-01")
    spend(book, "50.00", date="2025-03-01")
    spend(book, "100.00", date="2025-03-02", account="5201")  # ¥100: two thirds of spending, but exempt
    ratio = lines(book, "2025")[("ratios", "management_ratio")]
    assert (ratio["total"], ratio["threshold"], ratio["met"], ratio["status"]) == (
        Decimal("66.67"),
        Decimal("13.00"),
        True,
        "exempt",
    )


def test_three_year_averages_when_the_rules_file_asks_for_them(
    book: BookHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ledger.reports import ratios

    monkeypatch.setattr(ratios, "ratio_settings", lambda: ("public_fundraising_social_org", True))
    for year in ("2022", "2023", "2024"):
        donate(book, "1000.00", date=f"{year}-06-01")
    donate(book, "2000.00", date="2024-07-01")  # 2024: 3,000; the three years: 5,000, 1,666.67 a year
    spend(book, "1400.00", date="2025-03-01")
    ratio = lines(book, "2025")[("ratios", "charitable_ratio")]
    assert (ratio["total"], ratio["status"]) == (Decimal("84.00"), "met")  # against 3,000 alone: 46.67%
    assert ratio["name_en"].endswith("(three-year average) (%)")


def test_a_book_written_as_text_refuses_a_verb_it_does_not_know(book: BookHandle) -> None:
    with pytest.raises(ValueError, match="donat"):
        write_book(book, "2025-02-01 donat gas 1.00 community")
    assert len(write_book(book, "; a comment\n\n2025-02-01 donate gas 1.00 community key=k1\n")) == 1
