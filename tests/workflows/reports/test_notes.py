"""会计报表附注 on a real SQLite file and a real PostgreSQL database: each restricted fund's net
assets move by what it received less what it released, and end where the statements have them;
the commitments outstanding add up to the funds' committed figure; grants paid and gifts in kind
are listed by project and entry, a gift with the basis of its fair value."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from ledger.domain.periods import parse_period
from ledger.reports.statements import statements
from ledger.services import income, ledger_ops
from ledger.storage.clock import utc_now
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.helpers.cli import cfund
from tests.workflows.conftest import call, to_stage
from workflows.reports.notes import notes
from workflows.services import cofunding, delivery, intake, review

YEAR = str(utc_now().astimezone().year)


def read(book: BookHandle, period: str = YEAR) -> tuple[list[dict], dict[tuple[str, str], dict]]:
    with reading(book.location, book.code) as r:
        found = notes(r, parse_period(period))
        lines = {(row["statement"], row["code"]): row for row in statements(r, parse_period(period))}
    return found, lines


def test_restricted_net_assets_move_by_receipts_less_releases_and_end_as_the_statements(wf: BookHandle) -> None:
    ledger_ops.donate(wf.uow, "tina", donor="gas", amount="800.00", fund="disaster", date=f"{int(YEAR) - 1}-05-01")
    ledger_ops.donate(wf.uow, "tina", donor="gas", amount="500.00", fund="disaster")
    fields = {"account": "5101.03", "purpose": "disaster_relief", "payee": "swc"}
    ledger_ops.expense(wf.uow, "tina", fund="disaster", amount="300.00", **fields)
    found, lines = read(wf)
    disaster = {r["line"]: r["amount"] for r in found if r["section"] == "restricted_funds" and r["item"] == "disaster"}
    assert disaster == {
        "opening": Decimal("800.00"),
        "received": Decimal("500.00"),
        "released": Decimal("300.00"),
        "closing": Decimal("1000.00"),
    }
    for fund in {r["item"] for r in found if r["section"] == "restricted_funds"}:
        moves = {r["line"]: r["amount"] for r in found if r["section"] == "restricted_funds" and r["item"] == fund}
        assert moves["opening"] + moves["received"] - moves["released"] == moves["closing"]
        assert moves["closing"] == lines[("funds", fund)]["total"]


def test_commitments_outstanding_add_up_to_the_funds_committed(wf: BookHandle) -> None:
    ledger_ops.donate(wf.uow, "tina", donor="gas", amount="1000.00", fund="community")
    approved = to_stage(wf, "approved")  # 100.00 committed
    paid = to_stage(wf, "in_progress")  # 100.00 committed, 10.00 paid
    found, lines = read(wf)
    open_ = {r["item"]: r["amount"] for r in found if r["section"] == "commitments"}
    assert open_ == {str(approved): Decimal("100.00"), str(paid): Decimal("90.00")}
    assert sum(open_.values()) == sum((r["committed"] for k, r in lines.items() if k[0] == "funds"), Decimal("0.00"))
    grants = {r["item"]: (r["amount"], r["detail"]) for r in found if r["section"] == "grants_paid"}
    assert grants == {str(paid): (Decimal("10.00"), "SWC")}


def test_grants_paid_count_payments_out_not_the_co_funding_that_came_in(wf: BookHandle) -> None:
    ledger_ops.donate(wf.uow, "tina", donor="gas", amount="1000.00", fund="community")
    n = to_stage(wf, "accepted")
    plan = {"company": "60.00", "residents": "40.00", "social": None}
    apply = {"fund": "community", "purpose": "community_service", "amount": "100.00", "plan": plan}
    call(wf, intake.apply, "olga", project=n, **apply)
    call(wf, cofunding.contribute, "tina", project=n, party="gas", share="residents", amount="40.00")
    found, _ = read(wf)
    assert [r for r in found if r["section"] == "grants_paid"] == []  # 40.00 came in, nothing went out
    call(wf, review.approve, "rev", project=n)
    call(wf, delivery.disburse, "tina", project=n, amount="25.00")
    found, _ = read(wf)
    assert [(r["item"], r["amount"]) for r in found if r["section"] == "grants_paid"] == [(str(n), Decimal("25.00"))]


def test_a_gift_in_kind_is_listed_with_the_basis_of_its_fair_value(wf: BookHandle) -> None:
    gift = {"fair_value": "650.00", "basis": "同型号轮椅市场价", "fund": "community", "asset": "1501"}
    posted = income.gift_in_kind(wf.uow, "tina", donor="gas", **gift)
    found, _ = read(wf)
    gifts = [r for r in found if r["section"] == "gifts"]
    assert [(r["item"], r["line"], r["amount"], r["detail"]) for r in gifts] == [
        (str(posted.seq), "in_kind_donation", Decimal("650.00"), "同型号轮椅市场价")
    ]


def test_the_notes_as_csv_have_stable_keys(wf: BookHandle) -> None:
    out = cfund(wf, "report", "notes", "--period", YEAR, "--format", "csv", user="audrey").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["period", "section", "item", "line", "name_zh", "name_en", "amount", "detail"]
    assert {r["section"] for r in rows} >= {"policies", "restricted_funds"}


def test_related_parties_are_listed_with_every_dealing_in_the_period(wf: BookHandle) -> None:
    from ledger.services import registry

    registry.add_party(
        wf.uow, "tina", code="ssc2", name="龙马潭社会服务公司", kind="company", related="主办单位出资设立"
    )
    registry.add_party(wf.uow, "tina", code="idle", name="社区经济公司", kind="company", related="社区居委会下属")
    ledger_ops.donate(wf.uow, "tina", donor="ssc2", amount="700.00", fund="community")
    fields = {"account": "5101.04", "purpose": "community_service"}
    ledger_ops.expense(wf.uow, "tina", fund="community", amount="250.00", payee="ssc2", **fields)
    found, _ = read(wf)
    related = {(r["item"], r["line"]): (r["amount"], r["detail"]) for r in found if r["section"] == "related_parties"}
    assert related == {
        ("ssc2", "received"): (Decimal("700.00"), "主办单位出资设立"),
        ("ssc2", "paid"): (Decimal("250.00"), "主办单位出资设立"),
        ("idle", "received"): (Decimal("0.00"), "社区居委会下属"),  # listed though it had no dealings
        ("idle", "paid"): (Decimal("0.00"), "社区居委会下属"),
    }
    assert not any(r["item"] == "gas" for r in found if r["section"] == "related_parties")  # not related
