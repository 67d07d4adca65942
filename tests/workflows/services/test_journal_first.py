"""Money checks read the journal, not a column that can be edited (issue 16, item 6): a
project's approval in ``projects`` is a record of the decision, but what may be paid is what the
commitment postings promise. On SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from ledger.errors import LedgerError
from tests.conftest import BookHandle
from tests.workflows.conftest import call, to_stage
from workflows.services import delivery
from workflows.storage.repository import project_by_seq, project_money


def test_an_approval_edited_upwards_lets_no_payment_beyond_the_commitment(naive_wf: BookHandle) -> None:
    n = to_stage(naive_wf, "approved", amount="100.00")  # 100.00 committed in the journal
    with naive_wf.store.engine.begin() as conn:  # behind cfund's back: projects is not append-only
        conn.execute(
            text(
                "UPDATE projects SET approved_fen = 90000, requested_fen = 90000 WHERE seq = :n AND book_id = "
                "(SELECT id FROM books WHERE code = :c)"
            ),
            {"n": n, "c": naive_wf.code},
        )
    call(naive_wf, delivery.disburse, "tina", project=n, amount="60.00")
    with pytest.raises(LedgerError) as refused:
        call(naive_wf, delivery.disburse, "tina", project=n, amount="60.00")
    assert refused.value.key == "disburse_exceeds" and refused.value.fields["approved"] == "100.00"
    with naive_wf.uow() as uow:
        assert project_money(uow, project_by_seq(uow, n).id).paid == Decimal("60.00")
