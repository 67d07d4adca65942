"""The statutory calendar on SQLite and PostgreSQL: the annual report due on 31 May of the next
year and done once filed; a project running longer than six months owes a report every three
months, the k-th report made fulfilling the k-th; a completed project owes its completion report
and its disclosure within three months; a related party's dealing and a major transaction are
published within thirty days; ``report due`` exits 3 while anything is overdue, 0 once none is."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ledger.domain.periods import add_months
from ledger.errors import InputError, PermissionDenied
from ledger.services import ledger_ops, registry
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.helpers.cli import cfund
from tests.workflows.conftest import call, to_stage
from workflows.reports.calendar import due
from workflows.services import delivery, filings, progress


def duties(book: BookHandle, as_of: str) -> dict[tuple[str, str], tuple[str, str]]:
    with reading(book.location, book.code) as r:
        return {(d["obligation"], d["ref"]): (d["due"], d["status"]) for d in due(r, dt.date.fromisoformat(as_of))}


def test_the_annual_report_is_due_on_31_may_and_done_once_filed(wf: BookHandle) -> None:
    ledger_ops.donate(wf.uow, "tina", donor="gas", amount="5.00", fund="community", date="2025-03-01")
    assert duties(wf, "2026-05-31")[("annual_report", "2025")] == ("2026-05-31", "due")
    assert duties(wf, "2026-06-01")[("annual_report", "2025")] == ("2026-05-31", "overdue")
    assert ("annual_report", "2026") not in duties(wf, "2026-06-01")  # the year is not over
    call(wf, filings.filed, "tina", obligation="annual_report", ref="2025", date="2026-06-03")
    assert duties(wf, "2026-07-01")[("annual_report", "2025")] == ("2026-05-31", "done")


def test_a_long_project_owes_a_report_every_three_months(wf: BookHandle) -> None:
    n = to_stage(wf, "in_progress")
    with reading(wf.location, wf.code) as r:
        approved = dt.date.fromisoformat(
            str(r.rows("SELECT MIN(at) FROM project_events WHERE trigger = 'approve'")[0][0])[:10]
        )
    early = add_months(approved, 5).isoformat()
    assert not [k for k in duties(wf, early) if k[0] == "progress_report"]  # not yet running six months
    later = add_months(approved, 7).isoformat()
    owed = {k: v for k, v in duties(wf, later).items() if k[0] == "progress_report"}
    assert owed == {
        ("progress_report", f"{n}#1"): (add_months(approved, 3).isoformat(), "overdue"),
        ("progress_report", f"{n}#2"): (add_months(approved, 6).isoformat(), "overdue"),
        ("progress_report", f"{n}#3"): (add_months(approved, 9).isoformat(), "due"),
    }
    call(wf, progress.report, "olga", project=n, kind="progress", summary="过半")
    assert duties(wf, later)[("progress_report", f"{n}#1")][1] == "done"
    assert duties(wf, later)[("progress_report", f"{n}#2")][1] == "overdue"


def test_a_completed_project_owes_its_completion_report_and_disclosure(wf: BookHandle) -> None:
    n = to_stage(wf, "completed")
    today = dt.date.today()
    soon, late = add_months(today, 2).isoformat(), add_months(today, 4).isoformat()
    assert duties(wf, soon)[("completion_report", str(n))][1] == "due"
    assert duties(wf, late)[("project_disclosure", str(n))][1] == "overdue"
    call(wf, progress.report, "olga", project=n, kind="completion", summary="完工")
    call(wf, delivery.evaluate, "eva", project=n, score=4, summary="好")
    call(wf, delivery.disclose, "rev", project=n)
    assert {duties(wf, late)[(code, str(n))][1] for code in ("completion_report", "project_disclosure")} == {"done"}


def test_related_and_major_dealings_are_published_within_thirty_days(wf: BookHandle) -> None:
    registry.add_party(wf.uow, "tina", code="kin", name="理事亲属公司", kind="company", related="理事亲属控股")
    gift = ledger_ops.donate(wf.uow, "tina", donor="kin", amount="10.00", fund="community", date="2025-01-10")
    ledger_ops.donate(wf.uow, "tina", donor="gas", amount="200000.00", fund="community", date="2025-01-02")
    big = ledger_ops.expense(wf.uow, "tina", fund="community", account="5101.04", amount="150000.00",
                             purpose="community_service", payee="swc", date="2025-01-20")  # fmt: skip
    found = duties(wf, "2025-02-10")
    assert found[("related_party", str(gift.seq))] == ("2025-02-09", "overdue")
    assert found[("major_transaction", str(big.seq))] == ("2025-02-19", "due")
    assert ("major_transaction", str(gift.seq - 1)) not in found  # a gift received is not a transaction
    call(wf, filings.filed, "rev", obligation="related_party", ref=str(gift.seq), date="2025-02-12")
    assert duties(wf, "2025-02-20")[("related_party", str(gift.seq))][1] == "done"


def test_report_due_exits_3_while_anything_is_overdue_and_filed_refuses_bad_input(wf: BookHandle) -> None:
    ledger_ops.donate(wf.uow, "tina", donor="gas", amount="5.00", fund="community", date="2025-03-01")
    late = cfund(wf, "report", "due", "--as-of", "2026-06-01", "--format", "json", user="audrey")
    assert late.exit_code == 3 and "overdue" in late.stderr
    rows = json.loads(late.stdout)
    assert set(rows[0]) == {"obligation", "name_zh", "name_en", "ref", "due", "status", "done", "source"}
    assert cfund(wf, "report", "filed", "annual_report", "--ref", "2025", user="tina").exit_code == 0
    assert cfund(wf, "report", "due", "--as-of", "2026-06-01", user="audrey").exit_code == 0
    with pytest.raises(InputError):
        call(wf, filings.filed, "tina", obligation="progress_report", ref="1")  # fulfilled by the report itself
    with pytest.raises(InputError):
        call(wf, filings.filed, "tina", obligation="annual_report", ref="2025", date="2999-01-01")
    with pytest.raises(PermissionDenied):
        call(wf, filings.filed, "audrey", obligation="annual_report", ref="2024")
    assert cfund(wf, "report", "filed", "annual_report", "--ref", "2025", user="tina").stdout.count("already") == 1
