"""Progress and completion reports on SQLite and PostgreSQL: the project's own organisation
reports progress while it runs and its completion once done, with the money used and what is
left to release (剩余财产); one completion report; everything else refused with nothing written;
the pack discloses them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.domain.periods import parse_period
from ledger.errors import Conflict, InputError, PermissionDenied
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.helpers.cli import cfund
from tests.workflows.conftest import call, to_stage
from workflows.disclosure.figures import figures
from workflows.services import delivery, progress


def reports(book: BookHandle) -> list[dict]:
    with reading(book.location, book.code) as r:
        return list(figures(r, parse_period(str(r.now.year)))["project_reports"])


def test_progress_while_it_runs_and_completion_with_the_money_left(wf: BookHandle) -> None:
    n = to_stage(wf, "in_progress")  # 100.00 approved, 10.00 paid
    ran = call(wf, progress.report, "olga", project=n, kind="progress", summary="已安装两层扶手")
    assert (ran.used, ran.leftover) == (Decimal("10.00"), Decimal("90.00"))
    with pytest.raises(InputError, match="report_stage"):
        call(wf, progress.report, "olga", project=n, kind="completion", summary="早了")
    call(wf, delivery.complete, "olga", project=n)
    done = cfund(wf, "project", "report", str(n), "--kind", "completion", "--summary", "全部完工", user="olga")
    assert done.exit_code == 0 and "90.00 left" in done.stdout, done.output
    shown = [(r["project"], r["kind"], r["used"], r["leftover"]) for r in reports(wf)]
    assert shown == [
        (n, "progress", Decimal("10.00"), Decimal("90.00")),
        (n, "completion", Decimal("10.00"), Decimal("90.00")),
    ]
    with pytest.raises(Conflict, match="report_completed"):
        call(wf, progress.report, "olga", project=n, kind="completion", summary="再报一次")


def test_only_the_projects_organisation_reports_and_bad_input_writes_nothing(wf: BookHandle) -> None:
    n = to_stage(wf, "in_progress")
    for who in ("oscar", "tina", "rev"):  # another organisation, the treasurer, a reviewer
        with pytest.raises(PermissionDenied):
            call(wf, progress.report, who, project=n, kind="progress", summary="x")
    for kind, summary in (("weekly", "x"), ("progress", "  ")):
        with pytest.raises(InputError):
            call(wf, progress.report, "olga", project=n, kind=kind, summary=summary)
    early = to_stage(wf, "applied")
    with pytest.raises(InputError, match="report_stage"):
        call(wf, progress.report, "olga", project=early, kind="progress", summary="x")
    assert reports(wf) == []


def test_a_pack_carries_the_reports_made_in_its_period(wf: BookHandle) -> None:
    n = to_stage(wf, "in_progress")
    call(wf, progress.report, "olga", project=n, kind="progress", summary="过半")
    with reading(wf.location, wf.code) as r:
        year = r.now.year
        assert [x["project"] for x in figures(r, parse_period(str(year)))["project_reports"]] == [n]
        assert figures(r, parse_period(str(year - 1)))["project_reports"] == []
