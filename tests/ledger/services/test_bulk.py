"""The bulk path on SQLite and PostgreSQL: set-based batches keep every invariant and the hash
chain, a re-run writes nothing, one bad entry or a Ctrl-C leaves nothing written, and memory
does not grow with the number of entries."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import text

from ledger.domain.entries import Posting, make_entry
from ledger.domain.money import from_fen
from ledger.errors import Conflict, LedgerError, NotFound, PermissionDenied
from ledger.services import bulk, ledger_ops
from tests.conftest import BookHandle, assert_books_balanced
from tests.ledger.services.test_journal import donate
from workflows.services.audit import verify

DAY = dt.date(2025, 3, 1)


def donation(i: int, fund: str = "community") -> bulk.Item:
    amount = Decimal(100 + i % 997) / 100
    legs = (Posting("1002", fund, amount, party="gas"), Posting("4101.02", fund, -amount, party="gas"))
    return bulk.Item.of(make_entry(DAY + dt.timedelta(days=i % 200), "donation", f"bulk {i}", legs), f"b{i}", f"d{i}")


def expense(amount: str) -> bulk.Item:
    value = Decimal(amount)
    legs = (
        Posting("5101.04", "community", value, purpose="community_service"),
        Posting("1002", "community", -value),
    )
    return bulk.Item.of(make_entry(DAY, "expense", "bulk expense", legs))


def load(book: BookHandle, items: Iterator[bulk.Item] | list[bulk.Item], batch: int = 100) -> bulk.Loaded:
    with book.uow() as uow:
        done = bulk.load(uow, "tina", items, batch=batch)
        uow.commit()
    return done


def state(book: BookHandle) -> tuple[int, str]:
    with book.uow() as uow:
        return uow.book.entry_count, uow.book.head_hash


def test_a_bulk_load_keeps_the_chain_and_every_invariant(book: BookHandle) -> None:
    donate(book, "5.00")
    done = load(book, [donation(i) for i in range(450)], batch=100)
    assert (done.written, done.repeated, done.first_seq, done.last_seq) == (450, 0, 2, 451)
    donate(book, "5.00")  # the one-at-a-time path continues the same chain
    result = verify(book.store, book.code)
    assert result.problems == () and result.entries == 452
    assert_books_balanced(book)


BOOK = "book_id = (SELECT id FROM books WHERE code = :c)"


@pytest.mark.parametrize("most", [None, 40], ids=["default", "few-parameters"])
def test_every_value_is_stored_as_given(book: BookHandle, most: int | None) -> None:
    """On SQLite a batch travels as multi-row INSERTs, as many rows as SQLite's limit on
    parameters allows (``most``: a real limit set on the connection, so a batch spans many
    statements): quotes, backslashes, Chinese and emoji in a memo, a key and large amounts must
    come out exactly as they went in, every row once, and hash the same."""
    memo, big = 'say "hi" \\ back \\n 捐赠 😀', Decimal("92233720368547.58")
    legs = (Posting("1002", "community", big, party="gas"), Posting("4101.02", "community", -big, party="gas"))
    items = [donation(i) for i in range(9)] + [bulk.Item.of(make_entry(DAY, "donation", memo, legs), 'k"\\1', "d")]
    with book.uow() as uow:
        if most and book.store.is_sqlite:
            uow.session.connection().connection.dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, most)
        bulk.load(uow, "tina", items)
        uow.commit()
    with book.store.engine.connect() as conn:
        mine = {"c": book.code}
        stored = conn.execute(text(f"SELECT memo, idem_key, date FROM entries WHERE {BOOK} AND seq = 10"), mine).one()
        amounts = conn.execute(text(f"SELECT amount_fen FROM postings WHERE {BOOK} ORDER BY id"), mine).scalars()
        counted = conn.execute(text(f"SELECT count(*), count(DISTINCT idem_key) FROM entries WHERE {BOOK}"), mine)
        assert counted.one() == (10, 10)
    day = DAY.isoformat() if book.store.is_sqlite else DAY  # SQLite keeps a date as its text
    assert tuple(stored) == (memo, 'k"\\1', day)
    assert list(amounts)[-2:] == [9223372036854758, -9223372036854758]
    assert verify(book.store, book.code).problems == ()


def test_a_second_run_writes_nothing_and_a_changed_row_is_a_conflict(book: BookHandle) -> None:
    load(book, [donation(i) for i in range(250)])
    before = state(book)
    again = load(book, [donation(i) for i in range(250)])
    assert (again.written, again.repeated) == (0, 250) and state(book) == before
    changed = [donation(i) for i in range(5)] + [donation(6)._replace(key="b5", digest="other")]
    with pytest.raises(Conflict) as err:
        load(book, changed)
    assert err.value.key == "key_conflict" and state(book) == before


def test_an_overdraft_in_a_later_batch_writes_nothing_at_all(book: BookHandle) -> None:
    items = [donation(i) for i in range(300)]  # 300 donations of 1.00 .. 3.99
    total = sum((from_fen(i.legs[0].fen) for i in items), Decimal(0))
    items.insert(250, expense(str(total)))  # more than the 250 donations before it brought in
    with pytest.raises(LedgerError) as err:
        load(book, items, batch=100)
    assert err.value.key == "fund_overdrawn"
    assert state(book) == (0, "0" * 64)
    ok = load(book, [*items[:250], expense("1.00")], batch=100)
    assert ok.written == 251


def test_an_unknown_donor_in_a_later_batch_is_named_and_nothing_is_written(book: BookHandle) -> None:
    """Its lookup is the load's first query after the writer thread started (it waits for it)."""
    items = [donation(i) for i in range(300)]
    legs = (Posting("1002", "community", Decimal(1), party="nobody"), Posting("4101.02", "community", Decimal(-1)))
    items.insert(250, bulk.Item.of(make_entry(DAY, "donation", "unknown donor", legs)))
    with pytest.raises(NotFound) as err:
        load(book, items, batch=100)
    assert (err.value.key, err.value.fields) == ("party_missing", {"code": "nobody"})
    assert state(book) == (0, "0" * 64)


