"""Accruals on a real SQLite file and a real PostgreSQL database: a pledge is income when made and
a receivable until paid, a prepayment is an expense only when used, a payable is an expense when
incurred; each is settled in parts, never beyond what is outstanding, even by writers at once."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from ledger.errors import InputError, LedgerError, PermissionDenied
from ledger.services import accruals
from ledger.services.accruals import Accrual
from ledger.storage.uow import UnitOfWork
from tests.conftest import BookHandle
from tests.helpers.race import attempt, run_race
from tests.ledger.reports.test_statements import lines
from tests.ledger.services.test_journal import donate, entry_count
from workflows.services.audit import verify

SERVICE = {"account": "5101.04", "purpose": "community_service"}


def accrue(book: BookHandle, what: str, amount: str, party: str = "swc", **kw: str) -> accruals.PostResult:
    return accruals.accrue(book.uow, "tina", Accrual(what, party, amount, "community", date="2025-03-01", **kw))


def settle(book: BookHandle, what: str, amount: str, party: str = "swc", **kw: str) -> accruals.PostResult:
    return accruals.settle(book.uow, "tina", Accrual(what, party, amount, "community", date="2025-04-01", **kw))


def figure(book: BookHandle, statement: str, code: str, column: str = "total") -> Decimal:
    return lines(book, "2025").get((statement, code), {column: Decimal("0.00")})[column]


def test_a_pledge_is_income_when_made_and_a_receivable_until_paid(book: BookHandle) -> None:
    accrue(book, "pledge", "12000.00", party="gas")
    assert figure(book, "activities", "4101.02", "unrestricted") == Decimal("12000.00")
    assert figure(book, "position", "1122") == Decimal("12000.00")
    settle(book, "pledge", "5000.00", party="gas")
    with pytest.raises(LedgerError) as err:
        settle(book, "pledge", "7000.01", party="gas")
    assert (err.value.key, err.value.fields["outstanding"]) == ("settle_exceeds", Decimal("7000.00"))
    settle(book, "pledge", "7000.00", party="gas")
    assert (figure(book, "position", "1122"), figure(book, "position", "1002")) == (0, Decimal("12000.00"))
    assert figure(book, "activities", "4101.02", "unrestricted") == Decimal("12000.00")  # counted once
    assert verify(book.store, book.code).problems == ()


def test_a_prepayment_is_an_expense_only_when_used(book: BookHandle) -> None:
    donate(book, "5000.00", date="2025-02-01")
    accrue(book, "prepayment", "3000.00")
    assert (figure(book, "position", "1141"), figure(book, "activities", "5101.04")) == (Decimal("3000.00"), 0)
    with pytest.raises(InputError):
        settle(book, "prepayment", "1000.00")  # used up as which expense?
    settle(book, "prepayment", "1000.00", **SERVICE)
    assert (figure(book, "position", "1141"), figure(book, "activities", "5101.04")) == (
        Decimal("2000.00"),
        Decimal("1000.00"),
    )
    with pytest.raises(LedgerError):
        settle(book, "prepayment", "2000.01", **SERVICE)


def test_a_payable_is_an_expense_when_incurred_and_paid_once(book: BookHandle) -> None:
    donate(book, "1000.00", date="2025-02-01")
    accrue(book, "payable", "800.00", account="5201", purpose="community_service")
    assert (figure(book, "activities", "5201"), figure(book, "position", "2209")) == (
        Decimal("800.00"),
        Decimal("800.00"),
    )
    first = settle(book, "payable", "800.00", key="pay-1")
    assert settle(book, "payable", "800.00", key="pay-1").already  # a repeat, not a refusal
    assert settle(book, "payable", "800.00", key="pay-1").seq == first.seq
    with pytest.raises(LedgerError):
        settle(book, "payable", "0.01")
    assert figure(book, "position", "1002") == Decimal("200.00")


def test_what_one_party_owes_is_not_settled_by_another(book: BookHandle) -> None:
    accrue(book, "pledge", "100.00", party="gas")
    with pytest.raises(LedgerError):
        settle(book, "pledge", "100.00", party="ssc")
    with pytest.raises(LedgerError):  # nor in another fund
        accruals.settle(book.uow, "tina", Accrual("pledge", "gas", "100.00", "disaster", date="2025-04-01"))


@pytest.mark.parametrize(
    "bad",
    [
        Accrual("loan", "gas", "1.00", "community"),
        Accrual("pledge", "gas", "-1.00", "community"),
        Accrual("pledge", "nobody", "1.00", "community"),
        Accrual("pledge", "gas", "1.00", "nowhere"),
        Accrual("payable", "swc", "1.00", "community"),  # no expense account
        Accrual("payable", "swc", "1.00", "community", account="1002"),
        Accrual("payable", "swc", "1.00", "disaster", account="5101.04", purpose="community_service"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(book: BookHandle, bad: Accrual) -> None:
    with pytest.raises((InputError, LedgerError)):
        accruals.accrue(book.uow, "tina", bad)
    assert entry_count(book) == 0


def test_the_auditor_accrues_and_settles_nothing(book: BookHandle) -> None:
    accrue(book, "pledge", "100.00", party="gas")
    for call in (accruals.accrue, accruals.settle):
        with pytest.raises(PermissionDenied):
            call(book.uow, "audrey", Accrual("pledge", "gas", "1.00", "community"))
    assert entry_count(book) == 1


def _settler(store: Any, code: str, n: int) -> list[str]:
    def pay() -> None:
        work = partial(UnitOfWork, store, code)
        accruals.settle(work, "tina", Accrual("pledge", "gas", "30.00", "community", date="2025-04-01"))

    return [attempt(pay)]


def test_writers_at_once_cannot_settle_more_than_is_outstanding(book: BookHandle) -> None:
    accrue(book, "pledge", "100.00", party="gas")
    outcomes = run_race(book, _settler, 6)
    assert outcomes == ["ok"] * 3 + ["refused settle_exceeds"] * 3
    assert figure(book, "position", "1122") == Decimal("10.00")
