"""Separation of duties, atomic stage + ledger writes, co-funding, overdue and privacy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ledger.errors import InputError, LedgerError, PermissionDenied
from ledger.services import ledger_ops, setup
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.helpers.cli import ME
from tests.workflows.conftest import call, to_stage
from workflows.reports import projects as queries
from workflows.services import cofunding, delivery, intake, review
from workflows.storage.repository import project_by_seq, project_money


def counts(book: BookHandle) -> tuple[int, int]:
    with reading(book.location, book.code) as r:
        entries = r.rows("SELECT COUNT(*) FROM entries WHERE book_id = :book")[0][0]
        events = r.rows("SELECT COUNT(*) FROM project_events WHERE book_id = :book")[0][0]
    return int(entries), int(events)


def stage_of(book: BookHandle, n: int) -> str:
    with book.uow() as uow:
        return project_by_seq(uow, n).stage


@pytest.mark.parametrize(
    ("stage", "service", "actor", "kwargs", "rule"),
    [
        ("dispatched", intake.accept, "oscar", {}, "guard_assigned_organisation"),
        (
            "accepted",
            intake.apply,
            "oscar",
            {"fund": "community", "purpose": "community_service", "amount": "10"},
            "guard_assigned_organisation",
        ),
        ("applied", review.approve, "rex", {}, "guard_reviewer_independent"),
        ("applied", review.approve, "tina", {}, "role_refused"),
        ("completed", delivery.evaluate, "evan", {"score": 3, "summary": "x"}, "guard_evaluator_independent"),
        ("ordered", review.cancel, "cathy", {"reason": "not mine"}, "guard_opener_or_reviewer"),
        ("ordered", intake.dispatch, "rita", {"organisation": "swc"}, "role_refused"),
    ],
)
def test_refusals_name_the_rule_and_change_nothing(
    wf: BookHandle, stage: str, service: object, actor: str, kwargs: dict, rule: str
) -> None:
    n = to_stage(wf, stage)
    before = counts(wf)
    with pytest.raises(PermissionDenied) as err:
        call(wf, service, actor, project=n, **kwargs)  # type: ignore[arg-type]
    assert err.value.key == rule and err.value.exit_code == 4
    assert counts(wf) == before and stage_of(wf, n) == stage


def test_the_approving_reviewer_may_not_evaluate(wf: BookHandle) -> None:
    setup.add_user(wf.uow, "admin", name="both", roles=["reviewer", "evaluator"], credential=ME)
    n = to_stage(wf, "applied")
    call(wf, review.approve, "both", project=n)
    call(wf, delivery.disburse, "tina", project=n, amount="5.00")
    call(wf, delivery.complete, "olga", project=n)
    with pytest.raises(PermissionDenied) as err:
        call(wf, delivery.evaluate, "both", project=n, score=5, summary="self-assessed")
    assert err.value.key == "guard_evaluator_independent"


@pytest.mark.parametrize("where", ["record_event", "move"])
def test_a_failure_after_the_ledger_write_rolls_back_stage_event_and_entry(
    wf: BookHandle, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    n = to_stage(wf, "applied")
    before = counts(wf)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("injected failure")

    monkeypatch.setattr(f"workflows.services.transition.{where}", broken)
    with pytest.raises(RuntimeError, match="injected"):
        call(wf, review.approve, "rev", project=n)
    monkeypatch.undo()
    assert counts(wf) == before and stage_of(wf, n) == "applied"
    with wf.uow() as uow:
        row = project_by_seq(uow, n)
        assert row.approved is None and project_money(uow, row.id).committed == 0


def test_approval_needs_the_fund_to_have_that_much_available(wf: BookHandle) -> None:
    first, second = to_stage(wf, "applied", amount="700.00"), to_stage(wf, "applied", amount="400.00")
    call(wf, review.approve, "rev", project=first)
    with pytest.raises(LedgerError) as err:
        call(wf, review.approve, "rev", project=second)
    assert err.value.key == "fund_insufficient"
    call(wf, review.approve, "rev", project=second, amount="300.00")
    with pytest.raises(LedgerError):  # committed money cannot be spent by a plain expense
        ledger_ops.expense(
            wf.uow,
            "tina",
            fund="community",
            account="5101.04",
            amount="0.01",
            purpose="community_service",
            payee="swc",
        )
    raise_if_overcommitted(wf)


def raise_if_overcommitted(book: BookHandle) -> None:
    from ledger.reports import lists as lq

    with reading(book.location, book.code) as r:
        assert all(row["available"] >= 0 for row in lq.fund_balances(r))


def test_cancel_of_an_approved_project_releases_its_commitment(wf: BookHandle) -> None:
    n = to_stage(wf, "approved", amount="600.00")
    call(wf, review.cancel, "rita", project=n, reason="moved away")
    with wf.uow() as uow:
        money = project_money(uow, project_by_seq(uow, n).id)
    assert (money.committed, money.open, money.released) == (Decimal("600.00"), 0, Decimal("600.00"))


def test_the_approved_amount_cannot_exceed_the_request(wf: BookHandle) -> None:
    n = to_stage(wf, "applied", amount="100.00")
    with pytest.raises(InputError):
        call(wf, review.approve, "rev", project=n, amount="100.01")


def test_co_funding_counts_for_its_own_project_only(wf: BookHandle) -> None:
    big = to_stage(wf, "accepted")
    call(
        wf,
        intake.apply,
        "olga",
        project=big,
        fund="community",
        purpose="community_service",
        amount="1200.00",
        plan={"company": "600.00", "residents": "300.00", "social": "300.00"},
    )
    call(wf, cofunding.contribute, "tina", project=big, party="gas", share="residents", amount="300.00")
    other = to_stage(wf, "applied", amount="1100.00")
    with pytest.raises(LedgerError):  # 1,300 in the fund, but 300 of it is held for the first project
        call(wf, review.approve, "rev", project=other)
    call(wf, review.approve, "rev", project=big)  # 1,300 available to it, its own 300 included
    with pytest.raises(InputError) as err:
        call(wf, cofunding.contribute, "tina", project=big, party="gas", share="residents", amount="0.01")
    assert err.value.key == "contribution_exceeds_plan"


def test_a_plan_must_add_up_to_the_budget(wf: BookHandle) -> None:
    n = to_stage(wf, "accepted")
    with pytest.raises(InputError) as err:
        call(
            wf,
            intake.apply,
            "olga",
            project=n,
            fund="community",
            purpose="community_service",
            amount="100",
            plan={"company": "50", "residents": "30", "social": "10"},
        )
    assert err.value.key == "plan_sum"


def test_a_project_purpose_must_be_permitted_by_its_fund(wf: BookHandle) -> None:
    n = to_stage(wf, "accepted")
    with pytest.raises(LedgerError):
        call(wf, intake.apply, "olga", project=n, fund="disaster", purpose="community_service", amount="10")


def test_overdue_projects_are_listed_with_how_late_they_are(wf: BookHandle) -> None:
    n = to_stage(wf, "ordered")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    with reading(wf.location, wf.code) as r:
        assert queries.projects(r, overdue=True) == []
        late = queries.projects(r, overdue=True, now=later)
    assert [(row["project"], row["overdue_days"]) for row in late] == [(n, 7)]  # dispatch within 3 days


def test_who_ordered_is_shown_only_to_those_who_need_it(wf: BookHandle) -> None:
    n = to_stage(wf, "dispatched")
    with reading(wf.location, wf.code) as r:
        assert queries.project(r, n, "cathy")["resident"] == "rita"
        assert queries.project(r, n, "rita")["resident"] == "rita"
        assert queries.project(r, n, "olga")["resident"] == "***"
        assert queries.project(r, n, None)["resident"] == "***"


def test_a_disbursement_can_be_reversed_but_a_commitment_cannot(wf: BookHandle) -> None:
    n = to_stage(wf, "in_progress")
    with reading(wf.location, wf.code) as r:
        kinds = dict(r.rows("SELECT kind, seq FROM entries WHERE book_id = :book"))
    for kind in ("commitment", "disbursement"):  # workflow entries are not reversed by the plain ledger
        with pytest.raises(LedgerError):
            ledger_ops.reverse(wf.uow, "tina", entry=kinds[kind], reason="no")
    call(wf, delivery.reverse_tranche, "tina", project=n, entry=kinds["disbursement"], reason="wrong account")
    with wf.uow() as uow:
        money = project_money(uow, project_by_seq(uow, n).id)
    assert (money.paid, money.open) == (0, Decimal("100.00"))


def test_a_tranche_cannot_be_reversed_once_the_project_is_evaluated(wf: BookHandle) -> None:
    n = to_stage(wf, "evaluated", amount="100.00", approve="80.00")
    with reading(wf.location, wf.code) as r:
        tranche = r.rows("SELECT seq FROM entries WHERE book_id = :book AND kind = 'disbursement'")[0][0]
    with pytest.raises(InputError) as err:
        call(wf, delivery.reverse_tranche, "tina", project=n, entry=tranche, reason="late correction")
    assert err.value.key == "tranche_project_closed"
    with pytest.raises(PermissionDenied):
        call(wf, delivery.reverse_tranche, "rev", project=n, entry=tranche, reason="not the treasurer")


def test_disclosure_records_a_digest_of_the_ledger_lines(wf: BookHandle) -> None:
    n = to_stage(wf, "evaluated")
    done = delivery.disclose(wf.uow, "rev", project=n)
    with reading(wf.location, wf.code) as r:
        digest, content = r.rows("SELECT digest, content FROM disclosures WHERE book_id = :book")[0]
    assert digest == done.digest and "rita" not in content and '"ledger"' in content


def test_a_contribution_is_tagged_with_its_project_and_safe_to_repeat(wf: BookHandle) -> None:
    n = to_stage(wf, "accepted")
    call(
        wf,
        intake.apply,
        "olga",
        project=n,
        fund="community",
        purpose="community_service",
        amount="100.00",
        plan={"company": "50.00", "residents": "50.00", "social": "0"},
    )
    first = call(wf, cofunding.contribute, "tina", project=n, party="gas", share="residents", amount="50.00", key="r1")
    again = call(wf, cofunding.contribute, "tina", project=n, party="gas", share="residents", amount="50.00", key="r1")
    assert again.already and again.entry == first.entry
    with reading(wf.location, wf.code) as r:
        tagged = r.rows(
            "SELECT a.code, x.amount_fen FROM postings x JOIN accounts a ON a.id = x.account_id "
            "JOIN projects p ON p.id = x.project_id WHERE p.book_id = :book AND p.seq = :n "
            "ORDER BY a.code",
            n=n,
        )
    assert [(code, int(fen)) for code, fen in tagged] == [("1002", 5000), ("4101.01", -5000)]


def test_the_summary_by_stage_and_by_fund(wf: BookHandle) -> None:
    to_stage(wf, "in_progress", amount="100.00")
    to_stage(wf, "ordered")
    with reading(wf.location, wf.code) as r:
        stages = {row["stage"]: row["projects"] for row in queries.by_stage(r)}
        funds = queries.by_fund(r)
    assert stages == {"ordered": 1, "in_progress": 1}
    assert funds == [{"fund": "community", "projects": 1, "approved": Decimal("100.00"), "paid": Decimal("10.00")}]