def test_ctrl_c_during_a_load_leaves_nothing_written(book: BookHandle) -> None:
    def items() -> Iterator[bulk.Item]:
        for i in range(1000):
            if i == 350:
                raise KeyboardInterrupt
            yield donation(i)

    with pytest.raises(KeyboardInterrupt):
        load(book, items(), batch=100)
    assert state(book) == (0, "0" * 64)


def test_only_ledger_writers_may_load(book: BookHandle) -> None:
    with book.uow() as uow, pytest.raises(PermissionDenied):
        bulk.load(uow, "audrey", [donation(1)])
    assert state(book) == (0, "0" * 64)


def test_memory_is_bounded_by_the_batch_not_the_number_of_entries(book: BookHandle) -> None:
    def peak(first: int, count: int) -> int:
        tracemalloc.start()
        load(book, (donation(i) for i in range(first, first + count)), batch=200)
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return size

    peak(0, 400)  # warm caches (compiled statements, lookups)
    small, large = peak(400, 1000), peak(1400, 6000)
    assert large < small * 1.6, (small, large)


def test_two_expenses_in_one_batch_cannot_together_overspend(book: BookHandle) -> None:
    donate(book, "100.00")
    with pytest.raises(LedgerError) as err:
        load(book, [expense("60.00"), expense("60.00")], batch=100)
    assert err.value.key == "fund_overdrawn" and state(book)[0] == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [((0, 1), "entry_unbalanced"), ((0, 102), "entry_zero_posting")],
    ids=["one-fen-short", "zero-leg"],
)
def test_every_item_is_checked_for_balance_not_only_the_first_of_its_shape(
    book: BookHandle, change: tuple[int, int], reason: str
) -> None:
    """Items carry fen, not a draft that make_entry refused when unbalanced, and the full rules
    run once per shape: the balance and zero-leg checks must still run for every item. The bad
    item has the shape of the 150 good ones before it."""
    good = donation(999)  # 1.02 yuan
    legs = tuple(leg._replace(fen=leg.fen + moved) for leg, moved in zip(good.legs, change, strict=True))
    before = state(book)
    with pytest.raises(LedgerError) as err:
        load(book, [donation(i) for i in range(150)] + [good._replace(legs=legs, key="bad")])
    assert err.value.key == reason and state(book) == before


@pytest.mark.parametrize("backend", ["sqlite"])  # a setting of SQLite's
def test_the_larger_page_cache_of_a_load_ends_with_it(book: BookHandle) -> None:
    with book.uow() as uow:
        before = uow.session.execute(text("PRAGMA cache_size")).scalar_one()
        bulk.load(uow, "tina", [donation(i) for i in range(5)])
        assert uow.session.execute(text("PRAGMA cache_size")).scalar_one() == before


def test_a_load_refuses_an_entry_before_the_last_closed_month_and_writes_nothing(book: BookHandle) -> None:
    donate(book, "10.00", date="2025-09-10")
    ledger_ops.close_period(book.uow, "tina", month="2025-09")
    before = state(book)
    with pytest.raises(LedgerError) as err:
        load(book, [donation(0)])  # dated 2025-03-01, a month with no entries before September
    assert (err.value.key, err.value.fields["last"]) == ("period_closed", "2025-09")
    assert state(book) == before
