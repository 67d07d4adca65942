"""Every income a fund receives, on a real SQLite file and a real PostgreSQL database: each kind
reaches its account (4401, 4301, 4601, 4901) restricted or not as its fund is; gifts of goods and
of services at fair value keep their basis, sealed; and each has a donation's guarantees (role,
key, fund, bad input refused with nothing written)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from ledger.errors import Conflict, InputError, LedgerError, NotFound, PermissionDenied
from ledger.services import income, registry
from tests.conftest import BookHandle
from tests.ledger.reports.test_statements import lines
from tests.ledger.services.test_journal import entry_count
from workflows.services.audit import verify

KINDS = {"government_grant": "4401", "service_income": "4301", "investment_income": "4601", "other_income": "4901"}


@pytest.fixture
def funded(book: BookHandle) -> BookHandle:
    registry.add_party(book.uow, "tina", code="mca", name="龙马潭区民政局", kind="government")
    return book


def receive(book: BookHandle, kind: str, amount: str = "1000.00", **kw: str) -> income.PostResult:
    fields = {"payer": "mca", "fund": "community", "date": "2025-03-10"} | kw
    return income.receive(book.uow, "tina", kind=kind, amount=amount, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", KINDS)
def test_each_income_reaches_its_account_and_the_statement_of_activities(funded: BookHandle, kind: str) -> None:
    receive(funded, kind, "1000.00")
    receive(funded, kind, "250.00", fund="disaster")  # a restricted fund: restricted income
    s = lines(funded, "2025")
    assert s[("activities", KINDS[kind])]["unrestricted"] == Decimal("1000.00")
    assert s[("activities", KINDS[kind])]["restricted"] == Decimal("250.00")
    assert s[("position", "1002")]["total"] == Decimal("1250.00")
    assert verify(funded.store, funded.code).problems == ()


def test_an_income_with_a_key_is_recorded_once_and_a_changed_repeat_is_refused(funded: BookHandle) -> None:
    first = receive(funded, "government_grant", key="pilot-2025")
    again = receive(funded, "government_grant", key="pilot-2025")
    assert (again.already, again.seq) == (True, first.seq)
    with pytest.raises(Conflict):  # the same key for other content
        receive(funded, "government_grant", "999.00", key="pilot-2025")
    assert entry_count(funded) == 1


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"kind": "grant"}, InputError),
        ({"amount": "-5"}, InputError),
        ({"amount": "1.005"}, InputError),
        ({"fund": "nowhere"}, NotFound),
        ({"payer": "nobody"}, NotFound),
        ({"date": "2099-01-01"}, InputError),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(funded: BookHandle, change: dict, error: type) -> None:
    fields = {"kind": "service_income", "amount": "10.00"} | change
    with pytest.raises(error):
        receive(funded, fields.pop("kind"), fields.pop("amount"), **fields)
    assert entry_count(funded) == 0


def test_the_auditor_records_no_income(funded: BookHandle) -> None:
    with pytest.raises(PermissionDenied):
        income.receive(funded.uow, "audrey", kind="other_income", payer="mca", amount="1", fund="community")
    assert entry_count(funded) == 0


def valuations(book: BookHandle, columns: str = "v.basis") -> list[tuple]:
    """The book's valuations (the PostgreSQL test database holds other books' too)."""
    sql = f"SELECT {columns} FROM valuations v JOIN entries e ON e.id = v.entry_id JOIN books b ON b.id = e.book_id"
    with book.store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f"{sql} WHERE b.code = :c"), {"c": book.code})]


def gift(book: BookHandle, **kw: str) -> income.PostResult:
    fields = {"donor": "gas", "fair_value": "1200.00", "basis": "同类商品超市标价", "fund": "community"}
    return income.gift_in_kind(book.uow, "tina", date="2025-04-01", **(fields | kw))  # type: ignore[arg-type]


def test_goods_and_services_given_are_income_at_fair_value_with_their_basis_kept(funded: BookHandle) -> None:
    goods = gift(funded, asset="1201")
    service = gift(
        funded, service="5101.04", purpose="community_service", fair_value="800.00", basis="律所同类服务收费"
    )
    s = lines(funded, "2025")
    assert s[("position", "1201")]["total"] == Decimal("1200.00")  # goods in stock
    assert s[("activities", "4101.02")]["unrestricted"] == Decimal("2000.00")  # both are donation income
    assert s[("activities", "5101.04")]["total"] == Decimal("800.00")  # the service, spent as it was given
    assert s.get(("position", "1002"), {"total": 0})["total"] == 0  # no cash moved
    kept = dict(valuations(funded, "e.seq, v.basis"))
    assert kept == {goods.seq: "同类商品超市标价", service.seq: "律所同类服务收费"}
    assert verify(funded.store, funded.code).problems == ()


def test_a_repeated_gift_keeps_one_valuation(funded: BookHandle) -> None:
    assert not gift(funded, asset="1501", key="k1").already
    assert gift(funded, asset="1501", key="k1").already
    assert len(valuations(funded)) == 1


@pytest.mark.parametrize(
    "change",
    [
        {},  # neither goods nor a service
        {"asset": "1201", "service": "5101.04"},  # both
        {"asset": "1002"},  # cash is a donation, not goods
        {"service": "4101.02"},  # a service stands for an expense
        {"asset": "1201", "basis": ""},  # no basis
        {"asset": "1201", "basis": "x" * 501},
        {"asset": "1201", "fair_value": "0"},
        {"service": "5101.03", "purpose": "disaster_relief", "fund": "feedback"},  # not a purpose of the fund
    ],
)
def test_a_gift_without_what_the_rule_needs_is_refused_and_nothing_is_written(funded: BookHandle, change: dict) -> None:
    with pytest.raises((InputError, LedgerError)):
        gift(funded, **change)
    assert entry_count(funded) == 0
    assert valuations(funded) == []
