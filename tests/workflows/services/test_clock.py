"""A step's ledger entry is dated by the day where the work happens (the unit of work's local
day), the day the checks hold it to, whatever the time zone: on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from functools import partial

import pytest

from ledger.services import ledger_ops
from ledger.storage.reader import reading
from ledger.storage.uow import UnitOfWork
from tests.conftest import BookHandle
from tests.workflows.conftest import to_stage
from workflows.services import review


@pytest.fixture
def zone() -> Iterator[Callable[[str], None]]:
    """Set this process's time zone for the test (the local day is read through it)."""
    before = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield set_zone
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def commitment_date(book: BookHandle) -> str:
    with reading(book.location, book.code) as r:
        return str(r.rows("SELECT date FROM entries WHERE book_id = :book AND kind = 'commitment'")[0][0])[:10]


def test_an_evening_approval_west_of_utc_is_dated_by_the_local_day(wf: BookHandle, zone: Callable) -> None:
    zone("America/New_York")
    n = to_stage(wf, "applied")
    evening = dt.datetime.now(dt.UTC).replace(hour=1, minute=30)  # 21:30 the day before, in New York
    review.approve(partial(UnitOfWork, wf.store, wf.code, now=evening), "rev", project=n)
    assert commitment_date(wf) == (evening.date() - dt.timedelta(days=1)).isoformat()


def test_an_early_approval_in_china_goes_into_the_new_month_not_the_closed_one(wf: BookHandle, zone: Callable) -> None:
    zone("Asia/Shanghai")
    n = to_stage(wf, "applied")
    morning = dt.datetime(2025, 6, 30, 23, 30, tzinfo=dt.UTC)  # 07:30 on 1 July in Luzhou
    at = partial(UnitOfWork, wf.store, wf.code, now=morning)
    ledger_ops.close_period(at, "tina", month="2025-06")
    review.approve(at, "rev", project=n)
    assert commitment_date(wf) == "2025-07-01"
