"""A second thread for a bulk load's inserts.

SQLite and psycopg let go of Python's lock while the database does its work, so while one batch's
rows are inserted the next batch can be checked and hashed. The thread runs one job at a time on
the load's own connection and transaction; the caller touches the connection only after
:meth:`Writer.wait`. Leaving the ``with`` block always waits for the job, so an error or Ctrl-C
never rolls back under a running insert.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

#: Seconds between hand-overs of Python's lock while a writer is in use (measured: 0.2 ms beat
#: 1 ms and the default 5 ms on thirty years of history).
SWITCH = 0.0002


class Writer:
    """Runs jobs one after another on a second thread; :meth:`wait` re-raises a job's error.

    Completion is an :class:`threading.Event`, not ``Thread.join``: a join interrupted by Ctrl-C
    marks the thread as stopped while it still runs (CPython's bpo-45274 handling), and a
    rollback issued then would let the rest of the insert commit on its own.
    """

    def __init__(self) -> None:
        self._done: threading.Event | None = None
        self._error: BaseException | None = None
        self._switch = sys.getswitchinterval()

    def submit(self, job: Callable[[], None]) -> None:
        """Start ``job`` once the previous one has finished."""
        self.wait()
        self._done = threading.Event()
        threading.Thread(target=self._run, args=(job, self._done), name="cfund-writer", daemon=True).start()

    def _run(self, job: Callable[[], None], done: threading.Event) -> None:
        try:
            job()
        except BaseException as error:  # noqa: BLE001 - handed to the caller by wait()
            self._error = error
        finally:
            done.set()

    def wait(self) -> None:
        """Block until the running job (if any) is done, even through Ctrl-C (raised afterwards);
        raise the job's error here."""
        done, self._done = self._done, None
        interrupted: BaseException | None = None
        while done is not None and not done.is_set():
            try:
                done.wait()
            except BaseException as stop:  # noqa: BLE001 - re-raised once the job is done
                interrupted = interrupted or stop
        failed, self._error = self._error, None
        if interrupted is not None:
            raise interrupted
        if failed is not None:
            raise failed

    def __enter__(self) -> Writer:
        """Hand Python's lock between the threads every :data:`SWITCH` seconds while the writer is
        in use: the writer takes the lock back after each statement, and at the default 5 ms it
        waited longer for it than SQLite took for many of them."""
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH)
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Wait for the running job; its error is raised unless the block is already failing."""
        try:
            self.wait()
        except BaseException:
            if exc_info[1] is None:
                raise
        finally:
            sys.setswitchinterval(self._switch)
