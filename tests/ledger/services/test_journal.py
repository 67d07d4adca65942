"""Service tests of the journal, on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ledger.errors import Conflict, InputError, LedgerError, NotFound, PermissionDenied
from ledger.reports import lists as queries
from ledger.services import ledger_ops, setup, transfers
from ledger.storage.reader import reading
from tests.conftest import BookHandle


def fund_balance(book: BookHandle, fund: str) -> Decimal:
    with reading(book.location, book.code) as r:
        return next(row["balance"] for row in queries.fund_balances(r) if row["fund"] == fund)


def entry_count(book: BookHandle) -> int:
    with reading(book.location, book.code) as r:
        return int(r.rows("SELECT COUNT(*) FROM entries WHERE book_id = :book")[0][0])


def donate(book: BookHandle, amount: str = "1000.00", **kw: str) -> object:
    return ledger_ops.donate(book.uow, "tina", donor="gas", amount=amount, fund=kw.pop("fund", "community"), **kw)


def spend(book: BookHandle, amount: str, fund: str = "community", **kw: str) -> object:
    return ledger_ops.expense(
        book.uow,
        "tina",
        fund=fund,
        account=kw.pop("account", "5101.04"),
        amount=amount,
        purpose=kw.pop("purpose", "community_service"),
        payee="swc",
        **kw,
    )


def test_a_donation_raises_the_fund_and_balances(book: BookHandle) -> None:
    result = donate(book, "1,234.56")
    assert result.seq == 1 and not result.already
    assert fund_balance(book, "community") == Decimal("1234.56")


def test_a_restricted_donation_is_restricted_income(book: BookHandle) -> None:
    donate(book, "10.00", fund="disaster")
    with reading(book.location, book.code) as r:
        accounts = {row["account"] for row in queries.journal(r)}
    assert accounts == {"1002", "4101.01"}


def test_same_key_same_content_is_already_recorded_and_writes_nothing(book: BookHandle) -> None:
    first = donate(book, "50.00", key="k-1")
    again = donate(book, "50.00", key="k-1")
    assert again.already and again.seq == first.seq
    assert entry_count(book) == 1


def test_same_key_different_content_is_a_conflict(book: BookHandle) -> None:
    donate(book, "50.00", key="k-1")
    with pytest.raises(Conflict) as err:
        donate(book, "51.00", key="k-1")
    assert err.value.exit_code == 2
    assert entry_count(book) == 1


def test_an_expense_cannot_overdraw_a_fund(book: BookHandle) -> None:
    donate(book, "100.00")
    with pytest.raises(LedgerError) as err:
        spend(book, "100.01")
    assert err.value.key == "fund_overdrawn"
    spend(book, "100.00")
    assert fund_balance(book, "community") == 0


def test_a_restricted_fund_is_spent_only_for_a_permitted_purpose(book: BookHandle) -> None:
    donate(book, "100.00", fund="disaster")
    with pytest.raises(LedgerError) as err:
        spend(book, "10.00", fund="disaster", account="5101.04", purpose="community_service")
    assert err.value.key == "purpose_not_permitted"
    spend(book, "10.00", fund="disaster", account="5101.03", purpose="disaster_relief")


def test_the_purpose_must_match_the_programme_account(book: BookHandle) -> None:
    donate(book, "100.00")
    with pytest.raises(LedgerError) as err:
        spend(book, "10.00", account="5101.01", purpose="community_service")
    assert err.value.key == "purpose_account_mismatch"


def test_unknown_fund_account_and_party_are_refused(book: BookHandle) -> None:
    with pytest.raises(NotFound):
        donate(book, fund="nofund")
    with pytest.raises(NotFound):
        ledger_ops.donate(book.uow, "tina", donor="nobody", amount="1", fund="community")
    donate(book)
    with pytest.raises(NotFound):
        spend(book, "1.00", account="9999")
    assert entry_count(book) == 1


def test_a_future_date_is_refused(book: BookHandle) -> None:
    with pytest.raises(InputError) as err:
        donate(book, date=(dt.date.today() + dt.timedelta(days=1)).isoformat())
    assert err.value.key == "date_future"


def test_reversal_undoes_an_entry_once(book: BookHandle) -> None:
    donate(book, "80.00")
    reversal = ledger_ops.reverse(book.uow, "tina", entry=1, reason="typo")
    assert fund_balance(book, "community") == 0
    with pytest.raises(Conflict) as err:
        ledger_ops.reverse(book.uow, "tina", entry=1, reason="again")
    assert err.value.key == "already_reversed"
    with pytest.raises(LedgerError):
        ledger_ops.reverse(book.uow, "tina", entry=reversal.seq, reason="undo the undo")


def test_a_reversal_that_would_overdraw_is_refused(book: BookHandle) -> None:
    donate(book, "80.00")
    spend(book, "50.00")
    with pytest.raises(LedgerError) as err:
        ledger_ops.reverse(book.uow, "tina", entry=1, reason="donor withdrew")
    assert err.value.key == "fund_overdrawn"


def test_a_closed_month_takes_no_entry(book: BookHandle) -> None:
    donate(book, "10.00", date="2025-03-10")
    assert not ledger_ops.close_period(book.uow, "tina", month="2025-03").already
    assert ledger_ops.close_period(book.uow, "tina", month="2025-03").already
    with pytest.raises(LedgerError) as err:
        donate(book, "10.00", date="2025-03-11")
    assert err.value.key == "period_closed"
    ledger_ops.reverse(book.uow, "tina", entry=1, reason="wrong donor")  # the correction goes into an open period


def test_months_close_in_order_and_a_refused_close_changes_nothing(book: BookHandle) -> None:
    donate(book, "10.00", date="2025-02-10")
    donate(book, "20.00", date="2025-03-10")
    with pytest.raises(LedgerError) as err:
        ledger_ops.close_period(book.uow, "tina", month="2025-03")
    assert (err.value.key, err.value.fields["earlier"]) == ("period_earlier_open", "2025-02")
    assert entry_count(book) == 2  # no closing entry
    donate(book, "1.00", date="2025-03-11")  # and March still takes entries
    assert not ledger_ops.close_period(book.uow, "tina", month="2025-02").already
    assert not ledger_ops.close_period(book.uow, "tina", month="2025-03").already


def test_nothing_posts_before_the_last_closed_month_even_in_an_empty_month(book: BookHandle) -> None:
    donate(book, "10.00", date="2025-03-10")  # January and February have no entries
    ledger_ops.close_period(book.uow, "tina", month="2025-03")
    for day in ("2025-01-15", "2024-12-31", "2025-03-31"):
        with pytest.raises(LedgerError) as err:
            donate(book, "10.00", date=day)
        assert (err.value.key, err.value.fields["last"]) == ("period_closed", "2025-03"), day
    assert ledger_ops.close_period(book.uow, "tina", month="2025-01").already
    donate(book, "10.00", date="2025-04-01")
    assert entry_count(book) == 3  # the two donations and March's closing entry


def test_a_month_that_has_not_ended_cannot_be_closed(book: BookHandle) -> None:
    with pytest.raises(InputError):
        ledger_ops.close_period(book.uow, "tina", month=dt.date.today().strftime("%Y-%m"))


def test_the_auditor_and_strangers_write_nothing(book: BookHandle) -> None:
    for actor in ("audrey", "cathy", "ghost"):
        with pytest.raises(PermissionDenied) as err:
            ledger_ops.donate(book.uow, actor, donor="gas", amount="1", fund="community")
        assert err.value.exit_code == 4
    with pytest.raises(PermissionDenied):
        setup.add_user(book.uow, "tina", name="eve", roles=["admin"])
    assert entry_count(book) == 0


def test_profit_share_posts_twenty_percent_half_up(book: BookHandle) -> None:
    res = transfers.profit_share(book.uow, "tina", company="ssc", period="2025Q3", net_profit="123456.78")
    assert res.amount == Decimal("24691.36") and res.posted is not None
    assert fund_balance(book, "community") == Decimal("24691.36")


def test_profit_share_is_once_per_company_and_period(book: BookHandle) -> None:
    transfers.profit_share(book.uow, "tina", company="ssc", period="2025Q3", net_profit="1000")
    again = transfers.profit_share(book.uow, "tina", company="ssc", period="2025Q3", net_profit="1000")
    assert again.posted is not None and again.posted.already
    with pytest.raises(Conflict):
        transfers.profit_share(book.uow, "tina", company="ssc", period="2025Q3", net_profit="2000")
    with pytest.raises(Conflict) as err:
        transfers.profit_share(book.uow, "tina", company="ssc", period="2025-08", net_profit="500")
    assert err.value.key == "period_overlap"
    assert entry_count(book) == 1


def test_a_wrong_transfer_is_corrected_by_reversal_then_repost(book: BookHandle) -> None:
    first = transfers.profit_share(book.uow, "tina", company="ssc", period="2025Q3", net_profit="1000")
    ledger_ops.reverse(book.uow, "tina", entry=first.posted.seq, reason="wrong profit")
    fixed = transfers.profit_share(book.uow, "tina", company="ssc", period="2025Q3", net_profit="2000")
    assert fixed.posted is not None and not fixed.posted.already
    assert fund_balance(book, "community") == Decimal("400.00")


@pytest.mark.parametrize("profit", ["0", "-5000.00"])
def test_no_profit_posts_nothing(book: BookHandle, profit: str) -> None:
    res = transfers.profit_share(book.uow, "tina", company="ssc", period="2025", net_profit=profit)
    assert res.posted is None and res.amount == 0
    assert entry_count(book) == 0


def test_feedback_posts_seventy_percent_into_the_restricted_fund(book: BookHandle) -> None:
    res = transfers.feedback(
        book.uow, "tina", operation="canteen", period="2025-10", net_profit="10000.05", compound="c01"
    )
    assert res.amount == Decimal("7000.04")  # 7000.035 rounds half-up
    assert fund_balance(book, "feedback") == Decimal("7000.04")
    with reading(book.location, book.code) as r:
        assert {row["compound"] for row in queries.journal(r)} == {"c01"}


def test_transfers_check_the_party_kind(book: BookHandle) -> None:
    with pytest.raises(InputError) as err:
        transfers.feedback(book.uow, "tina", operation="ssc", period="2025-10", net_profit="10")
    assert err.value.key == "party_kind"


def test_large_amounts_round_trip_exactly(book: BookHandle) -> None:
    donate(book, "30,000,000.00")
    donate(book, "89,999,999,999,999.99", key="huge")
    assert fund_balance(book, "community") == Decimal("90000029999999.99")


def test_every_entry_is_chained_to_the_previous_one(book: BookHandle) -> None:
    donate(book, "1.00")
    donate(book, "2.00")
    with reading(book.location, book.code) as r:
        rows = r.rows("SELECT seq, prev_hash, hash FROM entries WHERE book_id = :book ORDER BY seq")
        head = r.rows("SELECT head_hash FROM books WHERE id = :book")[0][0]
    assert rows[0][1] == "0" * 64 and rows[1][1] == rows[0][2] and head == rows[1][2]
