"""Ctrl-C that is never lost.

Python raises ``KeyboardInterrupt`` wherever the main thread happens to be. When that is a
weakref callback or a ``__del__`` (SQLAlchemy runs many), the interpreter prints "Exception
ignored" and carries on, so a long command would run to its end and exit 0 after the user
pressed Ctrl-C. While a command runs, the handler here also records the interrupt, and
:func:`checkpoint` (called between steps of long work, by the progress bar) raises it again.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_pending = threading.Event()


def _handler(signum: int, frame: FrameType | None) -> None:
    _pending.set()
    raise KeyboardInterrupt


def checkpoint() -> None:
    """Raise the interrupt again if one arrived and was swallowed on the way."""
    if _pending.is_set():
        raise KeyboardInterrupt


@contextmanager
def recorded() -> Iterator[None]:
    """Record Ctrl-C for the length of a command. A SIGINT the parent ignores (``nohup``, a
    background job) stays ignored, and outside the main thread nothing changes."""
    _pending.clear()
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    signal.signal(signal.SIGINT, _handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _pending.clear()
