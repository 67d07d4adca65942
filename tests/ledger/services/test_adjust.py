"""An adjustment for a closed month (issue 17, item 8), on a real SQLite file and a real
PostgreSQL database: an entry in an open month that names the closed month it corrects, listed in
the notes; refused for a month still open, for a closed day, and without a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from ledger.domain.periods import parse_period
from ledger.errors import InputError, LedgerError, PermissionDenied
from ledger.services import ledger_ops
from ledger.services.ledger_ops import Adjustment
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.ledger.services.test_journal import donate, entry_count
from workflows.reports.notes import notes
from workflows.services.audit import verify

#: 100.00 of March's donation income was other income (其他收入): reclassified in April.
FIX = {"debit": "4101.02", "credit": "4901", "amount": "100.00", "fund": "community", "memo": "收入科目记错"}


@pytest.fixture
def closed(book: BookHandle) -> BookHandle:
    donate(book, "1000.00", date="2025-03-10")
    ledger_ops.close_period(book.uow, "tina", month="2025-03")
    return book


def test_an_adjustment_names_the_closed_month_and_the_notes_list_it(closed: BookHandle) -> None:
    posted = ledger_ops.adjust(closed.uow, "tina", Adjustment("2025-03", date="2025-04-02", **FIX))
    with reading(closed.location, closed.code) as r:
        listed = [row for row in notes(r, parse_period("2025")) if row["section"] == "adjustments"]
    assert [(row["item"], row["line"], row["name_zh"], str(row["amount"])) for row in listed] == [
        (str(posted.seq), "2025-03", "收入科目记错", "100.00")
    ]
    assert ledger_ops.adjust(closed.uow, "tina", Adjustment("2025-03", date="2025-04-02", key="a1", **FIX)).seq
    assert ledger_ops.adjust(closed.uow, "tina", Adjustment("2025-03", date="2025-04-02", key="a1", **FIX)).already
    with closed.store.engine.connect() as conn:
        count = "SELECT COUNT(*) FROM corrections c JOIN books b ON b.id = c.book_id WHERE b.code = :c"
        assert conn.execute(text(count), {"c": closed.code}).scalar_one() == 2  # a repeat adds none
    assert verify(closed.store, closed.code).problems == ()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"corrects": "2025-04"}, InputError),  # not closed: correct the month itself
        ({"corrects": "2025-13"}, InputError),
        ({"date": "2025-03-31"}, LedgerError),  # dated in the closed month
        ({"memo": ""}, InputError),  # why, always
        ({"amount": "0"}, InputError),
    ],
)
def test_an_adjustment_without_what_it_needs_is_refused(closed: BookHandle, change: dict, error: type) -> None:
    fields = {"corrects": "2025-03", "date": "2025-04-02"} | FIX | change
    with pytest.raises(error):
        ledger_ops.adjust(closed.uow, "tina", Adjustment(**fields))
    assert entry_count(closed) == 2  # the donation and March's closing entry


def test_the_auditor_adjusts_nothing(closed: BookHandle) -> None:
    with pytest.raises(PermissionDenied):
        ledger_ops.adjust(closed.uow, "audrey", Adjustment("2025-03", date="2025-04-02", **FIX))
