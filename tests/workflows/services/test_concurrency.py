"""Concurrent tranches, approvals and fund races, on SQLite and PostgreSQL, each with a
negative control: the same harness over a naive implementation must see the harm."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from ledger.storage.reader import reading
from ledger.storage.uow import UnitOfWork
from tests.conftest import BookHandle
from tests.helpers.race import attempt, run_race
from tests.workflows.conftest import to_stage
from workflows.services import delivery, review


def tranches(project: int) -> Any:
    def worker(store: Any, code: str, n: int) -> list[str]:
        outcomes = []
        for _ in range(6):

            def pay() -> None:
                delivery.disburse(partial(UnitOfWork, store, code), "tina", project=project, amount="7.00")

            outcomes.append(attempt(pay))
        return outcomes

    return worker


def approval(project: int) -> Any:
    def worker(store: Any, code: str, n: int) -> list[str]:
        def approve() -> None:
            review.approve(partial(UnitOfWork, store, code), "rev", project=project)

        return [attempt(approve)]

    return worker


def paid(book: BookHandle, project: int) -> Decimal:
    with reading(book.location, book.code) as r:
        fen = r.rows(
            "SELECT COALESCE(SUM(x.amount_fen), 0) FROM postings x JOIN accounts a ON a.id = x.account_id "
            "JOIN projects p ON p.id = x.project_id WHERE a.code = '9103' AND p.seq = :seq AND "
            "p.book_id = :book",
            seq=project,
        )[0][0]
    return Decimal(int(fen)) / 100


def commitments(book: BookHandle) -> list[tuple[int, int]]:
    with reading(book.location, book.code) as r:
        return [
            tuple(row)
            for row in r.rows(  # type: ignore[misc]
                "SELECT p.seq, COUNT(*) FROM entries e JOIN postings x ON x.entry_id = e.id JOIN accounts a "
                "ON a.id = x.account_id JOIN projects p ON p.id = x.project_id WHERE e.kind = 'commitment' AND "
                "a.code = '9101' AND e.book_id = :book GROUP BY p.seq ORDER BY p.seq"
            )
        ]


@pytest.mark.parametrize("run", [1, 2, 3])
def test_eight_processes_paying_tranches_pay_exactly_the_approval(wf: BookHandle, run: int) -> None:
    n = to_stage(wf, "approved", amount="100.00")
    outcomes = run_race(wf, tranches(n), 8)
    assert outcomes.count("ok") == 14 and outcomes.count("refused disburse_exceeds") == 34, outcomes
    assert len(outcomes) == 48 and paid(wf, n) == Decimal("98.00")


def test_negative_control_naive_tranches_overpay(naive_wf: BookHandle) -> None:
    n = to_stage(naive_wf, "approved", amount="100.00")
    run_race(naive_wf, tranches(n), 8, naive=True)
    assert paid(naive_wf, n) > Decimal("100.00")


def test_eight_processes_approving_one_project_commit_once(wf: BookHandle) -> None:
    n = to_stage(wf, "applied", amount="100.00")
    outcomes = run_race(wf, approval(n), 8)
    assert outcomes.count("ok") == 1 and all(o.startswith("refused ") for o in outcomes if o != "ok"), outcomes
    assert commitments(wf) == [(n, 1)]


def test_negative_control_naive_approvals_commit_many_times(naive_wf: BookHandle) -> None:
    n = to_stage(naive_wf, "applied", amount="100.00")
    run_race(naive_wf, approval(n), 8, naive=True)
    assert commitments(naive_wf)[0][1] > 1


def _fund_race(book: BookHandle, naive: bool) -> tuple[list[str], Decimal, Decimal]:
    projects = [to_stage(book, "applied", amount="300.00") for _ in range(8)]

    def worker(store: Any, code: str, n: int) -> list[str]:
        def approve() -> None:
            review.approve(partial(UnitOfWork, store, code), "rev", project=projects[n])

        return [attempt(approve)]

    outcomes = run_race(book, worker, 8, naive=naive)
    from ledger.reports import lists as queries

    with reading(book.location, book.code) as r:
        fund = next(row for row in queries.fund_balances(r) if row["fund"] == "community")
    return outcomes, fund["balance"], fund["committed"]


def test_approvals_racing_for_the_last_yuan_never_overcommit(wf: BookHandle) -> None:
    outcomes, balance, committed = _fund_race(wf, naive=False)
    assert outcomes.count("ok") == 3 and outcomes.count("refused fund_insufficient") == 5, outcomes
    assert committed == Decimal("900.00") <= balance


def test_negative_control_naive_approvals_overcommit_the_fund(naive_wf: BookHandle) -> None:
    _, balance, committed = _fund_race(naive_wf, naive=True)
    assert committed > balance
