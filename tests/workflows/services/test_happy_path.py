"""A project walks every stage; each step's stage, event and ledger effect land together."""

from __future__ import annotations

from decimal import Decimal

from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.workflows.conftest import call, to_stage
from workflows.services import delivery
from workflows.storage.repository import project_by_seq, project_money


def test_a_project_walks_from_order_to_disclosure(wf: BookHandle) -> None:
    n = to_stage(wf, "disclosed", amount="100.00", approve="80.00")
    with wf.uow() as u:
        row = project_by_seq(u, n)
        money = project_money(u, row.id)
        assert row.stage == "disclosed"
    assert (money.committed, money.paid, money.open, money.released) == (
        Decimal("80.00"),
        Decimal("10.00"),
        Decimal("0.00"),
        Decimal("70.00"),
    )
    with reading(wf.location, wf.code) as r:
        events = r.rows(
            "SELECT trigger, from_stage, to_stage FROM project_events e JOIN projects p "
            "ON p.id = e.project_id WHERE p.book_id = :book ORDER BY e.id"
        )
    assert [e[0] for e in events] == [
        "order",
        "dispatch",
        "accept",
        "apply",
        "approve",
        "disburse",
        "complete",
        "evaluate",
        "disclose",
    ]


def test_tranches_never_exceed_the_approval(wf: BookHandle) -> None:
    n = to_stage(wf, "in_progress", amount="100.00")
    call(wf, delivery.disburse, "tina", project=n, amount="90.00")
    import pytest

    from ledger.errors import LedgerError

    with pytest.raises(LedgerError) as err:
        call(wf, delivery.disburse, "tina", project=n, amount="0.01")
    assert err.value.key == "disburse_exceeds"
