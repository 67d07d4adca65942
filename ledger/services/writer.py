"""A second thread for a bulk load's inserts.

SQLite and psycopg let go of Python's lock while the database does its work, so while one batch's
rows are inserted the next batch can be checked and hashed. The thread runs one job at a time on
the load's own connection and transaction; the caller touches the connection only after
:meth:`Writer.wait`. Leaving the ``with`` block always waits for the job, so an error or Ctrl-C
never rolls back under a running insert.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType


class Writer:
    """Runs jobs one after another on a second thread; :meth:`wait` re-raises a job's error."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def submit(self, job: Callable[[], None]) -> None:
        """Start ``job`` once the previous one has finished."""
        self.wait()
        self._thread = threading.Thread(target=self._run, args=(job,), name="cfund-writer", daemon=True)
        self._thread.start()

    def _run(self, job: Callable[[], None]) -> None:
        try:
            job()
        except BaseException as error:  # noqa: BLE001 - handed to the caller by wait()
            self._error = error

    def wait(self) -> None:
        """Block until the running job (if any) is done; raise its error here."""
        thread, self._thread = self._thread, None
        if thread is not None:
            try:
                thread.join()
            except BaseException:
                thread.join()  # Ctrl-C while waiting: still let the insert finish before rollback
                raise
        error, self._error = self._error, None
        if error is not None:
            raise error

    def __enter__(self) -> Writer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            self.wait()
        elif self._thread is not None:
            self._thread.join()
