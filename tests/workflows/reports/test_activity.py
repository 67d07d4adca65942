"""``cfund audit log``: who did what and when, narrowed by user, kind and the day it was recorded
(the database narrows, so a month of a million-entry book is not read whole), on both backends."""

from __future__ import annotations

import datetime as dt

from ledger.services import ledger_ops
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from workflows.reports.activity import activity
from workflows.services import intake


def test_the_activity_log_keeps_exactly_what_each_filter_asks_for(wf: BookHandle) -> None:
    ledger_ops.donate(wf.uow, "tina", donor="gas", amount="5.00", fund="community")
    intake.order(wf.uow, "rita", compound="c01", title="路灯", need="修路灯")
    today = dt.datetime.now(dt.UTC).date()
    day = dt.timedelta(days=1)
    with reading(wf.location, wf.code) as r:
        everything = activity(r)
        by_kind = activity(r, kind="project_order")
        by_user = activity(r, user="tina")
        today_only = activity(r, date_from=today, date_to=today)
        before, after = activity(r, date_to=today - day), activity(r, date_from=today + day)
        nobody = activity(r, user="nobody", kind="donation")
    assert [row["kind"] for row in everything].count("donation") == 2 and len(everything) == 3
    assert [(row["kind"], row["user"]) for row in by_kind] == [("project_order", "rita")]
    assert {row["user"] for row in by_user} == {"tina"} and len(by_user) == 2
    assert today_only == everything and before == after == nobody == []
