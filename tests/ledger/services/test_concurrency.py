"""Several processes spending from one fund at once cannot overspend it.

Six writer processes start together, each trying to spend 30.00 from a fund holding 100.00.
With the real service exactly three succeed and three are refused cleanly. The negative
control runs the same harness over a naive implementation (no BEGIN IMMEDIATE, no row lock,
a pause between the balance check and the write) and must see the fund go below zero.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from ledger.services import ledger_ops
from ledger.storage.uow import UnitOfWork
from tests.conftest import BookHandle
from tests.helpers.race import attempt, run_race
from tests.ledger.services.test_journal import donate, fund_balance


def spend(store: Any, code: str, n: int) -> list[str]:
    def expense() -> None:
        ledger_ops.expense(
            partial(UnitOfWork, store, code),
            "tina",
            fund="community",
            account="5101.04",
            amount="30.00",
            purpose="community_service",
            payee="swc",
            memo=f"worker {n}",
        )

    return [attempt(expense)]


def test_concurrent_expenses_never_overspend_a_fund(book: BookHandle) -> None:
    donate(book, "100.00")
    outcomes = run_race(book, spend, 6)
    assert outcomes == ["ok"] * 3 + ["refused fund_overdrawn"] * 3
    assert fund_balance(book, "community") == Decimal("10.00")


def test_negative_control_the_harness_catches_a_naive_overspend(unchecked_book: BookHandle) -> None:
    donate(unchecked_book, "100.00")
    outcomes = run_race(unchecked_book, spend, 6, naive=True)
    assert outcomes.count("ok") > 3, outcomes
    assert fund_balance(unchecked_book, "community") < 0
