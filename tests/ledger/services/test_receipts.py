"""Donation receipts on a real SQLite file and a real PostgreSQL database: a numbered series per
book and year without gaps, even with issuers at once; what a receipt carries; a void only with
its reason, never a deletion or a new number; declined and anonymous gifts recorded as such;
the gifts without a receipt; roles; bad input refused with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from sqlalchemy import text

from ledger.errors import Conflict, InputError, LedgerError, NotFound, PermissionDenied
from ledger.services import accruals, ledger_ops, receipts, registry
from ledger.services.receipts import Request
from ledger.storage.reader import reading
from ledger.storage.uow import UnitOfWork
from tests.conftest import BookHandle
from tests.helpers.race import attempt, run_race
from tests.ledger.services.test_journal import donate, entry_count, spend

ID = "510502198001011235"  # a valid check character (GB 11643)
THIS_YEAR = dt.date.today().year


def issue(book: BookHandle, entry: int, **kw: Any) -> receipts.Issued:
    return receipts.issue(book.uow, "tina", Request(entry=entry, **kw))


def register(book: BookHandle, *, missing: bool = False, year: int | None = None) -> list[dict[str, Any]]:
    from ledger.reports import receipts as report

    with reading(book.location, book.code) as r:
        return report.missing(r, year) if missing else report.receipts(r, year)


def count(book: BookHandle, table: str) -> int:
    with book.store.engine.connect() as conn:
        sql = f"SELECT COUNT(*) FROM {table} t JOIN books b ON b.id = t.book_id WHERE b.code = :c"
        return int(conn.execute(text(sql), {"c": book.code}).scalar_one())


def test_each_year_has_its_own_series_numbered_from_one(book: BookHandle) -> None:
    old = [donate(book, "10.00", date="2025-03-01").seq for _ in range(2)]  # type: ignore[attr-defined]
    new = donate(book, "20.00").seq  # type: ignore[attr-defined]
    numbers = [issue(book, n, date="2025-12-31").number for n in old] + [issue(book, new).number]
    assert numbers == ["2025-000001", "2025-000002", f"{THIS_YEAR}-000001"]


def test_a_series_runs_forward_in_time(book: BookHandle) -> None:
    first, second = (donate(book, "10.00", date="2025-03-01").seq for _ in range(2))  # type: ignore[attr-defined]
    issue(book, first, date="2025-04-01")
    with pytest.raises(InputError, match="receipt_out_of_order"):
        issue(book, second, date="2025-03-31")
    assert issue(book, second, date="2025-04-01").number == "2025-000002"


def test_a_receipt_carries_what_the_rules_require(book: BookHandle) -> None:
    registry.add_party(book.uow, "tina", code="wang", name="王秀英", kind="individual")
    gift = ledger_ops.donate(book.uow, "tina", donor="wang", amount="1234.50", fund="disaster", date="2025-05-01")
    issue(book, gift.seq, id_number=ID, date="2025-05-02")
    (row,) = register(book)
    assert row["number"] == "2025-000001" and row["entry"] == gift.seq and row["date"] == "2025-05-02"
    assert (row["payer"], row["payer_id"]) == ("王秀英", "510***********1235")
    assert row["amount"] == Decimal("1234.50") and row["amount_upper"] == "人民币壹仟贰佰叁拾肆元伍角整"
    assert row["fund"] == "disaster" and "救灾" in row["item"] and row["issuer"] == "tina"
    with book.store.engine.connect() as conn:  # the full number is never stored
        stored = conn.execute(text("SELECT payer_id FROM receipts")).scalars().all()
    assert ID not in stored


def test_issuing_again_answers_with_the_receipt_that_stands(book: BookHandle) -> None:
    gift = donate(book, "50.00").seq  # type: ignore[attr-defined]
    first, again = issue(book, gift), issue(book, gift)
    assert (first.already, again.already, again.number) == (False, True, first.number)
    assert count(book, "receipts") == 1


def test_a_void_needs_a_reason_and_keeps_the_receipt_and_its_number(book: BookHandle) -> None:
    gift = donate(book, "50.00").seq  # type: ignore[attr-defined]
    number = issue(book, gift).number or ""
    with pytest.raises(InputError):
        receipts.void(book.uow, "tina", number=number, reason="  ")
    assert count(book, "receipt_voids") == 0
    done = receipts.void(book.uow, "tina", number=number, reason="抬头写错")
    assert not done.already and receipts.void(book.uow, "tina", number=number, reason="再次").already
    again = issue(book, gift)
    assert again.number == f"{THIS_YEAR}-000002"  # a new number; the old one is never reused
    rows = {r["number"]: (r["status"], r["void_reason"]) for r in register(book)}
    assert rows == {number: ("voided", "抬头写错"), again.number: ("issued", None)}
    with pytest.raises(NotFound):
        receipts.void(book.uow, "tina", number=f"{THIS_YEAR}-000099", reason="x")


def test_declined_and_anonymous_gifts_are_recorded_without_a_number(book: BookHandle) -> None:
    declined, anonymous, plain = (donate(book, "5.00").seq for _ in range(3))  # type: ignore[attr-defined]
    assert issue(book, declined, kind="declined").number is None
    assert issue(book, anonymous, kind="anonymous").number is None
    assert [r["entry"] for r in register(book, missing=True)] == [plain]
    shown = {r["entry"]: (r["kind"], r["payer"], r["payer_id"]) for r in register(book)}
    assert shown[anonymous] == ("anonymous", "匿名", None) and shown[declined][0] == "declined"
    with pytest.raises(Conflict):
        issue(book, declined)  # a record stands: nothing is issued over it
    assert issue(book, plain).number == f"{THIS_YEAR}-000001"  # the series has no hole for them


def test_only_gifts_not_reversed_get_a_receipt_and_a_receipted_one_is_voided_before_reversal(book: BookHandle) -> None:
    gift = donate(book, "80.00").seq  # type: ignore[attr-defined]
    paid = spend(book, "10.00").seq  # type: ignore[attr-defined]
    issue(book, donate(book, "100.00").seq, kind="declined")  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="receipt_not_a_gift"):
        issue(book, paid)
    number = issue(book, gift).number or ""
    with pytest.raises(LedgerError, match="reverse_receipted"):
        ledger_ops.reverse(book.uow, "tina", entry=gift, reason="重复录入")
    receipts.void(book.uow, "tina", number=number, reason="捐赠退回")
    ledger_ops.reverse(book.uow, "tina", entry=gift, reason="重复录入")
    with pytest.raises(LedgerError, match="receipt_reversed"):
        issue(book, gift)
    assert register(book, missing=True) == []  # a reversed gift needs none


def test_a_pledge_gets_its_receipt_when_it_is_paid(book: BookHandle) -> None:
    pledge = accruals.Accrual("pledge", "gas", "300.00", "community", date="2025-01-10")
    made = accruals.accrue(book.uow, "tina", pledge).seq
    paid = accruals.settle(book.uow, "tina", pledge.__class__(**{**vars(pledge), "amount": "100.00"})).seq
    assert [r["entry"] for r in register(book, missing=True)] == [paid]
    with pytest.raises(InputError, match="receipt_not_a_gift"):
        issue(book, made)
    assert issue(book, paid).amount == Decimal("100.00")


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"id_number": "510502198001011234"}, "id_number_invalid"),  # wrong check character
        ({"id_number": "51050219801301123X"}, "id_number_invalid"),  # month 13
        ({"date": "2025-01-01"}, "receipt_before_gift"),
        ({"date": "2999-01-01"}, "receipt_in_future"),
        ({"kind": "lost"}, "kind_invalid"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(book: BookHandle, fields: dict[str, str], key: str) -> None:
    gift = donate(book, "9.00", date="2025-06-01").seq  # type: ignore[attr-defined]
    with pytest.raises(InputError, match=key):
        issue(book, gift, **fields)
    assert count(book, "receipts") == 0


def test_a_donation_with_a_bad_id_number_is_not_written_either(book: BookHandle) -> None:
    with pytest.raises(InputError, match="id_number_invalid"):
        ledger_ops.donate(book.uow, "tina", donor="gas", amount="9.00", fund="community", receipt=True, id_number="1")
    assert entry_count(book) == 0 and count(book, "receipts") == 0
    done = ledger_ops.donate(book.uow, "tina", donor="gas", amount="9.00", fund="community", receipt=True, key="k1")
    again = ledger_ops.donate(book.uow, "tina", donor="gas", amount="9.00", fund="community", receipt=True, key="k1")
    assert done.receipt == again.receipt == f"{THIS_YEAR}-000001" and again.already


def test_the_auditor_issues_and_voids_nothing(book: BookHandle) -> None:
    gift = donate(book, "9.00").seq  # type: ignore[attr-defined]
    number = issue(book, gift).number or ""
    with pytest.raises(PermissionDenied):
        receipts.issue(book.uow, "audrey", Request(entry=gift))
    with pytest.raises(PermissionDenied):
        receipts.void(book.uow, "audrey", number=number, reason="x")
    assert count(book, "receipt_voids") == 0


def _issuer(store: Any, code: str, n: int) -> list[str]:
    """Worker ``n`` issues the receipts of its own three donations (entries 3n+1 to 3n+3)."""
    work = partial(UnitOfWork, store, code)
    return [attempt(lambda e=e: receipts.issue(work, "tina", Request(entry=e))) for e in range(3 * n + 1, 3 * n + 4)]


def _slow_issuer(store: Any, code: str, n: int) -> list[str]:
    """The same, with a pause between reading where the series ends and writing the next number."""
    import time

    import ledger.services.receipts as service

    found = service.series_end

    def slow(*args: Any) -> Any:
        out = found(*args)
        time.sleep(0.2)
        return out

    service.series_end = slow  # type: ignore[assignment]
    return _issuer(store, code, n)


def given(book: BookHandle, count: int = 18) -> None:
    for n in range(count):
        donate(book, f"{n + 1}.00")


def test_issuers_at_once_leave_no_gap_and_no_number_twice(book: BookHandle) -> None:
    given(book)
    outcomes = run_race(book, _slow_issuer, 6)  # the window the negative control falls into, held by the lock
    assert outcomes == ["ok"] * 18
    numbers = sorted(int(str(r["number"]).split("-")[1]) for r in register(book))
    assert numbers == list(range(1, 19))


def test_negative_control_issuers_without_the_book_lock_collide(book: BookHandle) -> None:
    given(book)
    outcomes = run_race(book, _slow_issuer, 6, naive=True)
    assert any(o != "ok" for o in outcomes), outcomes  # the same next number taken twice, or a lock fought over
