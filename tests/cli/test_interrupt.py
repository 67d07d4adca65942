"""Ctrl-C is never lost: an interrupt that Python swallowed inside a finaliser ("Exception
ignored in ...") is raised again at the next step of the work, so the command exits 130 rather
than running to its end."""

from __future__ import annotations

import os
import signal

import pytest

from cli import interrupt, render

pytestmark = [
    pytest.mark.usefixtures("ctrl_c_raises"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),  # the swallowed interrupt
]


class InterruptedWhileFinalised:
    """An object whose finaliser is running when Ctrl-C arrives, like SQLAlchemy's weakref
    callbacks in the demo: Python prints the KeyboardInterrupt and carries on."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGINT)
        for _ in range(1000):  # the handler runs here, inside the finaliser
            pass


def swallow_a_ctrl_c() -> None:
    InterruptedWhileFinalised()  # collected at once: the interrupt is raised and ignored


@pytest.mark.parametrize("plain", [True, False])
def test_a_swallowed_ctrl_c_is_raised_at_the_next_step(plain: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if plain:
        monkeypatch.setenv("CFUND_PROGRESS", "plain")
    with interrupt.recorded(), render.progress_bar("demo") as step:
        step(1, 3)
        swallow_a_ctrl_c()  # returns normally: this is the bug the checkpoint covers
        with pytest.raises(KeyboardInterrupt):
            step(2, 3)


def test_without_the_record_the_ctrl_c_is_lost() -> None:
    """The naive path, shown once: nothing raises after the finaliser swallowed the interrupt."""
    with render.progress_bar("demo") as step:
        swallow_a_ctrl_c()
        step(1, 1)


def test_each_command_starts_with_no_interrupt_pending() -> None:
    with interrupt.recorded():
        swallow_a_ctrl_c()
    with interrupt.recorded():
        interrupt.checkpoint()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_ignored_sigint_stays_ignored() -> None:
    """``nohup`` and background jobs ignore SIGINT on purpose; a command leaves that alone."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with interrupt.recorded():
            os.kill(os.getpid(), signal.SIGINT)
            interrupt.checkpoint()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
