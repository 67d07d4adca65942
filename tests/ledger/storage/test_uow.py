"""The unit of work owns its transaction, on SQLite and PostgreSQL (cosmicpython's two tests, and
the same for a batch of service calls): what is not committed is not kept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.domain.entries import EntryDraft, Posting, make_entry
from ledger.errors import LedgerError
from ledger.services import ledger_ops
from ledger.services.journal import post
from ledger.storage.uow import Batch, Work
from tests.conftest import BookHandle
from tests.ledger.services.test_bulk import DAY
from tests.ledger.services.test_journal import entry_count


def gift(amount: str = "10.00") -> EntryDraft:
    value = Decimal(amount)
    legs = (Posting("1002", "community", value, party="gas"), Posting("4101.02", "community", -value, party="gas"))
    return make_entry(DAY, "donation", "gift", legs)


def test_an_uncommitted_unit_of_work_rolls_back(book: BookHandle) -> None:
    with book.uow() as uow:
        post(uow, uow.refs.user("tina"), gift())
        assert uow.book.entry_count == 1
    assert entry_count(book) == 0


def test_an_exception_inside_a_unit_of_work_rolls_it_back(book: BookHandle) -> None:
    class Stop(Exception):
        pass

    with pytest.raises(Stop), book.uow() as uow:
        post(uow, uow.refs.user("tina"), gift())
        raise Stop
    assert entry_count(book) == 0


def test_ctrl_c_after_the_database_committed_is_the_interrupt_and_the_entry_whole(
    book: BookHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen in CI: Ctrl-C landed inside SQLAlchemy's commit after the database had committed,
    and the unit of work's rollback then raised (the session was in 'committed' state), so the
    command exited 1 with a traceback instead of 130."""
    from sqlalchemy.orm.session import SessionTransaction

    close = SessionTransaction.close

    def interrupted(self: SessionTransaction, *args: object, **kwargs: object) -> None:
        monkeypatch.setattr(SessionTransaction, "close", close)
        raise KeyboardInterrupt

    monkeypatch.setattr(SessionTransaction, "close", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ledger_ops.donate(book.uow, "tina", donor="gas", amount="10.00", fund="community")
    assert entry_count(book) == 1  # committed, and whole


def test_a_batch_keeps_its_steps_only_when_it_commits(book: BookHandle) -> None:
    with Batch(book.uow()) as batch:
        for n in range(3):
            ledger_ops.donate(batch.step, "tina", donor="gas", amount=f"{n + 1}.00", fund="community")
        assert batch.unit.book.entry_count == 3  # each step sees what the one before wrote
    assert entry_count(book) == 0  # a step's commit ended the step, not the batch
    with Batch(book.uow()) as batch:
        for n in range(3):
            ledger_ops.donate(batch.step, "tina", donor="gas", amount=f"{n + 1}.00", fund="community")
        batch.commit()
    assert entry_count(book) == 3


def test_a_refused_step_in_a_savepoint_leaves_the_others(book: BookHandle) -> None:
    with Batch(book.uow()) as batch:
        batch.restart(savepoints=True)
        ledger_ops.donate(batch.step, "tina", donor="gas", amount="5.00", fund="community")
        with pytest.raises(Exception, match="fund_overdrawn"):
            ledger_ops.expense(
                batch.step,
                "tina",
                fund="community",
                account="5101.04",
                amount="9.00",
                purpose="community_service",
                payee="swc",
            )
        ledger_ops.donate(batch.step, "tina", donor="gas", amount="6.00", fund="community")
        batch.commit()
    assert entry_count(book) == 2


def test_a_month_closed_by_one_step_is_closed_for_the_next(book: BookHandle) -> None:
    with Batch(book.uow()) as batch:
        ledger_ops.close_period(batch.step, "tina", month="2025-03")
        with pytest.raises(LedgerError, match="period_closed"):
            ledger_ops.donate(batch.step, "tina", donor="gas", amount="5.00", fund="community", date="2025-03-15")


def test_a_step_that_failed_part_way_keeps_its_batch_from_committing(book: BookHandle) -> None:
    class Stop(Exception):
        pass

    def posts_then_fails(work: Work) -> None:
        with work() as uow:
            post(uow, uow.refs.user("tina"), gift())
            raise Stop

    with Batch(book.uow()) as batch:
        ledger_ops.donate(batch.step, "tina", donor="gas", amount="1.00", fund="community")
        with pytest.raises(Stop):
            posts_then_fails(batch.step)
        with pytest.raises(RuntimeError, match="failed part-way"):
            batch.commit()
        batch.restart(savepoints=False)  # begun again, the batch may commit what it does next
        ledger_ops.donate(batch.step, "tina", donor="gas", amount="2.00", fund="community")
        batch.commit()
    assert entry_count(book) == 1
