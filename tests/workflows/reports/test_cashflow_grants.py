"""A grant paid to a social organisation through the workflow is 提供捐赠或者资助支付的现金 in the
cash-flow statement; a commitment moves no cash (both backends)."""

from __future__ import annotations

from decimal import Decimal

from ledger.domain.periods import parse_period
from ledger.reports.statements import statements
from ledger.storage.clock import utc_now
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.workflows.conftest import to_stage


def test_a_disbursement_is_a_grant_paid_and_an_approval_moves_no_cash(wf: BookHandle) -> None:
    to_stage(wf, "approved")  # 100.00 committed: no cash
    to_stage(wf, "in_progress")  # 10.00 paid to the organisation
    with reading(wf.location, wf.code) as r:
        rows = statements(r, parse_period(str(utc_now().astimezone().year)))
    got = {row["code"]: row["total"] for row in rows if row["statement"] == "cashflow"}
    assert got["grants_paid"] == Decimal("10.00")
    assert got["goods_services_paid"] == Decimal("0.00")
    assert got["net_increase"] == got["cash_closing"] - got["cash_opening"]
