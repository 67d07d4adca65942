"""Hypothesis: random donations, rule transfers, expenses and reversals keep the books balanced,
in total and per fund, never below zero, and equal to a simple model of the operations."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.domain.money import from_fen
from ledger.errors import CfundError
from ledger.reports import lists as queries
from ledger.services import ledger_ops, transfers
from ledger.storage.reader import reading
from tests.conftest import BookHandle, assert_books_balanced, new_book

FUNDS = ("community", "feedback", "disaster")
PURPOSE = {
    "community": ("5101.04", "community_service"),
    "feedback": ("5101.05", "other_welfare"),
    "disaster": ("5101.03", "disaster_relief"),
}
_books = itertools.count(1)

amounts = st.integers(min_value=1, max_value=5_000_00).map(from_fen)
ops = st.lists(
    st.one_of(
        st.tuples(st.just("donate"), st.sampled_from(FUNDS), amounts),
        st.tuples(st.just("expense"), st.sampled_from(FUNDS), amounts),
        st.tuples(st.just("profit"), st.integers(1, 4), st.integers(-1000_00, 100_000_00).map(from_fen)),
        st.tuples(st.just("feedback"), st.integers(1, 12), st.integers(-1000_00, 100_000_00).map(from_fen)),
        st.tuples(st.just("reverse"), st.integers(1, 12), st.just(Decimal(0))),
    ),
    max_size=14,
)


def _apply(handle: BookHandle, op: tuple[str, object, Decimal]) -> dict[str, Decimal]:
    """Run one operation; return its effect on fund balances (empty when refused)."""
    kind, arg, amount = op
    if kind == "donate":
        ledger_ops.donate(handle.uow, "tina", donor="gas", amount=str(amount), fund=str(arg), date="2025-06-01")
        return {str(arg): amount}
    if kind == "expense":
        account, purpose = PURPOSE[str(arg)]
        ledger_ops.expense(
            handle.uow,
            "tina",
            fund=str(arg),
            account=account,
            amount=str(amount),
            purpose=purpose,
            payee="swc",
            date="2025-06-02",
        )
        return {str(arg): -amount}
    if kind == "profit":
        res = transfers.profit_share(handle.uow, "tina", company="ssc", period=f"2025Q{arg}", net_profit=str(amount))
        return {"community": res.amount} if res.posted and not res.posted.already else {}
    if kind == "feedback":
        res = transfers.feedback(
            handle.uow, "tina", operation="canteen", period=f"2025-{arg:02d}", net_profit=str(amount)
        )
        return {"feedback": res.amount} if res.posted and not res.posted.already else {}
    return _reverse(handle, int(str(arg)))


def _reverse(handle: BookHandle, seq: int) -> dict[str, Decimal]:
    from ledger.storage.repository import entry_by_seq, postings_of

    ledger_ops.reverse(handle.uow, "tina", entry=seq, reason="property")
    with handle.uow() as uow:
        postings = postings_of(uow, entry_by_seq(uow, seq).id or 0)
    effect: dict[str, Decimal] = {}
    for p in postings:
        if p.account.startswith("1"):
            effect[p.fund] = effect.get(p.fund, Decimal(0)) - p.amount
    return effect


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=ops)
def test_random_operations_keep_the_books_balanced(book: BookHandle, operations: list) -> None:
    handle = new_book(book.store, prefix="p")
    model = dict.fromkeys(("community", "feedback", "disaster", "platform"), Decimal("0.00"))
    for op in operations:
        try:
            effect = _apply(handle, op)
        except CfundError:
            continue
        for fund, delta in effect.items():
            model[fund] += delta
    assert_books_balanced(handle)
    with reading(handle.location, handle.code) as r:
        actual = {row["fund"]: row["balance"] for row in queries.fund_balances(r)}
    assert actual == model
    assert all(v >= 0 for v in actual.values())
