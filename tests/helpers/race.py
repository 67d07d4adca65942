"""A multi-process race harness: N workers start together (a barrier) against one book and
report their outcomes; ``naive=True`` first strips the protections (SQLite's BEGIN IMMEDIATE,
PostgreSQL's book lock, the stage compare-and-set, the chains' sequencing: the journal's, and
the seals', which are left out) and widens the gap
between every check and its write, so a negative control can show the harness sees the harm."""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import time
from collections.abc import Callable
from typing import Any

from ledger.errors import CfundError
from ledger.storage.location import Location
from tests.conftest import BookHandle

Worker = Callable[[Any, str, int], None]  # (store, book code, worker number) -> raises or returns


def _naive(location: Location) -> Any:
    """Patch this (child) process into a naive implementation and return its store."""
    from sqlalchemy import create_engine, select, update

    import ledger.services.facts as facts
    import ledger.storage.journal as chain_module
    import ledger.storage.uow as uow_module
    import workflows.services.delivery as delivery
    import workflows.services.review as review
    import workflows.services.transition as fire
    from ledger.storage.engine import Store
    from ledger.storage.tables import Book
    from workflows.storage.tables import Project

    def slow(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            out = fn(*args, **kwargs)
            time.sleep(0.2)
            return out

        return wrapped

    def no_lock(self: Any) -> Any:
        return self.session.execute(select(Book).where(Book.code == self.book_code)).scalar_one()

    def blind_move(uow: Any, project: Any, before: str, after: str, fields: Any = None) -> None:
        stage = {"stage": after, "stage_since": uow.now}
        uow.session.execute(update(Project).where(Project.id == project.id).values(**stage, **(fields or {})))

    own = 1_000_000 * (os.getpid() % 1000)  # numbers of this process only: no chain, no shared counter
    original_chain, posts = chain_module.Chain.__init__, itertools.count(1)

    def unsequenced(self: Any, *args: Any) -> None:
        original_chain(self, *args)
        self.seq += own
        self.next_id = own + 1000 * next(posts) + 1  # on SQLite: not the largest id + 1 under the write lock

    uow_module.UnitOfWork._lock_book = no_lock  # type: ignore[method-assign]
    uow_module.seal = lambda *args: None  # no seals: their numbering alone would make the writers take turns
    fire.move = blind_move
    chain_module.Chain.__init__ = unsequenced  # type: ignore[method-assign]
    facts.fund_figures = slow(facts.fund_figures)
    delivery.project_money = slow(delivery.project_money)
    review.fund_balances = slow(review.fund_balances)
    return Store(location, create_engine(location.url))


def _child(worker: Worker, location: Location, code: str, n: int, naive: bool, barrier: Any, out: Any) -> None:
    from ledger.storage.engine import open_store

    try:
        store = _naive(location) if naive else open_store(location)
        barrier.wait()
        results = worker(store, code, n)
        out.put(results if isinstance(results, list) else ["ok"])
    except CfundError as exc:
        out.put([f"refused {exc.key}"])
    except Exception as exc:  # noqa: BLE001 - reported to the parent as an error outcome
        out.put([f"error {type(exc).__name__}: {exc}"])


def run_race(book: BookHandle, worker: Worker, workers: int, *, naive: bool = False) -> list[str]:
    """Run ``workers`` processes at once; return every outcome they report, sorted."""
    book.store.engine.dispose()
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(workers), ctx.Queue()
    procs = [
        ctx.Process(target=_child, args=(worker, book.location, book.code, n, naive, barrier, out))
        for n in range(workers)
    ]
    for proc in procs:
        proc.start()
    outcomes = [o for _ in procs for o in out.get(timeout=180)]
    for proc in procs:
        proc.join(timeout=60)
    return sorted(outcomes)


def attempt(action: Callable[[], Any]) -> str:
    """One attempt inside a worker: ok, or the refusal's key (an unexpected error propagates)."""
    try:
        action()
        return "ok"
    except CfundError as exc:
        return f"refused {exc.key}"
