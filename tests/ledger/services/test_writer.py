"""The bulk load's writer thread: a Ctrl-C while the caller waits is raised only once the running
insert has finished, so the rollback that follows never races it (a rollback under a running
insert lets the rest of that insert commit on its own, in SQLite's autocommit mode)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from ledger.services.bulk.writer import Writer

pytestmark = pytest.mark.usefixtures("ctrl_c_raises")


def slow_job(finished: list[float]) -> None:
    time.sleep(0.4)
    finished.append(time.monotonic())


def interrupt_soon() -> None:
    threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT)).start()


def test_ctrl_c_in_wait_is_raised_after_the_job_has_finished() -> None:
    finished: list[float] = []
    writer = Writer()
    writer.submit(lambda: slow_job(finished))
    interrupt_soon()
    with pytest.raises(KeyboardInterrupt):
        writer.wait()
    assert finished, "Ctrl-C surfaced while the insert was still running"


def test_leaving_the_block_on_ctrl_c_waits_for_the_job() -> None:
    finished: list[float] = []
    with pytest.raises(KeyboardInterrupt), Writer() as writer:
        writer.submit(lambda: slow_job(finished))
        interrupt_soon()
        time.sleep(5)  # the caller's own work, interrupted by Ctrl-C
    assert finished, "the block was left while the insert was still running"


def test_a_job_error_is_raised_by_wait() -> None:
    writer = Writer()

    def fail() -> None:
        raise ValueError("insert refused")

    writer.submit(fail)
    with pytest.raises(ValueError, match="insert refused"):
        writer.wait()
    writer.wait()  # reported once
